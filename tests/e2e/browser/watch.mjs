// watch.mjs — `serve --watch` in headless Chromium: open a post page of
// the running server, edit the post's title on disk and time until the
// open page shows it (must be under 1 s), break the post's front matter
// and wait for the error to show in the page, fix it and wait for the page
// to come back. Screenshots: watch-edited.png, watch-error.png.
//
//   node watch.mjs URL POST_FILE SCREENSHOT_DIR
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(process.env.NM_PLAYWRIGHT + '/');
const { chromium } = require('playwright-core');
const [url, file, shots] = process.argv.slice(2);
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
const original = fs.readFileSync(file, 'utf8');
try {
  await page.goto(url, { waitUntil: 'load' });
  const h1 = page.locator('main h1').first();
  const before = await h1.textContent();
  await page.waitForTimeout(400); // the script has asked once
  const t0 = Date.now();
  fs.writeFileSync(file, original.replace(/^title: .*$/m, "title: 'Edited live 实时更新'"));
  await page.waitForFunction(() => document.querySelector('main h1')?.textContent.includes('实时更新'),
    null, { timeout: 5000, polling: 20 });
  const ms = Date.now() - t0;
  report(ms < 1000, `an edited title shows in the open page in ${ms} ms (under 1 s)`);
  await page.screenshot({ path: path.join(shots, 'watch-edited.png') });
  fs.writeFileSync(file, original.replace(/^title: .*$/m, 'title: [broken'));
  const box = page.locator('#__newsmill_error');
  await box.waitFor({ timeout: 5000 });
  const msg = await box.textContent();
  report(msg.includes(path.basename(file)) && /:\d+:/.test(msg), 'a broken post shows its file:line error in the page', msg);
  await page.screenshot({ path: path.join(shots, 'watch-error.png') });
  fs.writeFileSync(file, original);
  await page.waitForFunction((t) => document.querySelector('main h1')?.textContent === t &&
    !document.getElementById('__newsmill_error'), before, { timeout: 5000, polling: 20 });
  report(true, 'fixing the post brings the page back, without the error');
} catch (e) {
  report(false, 'serve --watch updates the open page', String(e));
  await page.screenshot({ path: path.join(shots, 'watch-failure.png') }).catch(() => {});
  fs.writeFileSync(file, original);
}
await ctx.close();
fs.rmSync(profile, { recursive: true, force: true });
process.exit(failures ? 1 : 0);
