// Renders the app icons (web/public/icons/*.png) from the Ponte mark with Debian's Chromium, the
// browser the end-to-end tests drive: `node web/scripts/make-icons.mjs`. The PNGs are committed; run
// this again only when the mark changes.
import { mkdir } from 'node:fs/promises';
import { chromium } from 'playwright-core';

const BLUE = '#0066cc';
const MARK = 'M8 42h48M14 42V30M50 42V30M8 30c8-12 40-12 48 0M24 42v-9M32 42v-10M40 42v-9';

/** `any`: the favicon's rounded tile. `maskable`: full bleed, the mark inside the 80% safe circle. */
const svg = (purpose) =>
  purpose === 'maskable'
    ? `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" fill="${BLUE}"/><g transform="translate(12.8 12.8) scale(0.6)"><path d="${MARK}" fill="none" stroke="#fff" stroke-width="4" stroke-linecap="round"/></g></svg>`
    : `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="12" fill="${BLUE}"/><path d="${MARK}" fill="none" stroke="#fff" stroke-width="4" stroke-linecap="round"/></svg>`;

const out = new URL('../public/icons/', import.meta.url);
await mkdir(out, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
try {
  for (const [name, size, purpose] of [
    ['ponte-192.png', 192, 'any'],
    ['ponte-512.png', 512, 'any'],
    ['ponte-maskable-512.png', 512, 'maskable'],
    ['apple-touch-icon-180.png', 180, 'maskable'],
  ]) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    await page.setContent(
      `<html><body style="margin:0;background:transparent">${svg(purpose).replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`,
    );
    await page.screenshot({ path: new URL(name, out).pathname, omitBackground: true });
    await page.close();
  }
} finally {
  await browser.close();
}
