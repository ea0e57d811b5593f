// bench.js — the anchor: mustache.js (npm) rendering the same theme and the
// same post context that bench.c wrote as JSON, N times.
//   node bench.js THEME_DIR CONTEXT_JSON N
const fs = require('fs');
const path = require('path');
const Mustache = require('mustache');
const [dir, json, nStr] = process.argv.slice(2);
const n = parseInt(nStr, 10);
const partials = {};
for (const f of fs.readdirSync(dir))
  if (f.endsWith('.mustache')) partials[f.slice(0, -9)] = fs.readFileSync(path.join(dir, f), 'utf8');
const data = JSON.parse(fs.readFileSync(json, 'utf8'));
let out = Mustache.render(partials.post, data, partials); // parse + cache
const t0 = process.hrtime.bigint();
for (let i = 0; i < n; i++) out = Mustache.render(partials.post, data, partials);
const s = Number(process.hrtime.bigint() - t0) / 1e9;
fs.writeFileSync(json + '.mustachejs.html', out);
console.log(`  mustache.js   ${(n / s).toFixed(0).padStart(9)} pages/s  ${(Buffer.byteLength(out) * n / s / 1e6).toFixed(1).padStart(7)} MB/s  ${(s / n * 1e6).toFixed(2).padStart(6)} us/page (node ${process.version}, mustache ${Mustache.version})`);
console.log(`RENDER_PER_S ${(n / s).toFixed(0)}`);
