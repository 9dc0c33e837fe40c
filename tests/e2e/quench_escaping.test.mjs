// The quench results are written as one HTML string (to keep the page's wasm small); every
// piece of text a user can influence must arrive escaped. A typed model and a table cell
// carrying markup must show as text, create no element, and run no script.
import test from 'node:test';
import assert from 'node:assert/strict';
import { setup, typeInto } from './harness.mjs';

const h = setup();

const EXAMPLE_TABLE = [[0, 1000], [1, 865], [2, 761], [4, 652], [6, 577], [8, 538], [10, 499], [15, 449], [20, 414]];

test('markup typed into the model or a cell is shown as text, never run', () =>
  h.withPage({ hash: 'quench.html#/quench', name: 'quench-escaping' }, async (page) => {
    await page.click('#quench-example');
    await page.locator('article.fit-card[data-model="langmuir"]').waitFor();
    // A model that parses, whose text carries markup-like characters only through a valid
    // expression, and one that does not parse and is quoted in its message.
    // (On the default I₀/I scale: 1 + …, so that it is finite at [Q] = 0.)
    await typeInto(page, '#typed-model', '1+K*x/(1+K*x)');
    await page.locator('article.fit-card[data-model="typed"]').waitFor();
    const card = await page.locator('article.fit-card[data-model="typed"] h3').innerText();
    assert.match(card, /1\+K\*x\/\(1\+K\*x\)/);
    await typeInto(page, '#typed-model', '<img src=x onerror="window.__pwned=1">');
    const message = await page.locator('#typed-model-msg').innerText();
    assert.match(message, /character/i, message);
    await typeInto(page, '#quench-table-r2c1', '<b id="injected">7</b>');
    const tableMessages = await page.locator('#table-msg').innerText();
    assert.match(tableMessages, /row 3/, tableMessages);
    assert.equal(await page.locator('#injected').count(), 0, 'no element was created from a cell');
    assert.equal(await page.locator('.results-block img, .results-block b#injected').count(), 0);
    assert.equal(await page.evaluate(() => window.__pwned), undefined, 'no script ran');
  }));

test('the example table pasted by hand gives the same fits as Load example', () =>
  h.withPage({ hash: 'quench.html#/quench', name: 'quench-paste' }, async (page) => {
    await page.click('#quench-example');
    const expected = await page.locator('article.fit-card[data-model="langmuir"] table.params').innerText();
    await page.click('#quench-reset');
    const block = EXAMPLE_TABLE.map((r) => r.join('\t')).join('\n');
    await page.evaluate((text) => {
      const cell = document.querySelector('#quench-table-r0c0');
      const data = new DataTransfer();
      data.setData('text', text);
      cell.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, block);
    await page.locator('article.fit-card[data-model="langmuir"]').waitFor();
    assert.equal(await page.locator('article.fit-card[data-model="langmuir"] table.params').innerText(), expected);
  }));
