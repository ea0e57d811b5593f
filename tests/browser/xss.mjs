// xss.mjs — loads sanitized HTML files in headless chromium and fails any
// that executes something.
//
//   node xss.mjs DIR     every DIR/*.html (already sanitized) is one check
//
// Each file is served as the body of a page at http://newsmill.test/ (every
// other request is recorded and aborted: nothing leaves the machine). A
// check fails when, after load and after hovering, focusing and clicking
// every element, any of these happened: a dialog (alert/confirm/prompt/
// print), a console message, a request to a javascript:/vbscript:/data:
// text URL or to the attack host xss.invalid, a frame navigated to a
// javascript: URL, or a sentinel global set by a payload. The DOM is also
// checked: no on* attribute, no style attribute, no script/iframe (other
// than sandboxed video players)/object/embed/base/meta/link/style/form,
// no script-bearing URL. Prints "ok - NAME" / "not ok - NAME" (TAP-like).
import { chromium } from 'playwright-core';
import { readdirSync, readFileSync } from 'node:fs';
import { join, basename } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node xss.mjs DIR');
  process.exit(2);
}
const files = readdirSync(dir).filter((f) => f.endsWith('.html')).sort();
const profile = mkdtempSync(join(tmpdir(), 'newsmill-chromium-'));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let failed = 0;
let current = null; // problems of the vector being loaded
const note = (what) => { if (current) current.push(what); };

const page = browser.pages()[0] || (await browser.newPage());
page.on('dialog', async (d) => { note(`dialog ${d.type()}: ${d.message()}`); await d.dismiss().catch(() => {}); });
page.on('console', (m) => { if (!/Failed to load resource/.test(m.text())) note(`console: ${m.text()}`); });
page.on('framenavigated', (f) => { if (/^\s*(javascript|vbscript):/i.test(f.url())) note(`navigated to ${f.url()}`); });
page.on('popup', (p) => note(`popup ${p.url()}`));
await page.addInitScript(() => {
  for (const k of ['alert', 'confirm', 'prompt', 'print'])
    window[k] = () => { console.log(`XSS ${k}`); };
});
let body = '';
await page.route('**/*', async (route) => {
  const url = route.request().url();
  if (url === 'http://newsmill.test/') {
    await route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8',
      body: `<!doctype html><html><head><meta charset="utf-8"><title>t</title></head><body><article>${body}</article></body></html>` });
    return;
  }
  if (/^\s*(javascript|vbscript|data:text|data:application|data:image\/svg)/i.test(url) || /xss\.invalid/i.test(url))
    note(`request to ${url}`);
  await route.abort().catch(() => {});
});

const domCheck = () => {
  const bad = [];
  const okTags = new Set(['html', 'head', 'meta', 'title', 'body', 'article']);
  const forbidden = new Set(['script', 'object', 'embed', 'base', 'link', 'style', 'form', 'input',
    'button', 'textarea', 'select', 'svg', 'math', 'frame', 'frameset', 'template', 'noscript', 'applet']);
  const urlAttrs = ['href', 'src', 'action', 'formaction', 'poster', 'cite', 'background', 'data',
    'srcdoc', 'xlink:href', 'srcset', 'longdesc', 'dynsrc', 'lowsrc', 'ping'];
  for (const el of document.querySelectorAll('article *')) {
    const t = el.localName;
    if (forbidden.has(t)) bad.push(`element <${t}>`);
    if (t === 'iframe' && !el.hasAttribute('sandbox')) bad.push('iframe without sandbox');
    if (t === 'meta' || (t === 'title' && !okTags.has(t))) bad.push(`element <${t}>`);
    for (const a of el.attributes) {
      const n = a.name.toLowerCase();
      if (n.startsWith('on')) bad.push(`attribute ${n}`);
      if (n === 'style') bad.push('style attribute');
      if (n === 'srcdoc') bad.push('srcdoc attribute');
      if (urlAttrs.includes(n)) {
        const v = a.value.replace(/^[\u0000-\u0020]+/, '').replace(/[\t\n\r]/g, '').toLowerCase();
        if (/^(javascript|vbscript|livescript):/.test(v)) bad.push(`${n}=${a.value}`);
        if (/^data:/.test(v) && !(t === 'img' && n === 'src' && /^data:image\/(?!svg)/.test(v)))
          bad.push(`${n}=${a.value}`);
      }
    }
  }
  if (window.__xss) bad.push('sentinel set');
  return bad;
};

for (const f of files) {
  const name = basename(f, '.html');
  body = readFileSync(join(dir, f), 'utf8');
  current = [];
  try {
    await page.goto('http://newsmill.test/', { waitUntil: 'load', timeout: 10000 });
    // Poke every element: hover, focus, click (links are aborted by the route).
    await page.evaluate(() => {
      for (const el of document.querySelectorAll('article *')) {
        for (const type of ['mouseover', 'mouseenter', 'focus', 'click', 'animationstart', 'toggle'])
          el.dispatchEvent(new Event(type, { bubbles: true }));
        if (typeof el.focus === 'function') el.focus();
      }
    });
    await page.waitForTimeout(30);
    for (const b of await page.evaluate(domCheck)) current.push(b);
  } catch (e) {
    current.push(`load failed: ${e.message.split('\n')[0]}`);
  }
  if (current.length) {
    failed++;
    console.log(`not ok - ${name}`);
    for (const p of current) console.log(`    ${p}`);
  } else {
    console.log(`ok - ${name}`);
  }
  current = null;
}
await browser.close();
rmSync(profile, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
