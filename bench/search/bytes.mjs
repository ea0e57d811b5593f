// bytes.mjs PUBLIC SOURCE_POSTS [SEARCH_JS] — per-query bytes of our
// static search in Node, without a browser: the same 101 queries as
// static.mjs (same PRNG), asked as the /search/ page asks them (one
// Index for all, need 10, then the metadata of the 10 shown), each
// fetched file counted once at its gzip -9 size plus HEADER bytes (a
// served response's headers, about what Playwright reports). Prints the
// first query (client included), p50/p95/max of the 100 later ones, and
// the heaviest queries with what they fetched by kind (f/, g/, p/, q/,
// m/): a quick way to see which queries make the p95 and why. NOBUDGET=1:
// without the page's byte budget (every segment until 10 results).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';

const HEADER = 160;
const [pub, postsDir, js] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const here = path.dirname(new URL(import.meta.url).pathname);
const jsPath = path.resolve(js || path.join(here, '../../themes/default/js/search.js'));
const S = require(jsPath);

const fold = (s) => s.normalize('NFKC').toLowerCase().replace(/ß/g, 'ss');
const dec = (s) => s.replace(/<[^>]*>/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>')
  .replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
const posts = [];
for (const f of fs.readdirSync(postsDir).filter((f) => f.endsWith('.md')).sort()) {
  const t = fs.readFileSync(path.join(postsDir, f), 'utf8');
  const end = t.indexOf('\n---', 4);
  const body = t.slice(t.indexOf('\n', end + 1) + 1);
  posts.push(fold(dec(body)));
}
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu;
const W = '[[\\p{L}\\p{M}\\p{N}]--[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}]]';
let seed = 4242;
const rnd = (n) => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return (seed >>> 8) % n; };
const queries = [];
while (queries.length < 101) { // as static.mjs draws them
  const f = posts[rnd(posts.length)], k = queries.length % 10;
  if (k < 7) {
    const runs = f.match(CJK) || [];
    const r = runs.length ? [...runs[rnd(runs.length)]] : [];
    const n = 1 + (queries.length % 4);
    if (r.length < n) continue;
    const i = rnd(r.length - n + 1);
    queries.push(r.slice(i, i + n).join(''));
  } else if (k < 9) {
    const ws = f.match(new RegExp(W + '+', 'gv')) || [];
    if (!ws.length) continue;
    const w = ws[rnd(ws.length)];
    if (/^post\d+$/.test(w) && rnd(4)) continue;
    queries.push(w);
  } else {
    queries.push(rnd(2) ? 'zzqx' : '鑫鑫');
  }
}

let by = {};
const base = path.join(pub, 'search') + '/';
const idx = new S.Index(base, async (u) => {
  const b = await fs.promises.readFile(u);
  const kind = (u.slice(base.length).match(/^(?:\d+\/)?([a-z])\//) || [, 'index'])[1];
  by[kind] = (by[kind] || 0) + HEADER + zlib.gzipSync(b, { level: 9 }).length;
  return b;
});
const rows = [];
for (let i = 0; i < queries.length; i++) {
  by = {};
  if (i === 0) by.js = HEADER + zlib.gzipSync(fs.readFileSync(jsPath), { level: 9 }).length;
  const r = await idx.query(queries[i], { need: 10, budget: process.env.NOBUDGET ? 0 : S.BUDGET });
  await idx.docs(r.ids.slice(0, 10));
  const total = Object.values(by).reduce((a, b) => a + b, 0);
  rows.push({ q: queries[i], total, by, hits: r.ids.length + (r.done ? '' : '+'), short: !r.done && r.ids.length < 10 });
}
const later = rows.slice(1).map((r) => r.total).sort((a, b) => a - b);
const pct = (p) => later[Math.min(later.length - 1, Math.floor(p * later.length))];
const kb = (x) => (x / 1024).toFixed(1);
console.log(`first ${kb(rows[0].total)} KB, later p50 ${kb(pct(0.5))} KB, p95 ${kb(pct(0.95))} KB, max ${kb(later[later.length - 1])} KB; ` +
  `${rows.filter((r) => r.short).length} queries stopped by the budget with fewer than 10 results`);
for (const r of rows.slice(1).sort((a, b) => b.total - a.total).slice(0, Number(process.env.TOP || 10)))
  console.log(`${kb(r.total).padStart(7)} KB  ${r.q.padEnd(12)} ${String(r.hits).padStart(7)} hits  ` +
    Object.entries(r.by).map(([k, v]) => `${k} ${kb(v)}`).join(', '));
