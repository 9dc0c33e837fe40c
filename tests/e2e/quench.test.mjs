// The quenching and binding page (quench.html) as a user drives it: the example and its fits
// against the command line and the truth the example was generated from, share links and
// saved work, typing and pasting into the data table, bad input, a typed model, units,
// charts and their downloads, the keyboard, a phone, and the links between the two pages.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { setup, text, typeInto, draws, assertNoNonNumbers, screenshot, repoRoot, subPath, savedLink, pasteInto, tableCells, cliEval, chartInView } from './harness.mjs';

import {
  QUENCH, TRUE_K_L, TRUE_F, TRUE_I0, SCIPY_SV, SCIPY_LANGMUIR, SCIPY_LANGMUIR_K_ERROR, TAU0_NS, EXAMPLE_ROWS,
  numbersIn, card, stats, comparison, tableMessages, shownKL, loadExample, inkedFraction, closeTo,
} from './quench_page.mjs';

const h = setup();

test('the example: Langmuir fits best, its I₀, f and K_L agree with the command line and SciPy and their intervals hold the truth; SV shows k_q against the diffusion limit', () =>
  h.withPage({ hash: QUENCH, name: 'quench-example' }, async (page) => {
    await loadExample(page);
    const rows = await comparison(page);
    assert.deepEqual(Object.keys(rows), ['Stern–Volmer', 'Langmuir']);
    assert.deepEqual([rows['Stern–Volmer'].p, rows.Langmuir.p], ['2', '3'], 'p counts I₀ with the constants');
    assert.equal(rows.Langmuir.delta, '0.00', `Langmuir ΔAICc ${rows.Langmuir.delta}`);
    assert.ok(numbersIn(rows['Stern–Volmer'].delta)[0] > 2, `SV ΔAICc ${rows['Stern–Volmer'].delta}: Langmuir should be clearly better`);
    assert.ok(numbersIn(rows.Langmuir.r2)[0] > 0.999, `Langmuir R² ${rows.Langmuir.r2}`);
    // I₀ is fitted, not read from row 1.
    assert.doesNotMatch((await tableMessages(page)).join('\n'), /I₀ = 1000 from row 1/);

    const langmuir = await card(page, 'langmuir');
    const names = ['I₀', 'f', 'K_L'];
    assert.deepEqual(Object.keys(langmuir), names);
    const link = await savedLink(page, 'href');
    assert.match(link, /#\/quench\?.*fit=sv,langmuir/);
    assert.match(link, /[?&]table=[A-Za-z0-9_-]+/);
    const cli = cliEval(link);
    const cliLangmuir = cli.fits.find((f) => f.model === 'langmuir');
    const cliSv = cli.fits.find((f) => f.model === 'sv');
    for (const name of names) {
      closeTo(langmuir[name].value, cliLangmuir.params[name].value, 1e-3, `${name} page vs CLI`);
      closeTo(langmuir[name].error, cliLangmuir.params[name].stderr, 0.02, `σ(${name}) page vs CLI`);
      closeTo(langmuir[name].lo, cliLangmuir.params[name].ci95[0], 1e-3, `${name} 95 % low page vs CLI`);
      closeTo(langmuir[name].hi, cliLangmuir.params[name].ci95[1], 1e-3, `${name} 95 % high page vs CLI`);
    }
    // Outside references: SciPy's fit of the same data (tests/quench_refs.rs).
    names.forEach((name, i) => closeTo(langmuir[name].value, SCIPY_LANGMUIR[i], 1e-3, `${name} page vs SciPy`));
    closeTo(langmuir.K_L.error, SCIPY_LANGMUIR_K_ERROR, 0.01, 'σ(K_L) page vs SciPy');
    // The truth the example was made from: I₀ = 1000, f = 0.70, K = 2.5e5 M⁻¹.
    assert.ok(langmuir.K_L.lo < TRUE_K_L && TRUE_K_L < langmuir.K_L.hi, `K_L 95 % interval ${langmuir.K_L.interval} misses ${TRUE_K_L}`);
    assert.ok(langmuir.f.lo < TRUE_F && TRUE_F < langmuir.f.hi, `f 95 % interval ${langmuir.f.interval} misses ${TRUE_F}`);
    assert.ok(langmuir['I₀'].lo < TRUE_I0 && TRUE_I0 < langmuir['I₀'].hi, `I₀ 95 % interval ${langmuir['I₀'].interval} misses ${TRUE_I0}`);
    assert.ok(langmuir.K_L.lo < langmuir.K_L.value && langmuir.K_L.value < langmuir.K_L.hi);
    assert.equal(langmuir.K_L.unit, 'M⁻¹');

    const sv = await card(page, 'sv');
    closeTo(sv.K_SV.value, cliSv.params.K_SV.value, 1e-3, 'K_SV page vs CLI');
    closeTo(sv['I₀'].value, cliSv.params['I₀'].value, 1e-3, 'SV I₀ page vs CLI');
    closeTo(sv.K_SV.value, SCIPY_SV[1], 1e-3, 'K_SV page vs SciPy');
    closeTo(sv['I₀'].value, SCIPY_SV[0], 1e-3, 'SV I₀ page vs SciPy');
    assert.ok(sv.k_q, `the SV card has no k_q row: ${Object.keys(sv)}`);
    assert.ok(sv.k_q.derived, 'k_q is not shown as a derived value');
    assert.equal(sv.k_q.unit, 'M⁻¹ s⁻¹');
    // k_q = K_SV / τ₀ with the default τ₀, checked by arithmetic on what is shown.
    closeTo(sv.k_q.value, sv.K_SV.value / (TAU0_NS * 1e-9), 0.002, 'k_q = K_SV/τ₀');
    closeTo(sv.k_q.lo, sv.K_SV.lo / (TAU0_NS * 1e-9), 0.002, 'k_q 95 % low = K_SV low/τ₀');
    closeTo(sv.k_q.value, cliSv.derived.find((d) => d.name === 'k_q').value, 1e-3, 'k_q page vs CLI');
    const svText = await text(page, 'article.fit-card[data-model="sv"]');
    assert.match(svText, /τ₀ = 20\.8 ns, the default/, 'the SV card does not say k_q used the default τ₀');
    // Compared through its interval: even its lower end is far above 7 × 10⁹.
    assert.ok(sv.k_q.lo > 7e9);
    const compared = svText.match(/\(95 % interval from ([^)]+)\) exceeds the diffusion limit/);
    assert.ok(compared, `the SV card does not compare k_q's interval with the diffusion limit:\n${svText}`);
    closeTo(numbersIn(compared[1])[0], sv.k_q.lo, 0.005, 'the note\'s lower end of k_q vs the table\'s');
    assert.match(svText, /static/);
    assert.equal(await page.locator('article.fit-card[data-model="double-reciprocal"]').count(), 1);
    await assertNoNonNumbers(page, 'with the example');
    await screenshot(page, 'quench-example', { fullPage: true });
  }));

test('share link: copy link opens the same fit elsewhere; a bare #/quench restores saved work; index.html forwards quench links', () =>
  h.withPage({
    hash: QUENCH,
    name: 'quench-share',
    contextOptions: { permissions: ['clipboard-read', 'clipboard-write'] },
  }, async (page, { newPage }) => {
    await loadExample(page);
    await typeInto(page, '#quench-table-r3c1', '650'); // not the example any more
    const kl = await shownKL(page);
    await page.click('#copy-link');
    await page.locator('#share-link').waitFor();
    const link = await page.inputValue('#share-link');
    assert.ok(link.startsWith(`${h.server.url}quench.html#/quench?`), `share link ${link}`);
    assert.ok(new URL(link).pathname.startsWith(subPath));
    assert.match(link, /[?&]fit=sv,langmuir(&|$)/);
    assert.match(link, /[?&]table=[A-Za-z0-9_-]{20,}(&|$)/);
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link, 'the clipboard holds the shown link');

    const opened = await newPage(link.slice(h.server.url.length));
    assert.equal(await shownKL(opened), kl);
    assert.equal(await opened.inputValue('#quench-table-r3c1'), '650');
    assert.deepEqual(Object.keys(await comparison(opened)), ['Stern–Volmer', 'Langmuir']);
    await opened.close();

    // The same link on the QD page's address is forwarded, fragment and all.
    const forwarded = await newPage(`index.html${link.slice(link.indexOf('#'))}`, { waitForReady: false });
    await forwarded.waitForURL((url) => url.pathname.endsWith('/quench.html'));
    await forwarded.waitForFunction(() => document.documentElement.dataset.ready === '1');
    assert.equal(await savedLink(forwarded), link.slice(link.indexOf('#')));
    assert.equal(await shownKL(forwarded), kl);
    await forwarded.close();

    // A bare address restores what was last typed in this browser; so does a reload.
    await page.close();
    const bare = await newPage(QUENCH);
    assert.equal(await bare.inputValue('#quench-table-r3c1'), '650');
    assert.equal(await shownKL(bare), kl);
    await bare.reload();
    await bare.waitForFunction(() => document.documentElement.dataset.ready === '1');
    assert.equal(await shownKL(bare), kl);
    const bareIndex = await newPage('index.html#/quench', { waitForReady: false });
    await bareIndex.waitForURL((url) => url.pathname.endsWith('/quench.html'));
    await bareIndex.waitForFunction(() => document.documentElement.dataset.ready === '1');
    assert.equal(await shownKL(bareIndex), kl, 'index.html#/quench forwarded to quench.html without the saved work');
  }));

test('the address and saved work follow an edit a moment later; Copy link and leaving the page write them at once', () =>
  h.withPage({
    hash: QUENCH,
    name: 'quench-deferred-save',
    contextOptions: { permissions: ['clipboard-read', 'clipboard-write'] },
  }, async (page, { newPage }) => {
    await loadExample(page);
    const example = await savedLink(page);
    await page.fill('#quench-table-r3c1', '640');
    assert.equal(await page.evaluate(() => document.documentElement.dataset.saved), '0', 'the address was written on the keystroke');
    // Copy link does not wait: the link and the address bar hold the edit at once.
    await page.click('#copy-link');
    const link = await page.inputValue('#share-link');
    const fragment = link.slice(link.indexOf('#'));
    assert.notEqual(fragment, example);
    assert.equal(await page.evaluate(() => location.hash), fragment);
    assert.equal(cliEval(fragment).fits.length > 0, true);
    // The next edit makes the copied link stale: it is hidden again.
    await page.fill('#quench-table-r3c1', '630');
    assert.equal(await page.locator('#share-link').isHidden(), true, 'a stale copied link is still shown');
    assert.equal(await page.evaluate(() => document.documentElement.dataset.saved), '0');
    // Leaving before the delay is over still saves the work.
    await page.goto('about:blank');
    const back = await newPage(QUENCH);
    assert.equal(await back.inputValue('#quench-table-r3c1'), '630', 'the last edit was lost on leaving the page');
  }));

test('a 1000-row table: scrolling shows every row, the last row can be edited, and Tab moves on past the rows drawn', () =>
  h.withPage({ hash: QUENCH, name: 'quench-long-table' }, async (page) => {
    const rows = Array.from({ length: 1000 }, (_, i) => `${(i * 0.05).toFixed(2)}\t${(1000 / (1 + 0.02 * i)).toFixed(1)}`);
    await pasteInto(page, '#quench-table-r0c0', rows.join('\n'));
    await page.locator('article.fit-card[data-model="sv"]').waitFor();
    assert.equal(await text(page, '#quench-table-count'), '1000 rows');
    assert.equal(await page.getAttribute('#quench-table', 'aria-rowcount'), '1001');
    assert.match(await stats(page, 'sv'), /n = 1000/);
    // Only the rows near the view are in the page, but the scroll bar is the whole table's.
    const drawn = await page.locator('#quench-table tr.row').count();
    assert.ok(drawn < 100, `${drawn} rows drawn`);
    const scroller = page.locator('form .table-scroll');
    const { scrollHeight, rowHeight } = await scroller.evaluate((d) => ({
      scrollHeight: d.scrollHeight, rowHeight: d.querySelector('tr.row').getBoundingClientRect().height }));
    assert.ok(Math.abs(scrollHeight - 1000 * rowHeight) < 3 * rowHeight, `scroll height ${scrollHeight} for rows of ${rowHeight}`);

    // Scrolled to the end: the last row is there, with its label, and takes edits.
    await scroller.evaluate((d) => { d.scrollTop = d.scrollHeight; });
    const last = page.locator('#quench-table-r999c1');
    await last.waitFor();
    assert.equal(await last.inputValue(), rows[999].split('\t')[1]);
    assert.equal(await last.getAttribute('aria-label'), 'I, row 1000');
    await typeInto(page, '#quench-table-r999c1', 'abc');
    assert.equal(await last.getAttribute('aria-invalid'), 'true');
    assert.match((await tableMessages(page)).join('\n'), /row 1000/);
    // Scrolled away and back, the cell still shows what was typed, still marked.
    await scroller.evaluate((d) => { d.scrollTop = 0; });
    await page.locator('#quench-table-r0c0').waitFor();
    assert.equal(await page.locator('#quench-table-r999c1').count(), 0);
    await scroller.evaluate((d) => { d.scrollTop = d.scrollHeight; });
    await last.waitFor();
    assert.equal(await last.inputValue(), 'abc');
    assert.equal(await last.getAttribute('aria-invalid'), 'true');
    await typeInto(page, '#quench-table-r999c1', '500');
    assert.equal(await last.getAttribute('aria-invalid'), 'false');
    assert.match(await stats(page, 'sv'), /n = 1000/);

    // Keyboard: focus the last cell drawn and Tab on; the table follows and keeps the caret.
    await scroller.evaluate((d) => { d.scrollTop = 0; });
    await page.locator('#quench-table-r0c0').waitFor();
    const lastDrawn = await page.locator('#quench-table tr.row').last().locator('input[type=text]').last().getAttribute('id');
    const row = Number(lastDrawn.match(/-r(\d+)c/)[1]);
    await page.focus(`#${lastDrawn}`);
    await page.waitForFunction((r) => document.querySelector(`#quench-table-r${r + 5}c0`), row);
    assert.equal(await page.evaluate(() => document.activeElement.id), lastDrawn, 'the focused cell lost the focus');
    await page.keyboard.press('Tab'); // the row's "use" box
    await page.keyboard.press('Tab'); // its remove button
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), `quench-table-r${row + 1}c0`);
    await page.keyboard.type('7');
    assert.match(await page.inputValue(`#quench-table-r${row + 1}c0`), /7$/);
    await assertNoNonNumbers(page, 'with 1000 rows');
  }));

test('a fresh browser opens the quench page empty, with a "no data yet" message', () =>
  h.withPage({ hash: QUENCH, name: 'quench-fresh' }, async (page) => {
    assert.deepEqual((await tableCells(page)).flat().filter((c) => c !== ''), []);
    assert.match((await tableMessages(page)).join('\n'), /no data yet/);
    assert.equal(await page.locator('#model-comparison').count(), 0);
    await assertNoNonNumbers(page);
  }));

test('typing in a cell refits, replaces the address without history; "abc" marks the cell and names its row; fixing it recovers', () =>
  h.withPage({ hash: QUENCH, name: 'quench-edit' }, async (page) => {
    await loadExample(page);
    const history = await page.evaluate(() => history.length);
    const kl = await shownKL(page);
    const hash = await savedLink(page);
    await typeInto(page, '#quench-table-r3c1', '600');
    assert.notEqual(await shownKL(page), kl, 'K_L did not change after the intensity of row 4 changed');
    const edited = await savedLink(page);
    assert.notEqual(edited, hash, 'the address did not follow the edit');
    assert.equal(await page.evaluate(() => history.length), history, 'typing added history entries');
    // The address says what the page shows.
    const cli = cliEval(edited);
    closeTo((await card(page, 'langmuir')).K_L.value, cli.fits.find((f) => f.model === 'langmuir').params.K_L.value, 0.01, 'edited K_L page vs CLI');

    await typeInto(page, '#quench-table-r3c1', 'abc');
    assert.equal(await page.getAttribute('#quench-table-r3c1', 'aria-invalid'), 'true');
    assert.equal(await page.getAttribute('#quench-table-r3c0', 'aria-invalid'), 'false');
    const messages = (await tableMessages(page)).join('\n');
    assert.match(messages, /row 4/, `#table-msg: ${messages}`);
    assert.equal(await page.locator('#model-comparison').count(), 0, 'results of other data still shown');
    await assertNoNonNumbers(page, 'with "abc" in a cell');
    assert.equal(await page.evaluate(() => history.length), history);

    await typeInto(page, '#quench-table-r3c1', '652');
    assert.equal(await page.getAttribute('#quench-table-r3c1', 'aria-invalid'), 'false');
    assert.equal(await shownKL(page), kl, 'results did not recover');
    assert.equal(await savedLink(page), hash);
    assert.equal(await page.evaluate(() => history.length), history);
  }));

test('pasting a block fills the cells (event and Ctrl+V); a 200,000-row paste is refused whole and the page stays responsive', () =>
  h.withPage({
    hash: QUENCH,
    name: 'quench-paste',
    contextOptions: { permissions: ['clipboard-read', 'clipboard-write'] },
  }, async (page) => {
    const block = [['0', '1000'], ['2', '761'], ['6', '577'], ['10', '499'], ['20', '414']];
    const rowsBefore = (await tableCells(page)).length;
    assert.equal(await pasteInto(page, '#quench-table-r0c0', block.map((r) => r.join('\t')).join('\n')), true, 'the paste was not taken over by the table');
    let cells = await tableCells(page);
    assert.deepEqual(cells.slice(0, 5).map((r) => r.slice(0, 2)), block);
    assert.deepEqual(cells.slice(0, 5).map((r) => r.slice(2)), Array(5).fill(['', '']));
    assert.equal(cells.length, Math.max(rowsBefore, 5));
    await page.locator('#model-comparison').waitFor();
    assert.match((await card(page, 'langmuir')).K_L.text, /10⁵/);

    // The same with the real clipboard and Ctrl+V, at row 6 of the table.
    await page.evaluate(() => navigator.clipboard.writeText('30\t380\n40\t360'));
    await page.click('#quench-table-r5c0');
    await page.keyboard.press('ControlOrMeta+V');
    cells = await tableCells(page);
    assert.deepEqual(cells.slice(5, 7).map((r) => r.slice(0, 2)), [['30', '380'], ['40', '360']]);

    const before = await tableCells(page);
    const kl = await shownKL(page);
    const hash = await savedLink(page);
    const pasteMs = await page.evaluate(() => {
      const block = Array.from({ length: 200_000 }, (_, i) => `${i}\t${(1000 / (1 + 1e-3 * i)).toFixed(1)}`).join('\n');
      const data = new DataTransfer();
      data.setData('text/plain', block);
      const start = performance.now();
      document.querySelector('#quench-table-r0c0').dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      return performance.now() - start;
    });
    const messages = (await tableMessages(page)).join('\n');
    assert.match(messages, /200\s?000 rows/, `#table-msg: ${messages}`);
    assert.match(messages, /Nothing was pasted/i);
    assert.deepEqual(await tableCells(page), before, 'the refused paste changed the table');
    assert.equal(await savedLink(page), hash);
    assert.equal(await shownKL(page), kl);
    assert.ok(pasteMs < 2000, `the refused paste blocked the page for ${pasteMs.toFixed(0)} ms`);
    await screenshot(page, 'quench-paste-refused');

    // Still responsive: an edit refits within 2 s.
    const start = Date.now();
    await page.fill('#quench-table-r3c1', '520');
    await page.waitForFunction((old) => {
      const row = [...(document.querySelector('article.fit-card[data-model="langmuir"] table.params')?.querySelectorAll('tbody tr') ?? [])].find((tr) => tr.querySelector('th').innerText.trim() === 'K_L');
      return row && row.querySelector('td').innerText.trim() !== old;
    }, kl, { timeout: 2000 });
    assert.ok(Date.now() - start < 2000, `refit took ${Date.now() - start} ms`);
    // The refusal message goes away with the next edit.
    assert.doesNotMatch((await tableMessages(page)).join('\n'), /Nothing was pasted/i);
  }));

test('pasting one spreadsheet row (two cells) shows both cells, as the fit uses them', () =>
  h.withPage({ hash: QUENCH, name: 'quench-paste-one-row' }, async (page) => {
    await loadExample(page);
    // Row 10 is new: the table grows, and both cells show the pasted values.
    await page.click('#quench-table-add');
    await pasteInto(page, '#quench-table-r9c0', '30\t380');
    await page.locator('#model-comparison').waitFor();
    assert.match(await stats(page, 'langmuir'), /n = 10\b/, 'the pasted row is not fitted');
    const problems = [];
    const shown = (await tableCells(page))[9].slice(0, 2);
    if (shown.join('/') !== '30/380') problems.push(`pasted "30<TAB>380" into row 10 (blank): the fit has 10 points, the cells show ${JSON.stringify(shown)}`);
    // Over an existing row: the cells show the new numbers.
    await pasteInto(page, '#quench-table-r1c0', '1\t870');
    const over = (await tableCells(page))[1].slice(0, 2);
    const hash = await savedLink(page);
    const cli = cliEval(hash);
    if (over.join('/') !== '1/870') problems.push(`pasted "1<TAB>870" over row 2 (1/865): the link and fit have I = ${cli.inputs.values[1]}, the cells show ${JSON.stringify(over)}`);
    assert.deepEqual(problems, [], 'a one-row paste is not shown in the cells');
  }));

test('add row, remove row and clear table; an empty table says so and shows no NaN or Infinity', () =>
  h.withPage({ hash: QUENCH, name: 'quench-rows' }, async (page) => {
    await loadExample(page);
    const kl = await shownKL(page);
    await page.click('#quench-table-add');
    let cells = await tableCells(page);
    assert.equal(cells.length, 10);
    assert.deepEqual(cells[9], ['', '', '', '']);
    assert.equal(await shownKL(page), kl, 'a blank row changed the fit');
    assert.equal(await page.getAttribute('#quench-table-r9c0', 'aria-label'), '[Q] (µM), row 10');

    await page.getByRole('button', { name: 'Remove row 2', exact: true }).click();
    cells = await tableCells(page);
    assert.equal(cells.length, 9);
    assert.deepEqual(cells.slice(0, 3).map((r) => r.slice(0, 2)), [['0', '1000'], ['2', '761'], ['4', '652']]);
    assert.notEqual(await shownKL(page), kl, 'removing a point did not change the fit');
    assert.match(await stats(page, 'langmuir'), /n = 8\b/);
    // The rows were renumbered: the second row's cells are row 2 and edit row 2.
    assert.equal(await page.getAttribute('#quench-table-r1c1', 'aria-label'), 'I, row 2');
    await typeInto(page, '#quench-table-r1c1', 'x');
    assert.match((await tableMessages(page)).join('\n'), /row 2\b/);
    await typeInto(page, '#quench-table-r1c1', '761');
    await page.locator('#model-comparison').waitFor();

    await page.click('#quench-table-clear');
    cells = await tableCells(page);
    assert.ok(cells.length >= 1, 'no row left to type in');
    assert.deepEqual(cells.flat().filter((c) => c !== ''), [], '"Clear table" left text in the cells (row 2 was typed into)');
    assert.match((await tableMessages(page)).join('\n'), /no data yet/);
    assert.equal(await page.locator('#model-comparison').count(), 0);
    assert.equal(await page.locator('article.fit-card').count(), 0);
    const body = await page.evaluate(() => document.body.innerText);
    assert.doesNotMatch(body, /NaN|Infinity|\binf\b/);
    await assertNoNonNumbers(page, 'with an empty table');
  }));

test('after typing in a cell, removing a row, loading the example or clearing shows the table the page fits and links', () =>
  h.withPage({ hash: QUENCH, name: 'quench-stale-cells' }, async (page) => {
    await loadExample(page);
    const problems = [];
    const rowsText = (rows) => rows.map((r) => r.join('/')).join(' ');
    /** The [Q] and value cells as shown. */
    const shown = async () => (await tableCells(page)).map((r) => r.slice(0, 2));

    // Row 4: I = 652 → 600, then remove row 2: the rows below move up one.
    await typeInto(page, '#quench-table-r3c1', '600');
    await page.getByRole('button', { name: 'Remove row 2', exact: true }).click();
    const cli = cliEval(await savedLink(page));
    const linked = cli.inputs.quencher_mol_per_L.map((q, i) => [String(Math.round(q * 1e12) / 1e6), String(cli.inputs.values[i])]);
    assert.equal(linked.length, 8);
    const afterRemove = await shown();
    if (rowsText(afterRemove) !== rowsText(linked)) {
      problems.push(`typed I = 600 in row 4, removed row 2: the table shows ${rowsText(afterRemove)}, the fit and the link have ${rowsText(linked)}`);
    }

    await typeInto(page, '#quench-table-r1c1', '700');
    await loadExample(page);
    const afterExample = await shown();
    if (rowsText(afterExample) !== rowsText(EXAMPLE_ROWS)) {
      problems.push(`typed 700 in row 2, clicked "Load example": the table shows ${rowsText(afterExample)}, the example (fitted and linked) is ${rowsText(EXAMPLE_ROWS)}`);
    }

    await typeInto(page, '#quench-table-r1c1', '870');
    await page.click('#quench-table-clear');
    assert.match((await tableMessages(page)).join('\n'), /no data yet/);
    const left = (await tableCells(page)).flat().filter((c) => c !== '');
    if (left.length) problems.push(`typed in cells, clicked "Clear table": the page says "no data yet" but the cells still show ${left.join(', ')}`);
    assert.deepEqual(problems, [], 'the table shows other numbers than the page fits and links');
  }));

/** Bad input from issue 3: each gives a message, never a panic (withPage fails on any). */
const BAD_INPUT = [
  {
    name: 'empty rows are skipped',
    async act(page) {
      await typeInto(page, '#quench-table-r2c0', '');
      await typeInto(page, '#quench-table-r2c1', '');
      await page.click('#quench-table-add');
    },
    async check(page) {
      assert.equal(await page.locator('#quench-table [aria-invalid="true"]').count(), 0);
      assert.match(await stats(page, 'langmuir'), /n = 8\b/);
    },
  },
  {
    name: 'text in a number cell',
    async act(page) { await typeInto(page, '#quench-table-r2c0', 'two'); },
    async check(page) {
      assert.equal(await page.getAttribute('#quench-table-r2c0', 'aria-invalid'), 'true');
      assert.match((await tableMessages(page)).join('\n'), /row 3/);
    },
  },
  {
    name: 'text in the σ column',
    async act(page) { await typeInto(page, '#quench-table-r4c2', '1e-'); },
    async check(page) {
      assert.equal(await page.getAttribute('#quench-table-r4c2', 'aria-invalid'), 'true');
      assert.match((await tableMessages(page)).join('\n'), /row 5/);
    },
  },
  {
    name: 'a duplicate [Q]',
    async act(page) { await typeInto(page, '#quench-table-r2c0', '1'); },
    async check(page) {
      assert.match((await tableMessages(page)).join('\n'), /repeat/);
      await page.locator('#model-comparison').waitFor();
    },
  },
  {
    name: 'every [Q] the same',
    async act(page) {
      await page.click('#quench-table-clear');
      await pasteInto(page, '#quench-table-r0c0', '0\t1000\n0\t900\n0\t800\n0\t700');
    },
    async check(page) {
      const rows = await comparison(page);
      for (const model of ['Stern–Volmer', 'Langmuir']) {
        assert.ok(rows[model].error?.length > 30, `${model}: ${JSON.stringify(rows[model])} is not an error message`);
      }
      assert.match(await text(page, 'article.fit-card[data-model="langmuir"]'), /same \[Q\]/);
      assert.ok((await page.locator('article.fit-card .alert.error').count()) >= 2);
    },
  },
  {
    name: 'every [Q] the same, not zero, I₀ typed',
    async act(page) {
      await page.click('#quench-table-clear');
      await typeInto(page, '#unquenched', '1000');
      await pasteInto(page, '#quench-table-r0c0', '5\t900\n5\t800\n5\t700\n5\t650');
    },
    async check(page) {
      const rows = await comparison(page);
      assert.ok(rows.Langmuir.error?.length > 30, `Langmuir: ${JSON.stringify(rows.Langmuir)} is not an error message`);
      assert.match(await text(page, 'article.fit-card[data-model="langmuir"]'), /cannot determine/);
      // Against the I₀ held at 1000, one [Q] determines Stern–Volmer's one constant: the fit's
      // one value of I is the mean, 762.5, so K_SV = (1000/762.5 − 1)/5 µM.
      assert.equal(rows['Stern–Volmer'].error, undefined, `Stern–Volmer not fitted: ${rows['Stern–Volmer'].error}`);
      const sv = await card(page, 'sv');
      assert.match(sv['I₀'].text, /\(fixed\)/);
      closeTo(sv.K_SV.value, (1000 / 762.5 - 1) / 5e-6, 1e-3, 'K_SV from one [Q] and the typed I₀');
    },
  },
  {
    name: 'a negative concentration',
    async act(page) { await typeInto(page, '#quench-table-r1c0', '-1'); },
    async check(page) {
      assert.equal(await page.getAttribute('#quench-table-r1c0', 'aria-invalid'), 'true');
      assert.match((await tableMessages(page)).join('\n'), /row 2.*negative|negative.*row 2/);
    },
  },
  {
    name: 'a single point',
    async act(page) {
      await page.click('#quench-table-clear');
      await pasteInto(page, '#quench-table-r0c0', '0\t1000\n\n');
    },
    async check(page) {
      const rows = await comparison(page);
      assert.match(rows['Stern–Volmer'].error, /only 1 point/);
      assert.match(rows.Langmuir.error, /only 1 point/);
      await screenshot(page, 'quench-single-point', { fullPage: true });
    },
  },
  {
    name: 'a typed model with a syntax error',
    async act(page) { await typeInto(page, '#typed-model', '1 + K*'); },
    async check(page) {
      assert.equal(await page.getAttribute('#typed-model', 'aria-invalid'), 'true');
      assert.match(await text(page, '#typed-model-msg'), /character \d+/);
      assert.equal(await page.locator('article.fit-card[data-model="typed"]').count(), 0);
      await page.locator('#model-comparison').waitFor(); // the built-in fits stay
    },
  },
  {
    // Only I₀ is fitted; I₀/I = 1/x is infinite at [Q] = 0, as K/x below is.
    name: 'a typed model without parameters of its own, infinite at a data point (1/x at [Q] = 0)',
    async act(page) { await typeInto(page, '#typed-model', '1/x'); },
    async check(page) {
      assert.equal(await page.getAttribute('#typed-model', 'aria-invalid'), 'true', `the model was fitted: ${await text(page, '.results-block')}`);
      assert.match(await text(page, '#typed-model-msg'), /x = 0/);
      assert.equal(await page.locator('article.fit-card[data-model="typed"]').count(), 0);
    },
  },
  {
    name: 'a typed model dividing by zero at a data point (K/x at [Q] = 0)',
    async act(page) { await typeInto(page, '#typed-model', 'K/x'); },
    async check(page) {
      assert.equal(await page.getAttribute('#typed-model', 'aria-invalid'), 'true');
      assert.match(await text(page, '#typed-model-msg'), /x = 0/);
      assert.match(await text(page, '#typed-model-msg'), /division by zero|not a finite number/);
    },
  },
];

for (const bad of BAD_INPUT) {
  test(`bad input: ${bad.name} gives a message, no panic, no NaN`, () =>
    h.withPage({ hash: QUENCH, name: `quench-bad-${bad.name.replace(/\W+/g, '-')}` }, async (page) => {
      await loadExample(page);
      await bad.act(page);
      await bad.check(page);
      await assertNoNonNumbers(page, `after ${bad.name}`);
      // The address stays openable.
      const again = await page.context().newPage();
      await again.goto(await savedLink(page, 'href'));
      await again.waitForFunction(() => document.documentElement.dataset.ready === '1');
      await assertNoNonNumbers(again, `reopening after ${bad.name}`);
      await again.close();
    }));
}

test('a typed Langmuir model on the ΔI/I₀ scale is fitted to the intensities like the built-in Langmuir: the same I₀, K and f, the same AICc in the comparison', () =>
  h.withPage({ hash: QUENCH, name: 'quench-typed' }, async (page) => {
    await loadExample(page);
    await typeInto(page, '#typed-model', 'm*K*x/(1 + K*x)');
    await page.selectOption('#typed-scale', 'dI/I0');
    await page.locator('article.fit-card[data-model="typed"] table.params').waitFor();
    assert.equal(await page.getAttribute('#typed-model', 'aria-invalid'), 'false');
    const typed = await card(page, 'typed');
    const langmuir = await card(page, 'langmuir');
    // The typed model's own parameters, and I₀ fitted with them.
    assert.deepEqual(Object.keys(typed).sort(), ['I₀', 'K', 'm']);
    for (const [mine, builtIn] of [['I₀', 'I₀'], ['K', 'K_L'], ['m', 'f']]) {
      closeTo(typed[mine].value, langmuir[builtIn].value, 1e-3, `typed ${mine} vs Langmuir ${builtIn}`);
      closeTo(typed[mine].error, langmuir[builtIn].error, 0.02, `σ(typed ${mine}) vs σ(Langmuir ${builtIn})`);
    }
    assert.ok(typed.K.lo < TRUE_K_L && TRUE_K_L < typed.K.hi, `typed K interval ${typed.K.interval} misses ${TRUE_K_L}`);
    assert.ok(typed.m.lo < TRUE_F && TRUE_F < typed.m.hi, `typed m interval ${typed.m.interval} misses ${TRUE_F}`);
    assert.match(await text(page, 'article.fit-card[data-model="typed"]'), /ΔI\/I₀/);
    // Compared with the built-in models: the same fit has the same AICc, so the two share the weight.
    const rows = await comparison(page);
    const mine = Object.keys(rows).find((label) => label.startsWith('Your model'));
    assert.ok(mine, `the typed model is not in the comparison: ${Object.keys(rows)}`);
    assert.equal(rows[mine].p, '3');
    assert.equal(rows[mine].aicc, rows.Langmuir.aicc);
    closeTo(Number(rows[mine].weight) + Number(rows.Langmuir.weight), 1, 2e-3, 'the weights of the two equal fits');
    const hash = await savedLink(page);
    assert.match(hash, /[?&]model=/);
    assert.match(hash, /[?&]scale=dI(%2F|\/)I0/);
    const cli = cliEval(hash);
    closeTo(typed.K.value, cli.typed_model.params.K.value, 1e-3, 'typed K page vs CLI');
    closeTo(typed['I₀'].value, cli.typed_model.params['I₀'].value, 1e-3, 'typed I₀ page vs CLI');
  }));

test('units: µM → mM makes K_L 1000× smaller; per dot needs the dot concentration', () =>
  h.withPage({ hash: QUENCH, name: 'quench-units' }, async (page) => {
    await loadExample(page);
    assert.equal(await page.inputValue('#q-unit'), 'uM');
    const micromolar = (await card(page, 'langmuir')).K_L.value;
    await page.selectOption('#q-unit', 'mM');
    const millimolar = (await card(page, 'langmuir')).K_L.value;
    closeTo(millimolar, micromolar / 1000, 0.001, 'K_L in mM vs µM / 1000');
    assert.match(await savedLink(page), /[?&]unit=mM(&|$)/);
    assert.match(await text(page, 'table#quench-table thead'), /\[Q\] \(mM\)/);

    await page.selectOption('#q-unit', 'per-dot');
    assert.ok(await page.locator('#qd-conc').isVisible(), '#qd-conc not shown for per-dot');
    assert.match((await tableMessages(page)).join('\n'), /quantum-dot concentration/);
    assert.equal(await page.locator('#model-comparison').count(), 0);
    await assertNoNonNumbers(page, 'per dot without the dot concentration');
    // [Q] = ratio × 1 µM: the same numbers as µM.
    await typeInto(page, '#qd-conc', '1');
    closeTo((await card(page, 'langmuir')).K_L.value, micromolar, 0.001, 'K_L per dot at [QD] = 1 µM');
    // Twice the dots: twice the quencher per ratio, half the K.
    await typeInto(page, '#qd-conc', '2');
    closeTo((await card(page, 'langmuir')).K_L.value, micromolar / 2, 0.001, 'K_L per dot at [QD] = 2 µM');
    assert.match(await savedLink(page), /[?&]qd=2(&|$)/);
    await page.selectOption('#q-unit', 'uM');
    assert.equal(await page.locator('#qd-conc').isVisible(), false);
  }));

test('settings with unusable text are marked at their field: I₀ and the dot concentration stop the fits, τ₀ (only for k_q) hides only k_q', () =>
  h.withPage({ hash: QUENCH, name: 'quench-settings' }, async (page) => {
    await loadExample(page);
    // τ₀ only feeds k_q: the fits stay, k_q goes, and the field says why.
    const kl = await shownKL(page);
    await typeInto(page, '#tau0', 'abc');
    assert.equal(await page.getAttribute('#tau0', 'aria-invalid'), 'true', '#tau0 = "abc" is not marked');
    assert.match(await text(page, '#tau0-msg'), /"abc" is not a number.*k_q is not shown until it is/);
    assert.equal(await page.locator('#model-comparison').count(), 1, 'a bad τ₀ stopped the fits');
    assert.equal(await shownKL(page), kl);
    const sv = await card(page, 'sv');
    assert.deepEqual(Object.keys(sv), ['I₀', 'K_SV'], 'k_q is still shown with an unusable τ₀');
    assert.doesNotMatch(await text(page, 'article.fit-card[data-model="sv"]'), /k_q =/);
    await assertNoNonNumbers(page, 'with τ₀ = "abc"');
    await typeInto(page, '#tau0', '');
    assert.equal(await page.getAttribute('#tau0', 'aria-invalid'), 'false');
    assert.ok((await card(page, 'sv')).k_q, 'k_q did not come back with τ₀ emptied');

    await page.selectOption('#q-unit', 'per-dot');
    await typeInto(page, '#qd-conc', '1');
    const problems = [];
    for (const id of ['unquenched', 'qd-conc']) {
      const good = await page.inputValue(`#${id}`);
      await typeInto(page, `#${id}`, 'abc');
      const messages = (await tableMessages(page)).join('\n');
      assert.match(messages, /"abc" is not a number/, `#${id} = "abc": #table-msg ${messages}`);
      assert.equal(await page.locator('#model-comparison').count(), 0);
      const invalid = await page.getAttribute(`#${id}`, 'aria-invalid');
      const own = await text(page, `#${id}-msg`);
      if (invalid !== 'true' || !/abc|not a number/.test(own)) {
        problems.push(`#${id} = "abc": explained under the table, but the field has aria-invalid="${invalid}" and its message #${id}-msg reads "${own}"`);
      }
      await typeInto(page, `#${id}`, good);
      await page.locator('#model-comparison').waitFor();
    }
    assert.deepEqual(problems, [], 'settings fields are not marked invalid');
  }));

test('while the user types, the charts on screen are redrawn at every change, a chart just below the screen once the typing pauses', () =>
  h.withPage({ hash: QUENCH }, async (page) => {
    await loadExample(page);
    // The residual chart just below the bottom of the screen (near it: drawn before it scrolls
    // in), the fit chart above it on screen.
    await chartInView(page, 'canvas#residual-chart');
    await page.evaluate(() => window.scrollBy(0, document.querySelector('#residual-chart').getBoundingClientRect().top - innerHeight - 40));
    await page.waitForTimeout(300);
    const where = () => page.evaluate(() => Object.fromEntries(['fit-chart', 'residual-chart'].map((id) => {
      const r = document.getElementById(id).getBoundingClientRect();
      return [id, { visible: r.bottom > 0 && r.top < innerHeight, stale: document.getElementById(id).dataset.stale === '1' }];
    })));
    const at = await where();
    assert.ok(at['fit-chart'].visible && !at['residual-chart'].visible, `the charts are not placed for the test: ${JSON.stringify(at)}`);
    // Five changes 30 ms apart, as typing, through the input event (focusing the cell would
    // scroll the page to it).
    const before = await draws(page);
    const during = await page.evaluate(async () => {
      const cell = document.querySelector('#quench-table-r4c1');
      const seen = [];
      for (const value of ['5', '56', '560', '56', '561']) {
        cell.value = value;
        cell.dispatchEvent(new Event('input', { bubbles: true }));
        await new Promise((resolve) => setTimeout(resolve, 30));
        seen.push(['fit-chart', 'residual-chart'].map((id) => document.getElementById(id).dataset.stale === '1'));
      }
      return seen;
    });
    // The first change draws both; the next ones only the chart on screen.
    assert.deepEqual(during.slice(1), [[false, true], [false, true], [false, true], [false, true]], JSON.stringify(during));
    assert.ok(await draws(page) - before >= 5 + 1, 'the chart on screen was drawn at every change');
    // Once the typing pauses, the chart below the screen shows the last change.
    await page.waitForFunction(() => !document.getElementById('residual-chart').hasAttribute('data-stale'), null, { timeout: 2000 });
    const drawn = await draws(page) - before;
    assert.ok(drawn >= 7 && drawn <= 8, `${drawn} draws for five changes`);
    assert.deepEqual(Object.values(await where()).map((c) => c.stale), [false, false]);
  }));

test('charts: all four drawn, and redrawn after an edit when they come into view (not while off screen); the fit chart downloads as CSV (data, each model and its 95 % band, the band at [Q] = 0 being I₀\'s interval), PNG and SVG', () =>
  h.withPage({ hash: QUENCH, name: 'quench-charts' }, async (page) => {
    await loadExample(page);
    for (const id of ['fit-chart', 'residual-chart', 'sv-chart', 'dr-chart']) {
      const ink = await inkedFraction(page, `canvas#${id}`);
      assert.ok(ink > 0.01, `canvas#${id}: only ${(ink * 100).toFixed(2)} % inked`);
    }
    // An edit near the top of the page: the charts far below are not redrawn, only marked.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(100);
    const before = await draws(page);
    await typeInto(page, '#quench-table-r4c1', '560');
    await page.waitForFunction(() => [...document.querySelectorAll('.chart canvas')].every((c) => c.dataset.stale === '1'));
    assert.equal(await draws(page), before, 'no chart off screen was redrawn');
    // Scrolled into view, the fit chart is drawn with the edit.
    await chartInView(page, 'canvas#fit-chart');
    assert.ok(await draws(page) > before);
    assert.ok(await inkedFraction(page, 'canvas#fit-chart') > 0.01);

    await typeInto(page, '#quench-table-r4c1', '577');
    const figure = page.locator('figure.chart', { has: page.locator('canvas#fit-chart') });
    const get = async (label) => {
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: 5000 }),
        figure.getByRole('button', { name: label, exact: true }).click(),
      ]);
      assert.equal(await download.failure(), null);
      return { name: download.suggestedFilename(), bytes: await fs.readFile(await download.path()) };
    };
    const csv = await get('CSV data');
    assert.match(csv.name, /\.csv$/);
    const lines = csv.bytes.toString('utf8').trim().split(/\r?\n/);
    assert.equal(lines[0], 'series,x,y,sigma');
    const series = new Map();
    const dataXText = [];
    for (const line of lines.slice(1)) {
      const m = line.match(/^("(?:[^"]|"")*"|[^,]*),([^,]*),([^,]*),([^,]*)$/);
      assert.ok(m, `CSV line "${line}" is not series,x,y,sigma`);
      const name = m[1].replace(/^"|"$/g, '').replace(/""/g, '"');
      assert.ok(Number.isFinite(Number(m[2])) && m[2] !== '' && Number.isFinite(Number(m[3])) && m[3] !== '', `CSV line "${line}" is not numeric`);
      series.set(name, [...(series.get(name) ?? []), [Number(m[2]), Number(m[3])]]);
      if (name === 'data') dataXText.push(m[2]);
    }
    // One band: the best model's by AICc (Langmuir), so that bands do not hide each other.
    assert.deepEqual([...series.keys()], ['data', 'Stern–Volmer', 'Langmuir', 'Langmuir 95% low', 'Langmuir 95% high']);
    // The data rows are the table: [Q] in µM and I as measured.
    assert.equal(series.get('data').length, EXAMPLE_ROWS.length);
    series.get('data').forEach(([x], i) => closeTo(x, Number(EXAMPLE_ROWS[i][0]), 1e-12, `data row ${i + 1} [Q]`));
    series.get('data').forEach(([, y], i) => closeTo(y, Number(EXAMPLE_ROWS[i][1]), 1e-12, `data row ${i + 1}`));
    // The Langmuir curve is the fitted isotherm on the measured scale, I = I₀(1 − f K[Q]/(1 + K[Q])),
    // with the numbers its card shows.
    const langmuir = await card(page, 'langmuir');
    const [i0, f, k] = [langmuir['I₀'].value, langmuir.f.value, langmuir.K_L.value];
    for (const [x, y] of series.get('Langmuir').filter((_, i) => i % 40 === 0)) {
      const expected = i0 * (1 - (f * k * x * 1e-6) / (1 + k * x * 1e-6));
      closeTo(y, expected, 1e-3, `Langmuir curve at ${x} µM`);
    }
    assert.ok(series.get('Stern–Volmer').length >= 50 && series.get('Langmuir').length >= 50);
    // The 95 % confidence band: around the curve everywhere; at [Q] = 0, where I = I₀, it is
    // the 95 % interval of I₀ the card shows.
    for (const [model, shown] of [['Langmuir', langmuir]]) {
      const [curve, low, high] = ['', ' 95% low', ' 95% high'].map((suffix) => series.get(model + suffix));
      assert.equal(low.length, curve.length);
      curve.forEach(([x, y], i) => {
        assert.ok(low[i][0] === x && high[i][0] === x && low[i][1] < y && y < high[i][1], `${model} band at ${x} µM: ${low[i][1]} … ${high[i][1]} around ${y}`);
      });
      assert.equal(curve[0][0], 0);
      closeTo(low[0][1], shown['I₀'].lo, 1e-3, `${model} band at [Q] = 0 vs I₀'s 95 % interval (low)`);
      closeTo(high[0][1], shown['I₀'].hi, 1e-3, `${model} band at [Q] = 0 vs I₀'s 95 % interval (high)`);
    }

    const png = await get('PNG');
    assert.deepEqual([...png.bytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'not a PNG');
    const svg = (await get('SVG')).bytes.toString('utf8');
    assert.ok(svg.trimStart().startsWith('<svg') && svg.trimEnd().endsWith('</svg>'), 'not a whole SVG');
    await figure.screenshot({ path: path.join(repoRoot, 'tests', 'e2e', 'screenshots', 'quench-fit-chart.png') });
    await page.locator('figure.chart', { has: page.locator('canvas#dr-chart') })
      .screenshot({ path: path.join(repoRoot, 'tests', 'e2e', 'screenshots', 'quench-dr-chart.png') });
    // Last, because it is cosmetic: the exported [Q] reads as typed (15, not 14.999999999999998).
    assert.deepEqual(dataXText, EXAMPLE_ROWS.map(([q]) => q), 'the CSV\'s data x column does not read as the typed [Q] values');
  }));

test('keyboard: Tab reaches the unit, the table and the models; every control has a label', () =>
  h.withPage({ hash: QUENCH, name: 'quench-keyboard' }, async (page) => {
    const order = [];
    for (let i = 0; i < 120; i++) {
      await page.keyboard.press('Tab');
      const id = await page.evaluate(() => {
        const e = document.activeElement;
        if (!e || e === document.body) return null;
        return e.id || (e.tagName === 'SUMMARY' ? `summary of #${e.parentElement.id}` : e.tagName);
      });
      if (id === null) break;
      order.push(id);
    }
    for (const id of ['quench-example', 'q-unit', 'observable', 'weighting', 'unquenched', 'tau0', 'quench-table-r0c0', 'quench-table-r0c1', 'quench-table-use0', 'quench-table-add',
      'model-sv', 'model-langmuir', 'model-hill', 'typed-model', 'typed-scale', 'summary of #rate-settings']) {
      assert.ok(order.includes(id), `#${id} is never focused by Tab; order: ${order.join(' → ')}`);
    }
    const at = (id) => order.indexOf(id);
    assert.ok(at('q-unit') < at('quench-table-r0c0') && at('quench-table-r0c0') < at('quench-table-r0c1')
      && at('quench-table-r0c1') < at('quench-table-r1c0') && at('quench-table-r1c0') < at('model-sv'), `order: ${order.join(' → ')}`);
    // In a row: the cells, its "use" box, its remove button, then the next row.
    assert.deepEqual(order.slice(at('quench-table-r0c0'), at('quench-table-r1c0')),
      ['quench-table-r0c0', 'quench-table-r0c1', 'quench-table-r0c2', 'quench-table-r0c3', 'quench-table-use0', 'BUTTON'], `order: ${order.join(' → ')}`);

    // Keyboard only: paste-free data entry, row by row.
    await page.focus('#quench-table-r0c0');
    for (const [q, value] of EXAMPLE_ROWS.slice(0, 4)) {
      await page.keyboard.type(q);
      await page.keyboard.press('Tab');
      await page.keyboard.type(value);
      await page.keyboard.press('Tab'); // σ
      await page.keyboard.press('Tab'); // τ
      await page.keyboard.press('Tab'); // the "use" box
      await page.keyboard.press('Tab'); // remove button
      await page.keyboard.press('Tab'); // next row
    }
    assert.deepEqual((await tableCells(page)).slice(0, 4).map((r) => r.slice(0, 2)), EXAMPLE_ROWS.slice(0, 4));
    await page.locator('#model-comparison').waitFor();
    await page.focus('#model-poisson');
    await page.keyboard.press('Space');
    assert.ok(await page.isChecked('#model-poisson'));
    assert.ok(Object.keys(await comparison(page)).includes('Poisson'));

    const unlabelled = async () => page.evaluate(() => [...document.querySelectorAll('input, select, textarea')]
      .filter((e) => e.type !== 'hidden')
      .filter((e) => {
        const byLabel = e.labels && [...e.labels].some((l) => l.textContent.trim().length > 0);
        const byAria = (e.getAttribute('aria-label') || '').trim().length > 0;
        const byRef = (e.getAttribute('aria-labelledby') || '').split(/\s+/).some((id) => document.getElementById(id)?.textContent.trim());
        return !(byLabel || byAria || byRef);
      })
      .map((e) => e.id || e.outerHTML.slice(0, 80)));
    assert.deepEqual(await unlabelled(), []);
    await loadExample(page);
    await page.selectOption('#q-unit', 'per-dot');
    await page.click('#copy-link');
    assert.deepEqual(await unlabelled(), []);
    const nameless = await page.evaluate(() => [...document.querySelectorAll('button')]
      .filter((b) => !(b.textContent.trim() || b.getAttribute('aria-label'))).map((b) => b.outerHTML.slice(0, 80)));
    assert.deepEqual(nameless, []);
  }));

test('cell labels name the current unit and measured quantity', () =>
  h.withPage({ hash: QUENCH, name: 'quench-cell-labels' }, async (page) => {
    await loadExample(page);
    assert.equal(await page.getAttribute('#quench-table-r0c0', 'aria-label'), '[Q] (µM), row 1');
    assert.equal(await page.getAttribute('#quench-table-r0c1', 'aria-label'), 'I, row 1');
    await page.selectOption('#q-unit', 'mM');
    await page.selectOption('#observable', 'tau');
    const headers = await page.locator('table#quench-table thead th').allInnerTexts();
    assert.equal(headers[1], '[Q] (mM)');
    assert.equal(headers[2], 'τ (ns)');
    // A screen reader announces the cell's label, not the column header: it must follow it.
    assert.equal(await page.getAttribute('#quench-table-r0c0', 'aria-label'), '[Q] (mM), row 1',
      'after switching the unit to mM the header reads "[Q] (mM)" but the cell is still labelled in µM');
    assert.equal(await page.getAttribute('#quench-table-r0c1', 'aria-label'), 'τ (ns), row 1');
  }));

test('on a phone (390×844) the page does not scroll sideways; the table scrolls in its own box', () =>
  h.withPage({
    hash: QUENCH,
    name: 'quench-phone',
    contextOptions: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true },
  }, async (page) => {
    await loadExample(page);
    await chartInView(page, 'canvas#fit-chart');
    assert.equal(await page.evaluate(() => innerWidth), 390);
    const overflow = await page.evaluate(() => document.scrollingElement.scrollWidth - innerWidth);
    const beyond = await page.evaluate(() => [...document.querySelectorAll('body *')]
      .filter((e) => e.checkVisibility() && !e.closest('.table-scroll') && e.getBoundingClientRect().right > innerWidth + 0.5)
      .map((e) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${e.className ? '.' + String(e.className).split(' ')[0] : ''}`).slice(0, 8));
    assert.ok(overflow <= 0, `page is ${overflow} px wider than the phone: ${beyond}`);
    const box = await page.locator('form .table-scroll').boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 390.5, `.table-scroll box sticks out: ${JSON.stringify(box)}`);
    for (const id of ['#quench-example', '#q-unit', '#quench-table-r0c1', '#model-sv', '#typed-model', '#copy-link']) {
      const b = await page.locator(id).boundingBox();
      assert.ok(b && b.width > 0 && b.x >= 0, `${id} not visible`);
    }
    for (const id of ['fit-chart', 'dr-chart']) {
      const right = await page.evaluate((sel) => document.querySelector(sel).getBoundingClientRect().right, `canvas#${id}`);
      assert.ok(right <= 390.5, `canvas#${id} extends to x = ${right}`);
    }
    await typeInto(page, '#quench-table-r3c1', '640');
    await page.locator('#model-comparison').waitFor();
    await assertNoNonNumbers(page);
    await page.evaluate(() => scrollTo(0, 0));
    await screenshot(page, 'quench-phone', { fullPage: true, scale: 'css' });
  }));

test('navigation: the home page opens quench.html; its "QD sizing" link opens the QD calculator', () =>
  h.withPage({ hash: '#/', name: 'quench-nav' }, async (page) => {
    await page.click('#open-quench');
    await page.waitForURL((url) => url.pathname.endsWith('/quench.html') && url.hash.startsWith('#/quench'));
    await page.waitForFunction(() => document.documentElement.dataset.ready === '1');
    await page.locator('#quench-example').waitFor();
    assert.ok(page.problems.responses.some((r) => r.url.endsWith('.wasm')));
    assert.equal(await page.locator('nav a.active').innerText(), 'Quenching');

    await page.getByRole('link', { name: 'QD sizing', exact: true }).click();
    await page.waitForURL((url) => !url.pathname.endsWith('/quench.html') && url.hash.startsWith('#/qd'));
    await page.waitForFunction(() => document.documentElement.dataset.ready === '1');
    await page.locator('#lambda').waitFor();
    await typeInto(page, '#lambda', '516');
    assert.equal(await text(page, '#out-diameter'), '2.73');

    // And back with the nav link, then home with the brand link.
    await page.getByRole('link', { name: 'Quenching', exact: true }).click();
    await page.waitForURL((url) => url.pathname.endsWith('/quench.html'));
    await page.waitForFunction(() => document.documentElement.dataset.ready === '1');
    await page.locator('#quench-example').waitFor();
    await page.click('a.brand');
    await page.locator('#open-qd').waitFor();
  }));
