// One reader for numbers, in fields, tables and on the command line: an ambiguous "1,000" is
// read one way and the page says which and how to write it unambiguously; a table is read by
// the decimal mark its cells show, a cell in the other convention is an error naming its row;
// a European spreadsheet paste (semicolons, decimal commas, a header with the unit) fits.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, text, typeInto, savedLink, assertNoNonNumbers, pasteInto, tableCells, cliEval } from './harness.mjs';

const h = setup();

const QUENCH = 'quench.html#/quench';
/** 516 nm CdTe with A = 0.1 (2.73 nm); the path length is added by each test. */
const QD_LINK = '#/qd?v=1&material=CdTe&model=yu-peng&lambda=516&A=0.1&dilution=1';

const SUPERSCRIPT = { '⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4', '⁵': '5', '⁶': '6', '⁷': '7', '⁸': '8', '⁹': '9', '⁻': '-' };
const NUMBER = /[-−]?\d+(?:\.\d+)?(?:\s*×\s*10[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+)?/g;

/** Every displayed number in `shown` ("2.492 × 10⁵ ± 5.7 × 10³" → [249200, 5700]). */
function numbersIn(shown) {
  return [...shown.matchAll(NUMBER)].map(([m]) => {
    const [mantissa, exponent] = m.replace(/\s/g, '').replace('−', '-').split('×10');
    return Number(mantissa) * 10 ** (exponent ? Number([...exponent].map((c) => SUPERSCRIPT[c]).join('')) : 0);
  });
}

/** The Langmuir card's K_L as shown, with its value and 95 % interval (columns: value ± error | unit | 95 % interval | profile interval). */
async function langmuirK(page) {
  const row = page.locator('article.fit-card[data-model="langmuir"] table.params tbody tr', { has: page.locator('th', { hasText: /^K_L$/ }) });
  const [value, , interval] = await row.locator('td').allInnerTexts();
  const [v] = numbersIn(value);
  const [lo, hi] = numbersIn(interval ?? '');
  return { text: value.trim(), value: v, lo, hi };
}

/** The messages under the quench table. */
async function tableMessages(page) {
  return page.locator('#table-msg li').allInnerTexts();
}

test('a field reads "1,000" as 1 (a decimal comma) and its note says so and how to write it unambiguously', () =>
  h.withPage({ hash: `${QD_LINK}&path=1`, name: 'reader-field' }, async (page) => {
    assert.equal(await text(page, '#out-diameter'), '2.73');
    const atOne = await text(page, '#out-concentration');
    const hint = await text(page, '#path-msg');

    await typeInto(page, '#path', '1,000');
    assert.equal(await page.getAttribute('#path', 'aria-invalid'), 'false', '"1,000" was refused');
    const message = page.locator('#path-msg');
    assert.match(await message.getAttribute('class'), /\bnote\b/, '#path-msg is not shown as a note');
    const note = (await message.innerText()).trim();
    assert.match(note, /“1,000” was read as 1 \(the comma as a decimal comma\)/, `#path-msg: "${note}"`);
    assert.match(note, /if you meant 1000, type 1000/, `#path-msg: "${note}"`);
    assert.match(note, /without a comma/, `#path-msg: "${note}"`);
    assert.equal(await text(page, '#out-concentration'), atOne, 'a path of "1,000" did not give the concentration of a 1 cm path');
    assert.match(await savedLink(page), /[?&]path=1(,|%2C)000(&|$)/, 'the link does not keep the path as typed');

    // Written unambiguously: no note, and the numbers the user meant.
    await typeInto(page, '#path', '1000');
    assert.doesNotMatch(await message.getAttribute('class'), /\bnote\b/);
    assert.equal(await text(page, '#path-msg'), hint);
    assert.notEqual(await text(page, '#out-concentration'), atOne, 'a 1000 cm path gave the concentration of a 1 cm path');
    await typeInto(page, '#path', '1,5');
    assert.doesNotMatch(await message.getAttribute('class'), /\bnote\b/, '"1,5" (only a decimal comma) has a note');
    await typeInto(page, '#path', '1,000');
    assert.match(await message.getAttribute('class'), /\bnote\b/);
    await assertNoNonNumbers(page);
  }));

test('the command line reads a link\'s "path=1,000" as the page does and lists the same note in its warnings', () =>
  h.withPage({ hash: `${QD_LINK}&path=1,000`, name: 'reader-cli' }, async (page) => {
    assert.equal(await page.inputValue('#path'), '1,000');
    const note = await text(page, '#path-msg');
    assert.match(note, /“1,000” was read as 1\b/, `#path-msg: "${note}"`);
    const cli = cliEval(`${QD_LINK}&path=1,000`);
    assert.ok(Array.isArray(cli.warnings), `no "warnings" in ${JSON.stringify(cli).slice(0, 300)}`);
    const warning = cli.warnings.find((w) => w.includes('1,000'));
    assert.ok(warning, `the command line's warnings do not mention "1,000": ${JSON.stringify(cli.warnings)}`);
    assert.ok(warning.endsWith(note), `the command line says "${warning}", the page "${note}"`);
    // And it computed with 1 cm, as the page did.
    const atOne = cliEval(`${QD_LINK}&path=1`);
    assert.equal(cli.outputs.concentration_mol_per_L, atOne.outputs.concentration_mol_per_L);
    assert.equal(cli.outputs.diameter_nm, atOne.outputs.diameter_nm);
  }));

/** The example's rows, with decimal points shown (865.0): the table's mark is the point. */
const POINT_ROWS = [['0', '1000.0'], ['1', '865.0'], ['2', '761.0'], ['4', '652.0'], ['6', '577.0'], ['8', '538.0'], ['10', '499.0'], ['15', '449.0'], ['20', '414.0']];

test('a pasted table: "1,000" among decimal points reads as 1000 with a note naming the row; a cell with a decimal comma among points is an error naming its row', () =>
  h.withPage({ hash: QUENCH, name: 'reader-pasted-table' }, async (page) => {
    // The reference: the same table with 1000.0.
    await pasteInto(page, '#quench-table-r0c0', POINT_ROWS.map((r) => r.join('\t')).join('\n'));
    await page.locator('#model-comparison').waitFor();
    const reference = await langmuirK(page);
    assert.doesNotMatch((await tableMessages(page)).join('\n'), /was read as/);

    const ambiguous = POINT_ROWS.map((r, i) => (i === 0 ? [r[0], '1,000'] : r));
    await page.click('#quench-table-clear');
    await pasteInto(page, '#quench-table-r0c0', ambiguous.map((r) => r.join('\t')).join('\n'));
    await page.locator('#model-comparison').waitFor();
    assert.equal(await page.inputValue('#quench-table-r0c1'), '1,000', 'the cell does not show what was pasted');
    assert.equal(await page.getAttribute('#quench-table-r0c1', 'aria-invalid'), 'false');
    const messages = (await tableMessages(page)).join('\n');
    assert.match(messages, /Row 1: “1,000” was read as 1000 \(the comma as a thousands separator\)/, `#table-msg: ${messages}`);
    assert.match(messages, /decimal points \(row 2: “865\.0”\)/, `#table-msg: ${messages}`);
    assert.equal(cliEval(await savedLink(page)).inputs.values[0], 1000, 'the link does not read "1,000" as 1000');
    assert.equal((await langmuirK(page)).text, reference.text, '"1,000" was not read as 1000');

    // Mixed: one decimal comma among decimal points.
    const mixed = POINT_ROWS.map((r, i) => (i === 3 ? [r[0], '652,5'] : r));
    await page.click('#quench-table-clear');
    await pasteInto(page, '#quench-table-r0c0', mixed.map((r) => r.join('\t')).join('\n'));
    const errors = (await tableMessages(page)).join('\n');
    assert.match(errors, /row 4/i, `#table-msg: ${errors}`);
    assert.match(errors, /decimal comma/, `#table-msg: ${errors}`);
    assert.match(errors, /one decimal mark/, `#table-msg: ${errors}`);
    assert.equal(await page.getAttribute('#quench-table-r3c1', 'aria-invalid'), 'true', 'the cell with the other decimal mark is not marked');
    assert.equal(await page.locator('#model-comparison').count(), 0, 'a table mixing decimal marks was fitted');
    await assertNoNonNumbers(page, 'with mixed decimal marks');
  }));

test('a typed table: "1,000" typed among cells with decimal points reads as 1000 with a note; a typed decimal comma among them is an error naming its row', () =>
  h.withPage({ hash: QUENCH, name: 'reader-typed-table' }, async (page) => {
    await page.click('#quench-example');
    await page.locator('#model-comparison').waitFor();
    const example = await langmuirK(page);
    await typeInto(page, '#quench-table-r1c1', '865.0');
    await typeInto(page, '#quench-table-r3c1', '652.0');
    assert.equal((await langmuirK(page)).text, example.text);

    await typeInto(page, '#quench-table-r0c1', '1,000');
    await page.locator('#model-comparison').waitFor();
    const messages = (await tableMessages(page)).join('\n');
    assert.match(messages, /Row 1: “1,000” was read as 1000/, `#table-msg: ${messages}`);
    assert.match(messages, /if you meant 1, type 1 instead/, `#table-msg: ${messages}`);
    assert.match(messages, /without a comma/, `#table-msg: ${messages}`);
    assert.match(messages, /decimal points \(row 2: “865\.0”\)/, `#table-msg: ${messages}`);
    assert.equal((await langmuirK(page)).text, example.text, '"1,000" typed in row 1 was not read as 1000');

    // Written unambiguously, the note goes.
    await typeInto(page, '#quench-table-r0c1', '1000');
    assert.doesNotMatch((await tableMessages(page)).join('\n'), /was read as/);

    await typeInto(page, '#quench-table-r2c1', '761,5');
    const errors = (await tableMessages(page)).join('\n');
    assert.match(errors, /row 3/i, `#table-msg: ${errors}`);
    assert.match(errors, /decimal comma/, `#table-msg: ${errors}`);
    assert.equal(await page.getAttribute('#quench-table-r2c1', 'aria-invalid'), 'true');
    assert.equal(await page.locator('#model-comparison').count(), 0);
    await typeInto(page, '#quench-table-r2c1', '761.5');
    await page.locator('#model-comparison').waitFor();
  }));

test('a European Excel paste (semicolons, decimal commas, header "[Q] (mM);I") fits, with the unit taken from the header', () =>
  h.withPage({ hash: QUENCH, name: 'reader-european-paste' }, async (page) => {
    // Langmuir data with K = 2 mM⁻¹ = 2000 M⁻¹ and max = 0.70, ±0.3 % noise.
    const K_PER_MM = 2;
    const noise = [0.002, -0.003, 0.001, 0.003, -0.002, 0.0, -0.001, 0.002, -0.003, 0.001];
    const q = [0, 0.25, 0.5, 1, 1.5, 2, 3, 4, 6, 8];
    const lines = q.map((x, i) => {
      const intensity = 1000 * (1 - (0.7 * K_PER_MM * x) / (1 + K_PER_MM * x)) * (1 + noise[i]);
      return `${String(x).replace('.', ',')};${intensity.toFixed(1).replace('.', ',')}`;
    });
    const pasted = ['[Q] (mM);I', ...lines].join('\r\n') + '\r\n';
    assert.equal(await page.inputValue('#q-unit'), 'uM');
    await pasteInto(page, '#quench-table-r0c0', pasted);
    await page.locator('#model-comparison').waitFor({ timeout: 5000 }).catch(() => {});
    const messages = (await tableMessages(page)).join('\n');
    assert.equal(await page.inputValue('#q-unit'), 'mM', `the unit was not taken from the header; #table-msg: ${messages}`);
    assert.match(await text(page, 'table#quench-table thead'), /\[Q\] \(mM\)/);
    assert.match(messages, /header/i, `#table-msg: ${messages}`);
    const cells = await tableCells(page);
    assert.deepEqual(cells.slice(0, q.length).map((r) => r.slice(0, 2)), lines.map((l) => l.split(';')), 'the cells do not show the pasted numbers');
    assert.equal(await page.locator('#quench-table [aria-invalid="true"]').count(), 0, `cells marked invalid; #table-msg: ${messages}`);
    assert.equal(await page.locator('#model-comparison').count(), 1, `no fit; #table-msg: ${messages}`);
    const k = await langmuirK(page);
    assert.ok(Math.abs(k.value - 2000) / 2000 < 0.05, `K_L = ${k.text}, expected about 2000 M⁻¹ (2 mM⁻¹)`);
    assert.ok(k.lo < 2000 && 2000 < k.hi, `K_L 95 % interval misses 2000 M⁻¹: ${k.text}`);
    assert.match(await savedLink(page), /[?&]unit=mM(&|$)/);
    await assertNoNonNumbers(page, 'after the European paste');
  }));
