// search.mjs — the static search in headless Chromium, as a reader uses it:
// open the home page, type QUERY into the search box in the top bar, press
// Enter, wait for the /search/ page's results, find the post whose title
// contains EXPECT, follow its link, and check the post page opened.
// Prints the bytes transferred (Playwright's request sizes: headers +
// body as sent, gzipped) from the key press to the results, and saves
// screenshots of the results and the post.
//
//   node search.mjs PUBLIC_DIR SCREENSHOT_DIR QUERY EXPECT
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { serve } from './gzip-server.mjs';

const require = createRequire(process.env.NM_PLAYWRIGHT + '/');
const { chromium } = require('playwright-core');
const [root, shots, query, expect] = process.argv.slice(2);
const { server, origin } = await serve(path.resolve(root));
let failures = 0;
const report = (ok, name, detail) => {
  console.log(`${ok ? 'ok' : 'not ok'} - ${name}`);
  if (!ok) { failures++; if (detail) console.log('    ' + detail); }
};
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'nm-chromium-'));
const ctx = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.NM_CHROMIUM || '/usr/bin/chromium', headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
fs.mkdirSync(shots, { recursive: true });
const page = await ctx.newPage();
await page.setViewportSize({ width: 1280, height: 900 });
const problems = [];
page.on('console', (m) => { if (m.type() === 'error') problems.push('console: ' + m.text()); });
page.on('pageerror', (e) => problems.push('page error: ' + e.message));
page.on('requestfailed', (r) => problems.push('failed: ' + r.url()));
let counting = false, bytes = 0, requests = 0;
const searchFiles = [];
page.on('requestfinished', async (r) => {
  if (!counting) return;
  const s = await r.sizes().catch(() => null);
  if (!s) return;
  bytes += s.responseHeadersSize + s.responseBodySize;
  requests++;
  if (r.url().includes('/search/') || r.url().endsWith('search.js')) searchFiles.push(r.url().replace(origin, ''));
});
try {
  await page.goto(origin + '/', { waitUntil: 'load' });
  const box = page.locator('header .searchbox input[name=q]');
  report(await box.isVisible(), 'the home page shows a search box');
  await box.fill(query);
  counting = true;
  await Promise.all([page.waitForURL(/\/search\/\?q=/), box.press('Enter')]);
  const link = page.locator('#search-page .results li h2 a', { hasText: expect });
  await link.first().waitFor({ timeout: 10000 });
  await page.waitForLoadState('networkidle');
  counting = false;
  const status = await page.locator('#search-page .status').textContent();
  report(true, `the results list "${expect}" (${status.trim()})`);
  const marked = await page.locator('#search-page .results mark').count();
  report(marked > 0, `matched terms are highlighted (${marked} marks)`);
  await page.screenshot({ path: path.join(shots, 'search-results.png'), fullPage: true });
  console.log(`bytes: ${bytes} in ${requests} requests from the key press to the results`);
  console.log('fetched: ' + searchFiles.join(' '));
  const href = await link.first().getAttribute('href');
  await Promise.all([page.waitForURL(origin + href), link.first().click()]);
  const h1 = await page.locator('main h1').first().textContent();
  report(h1.includes(expect), `following the result opens the post (${href})`, h1);
  await page.screenshot({ path: path.join(shots, 'search-post.png') });
  // the page's URL can be shared: opening it again gives the same results
  await page.goto(origin + '/search/?q=' + encodeURIComponent(query), { waitUntil: 'load' });
  await page.locator('#search-page .results li h2 a', { hasText: expect }).first().waitFor({ timeout: 10000 });
  report((await page.locator('#search-page input[name=q]').inputValue()) === query, '/search/?q= fills the box and shows the results');
} catch (e) {
  report(false, 'the search works in the browser', String(e));
  await page.screenshot({ path: path.join(shots, 'search-failure.png'), fullPage: true }).catch(() => {});
}
report(problems.length === 0, 'no console error or failed request', problems.join('; '));
await ctx.close();
server.close();
fs.rmSync(profile, { recursive: true, force: true });
process.exit(failures ? 1 : 0);
