// Saved work is never lost: one test per way work used to be lost (the home page and back, a
// table too long for a link, someone else's link, a broken link, "Load example" / "Clear" /
// "Clear table" and Back, two tabs, saved work this version cannot read), plus storage that
// refuses writes and a clipboard that refuses the link. Each test checks what the user sees and what this browser's storage holds.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, text, typeInto, savedLink, waitReady, pasteInto, tableCells } from './harness.mjs';

const h = setup();

const QD = '#/qd';
const QUENCH = 'quench.html#/quench';
const QD_KEY = 'photocalc:qd';
const QUENCH_KEY = 'photocalc:quench';
const GAS = 'gas.html#/gas';
const GAS_KEY = 'photocalc:gas';
/** Someone else's calculation: 516 nm CdTe (2.73 nm). */
const SHARED = '#/qd?v=1&material=CdTe&model=yu-peng&lambda=516&A=0.1&path=1&dilution=1';
/** The work "I" type in these tests (not the example, not the shared link). */
const MINE = { material: 'CdSe', lambda: '550', absorbance: '0.25' };
/** The short link that stands for a calculation kept whole in this browser. */
const KEPT = '#/quench?v=1&kept=1';

/** What this browser's storage holds under `key` (null when nothing). */
async function stored(page, key = QD_KEY) {
  return page.evaluate((k) => localStorage.getItem(k), key);
}

/** Types MINE on the QD page and returns its link once written. */
async function typeMine(page) {
  await page.selectOption('#material', MINE.material);
  await typeInto(page, '#lambda', MINE.lambda);
  await typeInto(page, '#absorbance', MINE.absorbance);
  const link = await savedLink(page);
  assert.match(link, /lambda=550(&|$)/);
  return link;
}

/** The QD fields as shown. */
async function qdFields(page) {
  return {
    material: await page.inputValue('#material'),
    lambda: await page.inputValue('#lambda'),
    absorbance: await page.inputValue('#absorbance'),
  };
}

/**
 * Fails unless the calculator shows MINE. A Material list showing another material than the
 * calculation holds is pushed to `problems` when given (so that a test goes on to check the rest).
 */
async function assertShowsMine(page, when, problems = null) {
  const shown = await qdFields(page);
  assert.deepEqual({ ...shown, material: MINE.material }, MINE, `${when}: the calculator does not show the typed work (${JSON.stringify(shown)})`);
  if (shown.material !== MINE.material) {
    const message = `${when}: the Material list shows ${shown.material}, but the calculation is ${MINE.material} (address ${await savedLink(page)}, diameter ${await text(page, '#out-diameter')} nm)`;
    if (problems) problems.push(message);
    else assert.fail(message);
  }
}

/** Waits past the save delay (300 ms) and more, so that a late write would have happened. */
const settle = (page, ms = 1000) => page.waitForTimeout(ms);

/** A deterministic pseudo-random generator (mulberry32). */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The table rows a saved quench calculation holds, decoded as the app encodes them (deflate, base64url). */
async function storedTableRows(page, key = QUENCH_KEY) {
  return page.evaluate(async (k) => {
    const saved = localStorage.getItem(k);
    if (!saved) return null;
    const table = new URLSearchParams(saved.slice(saved.indexOf('?') + 1)).get('table');
    if (!table) return null;
    const b64 = table.replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4)), (c) => c.charCodeAt(0));
    const textOut = await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'))).text();
    return textOut.split('\n').filter((line) => line.length > 0).map((line) => line.split('\t'));
  }, key);
}

/** The gas page's time-course cells as shown: rows of time, amount. */
async function courseCells(page) {
  return page.locator('table#gas-course-table tbody').evaluate((tbody) =>
    [...tbody.querySelectorAll('tr.row')].map((tr) => [...tr.querySelectorAll('input[type=text]')].map((i) => i.value)));
}

/** Takes keyboard focus out of any field (as a click on the page background does). */
async function focusOutsideFields(page) {
  await page.evaluate(() => document.activeElement?.blur());
}

test('(1) typed work survives going to the home page and back with "Quantum-dot sizing" (a fresh load of #/ and the brand link)', () =>
  h.withPage({ hash: QD, name: 'saved-home-and-back' }, async (page, { newPage }) => {
    const mine = await typeMine(page);
    assert.equal(await stored(page), mine, 'the typed work was not saved in this browser');
    await page.close();

    // A fresh load of the home page, then its link to the calculator.
    const home = await newPage('#/');
    await home.locator('#open-qd').waitFor();
    await home.click('#open-qd');
    await home.locator('#lambda').waitFor();
    await assertShowsMine(home, 'home page (fresh load) → "Quantum-dot sizing"');
    assert.equal(await savedLink(home), mine, 'the address does not hold the saved work');
    await settle(home);
    assert.equal(await stored(home), mine, 'a second after opening the calculator from the home page, the saved work was replaced');

    // The brand link (home within the page), then "Quantum-dot sizing" again.
    await home.click('a.brand');
    await home.locator('#open-qd').waitFor();
    await settle(home, 500);
    assert.equal(await stored(home), mine, 'opening the home page with the brand link replaced the saved work');
    await home.click('#open-qd');
    await home.locator('#lambda').waitFor();
    await assertShowsMine(home, 'brand link → "Quantum-dot sizing"');
    await settle(home);
    assert.equal(await stored(home), mine, 'a second after coming back by the brand link, the saved work was replaced');

    // From the other page (quench.html) by its brand link: a fresh load of index.html.
    await home.goto(h.link(QUENCH));
    await waitReady(home);
    await home.click('a.brand');
    await home.waitForURL((url) => !url.pathname.endsWith('/quench.html'));
    await waitReady(home);
    await home.click('#open-qd');
    await home.locator('#lambda').waitFor();
    await assertShowsMine(home, 'quench page brand link → "Quantum-dot sizing"');
    await settle(home);
    assert.equal(await stored(home), mine, 'coming back from the quench page replaced the saved work');
  }));

test('(2) an 18,000-row table is kept whole: reload brings every row back under a short link, the first edit keeps them, Copy link says it is too long', () =>
  h.withPage({
    hash: QUENCH,
    name: 'saved-long-table',
    contextOptions: { permissions: ['clipboard-read', 'clipboard-write'] },
  }, async (page) => {
    const ROWS = 18_000;
    // Digits that do not compress: the link would be far over 200,000 bytes.
    const next = random(18000);
    const digits = (n) => Array.from({ length: n }, () => Math.floor(next() * 10)).join('');
    const rows = Array.from({ length: ROWS }, (_, i) => [`${i}.${digits(9)}`, `${Math.round(1000 / (1 + 0.0005 * i))}.${digits(9)}`]);
    assert.equal(await pasteInto(page, '#quench-table-r0c0', rows.map((r) => r.join('\t')).join('\n')), true, 'the paste was not taken by the table');
    assert.equal(await text(page, '#quench-table-count'), `${ROWS} rows`);
    assert.equal(await savedLink(page), KEPT, 'the address bar does not hold the short link of a calculation kept in this browser');
    const saved = await stored(page, QUENCH_KEY);
    assert.ok(saved, 'the long table was not saved in this browser');
    assert.ok(saved.startsWith('#/quench?v=1&') && saved.length > 200_000, `saved work is ${saved.length} bytes: "${saved.slice(0, 80)}…"`);
    const savedRows = await storedTableRows(page);
    assert.equal(savedRows.length, ROWS, 'the saved work does not hold every row');
    assert.deepEqual(savedRows[ROWS - 1].slice(0, 2), rows[ROWS - 1], 'the last row saved is not the last row pasted');

    // Copy link: nothing copied, and the page says why (in kB).
    await page.evaluate(() => navigator.clipboard.writeText('before'));
    await page.click('#copy-link');
    await page.waitForFunction(() => document.querySelector('#share-message')?.innerText.trim().length > 0);
    const message = await text(page, '#share-message');
    assert.match(message, /kB/, `#share-message: "${message}"`);
    assert.match(message, /long|more than/i, `#share-message: "${message}"`);
    assert.notEqual(await text(page, '#copy-link'), 'Link copied');
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), 'before', 'Copy link put something on the clipboard');
    assert.equal(await page.locator('#share-link').isVisible(), false, 'a link is offered although none can hold the calculation');

    // Reload: every row is back, under the short link, with no problem shown.
    await page.reload();
    await waitReady(page);
    assert.equal(await text(page, '#quench-table-count'), `${ROWS} rows`, 'after a reload the long table is not back');
    assert.equal(await page.inputValue('#quench-table-r0c1'), rows[0][1]);
    assert.equal(await page.evaluate(() => location.hash), KEPT);
    const problem = page.locator('#link-problem');
    assert.equal(await problem.isVisible(), false, `after a reload: ${await problem.isVisible() && await problem.innerText()}`);

    // The first edit after the reload keeps the rows (in the page, the storage and the next reload).
    await typeInto(page, '#quench-table-r0c1', '999.5');
    assert.equal(await savedLink(page), KEPT);
    assert.equal(await text(page, '#quench-table-count'), `${ROWS} rows`);
    const afterEdit = await storedTableRows(page);
    assert.equal(afterEdit?.length, ROWS, `the first edit after the reload saved ${afterEdit?.length} rows`);
    assert.equal(afterEdit[0][1], '999.5', 'the edit was not saved');
    assert.deepEqual(afterEdit[ROWS - 1].slice(0, 2), rows[ROWS - 1]);
    await page.reload();
    await waitReady(page);
    assert.equal(await text(page, '#quench-table-count'), `${ROWS} rows`, 'after an edit and a reload the long table is not back');
    assert.equal(await page.inputValue('#quench-table-r0c1'), '999.5');
  }));

test('(3) opening someone else\'s link keeps my saved work; "Open my work", Back and "Make this my work" do what they say', () =>
  h.withPage({ hash: QD, name: 'saved-shared-link' }, async (page, { newPage }) => {
    const mine = await typeMine(page);
    assert.equal(await stored(page), mine);
    await page.close();

    const shared = await newPage(SHARED);
    assert.equal(await text(shared, '#out-diameter'), '2.73', 'the shared calculation is not shown');
    assert.ok(await shared.locator('#shared-banner').isVisible(), 'no banner says this is a shared calculation');
    assert.equal(await stored(shared), mine, 'opening the link replaced the saved work');
    // Editing the shared calculation: the address follows, the saved work does not.
    await typeInto(shared, '#absorbance', '0.2');
    const edited = await savedLink(shared);
    assert.match(edited, /lambda=516(&|$)/);
    assert.match(edited, /A=0\.2(&|$)/);
    await settle(shared);
    assert.equal(await stored(shared), mine, 'editing the shared calculation replaced the saved work');
    // A reload of the edited shared link is still the shared calculation.
    await shared.reload();
    await waitReady(shared);
    assert.ok(await shared.locator('#shared-banner').isVisible(), 'after a reload the shared calculation is taken for my own');
    assert.equal(await shared.inputValue('#absorbance'), '0.2');
    await settle(shared, 500);
    assert.equal(await stored(shared), mine, 'reloading the shared calculation replaced the saved work');

    // "Open my work": my calculation, saved as it was.
    await shared.click('#open-own-work');
    await assertShowsMine(shared, '"Open my work"');
    assert.equal(await shared.locator('#shared-banner').isVisible(), false);
    assert.equal(await savedLink(shared), mine);
    assert.equal(await stored(shared), mine);

    // Back: the shared calculation as I left it, still not saved over mine.
    await shared.goBack();
    await shared.waitForFunction(() => location.hash.includes('lambda=516'));
    assert.equal(await shared.inputValue('#lambda'), '516', 'Back did not return to the shared calculation');
    assert.equal(await shared.inputValue('#absorbance'), '0.2');
    assert.ok(await shared.locator('#shared-banner').isVisible(), 'after Back the shared calculation is not marked shared');
    await settle(shared);
    assert.equal(await stored(shared), mine, 'Back to the shared calculation replaced the saved work');

    // "Make this my work": now it is saved.
    await shared.click('#keep-shared');
    assert.equal(await shared.locator('#shared-banner').isVisible(), false);
    const kept = await savedLink(shared);
    assert.equal(await stored(shared), kept, '"Make this my work" did not save the shared calculation');
    assert.match(kept, /lambda=516(&|$)/);
    assert.match(kept, /A=0\.2(&|$)/);
  }));

test('(4) after a broken link, the next navigation or edit does not replace the saved work with defaults', () =>
  h.withPage({ hash: QD, name: 'saved-broken-link' }, async (page, { newPage }) => {
    const mine = await typeMine(page);
    await page.close();

    for (const broken of ['#/qd?v=99&lambda=516', '#/qd?v=1&material=Unobtainium&lambda=516']) {
      const p = await newPage(broken);
      const problem = p.locator('#link-problem');
      assert.ok(await problem.isVisible(), `${broken}: no #link-problem`);
      assert.equal(await problem.getAttribute('role'), 'alert');
      await assertShowsMine(p, `${broken} (the saved work opens instead)`);
      assert.equal(await savedLink(p), broken, `${broken}: the broken link left the address bar before any change`);
      await settle(p, 500);
      assert.equal(await stored(p), mine, `${broken}: opening the broken link changed the saved work`);

      // Home with the brand link, and back with "Quantum-dot sizing".
      await p.click('a.brand');
      await p.locator('#open-qd').waitFor();
      await p.click('#open-qd');
      await p.locator('#lambda').waitFor();
      await assertShowsMine(p, `${broken} → home → "Quantum-dot sizing"`);
      await settle(p);
      assert.equal(await stored(p), mine, `${broken} → home → "Quantum-dot sizing": the saved work was replaced`);
      // Back twice, to the broken link's entry.
      await p.goBack();
      await p.locator('#open-qd').waitFor();
      await p.goBack();
      await p.waitForFunction((b) => location.hash === b, broken);
      await p.locator('#lambda').waitFor();
      await assertShowsMine(p, `${broken} → home → calculator → Back → Back`);
      await settle(p);
      assert.equal(await stored(p), mine, `${broken}: Back to the broken link replaced the saved work`);
      await p.close();
    }

    // An edit after a broken link: the saved work, with the edit, is what is saved.
    const p = await newPage('#/qd?v=99&lambda=516');
    await assertShowsMine(p, 'v=99 link');
    await typeInto(p, '#dilution', '3');
    const edited = await savedLink(p);
    assert.doesNotMatch(edited, /v=99/, 'the broken link is still in the address bar after an edit');
    assert.match(edited, /material=CdSe/);
    assert.match(edited, /lambda=550(&|$)/);
    assert.match(edited, /A=0\.25(&|$)/);
    assert.match(edited, /dilution=3(&|$)/);
    assert.equal(await stored(p), edited, 'the edit after a broken link did not save the saved work with the edit');
  }));

test('(5a) "Load example" and "Clear" can be undone (button, Ctrl+Z outside fields, not inside one); Back after "Load example" returns to my calculation', () =>
  h.withPage({ hash: QD, name: 'saved-undo-qd' }, async (page) => {
    const mine = await typeMine(page);
    const origin = new URL(page.url()).origin;
    const historyBefore = await page.evaluate(() => history.length);
    const EXAMPLE = { material: 'CdTe', lambda: '516', absorbance: '0.1' };
    const CLEARED = { material: 'CdTe', lambda: '', absorbance: '' };
    const problems = [];

    await page.click('#load-example');
    assert.deepEqual(await qdFields(page), EXAMPLE);
    assert.ok(await page.locator('#undo-bar').isVisible(), 'no undo bar after "Load example"');
    assert.equal(await page.locator('#undo-bar').getAttribute('role'), 'status');
    assert.equal(await text(page, '#undo-message'), 'Example loaded.');
    assert.equal(await page.evaluate(() => history.length), historyBefore + 1, '"Load example" added no history entry');
    assert.match(await savedLink(page), /lambda=516(&|$)/);

    // Back: my calculation, in the page (not the page before the site); Forward: the example.
    await page.goBack();
    assert.equal(new URL(page.url()).origin, origin, 'Back after "Load example" left the site');
    await page.waitForFunction(() => location.hash.includes('lambda=550'));
    await assertShowsMine(page, 'Back after "Load example"', problems);
    await settle(page, 500);
    assert.equal(await stored(page), mine, 'after Back the saved work is not my calculation');
    await page.goForward();
    await page.waitForFunction(() => location.hash.includes('lambda=516'));
    assert.deepEqual(await qdFields(page), EXAMPLE, 'Forward did not return to the example');

    // The undo button, then redo.
    await page.click('#undo');
    await assertShowsMine(page, 'Undo of "Load example"', problems);
    assert.equal(await text(page, '#undo-message'), 'Undone: Example loaded.');
    assert.equal(await savedLink(page), mine);
    assert.equal(await stored(page), mine, 'after Undo the saved work is not my calculation');
    await page.click('#redo');
    assert.deepEqual(await qdFields(page), EXAMPLE, 'Redo did not bring the example back');

    // "Clear", undone and redone from the keyboard with focus outside the fields.
    await page.click('#reset');
    assert.deepEqual(await qdFields(page), CLEARED);
    assert.equal(await text(page, '#undo-message'), 'Calculator cleared.');
    await focusOutsideFields(page);
    await page.keyboard.press('ControlOrMeta+z');
    assert.deepEqual(await qdFields(page), EXAMPLE, 'Ctrl+Z did not undo "Clear"');
    await page.keyboard.press('ControlOrMeta+Shift+z');
    assert.deepEqual(await qdFields(page), CLEARED, 'Ctrl+Shift+Z did not redo "Clear"');
    await page.keyboard.press('ControlOrMeta+z');
    assert.deepEqual(await qdFields(page), EXAMPLE);
    await page.keyboard.press('ControlOrMeta+y');
    assert.deepEqual(await qdFields(page), CLEARED, 'Ctrl+Y did not redo "Clear"');
    await page.keyboard.press('ControlOrMeta+z');
    assert.deepEqual(await qdFields(page), EXAMPLE);
    assert.match(await savedLink(page), /lambda=516(&|$)/);

    // Ctrl+Z in a field is the field's own undo: the page's calculation is not replaced.
    await typeInto(page, '#absorbance', '0.3');
    const message = await text(page, '#undo-message');
    await page.focus('#absorbance');
    await page.keyboard.press('ControlOrMeta+z');
    const after = await qdFields(page);
    assert.equal(after.lambda, '516', `Ctrl+Z in a field undid a whole-calculation change: ${JSON.stringify(after)}`);
    assert.notEqual(after.absorbance, '', 'Ctrl+Z in a field undid a whole-calculation change');
    assert.equal(await text(page, '#undo-message'), message, 'Ctrl+Z in a field ran the page\'s undo');
    assert.deepEqual(problems, [], 'the page shows another calculation than it computes');
  }));

test('(5b) "Clear table", removing a row and pasting over cells can be undone (Ctrl+Z outside the fields, the button); Back after "Load example" returns to my table', () =>
  h.withPage({ hash: QUENCH, name: 'saved-undo-quench' }, async (page) => {
    await page.click('#quench-example');
    await typeInto(page, '#quench-table-r3c1', '640');
    const mine = await savedLink(page);
    assert.equal(await stored(page, QUENCH_KEY), mine);
    const cells = await tableCells(page);
    assert.equal(cells.length, 9);

    await page.click('#quench-table-clear');
    assert.deepEqual((await tableCells(page)).flat().filter((c) => c !== ''), [], '"Clear table" left cells');
    assert.ok(await page.locator('#undo-bar').isVisible(), 'no undo bar after "Clear table"');
    assert.equal(await text(page, '#undo-message'), 'Table cleared.');
    await savedLink(page);
    // Focus is on the "Clear table" button, not in a field: Ctrl+Z is the page's undo.
    await page.keyboard.press('ControlOrMeta+z');
    assert.deepEqual(await tableCells(page), cells, 'Ctrl+Z did not bring the cleared table back');
    assert.equal(await text(page, '#quench-table-count'), '9 rows');
    assert.equal(await savedLink(page), mine);
    assert.equal(await stored(page, QUENCH_KEY), mine, 'after undoing "Clear table" the saved work is not the table');

    await page.keyboard.press('ControlOrMeta+Shift+z');
    assert.deepEqual((await tableCells(page)).flat().filter((c) => c !== ''), [], 'Ctrl+Shift+Z did not clear the table again');
    await page.click('#undo');
    assert.deepEqual(await tableCells(page), cells, 'the Undo button did not bring the cleared table back');
    assert.equal(await savedLink(page), mine);
    assert.equal(await stored(page, QUENCH_KEY), mine);

    // Removing a row and pasting over cells are undone the same way.
    await page.getByRole('button', { name: 'Remove row 2', exact: true }).click();
    assert.equal((await tableCells(page)).length, 8);
    assert.equal(await text(page, '#undo-message'), 'Row 2 removed.');
    await page.click('#undo');
    assert.deepEqual(await tableCells(page), cells, 'Undo did not bring the removed row back');
    await pasteInto(page, '#quench-table-r0c0', '5\t5\n6\t6');
    assert.deepEqual((await tableCells(page)).slice(0, 2).map((r) => r.slice(0, 2)), [['5', '5'], ['6', '6']]);
    await focusOutsideFields(page);
    await page.keyboard.press('ControlOrMeta+z');
    assert.deepEqual(await tableCells(page), cells, 'Ctrl+Z did not undo the paste over cells');
    assert.equal(await savedLink(page), mine);
    assert.equal(await stored(page, QUENCH_KEY), mine);

    // "Load example" over my table, then Back: my table.
    await page.click('#quench-example');
    assert.equal(await page.inputValue('#quench-table-r3c1'), '652');
    await savedLink(page);
    await page.goBack();
    await page.waitForFunction((m) => location.hash === m, mine);
    assert.equal(await page.inputValue('#quench-table-r3c1'), '640', 'Back after "Load example" did not return to my table');
    await settle(page, 500);
    assert.equal(await stored(page, QUENCH_KEY), mine);
  }));

test('(5c) Back pressed at once after "Load example" (within the 300 ms save delay) still returns to the calculation before', () =>
  h.withPage({ hash: QD, name: 'saved-quick-back-example' }, async (page) => {
    const mine = await typeMine(page);
    const problems = [];
    // "Load example" by mistake, and Back (Alt+←) straight away.
    await page.click('#load-example');
    await page.goBack();
    await savedLink(page);
    assert.equal(await page.evaluate(() => location.hash), mine, 'Back pressed at once after "Load example": the entry before it now holds another calculation');
    await assertShowsMine(page, 'Back pressed at once after "Load example"', problems);
    assert.equal(await stored(page), mine);
    await page.goForward();
    await savedLink(page);
    assert.deepEqual(await qdFields(page), { material: 'CdTe', lambda: '516', absorbance: '0.1' }, 'Forward did not return to the example');
    assert.deepEqual(problems, [], 'the page shows another calculation than it computes');
  }));

test('(5d) Back pressed at once after a keystroke (within the 300 ms save delay) returns to the calculation before; Forward shows the keystroke', () =>
  h.withPage({ hash: QD, name: 'saved-quick-back-typing' }, async (page) => {
    const mine = await typeMine(page);
    const problems = [];
    await page.click('#load-example');
    await savedLink(page);
    // A keystroke in the example, and Back straight away.
    await typeInto(page, '#absorbance', '0.3');
    await page.goBack();
    await savedLink(page);
    assert.equal(await page.evaluate(() => location.hash), mine, 'Back pressed at once after typing: the entry before now holds another calculation');
    await assertShowsMine(page, 'Back pressed at once after typing', problems);
    assert.equal(await stored(page), mine);
    await page.goForward();
    await savedLink(page);
    assert.deepEqual(await qdFields(page), { material: 'CdTe', lambda: '516', absorbance: '0.3' }, 'Forward did not return to the example as last typed');
    assert.deepEqual(problems, [], 'the page shows another calculation than it computes');
  }));

test('(5e) on the gas page, "Clear table" of the time course can be undone (Ctrl+Z outside the fields, the button), with its results and the saved work', () =>
  h.withPage({ hash: GAS, name: 'saved-undo-gas' }, async (page) => {
    await page.click('#gas-example');
    await typeInto(page, '#gas-course-table-r3c1', '1.65'); // my own reading at 3 h
    const mine = await savedLink(page);
    assert.equal(await stored(page, GAS_KEY), mine);
    const cells = await courseCells(page);
    assert.equal(cells.length, 9);
    assert.deepEqual(cells[3], ['3', '1.65']);
    const rate = await text(page, '#out-initial-rate');

    await page.click('#gas-course-table-clear');
    assert.deepEqual((await courseCells(page)).flat().filter((c) => c !== ''), [], '"Clear table" left cells');
    assert.equal(await page.locator('#out-initial-rate').count(), 0, 'the initial rate of the cleared course is still shown');
    assert.ok(await page.locator('#undo-bar').isVisible(), 'no undo bar after "Clear table"');
    assert.equal(await text(page, '#undo-message'), 'Table cleared.');
    assert.doesNotMatch(await savedLink(page), /[?&]course=/);
    // Focus is on the "Clear table" button, not in a field: Ctrl+Z is the page's undo.
    await page.keyboard.press('ControlOrMeta+z');
    assert.deepEqual(await courseCells(page), cells, 'Ctrl+Z did not bring the cleared time course back');
    assert.equal(await text(page, '#out-initial-rate'), rate, 'the initial rate did not come back with the table');
    assert.equal(await savedLink(page), mine);
    assert.equal(await stored(page, GAS_KEY), mine, 'after undoing "Clear table" the saved work is not the time course');

    await page.keyboard.press('ControlOrMeta+Shift+z');
    assert.deepEqual((await courseCells(page)).flat().filter((c) => c !== ''), [], 'Ctrl+Shift+Z did not clear the table again');
    await page.click('#undo');
    assert.deepEqual(await courseCells(page), cells, 'the Undo button did not bring the cleared time course back');
    assert.equal(await savedLink(page), mine);
    assert.equal(await stored(page, GAS_KEY), mine);
  }));

test('(6) two tabs: a change in tab B is announced in tab A, which does not save over it until the user chooses; both choices do what they say', () =>
  h.withPage({ hash: QD, name: 'saved-two-tabs' }, async (a, { newPage }) => {
    await typeMine(a);
    const b = await newPage(QD);
    await assertShowsMine(b, 'tab B opened on the saved work');
    await typeInto(b, '#lambda', '600');
    const fromB = await savedLink(b);
    assert.equal(await stored(b), fromB);

    const conflict = a.locator('#tab-conflict');
    await conflict.waitFor({ state: 'visible', timeout: 5000 }).catch(() => {});
    assert.ok(await conflict.isVisible(), 'tab A does not say that tab B changed the saved work');
    assert.equal(await conflict.getAttribute('role'), 'alert');
    // Tab A edits on: its address follows, storage keeps tab B's work.
    await typeInto(a, '#dilution', '2');
    const fromA = await savedLink(a);
    assert.match(fromA, /lambda=550(&|$)/);
    assert.match(fromA, /dilution=2(&|$)/);
    await settle(a);
    assert.equal(await stored(a), fromB, 'tab A saved over the work tab B saved');
    assert.ok(await conflict.isVisible());

    // "Keep this tab's version": tab A's work is saved; now tab B is told.
    await a.click('#keep-this-tab');
    assert.equal(await conflict.isVisible(), false);
    await savedLink(a);
    assert.equal(await stored(a), fromA, '"Keep this tab\'s version" did not save tab A\'s work');
    await b.locator('#tab-conflict').waitFor({ state: 'visible', timeout: 5000 }).catch(() => {});
    assert.ok(await b.locator('#tab-conflict').isVisible(), 'tab B does not say that tab A saved other work');
    await settle(b, 500);
    assert.equal(await stored(b), fromA, 'tab B saved over tab A\'s kept work');

    // "Show the other tab's version" in tab B: tab A's work, and saving resumes.
    await b.click('#load-other-tab');
    assert.equal(await b.locator('#tab-conflict').isVisible(), false);
    assert.equal(await b.inputValue('#lambda'), '550', '"Show the other tab\'s version" did not show tab A\'s work');
    assert.equal(await b.inputValue('#dilution'), '2');
    assert.equal(await savedLink(b), fromA);
    assert.equal(await stored(b), fromA);
    await typeInto(b, '#absorbance', '0.4');
    const resumed = await savedLink(b);
    assert.match(resumed, /A=0\.4(&|$)/);
    assert.equal(await stored(b), resumed, 'after choosing, tab B does not save its work');
  }));

/** Types on the QD page of a context whose storage refuses writes and checks what the page says. */
async function assertNotSavedShown(newPage, how) {
  const page = await newPage(QD);
  await typeInto(page, '#lambda', '516');
  const link = await savedLink(page);
  assert.match(link, /lambda=516(&|$)/, `${how}: the address does not hold the calculation`);
  const alert = page.locator('#not-saved');
  assert.ok(await alert.isVisible(), `${how}: the page does not say that work is not being saved`);
  assert.equal(await alert.getAttribute('role'), 'alert');
  assert.match(await alert.innerText(), /not being saved/i);
  assert.equal(await text(page, '#out-diameter'), '2.73', `${how}: the calculator stopped working`);
  return page;
}

test('(7) saved work this version cannot read (a newer version\'s) is put aside when the page first saves, and stays as it was through later saves', () =>
  h.withPage({ hash: QD, name: 'unreadable-put-aside' }, async (first, { newPage }) => {
    const newer = '#/qd?v=99&lambda=600';
    await first.evaluate(([k, v]) => { localStorage.clear(); localStorage.setItem(k, v); }, [QD_KEY, newer]);
    await first.close();
    const page = await newPage(QD);
    await typeInto(page, '#lambda', '550');
    assert.match(await savedLink(page), /lambda=550(&|$)/);
    assert.match(await stored(page), /lambda=550(&|$)/);
    assert.equal(await stored(page, `${QD_KEY}:unreadable`), newer);
    // Later saves write over this tab's own work only: what was put aside is not replaced by it.
    for (const lambda of ['560', '570']) {
      await typeInto(page, '#lambda', lambda);
      assert.match(await savedLink(page), new RegExp(`lambda=${lambda}(&|$)`));
      assert.match(await stored(page), new RegExp(`lambda=${lambda}(&|$)`));
      assert.equal(await stored(page, `${QD_KEY}:unreadable`), newer);
    }
  }));

test('storage that refuses writes (full, or turned off): #not-saved says work is not being saved', async () => {
  await h.withPage({ hash: QD, name: 'not-saved-full' }, async (first, { context, newPage }) => {
    await first.evaluate(() => localStorage.clear());
    await first.close();
    await context.addInitScript(() => {
      Storage.prototype.setItem = function setItem() {
        throw new DOMException('Failed to execute \'setItem\' on \'Storage\': Setting the value exceeded the quota.', 'QuotaExceededError');
      };
    });
    const page = await assertNotSavedShown(newPage, 'storage full');
    assert.equal(await stored(page), null);
  });
  await h.withPage({ hash: QD, name: 'not-saved-off' }, async (first, { context, newPage }) => {
    await first.close();
    await context.addInitScript(() => {
      Object.defineProperty(window, 'localStorage', {
        configurable: true,
        get() { throw new DOMException('Access is denied for this document.', 'SecurityError'); },
      });
    });
    await assertNotSavedShown(newPage, 'storage turned off');
  });
});

/** Clicks Copy link where the clipboard is unusable and checks the link is offered to copy by hand. */
async function assertCopyByHand(page, how) {
  const hash = await savedLink(page);
  await page.click('#copy-link');
  const field = page.locator('#share-link');
  await field.waitFor({ state: 'visible', timeout: 3000 }).catch(() => {});
  await page.waitForTimeout(200);
  assert.notEqual(await text(page, '#copy-link'), 'Link copied', `${how}: the button says "Link copied" though nothing was copied`);
  assert.ok(await field.isVisible(), `${how}: the link is not shown for copying by hand`);
  const shown = await field.inputValue();
  assert.equal(shown, h.link(hash), `${how}: the link shown is not the calculation's`);
  const selection = await page.evaluate(() => {
    const f = document.getElementById('share-link');
    return { focused: document.activeElement === f, start: f.selectionStart, end: f.selectionEnd, length: f.value.length };
  });
  assert.deepEqual(selection, { focused: true, start: 0, end: shown.length, length: shown.length }, `${how}: the link is not selected for copying`);
  const message = await text(page, '#share-message');
  assert.match(message, /copy it|Ctrl\+C/i, `${how}: #share-message "${message}" does not say to copy the link by hand`);
}

test('Copy link without a usable clipboard (API missing, write refused): the link is shown selected and the page says to copy it by hand', async () => {
  await h.withPage({ hash: QD, name: 'clipboard-missing' }, async (first, { context, newPage }) => {
    await first.close();
    await context.addInitScript(() => { delete Navigator.prototype.clipboard; });
    const page = await newPage(SHARED);
    assert.equal(await page.evaluate(() => navigator.clipboard), undefined, 'the test did not remove navigator.clipboard');
    await assertCopyByHand(page, 'navigator.clipboard missing');
  });
  await h.withPage({ hash: QD, name: 'clipboard-refused' }, async (first, { context, newPage }) => {
    await first.close();
    await context.addInitScript(() => {
      if (typeof Clipboard === 'undefined') return; // about:blank, before the page
      Clipboard.prototype.writeText = function writeText() {
        return Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError'));
      };
    });
    const page = await newPage(SHARED);
    assert.equal(await page.evaluate(() => navigator.clipboard.writeText('x').then(() => 'written', (e) => e.name)), 'NotAllowedError',
      'the test did not make clipboard writes fail');
    await assertCopyByHand(page, 'clipboard write refused');
  });
});
