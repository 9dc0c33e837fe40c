// Printing a calculation (issue 11): "Print or save as PDF" gives the inputs, the results with
// their units and the charts on white paper, with the link that reopens the calculation and
// the date, and without the navigation, buttons or notices.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, chartInView } from './harness.mjs';

const h = setup();

for (const [hash, example] of [['quench.html#/quench', '#quench-example'], ['pec.html#/pec', '#pec-example']]) {
  test(`${hash}: the printed page holds the calculation, its link and the date, on white even in the dark theme`, () =>
    h.withPage({ hash, name: `print-${hash.replace(/\W+/g, '-')}`, contextOptions: { colorScheme: 'dark' } }, async (page) => {
      await page.click(example);
      await page.locator('.chart canvas').first().waitFor();
      const link = await page.evaluate(() => location.href);
      // What the browser does when printing starts: beforeprint, then the print media.
      const draws = await page.evaluate(() => Number(document.documentElement.dataset.draws || 0));
      await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
      await page.emulateMedia({ media: 'print' });
      await page.waitForFunction((n) => Number(document.documentElement.dataset.draws) > n, draws);
      const printed = await page.evaluate(() => {
        const shown = (sel) => [...document.querySelectorAll(sel)].some((e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden');
        return {
          header: shown('.site-header'), buttons: shown('main button'), footer: shown('.site-footer'),
          inputs: shown('form.inputs'), results: shown('.outputs :is(.result, .fit-card)'), chart: shown('.chart canvas'),
          note: document.getElementById('print-note').innerText, noteShown: shown('#print-note'),
          background: getComputedStyle(document.documentElement).backgroundColor,
          paper: [...document.querySelectorAll('.chart:not(.empty) canvas')].map((c) => [...c.getContext('2d').getImageData(2, 2, 1, 1).data].slice(0, 3).join()),
          text: document.body.innerText,
        };
      });
      assert.deepEqual([printed.header, printed.buttons, printed.footer], [false, false, false], 'no navigation, buttons or footer');
      assert.deepEqual([printed.inputs, printed.results, printed.chart, printed.noteShown], [true, true, true, true], 'inputs, results, charts and the note');
      assert.ok(printed.note.includes(link), `the note gives the link ${link}: ${printed.note}`);
      assert.match(printed.note, /Printed .*\d{4}/, printed.note);
      assert.equal(printed.background, 'rgb(248, 250, 252)', 'printed on the light theme');
      assert.ok(printed.paper.length >= 1, `${printed.paper.length} charts`);
      assert.deepEqual(printed.paper, printed.paper.map(() => '255,255,255'), 'every chart, on screen or not, is redrawn on white');
      // Results keep their units in print.
      assert.match(printed.text, /mA cm⁻²|M⁻¹/);
      // A real PDF comes out.
      const pdf = await page.pdf({ format: 'A4' });
      assert.ok(pdf.length > 20000 && pdf.subarray(0, 5).toString() === '%PDF-', `a PDF of ${pdf.length} bytes`);
      // After printing the page is as it was: dark, charts redrawn dark.
      await page.emulateMedia({ media: 'screen' });
      await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
      await chartInView(page, '.chart canvas');
      await page.waitForFunction(() => [...document.querySelector('.chart canvas').getContext('2d').getImageData(2, 2, 1, 1).data][0] === 0x1a);
    }));
}
