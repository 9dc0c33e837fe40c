// Results shown as markup (the quench page's fit cards, the gas and PEC result cards) are
// brought up to date in place (issue 11): an edit changes the numbers that differ and keeps
// every element, so a result the user is reading, selecting or pointing at stays where it is,
// and the browser does not lay out and paint whole cards again on every keystroke.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup } from './harness.mjs';

const h = setup();

/** Each page with markup results: its example, a field that changes them, and the results. */
const PAGES = [
  { hash: 'quench.html#/quench', example: '#quench-example', field: '#quench-table-r3c1', value: '600', results: '.results-block' },
  { hash: 'gas.html#/gas', example: '#gas-example', field: '#gas-course-table-r4c1', value: '2.9', results: '.outputs .card-slot' },
  { hash: 'pec.html#/pec', example: '#pec-example', field: '#pec-bias', value: '0.2', results: '.outputs .card-slot' },
];

for (const spec of PAGES) {
  test(`${spec.hash}: an edit changes the results' numbers in place, keeping their elements`, () =>
    h.withPage({ hash: spec.hash, name: `patched-${spec.hash.replace(/\W+/g, '-')}` }, async (page) => {
      await page.click(spec.example);
      await page.locator(`${spec.results} *`).first().waitFor();
      // Every element of the results is marked; an element made anew would carry no mark.
      const before = await page.evaluate((sel) => {
        const all = [...document.querySelectorAll(`${sel} *`)];
        all.forEach((e) => { e.photocalcKept = true; });
        return { count: all.length, text: [...document.querySelectorAll(sel)].map((e) => e.innerText).join('\n') };
      }, spec.results);
      await page.fill(spec.field, spec.value);
      await page.waitForFunction(([sel, was]) => [...document.querySelectorAll(sel)].map((e) => e.innerText).join('\n') !== was, [spec.results, before.text]);
      const after = await page.evaluate((sel) => {
        const all = [...document.querySelectorAll(`${sel} *`)];
        return { count: all.length, kept: all.filter((e) => e.photocalcKept).length };
      }, spec.results);
      assert.ok(after.kept >= 0.9 * before.count, `only ${after.kept} of ${before.count} elements were kept (${after.count} now)`);
    }));
}
