// check.mjs SITE NEWSMILL C_TOKENS_DOC C_TOKENS_QUERY — the static search
// against the CLI and a brute-force scan, over the site gen.mjs made:
//  1. search.js's tokenizer gives the C tokenizer's terms (nm_tokens
//     output for the lines of SITE/lines.txt, written by this script's
//     first run with "lines");
//  2. for 200+ queries (CJK of 1, 2 and more characters, Latin words in
//     several spellings, mixed, quoted phrases, no match, a category
//     filter), the static client run on SITE/public/search/ returns
//     exactly the posts `newsmill search` returns, and both exactly the
//     posts a substring scan of their text finds.
// Prints "ok - …" / "not ok - …" lines for lib.sh's runner.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';

const [mode, site, newsmill, cDoc, cQuery] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const S = require(path.resolve(path.dirname(new URL(import.meta.url).pathname),
  '../../../themes/default/js/search.js'));
const posts = JSON.parse(fs.readFileSync(path.join(site, 'posts.json'), 'utf8'));
const extra = ['互联。联网', 'Straße STRASSE ＡＢＣ１２３ abc123', 'ｶﾀｶﾅ ﾃｽﾄ', 'Ｆｕｌｌ－ｗｉｄｔｈ ５Ｇ',
  'café Cafe\u0301 ÉCOLE', '한국어 경제。ひらがな、カタカナ', '中 a 文 b', 'x😀y 好😀的', '〇々〆', 'İstanbul ΣΊΣΥΦΟΣ',
  '"quoted" (paren) col:x * AND OR', '１２３４５ 123', 'ﬁle ﬂow', '𠀀𠀁 ext-B'];
const lines = [...extra, ...posts.slice(0, 80).flatMap((p) => [p.title, p.cats, p.author, p.body])]
  .map((s) => s.replace(/\n/g, ' '));
if (mode === 'lines') {
  fs.writeFileSync(path.join(site, 'lines.txt'), lines.join('\n') + '\n');
  process.exit(0);
}
let failures = 0;
const ok = (name) => console.log('ok - ' + name);
const bad = (name, detail) => { failures++; console.log('not ok - ' + name + (detail ? '\n    ' + detail : '')); };

// 1. the tokenizers
for (const [m, file] of [['doc', cDoc], ['query', cQuery]]) {
  const want = fs.readFileSync(file, 'utf8').split('\n');
  let diff = 0, first = '';
  lines.forEach((l, i) => {
    const got = S.tokenize(l, m === 'doc').map((t) => (t.f & 4 ? '|' : (t.f & 1 ? '+' : '') + t.t)).join(' ');
    if (got !== want[i]) { diff++; if (!first) first = `[${l}]: js [${got}] c [${want[i]}]`; }
  });
  if (diff) bad(`search.js tokenizes ${lines.length} lines as the C tokenizer (${m} mode)`, `${diff} differ; first ${first}`);
  else ok(`search.js tokenizes ${lines.length} lines as the C tokenizer (${m} mode)`);
}

// 2. queries
let seed = 777;
const rnd = (n) => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return (seed >>> 8) % n; };
const pick = (a) => a[rnd(a.length)];
const fold = (s) => s.normalize('NFKC').toLowerCase().replace(/ß/g, 'ss');
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu;
const W = '[[\\p{L}\\p{M}\\p{N}]--[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}]]';
const WORDS = new RegExp(W + '+', 'gv');
const docText = posts.map((p) => [p.title, p.cats, p.author, p.body].map(fold));
const runs = docText.flatMap((f) => f.flatMap((t) => t.match(CJK) || []));
const words = docText.flatMap((f) => f.flatMap((t) => t.match(WORDS) || []));
const queries = []; // {q, kind, pieces: [{t: 'cjk'|'word'|'phrase', s}], cat}
const sub = (r, n) => { const a = [...r]; if (a.length < n) return null; const i = rnd(a.length - n + 1); return a.slice(i, i + n).join(''); };
function addCJK(n, count, kind) {
  for (let k = 0, tries = 0; k < count && tries < 10000; tries++) {
    const s = sub(pick(runs), n);
    if (!s || queries.some((q) => q.q === s)) continue;
    queries.push({ q: s, kind, pieces: [{ t: 'cjk', s }] });
    k++;
  }
}
addCJK(1, 40, 'CJK 1 char');
addCJK(2, 40, 'CJK 2 chars');
for (const n of [3, 4, 5, 6]) addCJK(n, 10, 'CJK 3+ chars');
const wide = (s) => [...s].map((c) => /[!-~]/.test(c) ? String.fromCharCode(c.charCodeAt(0) + 0xFEE0) : c).join('');
for (let k = 0; k < 30; k++) {
  const w = pick(words), v = [w, w.toUpperCase(), wide(w), w[0].toUpperCase() + w.slice(1)][k % 4];
  queries.push({ q: v, kind: 'Latin word', pieces: [{ t: 'word', s: fold(w) }] });
}
for (let k = 0; k < 25; k++) {
  const w = pick(words), c = sub(pick(runs), 1 + rnd(3));
  queries.push({ q: k % 2 ? `${w} ${c}` : `${c}${w.toUpperCase()}`, kind: 'mixed',
    pieces: [{ t: 'word', s: fold(w) }, { t: 'cjk', s: c }] });
}
// phrases: two or three adjacent words of a post, and random pairs
for (let k = 0, tries = 0; k < 20 && tries < 5000; tries++) {
  const t = pick(pick(docText));
  const m = [...t.matchAll(new RegExp(`(${W}+)[^\\p{L}\\p{M}\\p{N}]+(${W}+)`, 'gv'))];
  if (!m.length) continue;
  const g = pick(m);
  queries.push({ q: `"${g[1]} ${g[2]}"`, kind: 'phrase', pieces: [{ t: 'phrase', s: [g[1], g[2]] }] });
  k++;
}
for (let k = 0; k < 10; k++) {
  const a = fold(pick(words)), b = fold(pick(words));
  if (a === b) continue;
  queries.push({ q: `"${a.toUpperCase()}, ${b}"`, kind: 'phrase', pieces: [{ t: 'phrase', s: [a, b] }] });
}
for (const q of ['zzzz', '鑫鑫鑫', '互联网 zzzz', '"harbour harbour harbour"', 'qqq 网', '联。网络', '"网 zz"', '齉', 'Ω', '互联。联网'])
  queries.push({ q, kind: 'no match or tricky', pieces: null });
// exclusions: -WORD, -CJK, -"a phrase" (compared with the CLI and the scan)
for (let k = 0; k < 10; k++) {
  const c = sub(pick(runs), 1 + rnd(2)), w = fold(pick(words)), x = sub(pick(runs), 2);
  const q = k % 2 ? `${c} -${w}` : `${c} -${x}`;
  queries.push({ q, kind: 'exclusion', pieces: [{ t: 'cjk', s: c }], not: k % 2 ? { t: 'word', s: w } : { t: 'cjk', s: x } });
}
for (let k = 0; k < 10; k++) {
  const c = sub(pick(runs), 1 + rnd(2));
  const cat = pick(['金融', '科技', 'World', '体育']);
  queries.push({ q: c, kind: 'category filter', cat, pieces: [{ t: 'cjk', s: c }] });
}

function esc(s) { return s.replace(/[.*+?^${}()|[\]\\\/-]/g, '\\$&'); }
function pieceMatches(p, f) {
  if (p.t === 'cjk') return f.includes(p.s);
  const body = p.t === 'word' ? esc(p.s) : p.s.map(esc).join('[^\\p{L}\\p{M}\\p{N}]+');
  return new RegExp(`(?<!${W})${body}(?!${W})`, 'v').test(f);
}
// the pieces of a query made by hand (the "no match or tricky" ones):
// parsed here without the tokenizer
function handPieces(q) {
  const out = [];
  const re = /"([^"]*)"|([^"]+)/g;
  for (const m of q.matchAll(re)) {
    if (m[1] !== undefined) {
      const ws = fold(m[1]).match(WORDS) || [];
      const cj = fold(m[1]).match(CJK) || [];
      if (cj.length) return null; // not checked by the scan
      if (ws.length === 1) out.push({ t: 'word', s: ws[0] });
      else if (ws.length) out.push({ t: 'phrase', s: ws });
    } else {
      const t = fold(m[2]);
      for (const x of t.matchAll(new RegExp(`${W}+|[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}]+`, 'gv')))
        out.push(/^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(x[0]) ? { t: 'cjk', s: x[0] } : { t: 'word', s: x[0] });
    }
  }
  return out;
}
function scan(q) {
  const ps = q.pieces || handPieces(q.q);
  if (!ps) return null; // a quoted phrase with CJK: compared with the CLI only
  const out = new Set();
  posts.forEach((p, i) => {
    if (q.cat && p.top !== q.cat) return;
    if (ps.length && ps.every((pc) => docText[i].some((f) => pieceMatches(pc, f))) &&
      !(q.not && docText[i].some((f) => pieceMatches(q.not, f)))) out.add(p.slug);
  });
  return out;
}
const idx = new S.Index(path.join(site, 'public/search') + '/', (u) => fs.promises.readFile(u).then((b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)));
const slugOfUrl = (u) => decodeURIComponent(u).replace(/\/$/, '').split('/').pop();
const byKind = {};
let n = 0;
for (const q of queries) {
  n++;
  const r = await idx.query(q.q, { cat: q.cat || '' });
  const docs = await idx.docs(r.ids);
  const js = new Set(docs.map((d) => slugOfUrl(d.url)));
  const want = scan(q);
  let cli = null;
  if (!q.cat) {
    const run = spawnSync(newsmill, ['-C', site, 'search', '--json', '-n', '100000', '--', q.q], { encoding: 'utf8' });
    if (run.status > 1) { bad(`newsmill search ${q.q} runs`, run.stderr); continue; }
    cli = new Set(JSON.parse(run.stdout).hits.map((h) => path.basename(h.path, '.md')));
  }
  const same = (a, b) => a.size === b.size && [...a].every((x) => b.has(x));
  const k = byKind[q.kind] || (byKind[q.kind] = { n: 0, bad: [], hits: 0 });
  k.n++;
  k.hits += js.size;
  if ((want && !same(js, want)) || (want && cli && !same(cli, want)) || (cli && !same(cli, js))) {
    const w = want || cli;
    k.bad.push(`[${q.q}]${q.cat ? ' cat ' + q.cat : ''}: scan ${want ? want.size : '-'}, js ${js.size}, cli ${cli ? cli.size : '-'}` +
      ` (js-other ${[...js].filter((x) => !w.has(x)).slice(0, 3)} other-js ${[...w].filter((x) => !js.has(x)).slice(0, 3)})`);
  }
}
for (const [kind, k] of Object.entries(byKind)) {
  const name = `${kind}: ${k.n} queries, static client = newsmill search = substring scan (${k.hits} hits)`;
  if (k.bad.length) bad(name, k.bad.slice(0, 5).join('\n    ')); else ok(name);
}
if (n >= 200) ok(`${n} queries run`); else bad(`at least 200 queries run (${n})`);
process.exit(failures ? 1 : 0);
