// measure.mjs — bytes a phone downloads for a page, in headless Debian
// chromium at 375 px wide (device scale factor 2, touch, mobile).
//
//   node measure.mjs OUT.json SHOTS_DIR NAME=URL...
//
// For each page: the bytes transferred (CDP's encodedDataLength: headers
// and bodies as received, every request) once the page has loaded and the
// network is idle (what the first screen costs: lazy images below the
// fold are not fetched yet), then again after scrolling to the bottom
// (every image fetched); the count of image requests and image bytes of
// each; a screenshot of the first screen (SHOTS_DIR/NAME.png). The cache
// is off: every page is a first visit.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const [out, shots, ...pairs] = process.argv.slice(2);
const profile = mkdtempSync(join(tmpdir(), 'newsmill-bench-'));
const ctx = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  viewport: { width: 375, height: 812 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
const results = {};
for (const pair of pairs) {
  const eq = pair.indexOf('=');
  const name = pair.slice(0, eq), url = pair.slice(eq + 1);
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const types = new Map();
  let bytes = 0, imgBytes = 0, imgs = 0, requests = 0;
  cdp.on('Network.responseReceived', (e) => types.set(e.requestId, e.type));
  cdp.on('Network.loadingFinished', (e) => {
    bytes += e.encodedDataLength;
    requests++;
    if (types.get(e.requestId) === 'Image') { imgBytes += e.encodedDataLength; imgs++; }
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  await page.waitForTimeout(300);
  const first = { bytes, imgBytes, imgs, requests };
  await page.screenshot({ path: join(shots, name + '.png') });
  // scroll through, a screen at a time, so every lazy image is fetched
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  for (let y = 0; y < height; y += 700) {
    await page.evaluate((yy) => window.scrollTo(0, yy), y);
    await page.waitForTimeout(120);
  }
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
  const cls = await page.evaluate(() => new Promise((resolve) => {
    let v = 0;
    new PerformanceObserver((l) => { for (const e of l.getEntries()) if (!e.hadRecentInput) v += e.value; })
      .observe({ type: 'layout-shift', buffered: true });
    setTimeout(() => resolve(v), 100);
  }));
  results[name] = { url, first, all: { bytes, imgBytes, imgs, requests }, cls };
  console.log(`${name}: first screen ${(first.bytes / 1024).toFixed(1)} KB (${first.imgs} images, ` +
              `${(first.imgBytes / 1024).toFixed(1)} KB), scrolled through ${(bytes / 1024).toFixed(1)} KB ` +
              `(${imgs} images, ${(imgBytes / 1024).toFixed(1)} KB), CLS ${cls.toFixed(3)}`);
  await page.close();
}
await ctx.close();
rmSync(profile, { recursive: true, force: true });
writeFileSync(out, JSON.stringify(results, null, 2));
