// On a phone (issue 11): nothing scrolls sideways at 390 or 320 px, every control is a tap
// target of at least 24 × 24 px (WCAG 2.2, 2.5.8), and the results of what the user types are
// in sight without scrolling past the whole form: a strip at the foot of the screen shows the
// first results as they change, and its button brings all of them into view.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, typeInto } from './harness.mjs';

const h = setup();

/** Each calculator, its example button, and a field near the top of its form with two values. */
const calculators = [
  { hash: '#/qd?v=1&material=CdTe&model=yu-peng&lambda=516&A=0.1&path=1&dilution=1', example: null, field: '#lambda', value: '560' },
  { hash: 'quench.html#/quench', example: '#quench-example', field: '#quench-table-r1c1', value: '700' },
  { hash: 'gas.html#/gas', example: '#gas-example', field: '#gas-V', value: '5' },
  { hash: 'pec.html#/pec', example: '#pec-example', field: '#pec-a-jph', value: '2.5' },
];

const phone = (width) => ({ viewport: { width, height: 800 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });

for (const width of [390, 320]) {
  for (const { hash, example } of calculators) {
    test(`${hash.split('?')[0]} at ${width} px: nothing scrolls sideways and every control is at least 24 × 24 px`, () =>
      h.withPage({ hash, name: `phone-${width}-${hash.replace(/\W+/g, '-').slice(0, 30)}`, contextOptions: phone(width) }, async (page) => {
        if (example) await page.click(example);
        await page.locator('.outputs :is(.result, .fit-card) >> visible=true').first().waitFor();
        // Every folded part open: its controls count too.
        await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
        const overflow = await page.evaluate((w) => document.scrollingElement.scrollWidth - w, width);
        const beyond = await page.evaluate((w) => [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > w + 1 && !e.closest('.table-scroll, .fit-card, .comparison, .scales .params'))
          .slice(0, 3).map((e) => `${e.tagName}.${e.className}#${e.id}`).join(', '), width);
        assert.ok(overflow <= 0, `the page is ${overflow} px wider than the ${width} px phone: ${beyond}`);
        const small = await page.evaluate(() => [...document.querySelectorAll('a[href], button, input, select, textarea, summary')]
          // Links within a sentence are exempt (2.5.8's inline exception).
          .filter((e) => !(e.tagName === 'A' && e.closest('p, li, td') && !e.classList.contains('link-action')))
          .map((e) => ({ e, box: e.getBoundingClientRect() }))
          .filter(({ box }) => box.width > 0 && box.height > 0 && (box.width < 23.5 || box.height < 23.5))
          .map(({ e, box }) => `${e.tagName.toLowerCase()}#${e.id}[${e.type || ''}] ${box.width.toFixed(0)}×${box.height.toFixed(0)}`));
        assert.deepEqual(small, [], `controls smaller than 24 × 24 px:\n${small.join('\n')}`);
      }));
  }
}

for (const { hash, example, field, value } of calculators) {
  test(`${hash.split('?')[0]} on a 390 px phone: typing near the top shows its results at the foot of the screen`, () =>
    h.withPage({ hash, name: `strip-${hash.replace(/\W+/g, '-').slice(0, 30)}`, contextOptions: phone(390) }, async (page) => {
      if (example) await page.click(example);
      const strip = page.locator('.result-strip');
      await strip.locator('li').first().waitFor();
      const before = await strip.innerText();
      await page.locator(field).scrollIntoViewIfNeeded();
      await typeInto(page, field, value);
      await page.waitForFunction((b) => document.querySelector('.result-strip').innerText !== b, before);
      const box = await strip.boundingBox();
      const fieldBox = await page.locator(field).boundingBox();
      // The strip is on screen, and does not hide the field being typed in.
      assert.ok(box.y >= 0 && box.y + box.height <= 800 + 0.5, `the strip is off screen: ${JSON.stringify(box)}`);
      assert.ok(fieldBox.y + fieldBox.height <= box.y, `the strip covers the field: ${JSON.stringify(fieldBox)} ${JSON.stringify(box)}`);
      // Its lines are results by name, value and unit, the same as the result cards say.
      const lines = await strip.locator('li').allInnerTexts();
      assert.ok(lines.length >= 1 && lines.length <= 3, lines.join(' | '));
      for (const line of lines) assert.match(line, /\d/, `a result line without a number: ${line}`);
      // "All results" brings them into view.
      await strip.locator('button').click();
      await page.waitForFunction(() => { const r = document.getElementById('results-heading').getBoundingClientRect(); return r.top >= -1 && r.top < 200; });
    }));
}

test('on a wide screen the results sit beside the form and there is no strip', () =>
  h.withPage({ hash: 'quench.html#/quench' }, async (page) => {
    await page.click('#quench-example');
    await page.locator('.fit-card').first().waitFor();
    assert.equal(await page.locator('.result-strip').isVisible(), false);
  }));
