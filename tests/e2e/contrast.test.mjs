// Fields can be seen (issue 11, WCAG 2.1 1.4.11 non-text contrast): on every page, in the light and the
// dark theme, each text field's, select's and text box's border, and the focus ring, contrast at least
// 3:1 with the backgrounds they sit on (the cards, the fields, the page). They were 1.5:1 and 1.7:1.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup } from './harness.mjs';

const h = setup();

/** WCAG relative luminance of an `rgb(…)`/`rgba(…)` colour as computed styles give it. */
function luminance(css) {
  const [r, g, b] = css.match(/[\d.]+/g).slice(0, 3).map(Number).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two colours. */
function contrast(a, b) {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

for (const scheme of ['light', 'dark']) for (const hash of ['#/qd', 'quench.html#/quench', 'gas.html#/gas', 'pec.html#/pec']) {
  test(`${hash}, ${scheme} theme: field borders and the focus ring contrast at least 3:1 with the card, the field and the page`, () =>
    h.withPage({ hash, name: `contrast-${scheme}-${hash.replace(/\W+/g, '-')}`, contextOptions: { colorScheme: scheme } }, async (page) => {
      // The page's background, a card's and a field's, as the theme paints them.
      const backgrounds = await page.evaluate(() => [document.body, document.documentElement, document.querySelector('.inputs'), document.querySelector('input[type=text]')]
        .map((e) => getComputedStyle(e).backgroundColor)
        .filter((c) => !/rgba\(0, 0, 0, 0\)|transparent/.test(c)));
      assert.ok(backgrounds.length >= 3, `backgrounds: ${backgrounds}`);
      const borders = await page.evaluate(() => [...document.querySelectorAll('input[type=text], select, textarea')]
        .filter((e) => e.offsetParent !== null)
        .map((e) => ({ id: e.id, colour: getComputedStyle(e).borderTopColor, invalid: e.getAttribute('aria-invalid') === 'true' })));
      assert.ok(borders.length >= 3, `${borders.length} fields found`);
      for (const { id, colour } of borders) {
        for (const bg of backgrounds) {
          const ratio = contrast(colour, bg);
          assert.ok(ratio >= 3, `#${id}: border ${colour} on ${bg} is ${ratio.toFixed(2)}:1`);
        }
      }
      // The focus ring of a field reached with the keyboard.
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      const ring = await page.evaluate(() => {
        const e = document.activeElement;
        const style = getComputedStyle(e);
        return { tag: e.tagName, style: style.outlineStyle, width: parseFloat(style.outlineWidth), colour: style.outlineColor };
      });
      assert.notEqual(ring.style, 'none', `the focused ${ring.tag} has no focus ring`);
      assert.ok(ring.width >= 2, `the focus ring is ${ring.width}px`);
      for (const bg of backgrounds) {
        const ratio = contrast(ring.colour, bg);
        assert.ok(ratio >= 3, `focus ring ${ring.colour} on ${bg} is ${ratio.toFixed(2)}:1`);
      }
    }));
}
