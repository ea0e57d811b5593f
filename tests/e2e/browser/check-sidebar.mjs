// check-sidebar.mjs — the shared sidebar (public/sidebar.html) in headless
// Chromium: with script, the theme's few lines fetch it into each page's
// aside (at 1280 px shown beside the page, at 375 px behind the menu
// button); without script, the <noscript> link leads to sidebar.html,
// a page that shows the sidebar itself. Screenshots sidebar-*.png.
//
//   node check-sidebar.mjs PUBLIC_DIR SCREENSHOT_DIR PAGE_PATH
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(process.env.NM_PLAYWRIGHT + '/');
const { chromium } = require('playwright-core');
const [root, shots, pagePath] = process.argv.slice(2);
const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript' };
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
fs.mkdirSync(shots, { recursive: true });
const launch = js => chromium.launchPersistentContext(fs.mkdtempSync(path.join(os.tmpdir(), 'nm-chromium-')), {
  executablePath: process.env.NM_CHROMIUM || '/usr/bin/chromium', headless: true, javaScriptEnabled: js,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});

// --- with script ---
let ctx = await launch(true);
for (const width of [1280, 375]) {
  const page = await ctx.newPage();
  await page.setViewportSize({ width, height: width < 500 ? 800 : 900 });
  const errors = [];
  page.on('pageerror', e => errors.push(e.message));
  page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(origin + pagePath, { waitUntil: 'networkidle' });
  const filled = await page.waitForSelector('#side #side-recent', { state: 'attached', timeout: 5000 }).then(() => true, () => false);
  report(filled, `script, ${width}px: sidebar.html is loaded into the aside`);
  const links = await page.$$eval('#side .recent a', a => a.length);
  report(links > 0, `script, ${width}px: the sidebar lists recent posts`, `${links} links`);
  const tree = await page.$$eval('#side .tree a', a => a.length);
  report(tree > 0, `script, ${width}px: the sidebar has the category tree with counts`, `${tree} links`);
  if (width < 500) {
    const hidden = await page.$eval('#side', s => getComputedStyle(s).display === 'none');
    report(hidden, '375px: the sidebar waits behind the menu button');
    await page.click('.menu');
    const shown = await page.$eval('#side', s => getComputedStyle(s).display !== 'none');
    report(shown, '375px: the menu button shows the sidebar');
  } else {
    const box = await page.$eval('#side', s => { const r = s.getBoundingClientRect(); return [r.x, r.width]; });
    report(box[0] > 600 && box[1] > 200, '1280px: the sidebar is a column beside the page', JSON.stringify(box));
  }
  report(errors.length === 0, `script, ${width}px: no script error`, errors.join('; '));
  const noscriptShown = await page.$$eval('.side-link', n => n.filter(e => e.offsetParent).length);
  report(noscriptShown === 0, `script, ${width}px: the <noscript> link is not shown`);
  await page.screenshot({ path: path.join(shots, `sidebar-script-${width}.png`), fullPage: width > 500 });
  await page.close();
}
await ctx.close();

// --- without script ---
ctx = await launch(false);
for (const width of [1280, 375]) {
  const page = await ctx.newPage();
  await page.setViewportSize({ width, height: width < 500 ? 800 : 900 });
  await page.goto(origin + pagePath, { waitUntil: 'load' });
  const link = await page.$('.side-link a');
  const visible = link ? await link.isVisible() : false;
  report(visible, `no script, ${width}px: a link to the sidebar is shown`);
  await page.screenshot({ path: path.join(shots, `sidebar-noscript-${width}.png`), fullPage: width > 500 });
  if (link) {
    await Promise.all([page.waitForLoadState('load'), link.click()]);
    report(page.url().endsWith('/sidebar.html'), `no script, ${width}px: the link opens sidebar.html`, page.url());
    const shown = await page.$eval('#side', s => getComputedStyle(s).display !== 'none' && s.querySelectorAll('.recent a').length > 0);
    report(shown, `no script, ${width}px: sidebar.html shows the sidebar`);
    await page.screenshot({ path: path.join(shots, `sidebar-page-noscript-${width}.png`), fullPage: true });
  }
  await page.close();
}
await ctx.close();
server.close();
process.exit(failures ? 1 : 0);
