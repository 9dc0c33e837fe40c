// Draws web/icon.svg as the PNG icons of the web manifest (web/icon-192.png, web/icon-512.png)
// with the headless Chromium of the browser tests. The PNGs are committed; run this again after
// changing the SVG:
//
//   node tools/icons.mjs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const web = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'web');
const svg = fs.readFileSync(path.join(web, 'icon.svg'), 'utf8');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless=new', '--no-sandbox', '--disable-gpu'] });
try {
  for (const size of [192, 512]) {
    const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
    const html = `<!doctype html><body style="margin:0">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body>`;
    await page.setContent(html);
    const file = path.join(web, `icon-${size}.png`);
    await page.screenshot({ path: file, omitBackground: true });
    console.log(`wrote ${path.relative(process.cwd(), file)}`);
    await page.close();
  }
} finally {
  await browser.close();
}
