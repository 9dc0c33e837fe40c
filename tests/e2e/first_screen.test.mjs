// The first screen first (issue 11, src/ui/later.rs): a calculator page is marked ready when the
// part a user sees on opening it is built, with its fields and results; what lies below (the
// rest of a long form, the explanation) is built once that part has had a frame to be painted
// in, and the page is complete (<html data-ready>) when it is.
//
// Each page is opened cold; a script in the page notes, at the two performance marks, which
// parts exist and whether a frame began in between.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup } from './harness.mjs';

const h = setup();

/** A page, an element of its first screen, and elements below it. */
const PAGES = [
  { hash: '#/qd', first: '#lambda', below: ['#qd-explain'] },
  { hash: 'quench.html#/quench', first: '#quench-table', below: ['#typed-model', '#quench-explain'] },
  // The chromatograph's calibration, hidden unless chosen, waits too; chosen, it is on the first screen.
  { hash: 'gas.html#/gas', first: '#gas-gas', below: ['#gas-cal-table', '#gas-donor', '#gas-explain'] },
  { hash: 'gas.html#/gas?v=1&gas=H2&src=gc', first: '#gas-cal-table', below: ['#gas-donor', '#gas-explain'] },
  { hash: 'pec.html#/pec', first: '#pec-a-src', below: ['#pec-c-src', '#pec-product', '#pec-explain'] },
];

for (const { hash, first, below } of PAGES) {
  test(`${hash}: the first screen is built and given a frame before what lies below it`, () =>
    h.withPage({
      hash,
      name: `first-screen-${hash}`,
      prepare: (context) => context.addInitScript(([first, below]) => {
        const seen = (window.firstScreen = {});
        const parts = () => ({ first: document.querySelector(first) !== null, below: below.map((s) => document.querySelector(s) !== null) });
        const mark = performance.mark.bind(performance);
        performance.mark = (name, ...rest) => {
          if (name === 'photocalc-ready') {
            seen.ready = parts();
            requestAnimationFrame(() => { seen.frame = true; });
          }
          if (name === 'photocalc-complete') seen.complete = { ...parts(), afterFrame: seen.frame === true };
          return mark(name, ...rest);
        };
      }, [first, below]),
    }, async (page) => {
      const seen = await page.evaluate(() => window.firstScreen);
      assert.deepEqual(seen.ready, { first: true, below: below.map(() => false) }, 'at the ready mark');
      assert.deepEqual(seen.complete, { first: true, below: below.map(() => true), afterFrame: true }, 'at the complete mark');
      const [ready, complete] = await page.evaluate(() => ['photocalc-ready', 'photocalc-complete'].map((n) => performance.getEntriesByName(n)[0]?.startTime));
      assert.ok(ready < complete, `ready ${ready} ms, complete ${complete} ms`);
      // Each part is there once, in the order of the page.
      for (const selector of below) assert.equal(await page.locator(selector).count(), 1, selector);
      const order = await page.evaluate(([first, below]) => {
        const a = document.querySelector(first);
        return below.map((s) => Boolean(a.compareDocumentPosition(document.querySelector(s)) & Node.DOCUMENT_POSITION_FOLLOWING));
      }, [first, below]);
      assert.deepEqual(order, below.map(() => true));
    }));
}
