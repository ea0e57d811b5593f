// static.mjs PUBLIC SOURCE_POSTS — bench/search's browser half: the static
// search of a built site (ours: public/search/ + js/search.js; Pagefind:
// public/pagefind/ + public/pf-bench.html) served gzipped to headless
// Chromium (tests/e2e/browser/gzip-server.mjs). For 101 queries drawn from
// the posts' text (fixed PRNG: CJK runs of 1-4 characters, English words,
// a few mixed and no-match), prints per engine:
//   first query bytes (the client and everything the first query fetched),
//   p50/p95 bytes of the 100 later queries (same page, caches warm),
//   recall (and for ours exactness) against a substring scan of the posts,
//   and how many of the 101 first pages were short: fewer results than
//   min(10, the posts the scan finds) (ours: a page cut by its byte
//   budget; Pagefind: its misses).
// Bytes are Playwright's request sizes (headers + body as transferred).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { serve } from '../../tests/e2e/browser/gzip-server.mjs';

const [pub, postsDir, engines = 'ours,pagefind'] = process.argv.slice(2);
const require = createRequire(process.env.NM_PLAYWRIGHT + '/');
const { chromium } = require('playwright-core');
const S = require(path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../themes/default/js/search.js'));

// ---- the posts' text, as the scan sees it --------------------------------
const fold = (s) => s.normalize('NFKC').toLowerCase().replace(/ß/g, 'ss');
const dec = (s) => s.replace(/<[^>]*>/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>')
  .replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
const posts = [];
for (const f of fs.readdirSync(postsDir).filter((f) => f.endsWith('.md')).sort()) {
  const t = fs.readFileSync(path.join(postsDir, f), 'utf8');
  const end = t.indexOf('\n---', 4);
  const fm = t.slice(4, end), body = t.slice(t.indexOf('\n', end + 1) + 1);
  const title = (fm.match(/^title: '?(.*?)'?$/m) || [])[1] || '';
  const author = (fm.match(/^author: (.*)$/m) || [])[1] || '';
  const cats = [...fm.matchAll(/^ - (.*)$/gm)].map((m) => m[1]).join(' / ');
  posts.push({ slug: f.slice(0, -3), text: [title, cats, author, dec(body)].map(fold) });
}
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu;
const W = '[[\\p{L}\\p{M}\\p{N}]--[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}]]';
let seed = 4242;
const rnd = (n) => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return (seed >>> 8) % n; };
const queries = [];
while (queries.length < 101) {
  const p = posts[rnd(posts.length)], k = queries.length % 10;
  const f = p.text[3];
  if (k < 7) { // CJK, 1-4 characters
    const runs = f.match(CJK) || [];
    const r = runs.length ? [...runs[rnd(runs.length)]] : [];
    const n = 1 + (queries.length % 4);
    if (r.length < n) continue;
    const i = rnd(r.length - n + 1);
    queries.push({ q: r.slice(i, i + n).join(''), pieces: [{ t: 'cjk', s: r.slice(i, i + n).join('') }] });
  } else if (k < 9) {
    const ws = f.match(new RegExp(W + '+', 'gv')) || [];
    if (!ws.length) continue;
    const w = ws[rnd(ws.length)];
    if (/^post\d+$/.test(w) && rnd(4)) continue;
    queries.push({ q: w, pieces: [{ t: 'word', s: w }] });
  } else {
    queries.push(rnd(2) ? { q: 'zzqx', pieces: [{ t: 'word', s: 'zzqx' }] }
      : { q: '鑫鑫', pieces: [{ t: 'cjk', s: '鑫鑫' }] });
  }
}
const esc = (s) => s.replace(/[.*+?^${}()|[\]\\\/-]/g, '\\$&');
function scan(q) {
  const res = q.pieces.map((p) => p.t === 'word' ? new RegExp(`(?<!${W})${esc(p.s)}(?!${W})`, 'v') : null);
  const out = new Set();
  for (const p of posts)
    if (q.pieces.every((pc, i) => p.text.some((f) => res[i] ? res[i].test(f) : f.includes(pc.s)))) out.add(p.slug);
  return out;
}
const slugOfUrl = (u) => decodeURIComponent(u).replace(/\/(index\.html)?$/, '').split('/').pop();

// ---- exactness of ours, in Node on the built files -----------------------
const truth = queries.map(scan);
const report = {};
if (engines.includes('ours')) {
  const idx = new S.Index(path.join(pub, 'search') + '/', (u) => fs.promises.readFile(u));
  let found = 0, want = 0, extra = 0;
  for (let i = 0; i < queries.length; i++) {
    const r = await idx.query(queries[i].q);
    const got = new Set((await idx.docs(r.ids)).map((d) => slugOfUrl(d.url)));
    for (const s of truth[i]) if (got.has(s)) found++;
    for (const s of got) if (!truth[i].has(s)) extra++;
    want += truth[i].size;
  }
  report.ours = { recall: want ? found / want : 1, extra };
}

// ---- the browser ------------------------------------------------------------
const { server, origin } = await serve(path.resolve(pub));
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'nm-chromium-'));
const ctx = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.NM_CHROMIUM || '/usr/bin/chromium', headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const pct = (a, p) => { const s = [...a].sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };

async function measure(name, counts, openFirst, later, all) {
  const page = await ctx.newPage();
  let bytes = 0, pending = 0;
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => { if (counts(r.url())) pending++; });
  page.on('requestfinished', async (r) => {
    if (!counts(r.url())) return;
    const s = await r.sizes().catch(() => null);
    if (s) bytes += s.responseHeadersSize + s.responseBodySize;
    pending--;
  });
  page.on('requestfailed', (r) => { if (counts(r.url())) pending--; });
  const settle = async () => { await page.waitForTimeout(30); while (pending > 0) await page.waitForTimeout(10); };
  let short = 0;
  const page1 = (i, n) => { short += Math.min(10, n) < Math.min(10, truth[i].size); };
  page1(0, await openFirst(page, queries[0].q));
  await settle();
  const first = bytes;
  const each = [];
  for (let i = 1; i < queries.length; i++) {
    bytes = 0;
    page1(i, await later(page, queries[i].q));
    await settle();
    each.push(bytes);
  }
  const out = { first, p50: pct(each, 0.5), p95: pct(each, 0.95), max: Math.max(...each), short,
    errors: errors.length };
  if (all) { // recall, not counted in bytes
    let found = 0, want = 0;
    for (let i = 0; i < queries.length; i++) {
      const urls = await all(page, queries[i].q);
      const got = new Set(urls.map(slugOfUrl));
      for (const s of truth[i]) if (got.has(s)) found++;
      want += truth[i].size;
    }
    out.recall = want ? found / want : 1;
  }
  await page.close();
  return out;
}

if (engines.includes('ours')) {
  const waitDone = (page) => page.waitForFunction(() => {
    const st = document.querySelector('#search-page .status').textContent;
    if (!st || st === '…') return false;
    const n = Number((st.match(/\d+/) || ['0'])[0]);
    return document.querySelectorAll('#search-page .results li').length === Math.min(10, n);
  }, null, { timeout: 120000 }).then(() => page.evaluate(() => document.querySelectorAll('#search-page .results li').length));
  const m = await measure('ours', (u) => /\/js\/search\.js$|\/search\/(index\.json|(\d+\/)?[gpqm]\/|f\/)/.test(u), async (page, q) => {
    await page.goto(origin + '/search/?q=' + encodeURIComponent(q), { waitUntil: 'load' });
    return waitDone(page);
  }, async (page, q) => {
    await page.fill('#search-page input[name=q]', q);
    await page.press('#search-page input[name=q]', 'Enter');
    return waitDone(page);
  });
  Object.assign(report.ours, m);
}
if (engines.includes('pagefind')) {
  const m = await measure('pagefind', (u) => u.includes('/pagefind/'), async (page, q) => {
    await page.goto(origin + '/pf-bench.html', { waitUntil: 'load' });
    await page.waitForFunction(() => window.pfReady);
    return page.evaluate((q) => window.pfTop(q), q);
  }, async (page, q) => {
    return page.evaluate((q) => window.pfTop(q), q);
  }, async (page, q) => page.evaluate((q) => window.pfAll(q), q));
  report.pagefind = m;
}
await ctx.close();
server.close();
fs.rmSync(profile, { recursive: true, force: true });
const hits = truth.map((t) => t.size);
console.log(JSON.stringify({ queries: queries.length, median_hits: pct(hits, 0.5), ...report }));
