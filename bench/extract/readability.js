// readability.js — the anchor of bench/extract: Mozilla's Readability.js
// over a list of saved pages, one JSON object per line on stdout, in the
// shape of `newsmill extract --json --list` ({"source","url","title",
// "byline","published","text","error"}).
//
//   node readability.js LIST [linkedom|jsdom]
//
// LIST: one `path<TAB>url` a line; `.gz` files are gunzipped. Bytes are
// decoded as a browser would be told to: BOM, then a <meta charset> or
// http-equiv anywhere in the first 64 KB, then strict UTF-8, then the
// chardet package's guess (so undeclared GBK and Big5 pages are read
// right: this measures Readability's extraction, not a decoding accident).
// READABILITY_CHARSET=utf-8 skips all that and reads every page as UTF-8
// (Mozilla's test pages are UTF-8 files, some declaring gb2312, and its
// test harness reads them as UTF-8). The DOM is linkedom's (the default, the faster one) or jsdom's.
// On stderr at the end: `CPU_S <user+sys seconds of the loop>` and
// `PAGES <n>`; module loading and Node's start are outside the loop.
'use strict';
const fs = require('fs');
const zlib = require('zlib');
const { Readability } = require('@mozilla/readability');
const chardet = require('chardet');

const [listPath, domName = 'linkedom'] = process.argv.slice(2);
if (!listPath) {
  process.stderr.write('usage: node readability.js LIST [linkedom|jsdom]\n');
  process.exit(2);
}
let parseDoc;
if (domName === 'jsdom') {
  const { JSDOM, VirtualConsole } = require('jsdom');
  const vc = new VirtualConsole();
  parseDoc = (html, url) => new JSDOM(html, { url, virtualConsole: vc }).window.document;
} else {
  const { parseHTML } = require('linkedom');
  parseDoc = (html) => parseHTML(html).document;
}

const forced = process.env.READABILITY_CHARSET;

function decode(bytes) {
  if (forced) return new TextDecoder(forced).decode(bytes);
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  const head = bytes.subarray(0, 65536).toString('latin1');
  const m = /<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)/i.exec(head);
  if (m) {
    try {
      return new TextDecoder(m[1].toLowerCase()).decode(bytes);
    } catch (e) { /* unknown label: go on */ }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (e) { /* not UTF-8 */ }
  const guess = chardet.detect(bytes) || 'windows-1252';
  try {
    return new TextDecoder(guess.toLowerCase()).decode(bytes);
  } catch (e) {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

const lines = fs.readFileSync(listPath, 'utf8').split('\n').filter((l) => l.trim());
const t0 = process.cpuUsage();
const out = [];
for (const line of lines) {
  const [path, url = ''] = line.split('\t');
  const rec = { source: path, url };
  try {
    let bytes = fs.readFileSync(path);
    if (path.endsWith('.gz')) bytes = zlib.gunzipSync(bytes);
    const doc = parseDoc(decode(bytes), url || 'http://localhost/');
    const art = new Readability(doc).parse();
    if (art) {
      rec.title = art.title;
      rec.byline = art.byline;
      rec.published = art.publishedTime;
      rec.text = art.textContent;
    } else {
      rec.error = 'Readability found no article';
    }
  } catch (e) {
    rec.error = String(e && e.message ? e.message : e);
  }
  out.push(JSON.stringify(rec));
}
const t = process.cpuUsage(t0);
fs.writeSync(1, out.join('\n') + '\n');
process.stderr.write(`CPU_S ${((t.user + t.system) / 1e6).toFixed(3)}\nPAGES ${lines.length}\n`);
