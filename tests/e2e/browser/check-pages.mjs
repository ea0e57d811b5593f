// check-pages.mjs — open pages of a built site in headless Chromium at two
// widths; fail on any console error, page error, failed or external request.
//
//   node check-pages.mjs PUBLIC_DIR SCREENSHOT_DIR PATH...
//
// Serves PUBLIC_DIR on a loopback port (node's http module), drives
// Debian's /usr/bin/chromium through playwright-core with a fresh profile,
// and saves a full-page screenshot per page and width. Prints one TAP-style
// "ok - ..." / "not ok - ..." line per check, as tests/e2e/lib.sh does.
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(process.env.NM_PLAYWRIGHT + '/');
const { chromium } = require('playwright-core');
const [root, shots, ...pages] = process.argv.slice(2);
const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript',
  '.svg': 'image/svg+xml', '.xml': 'application/xml', '.json': 'application/json', '.png': 'image/png' };

const server = http.createServer((req, res) => {
  let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  if (p.endsWith('/')) p += 'index.html';
  const file = path.join(root, path.normalize(p));
  if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    res.writeHead(404); res.end('not found'); return;
  }
  res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
  fs.createReadStream(file).pipe(res);
});
await new Promise(r => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;
let failures = 0;
const report = (ok, name, detail) => {
  console.log(`${ok ? 'ok' : 'not ok'} - ${name}`);
  if (!ok) { failures++; if (detail) console.log('    ' + detail); }
};

const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'nm-chromium-'));
const ctx = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.NM_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
fs.mkdirSync(shots, { recursive: true });
for (const width of [375, 1280]) {
  for (const p of pages) {
    const page = await ctx.newPage();
    await page.setViewportSize({ width, height: width < 500 ? 800 : 900 });
    const problems = [];
    page.on('console', m => { if (m.type() === 'error') problems.push('console: ' + m.text()); });
    page.on('pageerror', e => problems.push('page error: ' + e.message));
    page.on('requestfailed', r => problems.push('failed: ' + r.url() + ' ' + (r.failure()?.errorText || '')));
    page.on('response', r => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
    page.on('request', r => { if (!r.url().startsWith(origin) && !r.url().startsWith('data:')) problems.push('external request: ' + r.url()); });
    const resp = await page.goto(origin + p, { waitUntil: 'load' });
    // lazy images below the fold load on scroll: scroll through the page
    await page.evaluate(async () => {
      for (let y = 0; y < document.body.scrollHeight; y += 600) { window.scrollTo(0, y); await new Promise(r => setTimeout(r, 30)); }
      window.scrollTo(0, 0);
    });
    await page.waitForLoadState('networkidle');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    const name = p.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, '') || 'home';
    await page.screenshot({ path: path.join(shots, `${name}-${width}.png`), fullPage: true });
    report(resp && resp.status() === 200, `${p} at ${width}px loads`, resp ? 'HTTP ' + resp.status() : 'no response');
    report(problems.length === 0, `${p} at ${width}px has no console error and no failed request`, problems.join('; '));
    report(overflow <= 0, `${p} at ${width}px does not scroll sideways`, `${overflow}px too wide`);
    await page.close();
  }
}
// dark mode: the same home page with prefers-color-scheme: dark
{
  const page = await ctx.newPage();
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(origin + pages[0], { waitUntil: 'networkidle' });
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.screenshot({ path: path.join(shots, 'home-dark-1280.png') });
  report(bg !== 'rgb(246, 247, 249)', 'dark mode changes the page background', bg);
  await page.close();
}
await ctx.close();
server.close();
fs.rmSync(profile, { recursive: true, force: true });
process.exit(failures ? 1 : 0);
