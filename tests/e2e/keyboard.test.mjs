// Keyboard-only use and labels: every control can be reached with Tab, in a sensible order,
// and every form control has an accessible name.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, text } from './harness.mjs';

const h = setup();

/** Presses Tab up to `max` times from the top of the page; returns the ids (or tags) focused. */
async function tabOrder(page, max = 60) {
  const order = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const e = document.activeElement;
      if (!e || e === document.body) return null;
      return e.id ? `#${e.id}` : `${e.tagName.toLowerCase()}${e.className ? '.' + e.className.split(' ')[0] : ''}:${(e.innerText || e.getAttribute('aria-label') || '').trim().slice(0, 20)}`;
    });
    if (focused === null) break; // focus left the page: one full round
    order.push(focused);
    if (order.filter((f) => f === focused).length > 1) break;
  }
  return order;
}

test('Tab reaches the controls in reading order, and typing in them works', () =>
  h.withPage({ hash: '#/qd', name: 'keyboard' }, async (page) => {
    const order = await tabOrder(page);
    for (const id of ['#copy-link', '#load-example', '#material', '#model', '#mode-forward', '#lambda', '#absorbance', '#path', '#dilution', '#hwhm']) {
      assert.ok(order.includes(id), `${id} is never focused by Tab; order: ${order.join(' → ')}`);
    }
    const at = (id) => order.indexOf(id);
    assert.ok(at('#material') < at('#model') && at('#model') < at('#lambda') && at('#lambda') < at('#absorbance')
      && at('#absorbance') < at('#path') && at('#path') < at('#dilution'), `order: ${order.join(' → ')}`);
    // Keyboard only, from a fresh page: Tab to λ and type.
    await page.reload();
    await page.waitForFunction(() => document.documentElement.dataset.ready === '1');
    for (let i = 0; i <= at('#lambda'); i++) await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'lambda');
    const outline = await page.evaluate(() => {
      const s = getComputedStyle(document.activeElement);
      return { style: s.outlineStyle, width: parseFloat(s.outlineWidth), shadow: s.boxShadow };
    });
    assert.ok((outline.style !== 'none' && outline.width > 0) || outline.shadow !== 'none', `focused λ has no visible focus mark: ${JSON.stringify(outline)}`);
    await page.keyboard.type('516');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'absorbance');
    await page.keyboard.type('0.1');
    assert.equal(await text(page, '#out-diameter'), '2.73');
    assert.notEqual(await text(page, '#out-concentration'), '—');

    // Change the material with the keyboard alone.
    await page.focus('#material');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.inputValue('#material'), 'CdSe');
    // Switch to inverse mode with the keyboard.
    await page.focus('#mode-forward');
    await page.keyboard.press('ArrowRight');
    assert.ok(await page.isChecked('#mode-inverse'));
    await page.locator('#wanted-diameter').waitFor();
    // Enter on Copy link works too.
    await page.focus('#copy-link');
    await page.keyboard.press('Enter');
    await page.locator('#share-link').waitFor();
  }));

test('every input, select and textarea has a label', () =>
  h.withPage({ hash: '#/qd?v=1&lambda=516&A=0.1', name: 'labels' }, async (page) => {
    // Messages are tied to their fields.
    for (const id of ['lambda', 'path']) {
      assert.equal(await page.getAttribute(`#${id}`, 'aria-describedby'), `${id}-msg`);
    }
    const views = [
      null,
      async () => page.selectOption('#model', 'brus'),
      async () => { await page.selectOption('#material', 'PbS'); },
      async () => { await page.check('#mode-inverse'); },
      async () => { await page.locator('details.import summary').click(); await page.click('#copy-link'); },
    ];
    for (const change of views) {
      if (change) await change();
      const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea')]
        .filter((e) => e.type !== 'hidden')
        .filter((e) => {
          const byLabel = e.labels && [...e.labels].some((l) => l.textContent.trim().length > 0);
          const byAria = (e.getAttribute('aria-label') || '').trim().length > 0;
          const byRef = (e.getAttribute('aria-labelledby') || '').split(/\s+/).some((id) => document.getElementById(id)?.textContent.trim());
          return !(byLabel || byAria || byRef);
        })
        .map((e) => e.id || e.outerHTML.slice(0, 80)));
      assert.deepEqual(unlabelled, [], 'controls without a label');
    }
    // Buttons have names too.
    const nameless = await page.evaluate(() => [...document.querySelectorAll('button')]
      .filter((b) => !(b.textContent.trim() || b.getAttribute('aria-label'))).map((b) => b.outerHTML.slice(0, 80)));
    assert.deepEqual(nameless, []);
  }));
