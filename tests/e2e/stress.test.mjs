// Oversize input (issue 11): a million rows pasted into any table of any calculator is refused
// with a message that says how many rows came and how many the table holds, and what was
// typed before is all still there. Prints how long the page took to answer (a figure, not a
// timed assertion: see tools/bench for the budgets).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup } from './harness.mjs';

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

for (const { hash, example, tables } of [
  { hash: 'quench.html#/quench', example: '#quench-example', tables: ['#quench-table-r0c0'] },
  { hash: 'gas.html#/gas', example: '#gas-example', tables: ['#gas-course-table-r0c0'] },
]) {
  test(`${hash}: a million pasted rows are refused with a message, and nothing typed is lost`, () =>
    h.withPage({ hash, name: `stress-${hash.replace(/\W+/g, '-')}` }, async (page) => {
      await page.click(example);
      for (const cell of tables) {
        await page.locator(cell).waitFor();
        const before = await cells(page);
        const ms = await paste(page, cell, MILLION);
        console.log(`    ${hash} ${cell}: a million rows (16.9 MB) answered in ${ms.toFixed(0)} ms`);
        await page.getByText('The pasted block has 1000000 rows; the table holds at most').first().waitFor();
        assert.deepEqual(await cells(page), before, 'every cell is as it was');
      }
    }));
}
