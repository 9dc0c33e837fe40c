// Oversize input (issue 11): a million rows pasted into any table of any calculator is refused
// with a message that says how many rows came and how many the table holds, and what was
// typed before is all still there. A 50 MB potentiostat file is read in the background with a
// progress bar while the page answers typing, can be cancelled, and is thinned to what a
// table holds, saying so; a 50 MB spectrum is refused at once. Prints how long the page took
// to answer (figures, not timed assertions: see tools/bench for the budgets).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setup, text, typeInto, repoRoot } from './harness.mjs';

const h = setup();

/** A million rows of two numbers, as a spreadsheet copies them (16.9 MB of text). */
const MILLION = Array.from({ length: 1_000_000 }, (_, i) => `${(i * 0.001).toFixed(3)}\t${(1000 - i * 0.0001).toFixed(4)}`).join('\n');

/** Pastes `pasted` into a cell as a browser does; returns how long the page's handler took (ms). */
function paste(page, selector, pasted) {
  return page.evaluate(([sel, t]) => {
    const data = new DataTransfer();
    data.setData('text/plain', t);
    const start = performance.now();
    document.querySelector(sel).dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    return performance.now() - start;
  }, [selector, pasted]);
}

/** Every cell of every data table on the page, by id. */
const cells = (page) => page.evaluate(() => Object.fromEntries([...document.querySelectorAll('table input[type=text]')].map((i) => [i.id, i.value])));

for (const { hash, example, prepare = [], open = [], tables } of [
  { hash: 'quench.html#/quench', example: '#quench-example', tables: ['#quench-table-r0c0'] },
  { hash: 'gas.html#/gas', example: '#gas-example', prepare: [['#gas-source', 'gc']], tables: ['#gas-course-table-r0c0', '#gas-cal-table-r0c0'] },
  { hash: 'pec.html#/pec', example: '#pec-example', prepare: [['#pec-a-src', 'table'], ['#pec-c-src', 'table']], open: ['details.measured summary'], tables: ['#pec-a-table-r0c0', '#pec-c-table-r0c0', '#pec-trace-table-r0c0'] },
]) {
  test(`${hash}: a million rows pasted into each table are refused with a message, and nothing typed is lost`, () =>
    h.withPage({ hash, name: `stress-${hash.replace(/\W+/g, '-')}` }, async (page) => {
      await page.click(example);
      for (const [select, value] of prepare) await page.selectOption(select, value);
      for (const summary of open) await page.click(summary);
      for (const [k, cell] of tables.entries()) {
        await page.locator(cell).waitFor();
        const before = await cells(page);
        const ms = await paste(page, cell, MILLION);
        console.log(`    ${hash} ${cell}: a million rows (16.9 MB) answered in ${ms.toFixed(0)} ms`);
        // One more message saying so, under this table.
        await page.waitForFunction((n) => document.body.innerText.split('The pasted block has 1000000 rows; the table holds at most').length - 1 > n, k);
        assert.deepEqual(await cells(page), before, 'every cell is as it was');
      }
    }));
}

/**
 * A 50 MB current–potential recording as a potentiostat's CSV export writes it: time,
 * potential and current of a 1,500,000-point sweep from −1 to 0.6 V. Written to a file (a
 * browser reads a chosen file from disk).
 */
function fiftyMegabyteFile(t) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'photocalc-stress-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'long-lsv.csv');
  const n = 1_500_000;
  const out = fs.openSync(file, 'w');
  fs.writeSync(out, 'Time (s),Potential (V),Current (mA)\n');
  for (let start = 0; start < n; start += 50_000) {
    const lines = [];
    for (let i = start; i < Math.min(n, start + 50_000); i++) {
      const e = -1 + (1.6 * i) / (n - 1);
      lines.push(`${(i * 0.0004).toFixed(4)},${e.toFixed(7)},${(0.5 / (1 + Math.exp(-(e + 0.45) / 0.05)) + 1e-4 * Math.sin(i)).toExponential(8)}\n`);
    }
    fs.writeSync(out, lines.join(''));
  }
  fs.closeSync(out);
  return { file, n, megabytes: fs.statSync(file).size / 1e6 };
}

/** The longest tasks of the page's main thread from now on (PerformanceObserver "longtask"). */
const watchLongTasks = (page) => page.evaluate(() => {
  window.stressLongTasks = [];
  new PerformanceObserver((list) => window.stressLongTasks.push(...list.getEntries().map((e) => e.duration))).observe({ type: 'longtask' });
});

test('pec.html: a 50 MB potentiostat file is read in the background with a progress bar; the page answers typing meanwhile; Cancel leaves the table as it was; read to the end, the sweep is thinned evenly to what a table holds and the page says so', (t) =>
  h.withPage({ hash: 'pec.html#/pec', name: 'stress-pec-50mb' }, async (page) => {
    const big = fiftyMegabyteFile(t);
    assert.ok(big.megabytes > 49 && big.megabytes < 60, `${big.megabytes} MB`);
    await page.click('#pec-example');
    const current = await text(page, '#out-current');
    await watchLongTasks(page);
    const chosen = Date.now();
    await page.setInputFiles('#pec-a-file', big.file);
    // The bar shows what is read, and the page answers the bias typed while it is read.
    await page.locator('#pec-a-file-progress').waitFor({ state: 'visible' });
    assert.match(await text(page, '#pec-a-file-progress label'), /^Reading long-lsv\.csv: \d+\.\d of 5\d\.\d MB$|^Reading the numbers in long-lsv\.csv…$/);
    await typeInto(page, '#pec-bias', '0.1');
    await page.waitForFunction((was) => document.querySelector('#out-current').innerText.trim() !== was, current);
    assert.ok(await page.locator('#pec-a-file-progress').isVisible(), 'the typed bias was answered only after the file was read');
    await page.waitForFunction(() => /long-lsv\.csv: \d+ points/.test(document.getElementById('pec-a-file-msg')?.innerText ?? ''), null, { timeout: 60000 });
    const took = Date.now() - chosen;
    const said = await text(page, '#pec-a-file-msg');
    const step = Math.ceil(big.n / 200_000);
    const kept = Math.ceil(big.n / step);
    assert.match(said, new RegExp(`long-lsv\\.csv has ${big.n} points, more than the 200000 a table holds: one point in every ${step} was kept \\(${kept} points, over the whole recording\\)`), said);
    assert.equal(await text(page, '#pec-a-table-count'), `${kept} rows`);
    assert.ok(await page.locator('#pec-a-file-progress').isHidden(), 'the bar goes when the file is read');
    assert.equal(await page.inputValue('#pec-bias'), '0.1', 'the bias typed meanwhile is kept');
    assert.equal(await page.inputValue('#pec-c-src'), 'model', 'the photocathode is as it was');
    const longest = Math.max(0, ...await page.evaluate(() => window.stressLongTasks));
    console.log(`    a ${big.megabytes.toFixed(1)} MB file of ${big.n} points: read and put in the table in ${took} ms; the page's longest task meanwhile ${longest.toFixed(0)} ms`);

    // The same file for the photocathode, cancelled while it is read.
    const cathode = await page.inputValue('#pec-c-src');
    await page.setInputFiles('#pec-c-file', big.file);
    await page.locator('#pec-c-file-progress').waitFor({ state: 'visible' });
    await page.click('#pec-c-file-cancel');
    assert.equal(await text(page, '#pec-c-file-msg'), 'Reading long-lsv.csv was cancelled; the table is as it was.');
    assert.ok(await page.locator('#pec-c-file-progress').isHidden());
    await page.waitForTimeout(3000);
    assert.equal(await page.inputValue('#pec-c-src'), cathode, 'a cancelled file changes nothing, even later');
    assert.equal(await text(page, '#pec-c-file-msg'), 'Reading long-lsv.csv was cancelled; the table is as it was.');
    // The next file is read as usual.
    await page.setInputFiles('#pec-c-file', path.join(repoRoot, 'tests', 'pec_files', 'generic_lsv_V_uA.tsv'));
    await page.waitForFunction(() => /generic_lsv_V_uA\.tsv: \d+ points/.test(document.getElementById('pec-c-file-msg')?.innerText ?? ''));
    assert.equal(await page.inputValue('#pec-c-src'), 'table');
  }));

test('index.html: a 50 MB spectrum file is refused at once with its size and the limit, and the typed peak stays', (t) =>
  h.withPage({ hash: '#/qd', name: 'stress-qd-50mb' }, async (page) => {
    const big = fiftyMegabyteFile(t);
    await typeInto(page, '#lambda', '560');
    const diameter = await text(page, '#out-diameter');
    await page.click('details.import summary');
    await page.setInputFiles('#spectrum-file', big.file);
    await page.getByText(/The file is 5\d\.\d MB; spectra up to 5 MB can be read\./).waitFor();
    assert.equal(await page.inputValue('#lambda'), '560');
    assert.equal(await text(page, '#out-diameter'), diameter);
  }));
