// The photoelectrochemistry page (pec.html) as a user drives it: the seed-002 example and its
// bias-free operating point against SciPy and the command line, potentiostat files opened per
// electrode (sweeps, references, binary .mpr, files that are not J–V curves), straight lines
// typed into both tables with a bias and a resistance, curves that do not cross and the bias
// they need, garbage in every field, the potential-scale converter, hostile links and a link
// with both curves, and undoing an import. Every expected number is worked out here from the
// closed forms and sources named beside it, never copied from the page.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { setup, text, typeInto, draws, assertNoNonNumbers, screenshot, savedLink, pasteInto, cliEval, repoRoot } from './harness.mjs';
import { numbersIn, closeTo, inkedFraction } from './quench_page.mjs';

const h = setup();

/** The photoelectrochemistry page, bare (saved work is restored). */
const PEC = 'pec.html#/pec';
/** Where the page keeps its saved work (the calculator's slug, as every page does). */
const PEC_KEY = 'photocalc:pec';

// Constants, each from its source.
/** Boltzmann constant (J K⁻¹), elementary charge (C), Faraday constant (C mol⁻¹ = N_A·e): exact SI values (CODATA 2018). */
const K_B = 1.380649e-23;
const Q_E = 1.602176634e-19;
const FARADAY = 96485.33212331;
/** Molar gas constant N_A·k (J mol⁻¹ K⁻¹), exact since 2019. */
const R_GAS = 8.314462618;
/** Ag/AgCl (sat. KCl) against SHE at 25 °C, V (../shared/refdata/seed_checks.json g; Bard & Faulkner). */
const AGCL_SAT_VS_SHE = 0.197;
/** seed_checks g: the exact Nernst slope (ln 10)RT/F at 25 °C, V per pH unit. */
const SEED_NERNST_SLOPE = 0.05915935;
/** seed_checks g: the three potentials of the seed (V vs Ag/AgCl, sat. KCl). */
const SEED_POTENTIALS = [-0.2, 0.03, -0.6];

/**
 * tests/pec_refs/photodiode_pair.py (SciPy brentq, run independently of the Rust code): the
 * seed-002 pair (photoanode 0.6 mA cm⁻², onset −0.45 V, n = 2, R_s = 1500 Ω cm²; photocathode
 * 0.4 mA cm⁻², onset +0.03 V, same n and R_s; both vs Ag/AgCl sat. KCl, 25 °C) crosses at
 * E = −0.214562 V with J_cathode = −0.1473085 mA cm⁻².
 */
const SCIPY_CROSSING_V = -0.214562;
const SCIPY_CATHODE_J = -0.1473085;
/** The example's models (src/state/pec/mod.rs, ElectrodeState::new defaults), as the SciPy script takes them. */
const EXAMPLE_ANODE = { jph: 0.6, onset: -0.45, n: 2, rs: 1500, anode: true };
const EXAMPLE_CATHODE = { jph: 0.4, onset: 0.03, n: 2, rs: 1500, anode: false };
/** The example's run (mod.rs `example`): 120 min, 680 mW cm⁻² on 1 cm², E°′(O₂/H₂O) = 0.82 V, E°′(NAD⁺/NADH) = −0.32 V, onset threshold 0.001 mA cm⁻². */
const EXAMPLE_MINUTES = 120;
const EXAMPLE_POWER_MW = 680;
const EXAMPLE_DELTA_E = 0.82 - -0.32;
const EXAMPLE_THRESHOLD = 0.001;

/**
 * The photodiode model of tests/pec_refs/photodiode_pair.py, in mA cm⁻² (anodic positive):
 * a diode with a photocurrent, open-circuit voltage 0.5 V placed at the onset, ideality n,
 * series and shunt resistances (Ω cm²); no current before the onset. The implicit equation
 * J = J_ph − J₀(exp((u + J R_s)/nV_T) − 1) − (u + J R_s)/R_sh is solved by bisection (not Brent).
 */
function photodiode({ jph, onset, n, rs, rsh = Infinity, anode }, kelvin = 298.15) {
  const VOC = 0.5;
  const jphA = jph * 1e-3;
  const nvt = (n * K_B * kelvin) / Q_E;
  const j0 = jphA / Math.expm1(VOC / nvt);
  return (e) => {
    const beyond = anode ? e - onset : onset - e;
    const u = VOC - beyond;
    if (u >= VOC) return 0;
    const g = (j) => jphA - j0 * Math.expm1((u + j * rs) / nvt) - (u + j * rs) / rsh - j;
    let j;
    if (rs === 0) {
      j = g(0);
    } else {
      const span = jphA + j0 + Math.abs(u) / rsh + 1e-3;
      j = bisect(g, -span - Math.max(u, 0) / rs, span);
    }
    j = Math.max(j, 0) * 1e3;
    return anode ? j : -j;
  };
}

/** A root of f between a and b (f(a), f(b) of opposite signs) by 200 halvings. */
function bisect(f, a, b) {
  let [lo, hi] = [a, b];
  const fa = f(lo);
  assert.ok(fa * f(hi) <= 0, `bisection: no sign change between ${a} and ${b}`);
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if ((f(mid) > 0) === (fa > 0)) lo = mid; else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Linear interpolation in a table of ascending x. */
function interpolate(xs, ys, x) {
  for (let i = 1; i < xs.length; i++) {
    if (x <= xs[i]) return ys[i - 1] + ((ys[i] - ys[i - 1]) * (x - xs[i - 1])) / (xs[i] - xs[i - 1]);
  }
  return ys[ys.length - 1];
}

/**
 * The photoanode of tests/pec_files/make_files.py (the generated voltammetry files), mA on 1 cm²:
 * I(E) = I_PH − I_0 (exp((E_ON − E)/(N V_T)) − 1), I_PH = 2.0 mA, I_0 = 0.01 mA, E_ON = 0.4 V, N = 2, V_T = 0.0257 V.
 */
const fileAnodeMa = (e) => 2.0 - 0.01 * (Math.exp((0.4 - e) / (2 * 0.0257)) - 1);
/** generic_lsv_V_uA.tsv: 0.10 … 1.30 V in 0.05 V steps, I in µA written with 4 decimals (make_files.py). */
const TSV_POTENTIALS = Array.from({ length: 25 }, (_, k) => Math.round((0.1 + 0.05 * k) * 1e9) / 1e9);
const TSV_CURRENTS_MA = TSV_POTENTIALS.map((e) => Math.round(fileAnodeMa(e) * 1e3 * 1e4) / 1e4 / 1e3);

const FILES = path.join(repoRoot, 'tests', 'pec_files');
const INSTRUMENTS = path.resolve(repoRoot, '..', 'shared', 'data', 'instruments');

/** The numbers a result cell shows ("−0.1473" → [−0.1473]). */
async function shown(page, id) {
  return numbersIn(await text(page, `#${id}`));
}

/** Opens the example (button "Load example") and waits for its operating point. */
async function loadExample(page) {
  await page.click('#pec-example');
  await page.locator('#out-current').waitFor();
}

/** What a user sees of a field: its text, aria-invalid and the message under it. */
async function fieldState(page, id) {
  return page.locator(`[id="${id}"]`).evaluate((input) => {
    const message = input.closest('.field')?.querySelector('p.message');
    return { value: input.value, invalid: input.getAttribute('aria-invalid'), messageId: message?.id, message: message?.innerText.trim() ?? '' };
  });
}

/** A table's cells as drawn (the rows in its window). */
async function cells(page, id) {
  return page.locator(`table#${id} tbody`).evaluate((tbody) =>
    [...tbody.querySelectorAll('tr.row')].map((tr) => [...tr.querySelectorAll('input[type=text]')].map((i) => i.value)));
}

/** The row count shown under a table ("25 rows" → 25). */
async function rowCount(page, id) {
  return numbersIn(await text(page, `#${id}-count`))[0];
}

/** Opens a file in a file input and waits until its message names it. */
async function openFile(page, input, file) {
  const name = typeof file === 'string' ? path.basename(file) : file.name;
  await page.setInputFiles(`#${input}`, file);
  await page.waitForFunction(([id, n]) => document.getElementById(`${id}-msg`)?.innerText.includes(n), [input, name]);
  return text(page, `#${input}-msg`);
}

/** Waits until `count` more charts have been drawn than `since`. */
async function drawnSince(page, since, count) {
  await page.waitForFunction(([n, c]) => Number(document.documentElement.dataset.draws) >= n + c, [since, count]);
}

/** The saved work in this browser. */
async function stored(page) {
  return page.evaluate((k) => localStorage.getItem(k), PEC_KEY);
}

/** `photocalc link STATE.json`, run as the harness runs the command line (cargo run). */
function cliLink(statePath) {
  const cargoBin = path.join(process.env.CARGO_HOME || path.join(os.homedir(), '.cargo'), 'bin');
  return execFileSync('cargo', ['run', '-q', '--', 'link', statePath], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 600_000,
    env: { ...process.env, PATH: `${cargoBin}${path.delimiter}${process.env.PATH}` },
  }).trim();
}

test('the example runs bias-free at −0.147 mA cm⁻² (SciPy), onsets −0.45 and +0.03 V, NADH I/(2F)·t, η = ΔE·I/P; the J–V chart is drawn; the command line agrees', () =>
  h.withPage({ hash: PEC, name: 'pec-example' }, async (page) => {
    await loadExample(page);

    // The model here reproduces SciPy's crossing (a check of this file's own arithmetic).
    const ja = photodiode(EXAMPLE_ANODE);
    const jc = photodiode(EXAMPLE_CATHODE);
    const crossing = bisect((e) => ja(e) + jc(e), EXAMPLE_ANODE.onset, EXAMPLE_CATHODE.onset);
    assert.ok(Math.abs(crossing - SCIPY_CROSSING_V) < 1e-5, `bisection ${crossing} V vs SciPy ${SCIPY_CROSSING_V} V`);
    closeTo(jc(crossing), SCIPY_CATHODE_J, 1e-5, 'this file\'s photodiode vs SciPy');

    // One bias-free operating point, on 1 cm² each.
    assert.equal(await text(page, '#card-operating h3'), 'Bias-free operating point');
    assert.equal(await page.locator('#out-current-2').count(), 0, 'the example has more than one crossing');
    closeTo((await shown(page, 'out-jc'))[0], SCIPY_CATHODE_J, 1e-3, 'photocathode current density vs SciPy');
    closeTo((await shown(page, 'out-ja'))[0], -SCIPY_CATHODE_J, 1e-3, 'photoanode current density vs SciPy');
    closeTo((await shown(page, 'out-current'))[0], -SCIPY_CATHODE_J * 1, 1e-3, 'current (mA) on 1 cm²');
    assert.match(await text(page, '#out-current'), /^0\.147/);
    assert.ok(Math.abs((await shown(page, 'out-e'))[0] - SCIPY_CROSSING_V) < 5e-4, `potential ${await text(page, '#out-e')} vs SciPy ${SCIPY_CROSSING_V} V`);

    // Onsets where |J| first reaches 0.001 mA cm⁻², by bisection on the model.
    const onsetA = bisect((e) => ja(e) - EXAMPLE_THRESHOLD, EXAMPLE_ANODE.onset, EXAMPLE_ANODE.onset + 0.5);
    const onsetC = bisect((e) => jc(e) + EXAMPLE_THRESHOLD, EXAMPLE_CATHODE.onset - 0.5, EXAMPLE_CATHODE.onset);
    const [shownA, shownC] = [(await shown(page, 'out-onset-a'))[0], (await shown(page, 'out-onset-c'))[0]];
    assert.ok(Math.abs(shownA - onsetA) < 2e-3 && Math.abs(shownA - -0.45) < 0.01, `photoanode onset ${shownA} V, expected ${onsetA.toFixed(4)} V (near −0.45)`);
    assert.ok(Math.abs(shownC - onsetC) < 2e-3 && Math.abs(shownC - 0.03) < 0.01, `photocathode onset ${shownC} V, expected ${onsetC.toFixed(4)} V (near +0.03)`);

    // NADH: r = I/(2F) at 100 % Faradaic efficiency; after 120 min, r·7200 s.
    const amps = -SCIPY_CATHODE_J * 1e-3;
    closeTo((await shown(page, 'out-rate'))[0], (amps / (2 * FARADAY)) * 3600 * 1e6, 1e-3, 'NADH rate, µmol h⁻¹');
    closeTo((await shown(page, 'out-after'))[0], (amps / (2 * FARADAY)) * EXAMPLE_MINUTES * 60 * 1e6, 1e-3, 'NADH after 120 min, µmol');
    // seed_checks h: η = ΔE·j/P (ΔG = 2F·ΔE per NADH, r = j/(2F)), in %.
    closeTo((await shown(page, 'out-eta'))[0], ((EXAMPLE_DELTA_E * amps) / (EXAMPLE_POWER_MW * 1e-3)) * 100, 2e-3, 'light-to-chemical efficiency, %');
    closeTo((await shown(page, 'out-dg'))[0], (2 * FARADAY * EXAMPLE_DELTA_E) / 1e3, 1e-4, 'ΔG = 2F·1.14 V, kJ mol⁻¹');

    // The J–V chart is drawn (the example's models are the page's first ones: drawn once, on opening).
    await drawnSince(page, 0, 1);
    assert.ok(await draws(page) >= 1);
    const ink = await inkedFraction(page, 'canvas#pec-jv-chart');
    assert.ok(ink > 0.01, `canvas#pec-jv-chart: only ${(ink * 100).toFixed(2)} % inked`);
    await assertNoNonNumbers(page, 'with the example');
    await screenshot(page, 'pec-example', { fullPage: true });

    // The command line, given the page's own link, finds the same current.
    const cli = cliEval(await savedLink(page, 'href'));
    closeTo(cli.outputs.operating_current_mA, -SCIPY_CATHODE_J, 1e-3, 'CLI operating current vs SciPy');
    closeTo((await shown(page, 'out-current'))[0], cli.outputs.operating_current_mA, 5e-4, 'page vs CLI operating current');
    assert.equal(cli.outputs.crossings.length, 1);
  }));

test('a potentiostat TSV for the photoanode: its rows are the file\'s formula in mA, the model cathode crosses it where bisection says; a UV-vis file, an empty file and junk are refused by name and lose nothing', () =>
  h.withPage({ hash: PEC, name: 'pec-files' }, async (page) => {
    await page.selectOption('#pec-a-src', 'table');
    const said = await openFile(page, 'pec-a-file', path.join(FILES, 'generic_lsv_V_uA.tsv'));
    assert.match(said, /25 points/, `#pec-a-file-msg: ${said}`);
    assert.match(said, /does not name its reference/, `#pec-a-file-msg: ${said}`);
    assert.equal(await rowCount(page, 'pec-a-table'), 25);
    assert.equal(await page.inputValue('#pec-a-col'), 'i', 'a file\'s currents are not taken as currents');
    const rows = await cells(page, 'pec-a-table');
    for (const [k, [e, i]] of rows.slice(0, 5).entries()) {
      assert.ok(Math.abs(Number(e) - TSV_POTENTIALS[k]) < 1e-12, `row ${k + 1}: E = ${e}`);
      assert.ok(Math.abs(Number(i) - fileAnodeMa(TSV_POTENTIALS[k])) < 1e-6, `row ${k + 1}: I = ${i} mA, the formula gives ${fileAnodeMa(TSV_POTENTIALS[k])}`);
    }
    await assertNoNonNumbers(page, 'after the TSV');

    // The default photocathode (onset +0.03 V) only carries current where the file's anode is
    // still cathodic: no operating point. With its onset at +0.6 V it crosses the file's curve.
    await typeInto(page, '#pec-c-onset', '0.6');
    await page.locator('#out-current').waitFor();
    const cathode = photodiode({ ...EXAMPLE_CATHODE, onset: 0.6 });
    // The file's curve is its points joined by straight lines (a measured curve); 1 cm².
    const anode = (e) => interpolate(TSV_POTENTIALS, TSV_CURRENTS_MA, e);
    const crossing = bisect((e) => anode(e) + cathode(e), 0.1, 0.6);
    const expected = -cathode(crossing);
    closeTo((await shown(page, 'out-current'))[0], expected, 2e-3, 'current of the model cathode on the file\'s anode');
    assert.ok(Math.abs((await shown(page, 'out-e'))[0] - crossing) < 1e-3, `crossing at ${await text(page, '#out-e')} V, bisection says ${crossing.toFixed(4)} V`);
    // The smooth formula itself crosses within the straight lines' error (a few %).
    const smooth = bisect((e) => fileAnodeMa(e) + cathode(e), 0.1, 0.6);
    closeTo((await shown(page, 'out-current'))[0], -cathode(smooth), 0.05, 'current vs the smooth formula\'s crossing');
    const before = { rows: await cells(page, 'pec-a-table'), current: await text(page, '#out-current') };

    // Files that are no J–V curve: a message naming each, the curve kept.
    const junk = Buffer.alloc(3000);
    for (let i = 0, x = 12345; i < junk.length; i++) junk[i] = (x = (x * 1103515245 + 12345) % 2147483648) >> 16;
    const bad = [
      path.join(INSTRUMENTS, 'uvvis_hzb_wlnm_abs.csv'),
      { name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.alloc(0) },
      { name: 'junk.bin', mimeType: 'application/octet-stream', buffer: junk },
    ];
    for (const file of bad) {
      const name = typeof file === 'string' ? path.basename(file) : file.name;
      const message = await openFile(page, 'pec-a-file', file);
      assert.equal(await page.locator('#pec-a-file-msg li.alert.error').count(), 1, `${name}: no error message: ${message}`);
      assert.ok(message.length > name.length + 20 && message.length < 600, `${name}: "${message}"`);
      assert.deepEqual(await cells(page, 'pec-a-table'), before.rows, `${name}: the curve was changed`);
      assert.equal(await rowCount(page, 'pec-a-table'), 25);
      assert.equal(await text(page, '#out-current'), before.current, `${name}: the operating point changed`);
      await assertNoNonNumbers(page, `after ${name}`);
    }
  }));

test('files with sweeps and references: a reversing CV offers 2 sweeps and the other one changes the table; a BioLogic .mpt naming SCE sets the scale; its .mpr gives as many rows', () =>
  h.withPage({ hash: PEC, name: 'pec-sweeps' }, async (page) => {
    await page.selectOption('#pec-a-src', 'table');
    const said = await openFile(page, 'pec-a-file', path.join(FILES, 'chi_cv_reversing.txt'));
    const options = await page.$$eval('#pec-a-file-sweep option', (os) => os.map((o) => o.textContent));
    assert.equal(options.length, 2, `sweeps offered: ${options.join(' | ')}`);
    assert.ok(await page.locator('#pec-a-file-sweep').isVisible(), 'the sweep choice is hidden');
    const chosen = await page.inputValue('#pec-a-file-sweep');
    const first = await cells(page, 'pec-a-table');
    // Each sweep is one direction of 0.10 ↔ 1.30 V (make_files.py, chi_cv): its rows are the formula's currents (A, 4 digits).
    for (const [e, i] of first.slice(0, 4)) closeTo(Number(i), fileAnodeMa(Number(e)), 2e-3, `CV row at ${e} V`);
    await page.selectOption('#pec-a-file-sweep', chosen === '0' ? '1' : '0');
    await page.waitForFunction((v) => document.querySelector('#pec-a-table-r0c0')?.value !== v, first[0][0]);
    const second = await cells(page, 'pec-a-table');
    assert.notDeepEqual(second, first, 'choosing the other sweep did not change the table');
    // CHI's segments: 0.10 … 1.30 V up, then 1.25 … 0.10 V back (make_files.py: up + up[-2::-1]).
    assert.deepEqual([first[0][0], second[0][0]].map(Number).sort(), [0.1, 1.25], `the sweeps start at ${first[0][0]} and ${second[0][0]} V`);
    assert.match(said, /chi_cv_reversing\.txt/);
    await assertNoNonNumbers(page, 'with the CV');

    // BioLogic LSV whose header names an SCE (yadg's lsv.mpt, ../shared/data/instruments/SOURCES.md).
    assert.equal(await page.inputValue('#pec-a-scale'), 'AgAgCl-satKCl');
    const mpt = await openFile(page, 'pec-a-file', path.join(INSTRUMENTS, 'biologic_lsv_spAg_SP240_yadg.mpt'));
    assert.equal(await page.inputValue('#pec-a-scale'), 'SCE', `the scale was not set from the header: ${mpt}`);
    assert.match(mpt, /reference[^\n]*SCE/i, `the message does not name the reference: ${mpt}`);
    const mptRows = await rowCount(page, 'pec-a-table');
    assert.ok(mptRows > 100, `only ${mptRows} rows from the .mpt`);
    const mptFirst = (await cells(page, 'pec-a-table'))[0];
    await assertNoNonNumbers(page, 'with the .mpt');

    const mpr = await openFile(page, 'pec-a-file', path.join(INSTRUMENTS, 'biologic_lsv_spAg_SP240_yadg.mpr'));
    assert.equal(await page.locator('#pec-a-file-msg li.alert.error').count(), 0, `the .mpr was refused: ${mpr}`);
    assert.equal(await rowCount(page, 'pec-a-table'), mptRows, 'the .mpr and the .mpt of one experiment give different row counts');
    const mprFirst = (await cells(page, 'pec-a-table'))[0];
    closeTo(Number(mprFirst[0]), Number(mptFirst[0]), 1e-6, 'first potential, .mpr vs .mpt');
    closeTo(Number(mprFirst[1]), Number(mptFirst[1]), 1e-6, 'first current, .mpr vs .mpt');
    await assertNoNonNumbers(page, 'with the .mpr');
  }));

test('two straight lines pasted into both tables (2 cm² each) cross where algebra says, and their best area split is algebra\'s; with U = 0.1 V and R = 100 Ω, E_a − E_c = U − I·R', () =>
  h.withPage({ hash: PEC, name: 'pec-lines' }, async (page) => {
    // Anode J = 1 + 2E, cathode J = −0.5 + E (mA cm⁻²), exact between their two points.
    await page.selectOption('#pec-a-src', 'table');
    await page.selectOption('#pec-c-src', 'table');
    assert.equal(await pasteInto(page, '#pec-a-table-r0c0', '-1\t-1\n1\t3'), true, 'the paste was not taken');
    assert.equal(await pasteInto(page, '#pec-c-table-r0c0', '-1\t-1.5\n1\t0.5'), true, 'the paste was not taken');
    await typeInto(page, '#pec-a-area', '2');
    await typeInto(page, '#pec-c-area', '2');
    await page.locator('#out-current').waitFor();
    // 2(1 + 2E) + 2(−0.5 + E) = 0 → E = −1/6, I = 2(1 + 2E) = 4/3 mA.
    const e = -1 / 6;
    closeTo((await shown(page, 'out-current'))[0], 2 * (1 + 2 * e), 5e-4, 'current of the two lines');
    closeTo((await shown(page, 'out-e'))[0], e, 5e-4, 'potential of the two lines');
    closeTo((await shown(page, 'out-ja'))[0], 1 + 2 * e, 5e-4, 'anode J');
    closeTo((await shown(page, 'out-jc'))[0], -0.5 + e, 5e-4, 'cathode J');
    // The best split of the 4 cm², by algebra: at a cathode potential E the anode's a = 1 + 2E
    // and the cathode's c = 0.5 − E balance on the anode's share c/(a + c) and carry
    // 4·a·c/(a + c) mA, greatest where a′c² + c′a² = 0, i.e. a = √2·c: A_a/A_c = c/a = 1/√2.
    const best = (Math.SQRT2 / 2 - 1) / (2 + Math.SQRT2);
    const [a, c] = [1 + 2 * best, 0.5 - best];
    closeTo((await shown(page, 'out-ratio'))[0], Math.SQRT1_2, 5e-3, 'best area ratio A(anode)/A(cathode), shown to 3 digits');
    closeTo(numbersIn(await text(page, '#out-ratio ~ td.note'))[0], (4 * a * c) / (a + c), 5e-3, 'current at the best split (mA), shown to 3 digits');

    // With a bias and a resistance: E_a = E_c + U − I·R, I = 2(1 + 2E_a) = 2(0.5 − E_c) (mA, R in Ω → V by 10⁻³).
    const [U, R] = [0.1, 100];
    await typeInto(page, '#pec-bias', String(U));
    await typeInto(page, '#pec-r', String(R));
    await page.locator('#out-ea').waitFor();
    assert.equal(await text(page, '#card-operating h3'), 'Operating point with the bias');
    // 2 + 4(E_c + U − 1e-3·R·(1 − 2E_c)) = 1 − 2E_c → E_c = (−1 − 4U + 4e-3·R)/(6 + 8e-3·R).
    const ec = (-1 - 4 * U + 4e-3 * R) / (6 + 8e-3 * R);
    const current = 1 - 2 * ec;
    const ea = ec + U - current * 1e-3 * R;
    const shownI = (await shown(page, 'out-current'))[0];
    const [shownEa, shownEc] = [(await shown(page, 'out-ea'))[0], (await shown(page, 'out-ec'))[0]];
    closeTo(shownI, current, 5e-4, 'current with U and R');
    closeTo(shownEc, ec, 5e-4, 'E_c with U and R');
    closeTo(shownEa, ea, 5e-4, 'E_a with U and R');
    // What a user checks with the numbers shown (each to 4 digits).
    assert.ok(Math.abs((shownEa - shownEc) - (U - shownI * 1e-3 * R)) < 3e-4, `E_a − E_c = ${shownEa - shownEc} V, U − I·R = ${U - shownI * 1e-3 * R} V`);
    const ink = await inkedFraction(page, 'canvas#pec-jv-chart');
    assert.ok(ink > 0.005, `canvas#pec-jv-chart: only ${(ink * 100).toFixed(2)} % inked`);
    await assertNoNonNumbers(page, 'with two lines');
  }));

test('curves that do not cross (cathode onset −0.8 V): the page says no bias-free current flows; 0.1 mA needs the bias bisection gives, and typing it gives 0.1 mA', () =>
  h.withPage({ hash: PEC, name: 'pec-no-crossing' }, async (page) => {
    await loadExample(page);
    await typeInto(page, '#pec-c-onset', '-0.8');
    await page.locator('#out-current').waitFor({ state: 'detached' });
    const card = await text(page, '#card-operating');
    assert.match(card, /no bias-free current flows/, `#card-operating:\n${card}`);
    assert.equal(await page.locator('#card-products').count(), 0, 'a product is made with no current');
    await assertNoNonNumbers(page, 'with no crossing');

    await typeInto(page, '#pec-want', '0.1');
    await page.locator('#out-bias-needed').waitFor();
    // U = E_a(J_a = 0.1) − E_c(J_c = −0.1), 1 cm² each, no resistance.
    const ja = photodiode(EXAMPLE_ANODE);
    const jc = photodiode({ ...EXAMPLE_CATHODE, onset: -0.8 });
    const ea = bisect((e) => ja(e) - 0.1, -0.45, 0.75);
    const ec = bisect((e) => jc(e) + 0.1, -2.0, -0.8);
    const needed = (await shown(page, 'out-bias-needed'))[0];
    assert.ok(Math.abs(needed - (ea - ec)) < 2e-3, `bias for 0.1 mA: shown ${needed} V, bisection ${(ea - ec).toFixed(4)} V`);

    await typeInto(page, '#pec-bias', await text(page, '#out-bias-needed'));
    await page.locator('#out-current').waitFor();
    closeTo((await shown(page, 'out-current'))[0], 0.1, 0.02, 'current with the bias shown for 0.1 mA');
    assert.equal(await text(page, '#card-operating h3'), 'Operating point with the bias');
    await assertNoNonNumbers(page, 'with the bias');
  }));

/** Number fields whose rule refuses −1 (fields.rs: Positive or NonNegative). */
const NOT_NEGATIVE = new Set(['pec-r', 'pec-threshold', 'pec-want', 'pec-fe', 'pec-time', 'pec-start', 'pec-vol', 'pec-a340', 'pec-path', 'pec-measured', 'pec-charge',
  'pec-power', 'pec-light-area', 'pec-dg', ...['a', 'c'].flatMap((s) => [`pec-${s}-area`, `pec-${s}-jph`, `pec-${s}-n`, `pec-${s}-rs`, `pec-${s}-rsh`])]);
/** Every number field (fields.rs: Field::spec and ElectrodeField::spec ids). */
const FIELD_IDS = ['pec-ph', 'pec-temp', 'pec-fc', 'pec-ref', 'pec-bias', 'pec-r', 'pec-threshold', 'pec-want', 'pec-fe', 'pec-time', 'pec-start', 'pec-vol', 'pec-a340',
  'pec-path', 'pec-measured', 'pec-charge', 'pec-power', 'pec-light-area', 'pec-dg', 'pec-eox', 'pec-ered',
  ...['a', 'c'].flatMap((s) => ['area', 'jph', 'onset', 'n', 'rs', 'rsh'].map((f) => `pec-${s}-${f}`))];

test('garbage in every number field: a message at the field, the text kept, no NaN; 50,000 rows of junk pasted into a table are said, and the page still answers', () =>
  h.withPage({ hash: PEC, name: 'pec-garbage' }, async (page) => {
    await loadExample(page);
    await page.click('details.measured summary');
    const visible = await page.$$eval('input[type=text]', (els) => els.filter((e) => e.checkVisibility() && e.id.startsWith('pec-') && !e.id.includes('-table-')).map((e) => e.id));
    assert.deepEqual(FIELD_IDS.filter((id) => !visible.includes(id)), [], 'number fields not on the page');
    const problems = [];
    for (const id of FIELD_IDS) {
      const good = (await fieldState(page, id)).value;
      for (const typed of ['abc', '1e999', ...(NOT_NEGATIVE.has(id) ? ['-1'] : [])]) {
        await page.fill(`#${id}`, typed);
        const seen = await fieldState(page, id);
        const where = `#${id} = "${typed}"`;
        if (seen.invalid !== 'true') problems.push(`${where}: not marked aria-invalid`);
        if (seen.messageId !== `${id}-msg` || seen.message.length < 10) problems.push(`${where}: no message at the field (#${seen.messageId}: "${seen.message}")`);
        if (seen.value !== typed) problems.push(`${where}: the field now shows "${seen.value}"`);
        await assertNoNonNumbers(page, `after ${where}`);
      }
      await page.fill(`#${id}`, good);
      // Emptying a field of the "Measured product" section must not fold the section away under the user.
      if (!(await page.locator(`#${id}`).isVisible())) {
        problems.push(`#${id}: hidden after retyping "${good}" (its section closed)`);
        await page.click('details.measured summary');
      }
      const back = await fieldState(page, id);
      if (back.invalid !== 'false') problems.push(`#${id}: still invalid after retyping "${good}": ${back.message}`);
    }
    assert.deepEqual(problems, [], 'fields with unusable text');
    closeTo((await shown(page, 'out-current'))[0], -SCIPY_CATHODE_J, 1e-3, 'the example after every field was retyped');

    // 50,000 rows of letters pasted into the photoanode's table.
    await page.selectOption('#pec-a-src', 'table');
    const junk = Array.from({ length: 50_000 }, (_, i) => `${(i * 0.001).toFixed(3)}\tabc${i}`).join('\n');
    const started = Date.now();
    await pasteInto(page, '#pec-a-table-r0c0', junk);
    await page.waitForFunction(() => /^50,?000 rows/.test(document.getElementById('pec-a-table-count')?.innerText ?? ''), null, { timeout: 30000 });
    const messages = await text(page, '#pec-a-table-msg');
    assert.match(messages, /more cells could not be read/, `#pec-a-table-msg: ${messages.slice(0, 300)}`);
    assert.ok(messages.length < 5000, `the table's messages are ${messages.length} characters`);
    assert.equal(await page.locator('#out-current').count(), 0, 'an operating point from a table of letters');
    await assertNoNonNumbers(page, 'with 50,000 rows of junk');
    // Still answering: a field typed now shows its message at once.
    const typedAt = Date.now();
    await page.fill('#pec-c-area', 'abc');
    assert.equal((await fieldState(page, 'pec-c-area')).invalid, 'true');
    const latency = Date.now() - typedAt;
    assert.ok(latency < 5000, `the page took ${latency} ms to answer a field after the paste (paste took ${typedAt - started} ms)`);
  }));

test('the scale converter: −0.2, 0.03, −0.6 V vs Ag/AgCl (sat. KCl) are E + 0.197 + (ln 10)RT/F·7 vs RHE at pH 7 and E + 0.197 vs SHE (seed_checks g)', () =>
  h.withPage({ hash: PEC, name: 'pec-converter' }, async (page) => {
    await page.click('#pec-scales summary');
    await typeInto(page, '#pec-ph', '7');
    await typeInto(page, '#pec-temp', '25');
    await page.selectOption('#pec-conv-from', 'AgAgCl-satKCl');
    await page.selectOption('#pec-conv-to', 'RHE');
    await typeInto(page, '#pec-conv', SEED_POTENTIALS.join('\n'));
    const slope = (Math.LN10 * R_GAS * 298.15) / FARADAY;
    assert.ok(Math.abs(slope - SEED_NERNST_SLOPE) < 5e-9, `(ln 10)RT/F = ${slope}, seed_checks ${SEED_NERNST_SLOPE}`);
    const rows = async () => page.$$eval('#pec-conversions tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.innerText.trim())));
    let shownRows = await rows();
    assert.equal(shownRows.length, 3, `conversions: ${JSON.stringify(shownRows)}`);
    for (const [k, e] of SEED_POTENTIALS.entries()) {
      const [from, to] = shownRows[k].map((c) => numbersIn(c)[0]);
      assert.equal(from, e);
      const expected = e + AGCL_SAT_VS_SHE + SEED_NERNST_SLOPE * 7;
      assert.ok(Math.abs(to - expected) < 2e-6, `${e} V vs Ag/AgCl → ${to} V vs RHE, expected ${expected.toFixed(6)}`);
    }
    assert.match(await page.locator('fieldset', { hasText: 'Potential scales' }).first().innerText(), /59\.16 mV per pH/, 'the Nernst slope is not shown as 59.16 mV per pH');

    await page.selectOption('#pec-conv-to', 'SHE');
    shownRows = await rows();
    for (const [k, e] of SEED_POTENTIALS.entries()) {
      const to = numbersIn(shownRows[k][1])[0];
      assert.ok(Math.abs(to - (e + AGCL_SAT_VS_SHE)) < 1e-9, `${e} V vs Ag/AgCl → ${to} V vs SHE, expected ${e + AGCL_SAT_VS_SHE}`);
    }
    // The references table stays within the inputs column (its sources wrap), not under the results.
    const overflow = await page.evaluate(() => {
      const fieldset = document.getElementById('pec-scales').closest('fieldset').getBoundingClientRect();
      return [...document.querySelectorAll('#pec-scales table')].map((t) => t.getBoundingClientRect().right - fieldset.right).filter((d) => d > 1);
    });
    assert.deepEqual(overflow, [], 'a table of #pec-scales runs past its column (px beyond the fieldset)');
    // The references table lists Ag/AgCl (sat. KCl) at +0.197 V.
    const refs = await page.$$eval('#pec-references tr', (trs) => trs.map((tr) => [tr.querySelector('th').innerText.trim(), tr.querySelector('td').innerText.trim()]));
    const agcl = refs.find(([name]) => name === 'Ag/AgCl (sat. KCl)');
    assert.ok(agcl, `no Ag/AgCl (sat. KCl) row: ${JSON.stringify(refs)}`);
    assert.ok(Math.abs(numbersIn(agcl[1])[0] - AGCL_SAT_VS_SHE) < 5e-4, `Ag/AgCl (sat. KCl) at ${agcl[1]} V vs SHE`);
    // Garbage in the list is said at the list.
    await typeInto(page, '#pec-conv', '-0.2\nabc');
    assert.match(await text(page, '#pec-conv-msg'), /abc/);
    await assertNoNonNumbers(page, 'with the converter');
  }));

test('hostile links (an unknown scale, a cut curve, a newer version) show a banner, no panic, and save nothing over my work; a command-line link with both curves reopens with both tables and the same operating point', () =>
  h.withPage({ hash: PEC, name: 'pec-links' }, async (page, { newPage }) => {
    // Two lines as a state file, through `photocalc link`.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pec-e2e-'));
    const statePath = path.join(dir, 'state.json');
    fs.writeFileSync(statePath, JSON.stringify({
      calculator: 'pec',
      anode: { curve: [[-1, -1], [1, 3]], area_cm2: 2, scale: 'AgAgCl-satKCl' },
      cathode: { curve: [[-1, -1.5], [1, 0.5]], area_cm2: 2, scale: 'AgAgCl-satKCl' },
    }));
    const fragment = cliLink(statePath);
    fs.rmSync(dir, { recursive: true, force: true });
    assert.match(fragment, /^#\/pec\?v=1&/, `photocalc link printed ${fragment}`);
    const both = `pec.html${fragment}`;
    const aCurve = fragment.match(/[?&]a_curve=([^&]*)/)?.[1];
    assert.ok(aCurve && aCurve.length > 8, `no a_curve in ${fragment}`);

    // My work first.
    await loadExample(page);
    const mine = await savedLink(page);
    assert.equal(await stored(page), mine);
    await page.close();

    const links = [
      [`${PEC}?v=1&a_scale=nope`, /a_scale|nope/],
      [`pec.html${fragment.replace(aCurve, aCurve.slice(0, aCurve.length - 5))}`, /damaged|cut off/],
      [`${PEC}?v=99&a_area=2`, /version|newer/i],
    ];
    for (const [hash, reason] of links) {
      const p = await newPage(hash);
      const problem = p.locator('#link-problem');
      assert.ok(await problem.isVisible(), `${hash}: no #link-problem`);
      assert.equal(await problem.getAttribute('role'), 'alert');
      const message = await problem.innerText();
      assert.match(message, reason, `${hash}: "${message}"`);
      assert.ok(message.length < 600, `${hash}: the banner is ${message.length} characters`);
      await assertNoNonNumbers(p, `for ${hash}`);
      await p.waitForTimeout(500);
      assert.equal(await stored(p), mine, `${hash}: opening the broken link changed the saved work`);
      await p.click('#pec-example');
      closeTo((await shown(p, 'out-current'))[0], -SCIPY_CATHODE_J, 1e-3, `${hash}: the calculator is broken afterwards`);
      await p.close();
    }

    // The link with both curves.
    const p = await newPage(both);
    assert.equal(await p.locator('#link-problem').isVisible(), false);
    assert.equal(await p.inputValue('#pec-a-src'), 'table');
    assert.equal(await p.inputValue('#pec-c-src'), 'table');
    assert.deepEqual((await cells(p, 'pec-a-table')).slice(0, 2).map((r) => r.map(Number)), [[-1, -1], [1, 3]]);
    assert.deepEqual((await cells(p, 'pec-c-table')).slice(0, 2).map((r) => r.map(Number)), [[-1, -1.5], [1, 0.5]]);
    assert.equal(await p.inputValue('#pec-a-area'), '2');
    // E = −1/6, I = 4/3 mA (see the straight lines above).
    closeTo((await shown(p, 'out-current'))[0], 4 / 3, 5e-4, 'current of the link with both curves');
    const cli = cliEval(h.link(both));
    closeTo(cli.outputs.operating_current_mA, 4 / 3, 1e-9, 'CLI current of the link with both curves');
    // The page's own link of it says the same.
    closeTo(cliEval(await savedLink(p, 'href')).outputs.operating_current_mA, 4 / 3, 1e-9, 'CLI current of the page\'s rewritten link');
    await assertNoNonNumbers(p, 'with both curves');
  }));

test('undo: after "Load example", opening a file for the photoanode can be undone (Ctrl+Z outside the fields, the Undo button), and the model curve comes back', () =>
  h.withPage({ hash: PEC, name: 'pec-undo' }, async (page) => {
    await loadExample(page);
    const example = { current: await text(page, '#out-current'), link: await savedLink(page) };
    await page.selectOption('#pec-a-src', 'table');
    await openFile(page, 'pec-a-file', path.join(FILES, 'generic_lsv_V_uA.tsv'));
    assert.equal(await rowCount(page, 'pec-a-table'), 25);
    assert.ok(await page.locator('#undo-bar').isVisible(), 'no undo bar after opening a file');
    assert.equal(await page.locator('#out-current').count(), 0, 'the file\'s anode and the example\'s cathode do not cross, yet a current is shown');
    const rows25 = (want) => page.waitForFunction((w) => /^25 rows/.test(document.getElementById('pec-a-table-count')?.innerText ?? '') === w, want);

    // Focus outside the fields: Ctrl+Z is the page's undo.
    await page.click('#pec-title');
    await page.keyboard.press('ControlOrMeta+z');
    await rows25(false);
    // The choice "measured data" was made before the file was opened: undo keeps it, with the table as it was then.
    const source = await page.inputValue('#pec-a-src');
    assert.deepEqual((await cells(page, 'pec-a-table')).flat().filter((c) => c !== ''), [], 'undo left rows of the file');
    assert.equal(await page.inputValue('#pec-a-jph'), '0.6', 'the model\'s numbers were lost');

    // Redo, then the Undo button.
    await page.keyboard.press('ControlOrMeta+Shift+z');
    await rows25(true);
    await page.click('#undo');
    await rows25(false);
    assert.equal(await page.inputValue('#pec-a-src'), source);
    if (source === 'table') await page.selectOption('#pec-a-src', 'model');
    assert.equal(await text(page, '#out-current'), example.current, 'the model curve\'s operating point is not back');
    assert.equal(await savedLink(page), example.link, 'the saved link is not the example\'s after undo');
    await assertNoNonNumbers(page, 'after undo');
  }));

test('a file\'s text pasted: the CH Instruments CV pasted for the photocathode is read as the file is (its 2 sweeps offered); text that is no curve is said and stays in the box', () =>
  h.withPage({ hash: PEC, name: 'pec-paste-file' }, async (page) => {
    const chi = fs.readFileSync(path.join(FILES, 'chi_cv_reversing.txt'), 'utf8');
    await page.click('#pec-c-file-paste-box summary');
    await page.fill('#pec-c-file-paste', chi);
    await page.click('#pec-c-file-read');
    await page.waitForFunction(() => /The pasted text/.test(document.getElementById('pec-c-file-msg')?.innerText ?? ''));
    assert.equal(await page.inputValue('#pec-c-src'), 'table', 'pasting a file switches the curve to the table');
    assert.equal(await page.locator('#pec-c-file-sweep option').count(), 2, 'the CV\'s two sweeps are offered');
    assert.ok(await rowCount(page, 'pec-c-table') > 20);
    assert.equal(await page.inputValue('#pec-c-file-paste'), '', 'text that was read leaves the box');
    // Text that is no curve: a message, and the text stays to be corrected.
    await page.fill('#pec-c-file-paste', 'wavelength,absorbance\n400,0.5\n401,0.49');
    await page.click('#pec-c-file-read');
    await page.waitForFunction(() => document.querySelector('#pec-c-file-msg li.alert.error') !== null);
    assert.match(await text(page, '#pec-c-file-msg'), /The pasted text is none of the formats/);
    assert.equal(await page.inputValue('#pec-c-file-paste'), 'wavelength,absorbance\n400,0.5\n401,0.49');
    await assertNoNonNumbers(page, 'after the pastes');
  }));

test('a file with several potential columns: the BioLogic LSV offers control/V, Ewe/V, <Ece>/V and Ewe-Ece/V, reads Ewe/V first, and reads control/V when it is picked (its first row, −5.6856550E-002 V in the file)', () =>
  h.withPage({ hash: PEC, name: 'pec-columns' }, async (page) => {
    const said = await openFile(page, 'pec-a-file', path.join(INSTRUMENTS, 'biologic_lsv_spAg_SP240_yadg.mpt'));
    assert.match(said, /potential from “Ewe\/V”, current from “<I>\/mA”/, said);
    const options = await page.locator('#pec-a-file-potential option').allInnerTexts();
    assert.deepEqual(options, ['control/V', 'Ewe/V', '<Ece>/V', 'Ewe-Ece/V']);
    assert.equal(await page.inputValue('#pec-a-file-potential'), 'Ewe/V');
    // Ewe/V jumps from −0.246 to −0.069 V over the first two points, then sweeps down: the
    // long sweep, from the file's third data row (−6.1687533E-002), is the one taken. The set
    // potential, control/V, sweeps down from the first row (−5.6856550E-002).
    assert.ok(Math.abs(Number((await cells(page, 'pec-a-table'))[0][0]) - -0.061687533) < 1e-12);
    await page.selectOption('#pec-a-file-potential', 'control/V');
    await page.waitForFunction(() => /potential from “control\/V”/.test(document.getElementById('pec-a-file-msg')?.innerText ?? ''));
    assert.ok(Math.abs(Number((await cells(page, 'pec-a-table'))[0][0]) - -0.05685655) < 1e-12, 'the table holds control/V');
    assert.equal(await page.inputValue('#pec-a-file-potential'), 'control/V');
    // One current column: no choice is offered.
    assert.equal(await page.locator('#pec-a-file-current').isVisible(), false);
    await assertNoNonNumbers(page, 'after the column choice');
  }));

test('a current–time file opened under the trace: its charge is the trapezoid integral of the file\'s points, the Faradaic efficiency of 0.08 µmol NADH is 2F·n/Q, and the predicted current is drawn over the trace', () =>
  h.withPage({ hash: PEC, name: 'pec-trace' }, async (page) => {
    await page.click('#pec-example');
    await page.click('details.measured summary');
    const file = path.join(FILES, 'generic_ca_chopped.csv');
    const said = await openFile(page, 'pec-trace-file', file);
    assert.match(said, /current against time/, said);
    // The file's own points (s, mA): the charge by trapezoids, in C.
    const rows = fs.readFileSync(file, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
    let charge = 0;
    for (let k = 1; k < rows.length; k++) charge += (rows[k][0] - rows[k - 1][0]) * (rows[k][2] + rows[k - 1][2]) / 2 / 1000;
    assert.equal(await rowCount(page, 'pec-trace-table'), rows.length);
    closeTo((await shown(page, 'out-charge'))[0], charge, 1e-3, 'charge under the trace (4 significant figures shown)');
    // FE = zFn/Q with z = 2 for NADH and F = e·N_A (exact SI).
    const F = 1.602176634e-19 * 6.02214076e23;
    await typeInto(page, '#pec-measured', '0.08');
    await page.locator('#out-fe').waitFor();
    closeTo((await shown(page, 'out-fe'))[0], (2 * F * 8e-8 / charge) * 100, 1e-3, 'Faradaic efficiency (%)');
    // The trace chart is drawn, with the predicted operating current over it.
    await page.locator('canvas#pec-trace-chart').waitFor();
    assert.ok(await inkedFraction(page, 'canvas#pec-trace-chart') > 0.002, 'the trace chart is drawn');
    await assertNoNonNumbers(page, 'after the trace');
  }));

for (const width of [390, 320]) {
  test(`on a ${width} px phone nothing scrolls sideways: the example's results, the reference electrodes and the explanation open`, () =>
    h.withPage({
      hash: PEC,
      name: `pec-phone-${width}`,
      contextOptions: { viewport: { width, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
    }, async (page) => {
      await page.click('#pec-example');
      await page.locator('#out-current').waitFor();
      await page.click('#pec-scales summary');
      await page.click('#pec-explain summary');
      await page.locator('#pec-references tr').first().waitFor();
      const overflow = await page.evaluate((w) => document.scrollingElement.scrollWidth - w, width);
      const beyond = await page.evaluate((w) => [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > w + 1).slice(0, 3).map((e) => `${e.tagName}.${e.className}`).join(', '), width);
      assert.ok(overflow <= 0, `the page is ${overflow} px wider than the ${width} px phone: ${beyond}`);
      const box = await page.locator('#out-current').boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= width + 0.5, `#out-current sticks out: ${JSON.stringify(box)}`);
    }));
}

test('the file reader loads while a file is chosen: focusing the file input starts it, and the file chosen next is read by that same worker', () =>
  h.withPage({ hash: PEC, name: 'pec-reader-prepared' }, async (page) => {
    assert.equal(page.workers().length, 0, 'no reader before a file input is used');
    const started = page.waitForEvent('worker');
    await page.focus('#pec-a-file');
    const worker = await started;
    assert.match(worker.url(), /import-worker-[0-9a-f]{16}_loader\.js$/);
    await openFile(page, 'pec-a-file', path.join(INSTRUMENTS, 'chi760e_lsv_her.txt'));
    assert.equal(page.workers().length, 1, 'the file was read by the worker started on focus');
  }));

test('a result copied from the page pastes into a spreadsheet as a number: the true minus the page shows is copied as a hyphen-minus', () =>
  h.withPage({ hash: PEC, name: 'pec-copy', contextOptions: { permissions: ['clipboard-read', 'clipboard-write'] } }, async (page) => {
    await loadExample(page);
    assert.match(await text(page, '#out-jc'), /^\u22120\.147/, 'the page shows a true minus');
    // Selects the element's text and copies it as Ctrl+C does.
    const copy = async (selector) => {
      await page.evaluate((sel) => {
        const range = document.createRange();
        range.selectNodeContents(document.querySelector(sel));
        getSelection().removeAllRanges();
        getSelection().addRange(range);
      }, selector);
      await page.keyboard.press('Control+C');
      return page.evaluate(() => navigator.clipboard.readText());
    };
    assert.match(await copy('#out-jc'), /^-0\.147\d*$/);
    assert.match(await copy('#out-e'), /^-0\.214\d*$/);
    // Text without a minus is copied as the browser copies it.
    assert.equal(await copy('#card-operating h3'), 'Bias-free operating point');
  }));
