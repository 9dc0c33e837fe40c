// Charts: drawn, crisp on high-DPI screens, redrawn on resize, downloadable; and the page
// fits a phone.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { setup, text, typeInto, draws, screenshot, assertNoNonNumbers, inkedFraction, chartInView } from './harness.mjs';

const h = setup();

const SEED_LINK = '#/qd?v=1&material=CdTe&model=yu-peng&lambda=516&A=0.1&path=1&dilution=1';

/** The canvas's backing size and its CSS size. */
async function canvasSizes(page, selector) {
  return page.evaluate((sel) => {
    const c = document.querySelector(sel);
    const box = c.getBoundingClientRect();
    return { width: c.width, height: c.height, cssWidth: box.width, cssHeight: box.height, right: box.right, dpr: devicePixelRatio };
  }, selector);
}

/** How many CSS px the page is wider than `width` (the viewport's width by default). */
async function horizontalOverflow(page, width) {
  return page.evaluate((w) => document.scrollingElement.scrollWidth - (w ?? innerWidth), width);
}

/** Visible elements whose right edge is beyond `width` (for failure messages). */
async function elementsBeyond(page, width) {
  return page.evaluate((w) => [...document.querySelectorAll('body *')]
    .filter((e) => e.checkVisibility() && e.getBoundingClientRect().right > w + 0.5)
    .map((e) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${e.className ? '.' + e.className : ''}`)
    .slice(0, 8), width);
}

test('the sizing chart is drawn, has ink, and is redrawn when an input changes', () =>
  h.withPage({ hash: SEED_LINK, name: 'chart-drawn' }, async (page) => {
    await page.waitForFunction(() => Number(document.documentElement.dataset.draws) >= 1);
    const canvas = page.locator('canvas#sizing-chart');
    assert.ok(await canvas.isVisible());
    const ink = await inkedFraction(page, 'canvas#sizing-chart');
    assert.ok(ink > 0.01, `only ${(ink * 100).toFixed(2)} % of the chart is drawn`);
    const dataUrl = await page.evaluate(() => document.querySelector('canvas#sizing-chart').toDataURL('image/png'));
    assert.ok(dataUrl.length > 5000, `chart PNG is only ${dataUrl.length} characters`);
    let size = await canvasSizes(page, 'canvas#sizing-chart');
    assert.equal(size.width, Math.round(size.cssWidth * size.dpr));
    assert.ok(size.cssWidth > 500, `chart only ${size.cssWidth} px wide in a 1200 px window`);

    // Typing moves the sample point: a redraw.
    const before = await draws(page);
    await typeInto(page, '#lambda', '600');
    await page.waitForFunction((n) => Number(document.documentElement.dataset.draws) > n, before);
    await screenshot(page, 'qd-1200px');
  }));

test('resizing the window 1200 → 500 → 1200 px redraws the chart to fit', () =>
  h.withPage({ hash: SEED_LINK, name: 'chart-resize' }, async (page) => {
    await page.waitForFunction(() => Number(document.documentElement.dataset.draws) >= 1);
    let size;
    // 1200 → 500 px wide: redrawn to the new width, and nothing overflows sideways.
    const beforeResize = await draws(page);
    await page.setViewportSize({ width: 500, height: 900 });
    await page.waitForFunction((n) => Number(document.documentElement.dataset.draws) > n, beforeResize, { timeout: 3000 })
      .catch(async () => {
        const now = await canvasSizes(page, 'canvas#sizing-chart');
        await screenshot(page, 'chart-resize-not-redrawn', { fullPage: true });
        assert.fail(`no redraw within 3 s after resizing 1200 → 500 px: canvas still ${now.cssWidth} CSS px wide, page ${await page.evaluate(() => document.scrollingElement.scrollWidth)} px wide in a 500 px window`);
      });
    size = await canvasSizes(page, 'canvas#sizing-chart');
    assert.ok(size.cssWidth <= 500, `canvas is ${size.cssWidth} CSS px wide in a 500 px viewport`);
    assert.ok(size.right <= 500, `canvas extends to x = ${size.right}`);
    assert.equal(size.width, Math.round(size.cssWidth * size.dpr));
    assert.ok(await horizontalOverflow(page) <= 0, 'page scrolls horizontally at 500 px');
    assert.ok(await inkedFraction(page, 'canvas#sizing-chart') > 0.01, 'chart blank after resize');
    await screenshot(page, 'qd-500px', { fullPage: true });

    // And back to wide: grows again.
    const beforeGrow = await draws(page);
    await page.setViewportSize({ width: 1200, height: 900 });
    await page.waitForFunction((n) => Number(document.documentElement.dataset.draws) > n, beforeGrow, { timeout: 3000 });
    const wide = await canvasSizes(page, 'canvas#sizing-chart');
    assert.ok(wide.cssWidth > size.cssWidth, 'canvas did not grow back');
  }));

test('a chart holds its place before it is first drawn: nothing below it moves when it is', () =>
  h.withPage({ hash: 'quench.html#/quench', name: 'chart-holds-place' }, async (page) => {
    await page.click('#quench-example');
    // The fit chart lies far below the first screen: not drawn until it comes near.
    await page.waitForFunction(() => document.querySelector('canvas#fit-chart')?.dataset.stale === '1');
    const place = () => page.evaluate(() => {
      const c = document.querySelector('canvas#fit-chart');
      const below = c.closest('figure').querySelector('.chart-data summary');
      return { height: c.getBoundingClientRect().height, summaryTop: below.getBoundingClientRect().top + scrollY, drawn: c.dataset.drawn === '1' };
    });
    const before = await place();
    assert.equal(before.drawn, false);
    await chartInView(page, 'canvas#fit-chart');
    const after = await place();
    const width = await page.locator('canvas#fit-chart').evaluate((c) => c.getBoundingClientRect().width);
    assert.ok(Math.abs(after.height - Math.min(440, Math.max(240, 0.62 * width))) < 1, `drawn ${after.height} px high, ${width} px wide`);
    assert.ok(Math.abs(after.height - before.height) < 1, `the canvas was ${before.height} px high before it was drawn, ${after.height} px after`);
    assert.ok(Math.abs(after.summaryTop - before.summaryTop) < 1, `the data table's summary moved from ${before.summaryTop} to ${after.summaryTop} px`);
  }));

test('on a high-DPI screen the canvas has device pixels (devicePixelRatio 2)', () =>
  h.withPage({ hash: SEED_LINK, name: 'chart-dpr2', contextOptions: { deviceScaleFactor: 2 } }, async (page) => {
    await page.waitForFunction(() => Number(document.documentElement.dataset.draws) >= 1);
    const size = await canvasSizes(page, 'canvas#sizing-chart');
    assert.equal(size.dpr, 2);
    assert.ok(size.cssWidth > 100);
    assert.equal(size.width, Math.round(size.cssWidth * 2), `canvas width ${size.width} for ${size.cssWidth} CSS px`);
    assert.equal(size.height, Math.round(size.cssHeight * 2), `canvas height ${size.height} for ${size.cssHeight} CSS px`);
    assert.ok(await inkedFraction(page, 'canvas#sizing-chart') > 0.01);
  }));

test('the chart downloads as PNG, SVG and CSV', () =>
  h.withPage({ hash: SEED_LINK, name: 'downloads' }, async (page) => {
    const figure = page.locator('figure.chart', { has: page.locator('canvas#sizing-chart') });
    const get = async (label) => {
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: 5000 }),
        figure.getByRole('button', { name: label, exact: true }).click(),
      ]);
      const file = await download.path();
      assert.equal(await download.failure(), null, `${label} download failed`);
      return { name: download.suggestedFilename(), bytes: await fs.readFile(file) };
    };

    const png = await get('PNG');
    assert.match(png.name, /\.png$/);
    assert.deepEqual([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'not a PNG');
    assert.ok(png.bytes.length > 2000, `PNG is ${png.bytes.length} bytes`);

    const svg = await get('SVG');
    assert.match(svg.name, /\.svg$/);
    const svgText = svg.bytes.toString('utf8');
    assert.ok(svgText.trimStart().startsWith('<svg'), `SVG starts with ${JSON.stringify(svgText.slice(0, 40))}`);
    assert.ok(svgText.trimEnd().endsWith('</svg>'), 'SVG is cut off');
    assert.match(svgText, /<(path|polyline|line)\b/);

    const csv = await get('CSV data');
    assert.match(csv.name, /\.csv$/);
    const lines = csv.bytes.toString('utf8').trim().split(/\r?\n/);
    assert.equal(lines[0], 'series,wavelength_nm,diameter_nm');
    assert.ok(lines.length > 20, `CSV has ${lines.length} lines`);
    const series = new Map();
    for (const [i, line] of lines.slice(1).entries()) {
      const cells = line.split(',');
      assert.equal(cells.length, 3, `CSV line ${i + 2} "${line}" is not a series,wavelength_nm,diameter_nm row`);
      assert.ok(['curve', 'sample'].includes(cells[0]), `CSV line ${i + 2} has an unknown series "${cells[0]}"`);
      for (const cell of cells.slice(1)) assert.ok(cell.trim() !== '' && Number.isFinite(Number(cell)), `CSV row "${line}" is not numeric`);
      series.set(cells[0], [...(series.get(cells[0]) ?? []), cells.slice(1).map(Number)]);
    }
    // The user's sample is its own series: the 516 nm peak of the seed link, at D = 2.728 nm.
    const sample = series.get('sample');
    assert.equal(sample?.length, 1, 'exactly one sample row');
    assert.ok(Math.abs(sample[0][0] - 516) < 1e-9 && Math.abs(sample[0][1] - 2.72805376192) < 1e-6, `sample row ${sample[0]}`);
    assert.ok(series.get('curve').length > 20, 'the curve has its points');
  }));

test('on a phone (390×844) nothing scrolls sideways and the results are visible', () =>
  h.withPage({
    hash: SEED_LINK,
    name: 'phone',
    contextOptions: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true },
  }, async (page) => {
    await page.waitForFunction(() => Number(document.documentElement.dataset.draws) >= 1);
    assert.equal(await page.evaluate(() => innerWidth), 390);
    assert.ok(await horizontalOverflow(page, 390) <= 0,
      `page is ${await horizontalOverflow(page, 390)} px wider than the phone: ${await elementsBeyond(page, 390)}`);
    for (const id of ['#out-diameter', '#out-epsilon', '#out-concentration', '#lambda', '#copy-link']) {
      const box = await page.locator(id).boundingBox();
      assert.ok(box && box.width > 0 && box.height > 0, `${id} is not visible`);
      assert.ok(box.x >= 0 && box.x + box.width <= 390 + 0.5, `${id} sticks out of the screen: x ${box.x}, width ${box.width}`);
    }
    await page.locator('#out-diameter').scrollIntoViewIfNeeded();
    assert.ok(await page.locator('#out-diameter').isVisible());
    assert.equal(await text(page, '#out-diameter'), '2.73');
    const size = await canvasSizes(page, 'canvas#sizing-chart');
    assert.ok(size.right <= 390 + 0.5, `chart extends to x = ${size.right}`);
    assert.equal(size.width, Math.round(size.cssWidth * 3));
    await assertNoNonNumbers(page);
    await page.evaluate(() => scrollTo(0, 0));
    await screenshot(page, 'qd-phone', { fullPage: true, scale: 'css' });
  }));

test('on a phone, the opened explanation and spectrum import still fit the screen', () =>
  h.withPage({
    hash: SEED_LINK,
    name: 'phone-explain',
    contextOptions: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true },
  }, async (page) => {
    await page.locator('summary', { hasText: 'Import a spectrum' }).click();
    await page.locator('#spectrum-paste').waitFor();
    assert.ok(await horizontalOverflow(page, 390) <= 0,
      `with the import open the page is ${await horizontalOverflow(page, 390)} px wider than the phone: ${await elementsBeyond(page, 390)}`);
    await page.click('#qd-explain summary');
    await page.locator('#qd-explain math').first().waitFor();
    const overflow = await horizontalOverflow(page, 390);
    if (overflow > 0) {
      await page.locator('#qd-explain').scrollIntoViewIfNeeded();
      await screenshot(page, 'qd-phone-explain-overflow', { scale: 'css' });
    }
    assert.ok(overflow <= 0,
      `with "How this is calculated" open the page is ${overflow} px wider than the 390 px phone (innerWidth became ${await page.evaluate(() => innerWidth)}): ${await elementsBeyond(page, 390)}`);
  }));
