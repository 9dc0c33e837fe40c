// The gas-evolution page (gas.html, issue 9) as a user drives it: the example against the seed
// paper's numbers, the issue's link against the command line, garbage and out-of-range input,
// unit choices, ± propagation, a GC calibration pasted from a spreadsheet, dissolved gas by
// Henry's law, the time course, and hostile links. Every expected number is worked out here,
// independently of the Rust code, from the sources named beside it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, text, typeInto, draws, assertNoNonNumbers, screenshot, savedLink, pasteInto, cliEval } from './harness.mjs';
import { numbersIn, closeTo, inkedFraction } from './quench_page.mjs';

const h = setup();

/** The gas page, bare (saved work is restored). */
const GAS = 'gas.html#/gas';
/** The issue's own example link: 144 µmol over 1 µM × 10 mL of catalyst is TON 14400. */
const ISSUE_LINK = 'gas.html#/gas?v=1&gas=H2&n=144&cat=1&vsol=10';

// Constants, each from its source.
/** Molar gas constant (J mol⁻¹ K⁻¹): N_A·k, exact in the SI since 2019 (CODATA 2018). */
const R = 8.314462618;
/** Planck constant (J s), speed of light (m s⁻¹), Avogadro constant (mol⁻¹): exact SI values. */
const PLANCK = 6.62607015e-34;
const LIGHT = 299792458;
const AVOGADRO = 6.02214076e23;
/** van der Waals constants of H₂, CRC Handbook (../shared/refdata/gas_constants.md): a in L² bar mol⁻², b in L mol⁻¹. */
const H2_VDW = { a: 0.2452, b: 0.0265 };
/** Henry's law constants H^cp at 25 °C (mol m⁻³ Pa⁻¹), Sander 2023 (gas_constants.md). */
const HENRY_HCP = { H2: 7.8e-6, CO2: 3.3e-4 };
/** ΔG° of water splitting (J mol⁻¹) and the AM1.5G irradiance (mW cm⁻²) STH is defined at (gas_constants.md; Chen et al. 2010). */
const WATER_SPLITTING_J = 237_100;
const AM15G = 100;
/** Student's t(0.975) for 2 and 3 degrees of freedom (any t table). */
const T95 = { 2: 4.302652730, 3: 3.182446305 };

// The seed paper (seed 000 and ../shared/refdata/seed_checks.json sections c, d, e).
/** c: V_m of H₂ at 25 °C and 1 atm by RT/p + b − a/RT, "24.48 mL/mmol". */
const SEED_VM = '24.48';
/** c (with_SI_exact_R_8.314462618): the ideal molar volume at 25 °C and 1 atm, cm³ mol⁻¹. */
const SEED_VM_IDEAL = 24465.4036970381;
/** d: TON 14400 for 1.0 × 10⁻⁶ M catalyst in 10 mL, 3.525 mL of H₂ after 30 h. */
const SEED_TON = 14400;
const SEED_VOLUME_ML = 3.525;
const SEED_HOURS = 30;
/** d: n_cat = c·V = 1.0 × 10⁻⁶ M × 10 mL = 1.0 × 10⁻⁸ mol, in µmol. */
const SEED_CATALYST_UMOL = 1e-6 * 10e-3 * 1e6;
/** The seed's table: quantum efficiency "5.32% (400 nm)" (seed 000, line 154). */
const SEED_QY_PERCENT = 5.32;
/** The example's time course (mL of H₂ against h) and its powers (mW), as the example types them (src/state/gas/mod.rs, `example`). */
const EXAMPLE_COURSE = [[0, 0], [1, 0.62], [2, 1.15], [3, 1.60], [5, 2.30], [8, 2.95], [12, 3.30], [20, 3.48], [30, 3.525]];
const EXAMPLE_WINDOW_H = [0, 5];
const EXAMPLE_P_BLANK_MW = 80.0;
const EXAMPLE_P_SAMPLE_MW = 21.9;
const EXAMPLE_NM = 400;

/** Ideal molar volume RT/p (L mol⁻¹) at T (K) and p (Pa). */
const vmIdeal = (kelvin, pascal) => (R * kelvin / pascal) * 1e3;
/** The van der Waals approximation RT/p + b − a/RT (L mol⁻¹), RT in L bar mol⁻¹ (1 L bar = 100 J). */
const vmApprox = (kelvin, pascal, { a, b } = H2_VDW) => vmIdeal(kelvin, pascal) + b - a / (R * kelvin / 100);
/**
 * The exact van der Waals molar volume (L mol⁻¹): the gas root of p V³ − (p b + RT) V² + a V − a b = 0
 * (bar, L), by bisection between b and twice the ideal volume — another method than the page's.
 */
function vmExact(kelvin, pascal, { a, b } = H2_VDW) {
  const p = pascal / 1e5;
  const rt = R * kelvin / 100;
  const cubic = (v) => p * v ** 3 - (p * b + rt) * v ** 2 + a * v - a * b;
  let [lo, hi] = [rt / p / 2, 2 * rt / p];
  assert.ok(cubic(lo) < 0 && cubic(hi) > 0, 'the bisection bracket does not hold the gas root');
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (cubic(mid) < 0) lo = mid; else hi = mid;
  }
  return (lo + hi) / 2;
}
/** Photon flux (einstein s⁻¹) of P watts at λ nm: Pλ/(hc·N_A). */
const photonFlux = (watts, nm) => (watts * nm * 1e-9) / (PLANCK * LIGHT) / AVOGADRO;

/** Ordinary least squares of y on x by the textbook sums (Miller & Miller, Statistics and Chemometrics, §5.4–5.6). */
function leastSquares(xs, ys) {
  const n = xs.length;
  const xbar = xs.reduce((s, x) => s + x, 0) / n;
  const ybar = ys.reduce((s, y) => s + y, 0) / n;
  const sxx = xs.reduce((s, x) => s + (x - xbar) ** 2, 0);
  const sxy = xs.reduce((s, x, i) => s + (x - xbar) * (ys[i] - ybar), 0);
  const syy = ys.reduce((s, y) => s + (y - ybar) ** 2, 0);
  const slope = sxy / sxx;
  const intercept = ybar - slope * xbar;
  const ssr = xs.reduce((s, x, i) => s + (ys[i] - intercept - slope * x) ** 2, 0);
  const sd = Math.sqrt(ssr / (n - 2));
  return {
    n, xbar, ybar, sxx, slope, intercept, sd, dof: n - 2,
    slopeSe: sd / Math.sqrt(sxx),
    interceptSe: sd * Math.sqrt(1 / n + xbar ** 2 / sxx),
    r2: 1 - ssr / syy,
    /** x from a mean response y0 of m replicates, and its standard error (Miller & Miller, eq. 5.9). */
    inverse(y0, m = 1) {
      const x0 = (y0 - intercept) / slope;
      return { x0, se: (sd / slope) * Math.sqrt(1 / m + 1 / n + (y0 - ybar) ** 2 / (slope ** 2 * sxx)) };
    },
  };
}

/** The example's initial rate (µmol h⁻¹): the straight line through its readings in the window, mL → µmol by V_m at 25 °C and 1 atm. */
function exampleInitialRate() {
  const inWindow = EXAMPLE_COURSE.filter(([t]) => t >= EXAMPLE_WINDOW_H[0] && t <= EXAMPLE_WINDOW_H[1]);
  const fit = leastSquares(inWindow.map(([t]) => t), inWindow.map(([, v]) => v));
  const vm = vmApprox(298.15, 101325); // mL mmol⁻¹
  return { rate: (fit.slope / vm) * 1e3, se: (fit.slopeSe / vm) * 1e3, dof: fit.dof };
}

/** The numbers a result cell shows ("1.440 × 10⁴ ± 2.0 × 10²" → [14400, 200]). */
async function shown(page, id) {
  return numbersIn(await text(page, `#${id}`));
}

/** Opens the example (button "Load example") and waits for its quantum yield. */
async function loadExample(page) {
  await page.click('#gas-example');
  await page.locator('#out-qy').waitFor();
}

/**
 * The visible field with element id `id`. (The headspace volume is on the page twice, under the
 * calibration and under Henry's law, with the same id: see the test of unique ids below.)
 */
function field(page, id) {
  return page.locator(`[id="${id}"]`).filter({ visible: true });
}

/** What a user sees of a field: its text, aria-invalid and the message under it (p#<id>-msg in its own .field). */
async function fieldState(page, id) {
  return field(page, id).evaluate((input) => {
    const message = input.closest('.field')?.querySelector('p.message');
    return { value: input.value, invalid: input.getAttribute('aria-invalid'), messageId: message?.id, message: message?.innerText.trim() ?? '' };
  });
}

/** The visible number fields (not ± fields, not table cells). */
async function visibleFields(page) {
  return page.$$eval('input[type=text]', (els) => els
    .filter((e) => e.checkVisibility() && e.id.startsWith('gas-') && !e.id.endsWith('-pm') && !e.id.includes('-table-'))
    .map((e) => e.id));
}

/** Waits until `count` more charts have been drawn than `since`. */
async function drawnSince(page, since, count) {
  await page.waitForFunction(([n, c]) => Number(document.documentElement.dataset.draws) >= n + c, [since, count]);
}

test('the example reproduces the seed: 24.48 mL/mmol, 144.0 µmol, TON 1.440 × 10⁴, TOF 479.9 h⁻¹, quantum yield 5.32 %; STH warns about the donor; the course is drawn', () =>
  h.withPage({ hash: GAS, name: 'gas-example' }, async (page) => {
    const start = await draws(page);
    await loadExample(page);
    const [kelvin, pascal] = [298.15, 101325];

    // Molar volumes: the seed's 24.48 and the three equations side by side.
    assert.match(await text(page, '#out-vm-approx'), new RegExp(`^${SEED_VM.replace('.', '\\.')}`), 'the van der Waals approximation is not the seed\'s 24.48 mL/mmol');
    closeTo((await shown(page, 'out-vm-approx'))[0], vmApprox(kelvin, pascal), 1e-5, 'V_m, RT/p + b − a/RT');
    closeTo((await shown(page, 'out-vm-ideal'))[0], SEED_VM_IDEAL / 1e3, 1e-5, 'V_m ideal vs seed_checks c');
    closeTo((await shown(page, 'out-vm-vdw'))[0], vmExact(kelvin, pascal), 1e-5, 'V_m exact van der Waals root vs bisection');
    assert.match(await text(page, '#card-amount'), /22\.4 L mol⁻¹[^\n]*9\.3 % too high/, 'no warning that 22.4 L/mol would be 9 % off at 25 °C');

    // Amount, TON, TOF (seed_checks d).
    const amount = (SEED_VOLUME_ML / vmApprox(kelvin, pascal)) * 1e3;
    assert.equal(await text(page, '#out-headspace'), '144.0');
    closeTo((await shown(page, 'out-headspace'))[0], amount, 1e-3, 'µmol of H₂');
    assert.equal(await text(page, '#out-ton'), '1.440 × 10⁴', 'TON is not the seed\'s 14400');
    closeTo((await shown(page, 'out-ton'))[0], SEED_TON, 1e-3, 'TON vs the seed');
    assert.equal(await text(page, '#out-tof-h'), '479.9', 'TOF is not 14400/30 h');
    closeTo((await shown(page, 'out-tof-h'))[0], amount / SEED_CATALYST_UMOL / SEED_HOURS, 1e-3, 'TOF per hour');
    closeTo((await shown(page, 'out-tof-s'))[0], amount / SEED_CATALYST_UMOL / SEED_HOURS / 3600, 1e-3, 'TOF per second');

    // Quantum yield: absorbed power (blank − sample) at 400 nm, the rate from the first 5 h.
    assert.equal(await text(page, '#card-qy h3'), 'Quantum yield', 'blank − sample counts absorbed photons: it is the quantum yield');
    const { rate } = exampleInitialRate();
    const flux = photonFlux((EXAMPLE_P_BLANK_MW - EXAMPLE_P_SAMPLE_MW) * 1e-3, EXAMPLE_NM);
    closeTo((await shown(page, 'out-flux'))[0], flux, 1e-3, 'photon flux Pλ/hc');
    const qy = (2 * rate * 1e-6 / 3600) / flux;
    const [qyShown, qySigma] = await shown(page, 'out-qy');
    closeTo(qyShown, qy * 100, 1e-3, 'quantum yield, % (2·rate/q)');
    assert.equal(qyShown.toFixed(2), SEED_QY_PERCENT.toFixed(2), `quantum yield ${qyShown} % is not the seed's 5.32 %`);
    assert.ok(qySigma > 0, 'the quantum yield has no ± though its rate has one');

    // The same power counted as incident light: the apparent quantum yield, said so.
    await page.selectOption('#gas-flux', 'power');
    await typeInto(page, '#gas-P', String(EXAMPLE_P_BLANK_MW - EXAMPLE_P_SAMPLE_MW));
    // A typed power counts as absorbed unless said (the issue's P is the absorbed power).
    assert.equal(await page.inputValue('#gas-basis'), 'absorbed');
    assert.equal(await text(page, '#card-qy h3'), 'Quantum yield');
    await page.selectOption('#gas-basis', 'incident');
    assert.equal(await text(page, '#card-qy h3'), 'Apparent quantum yield', 'photons incident on the sample are called the quantum yield');
    closeTo((await shown(page, 'out-qy'))[0], qy * 100, 1e-3, 'apparent quantum yield, %');
    assert.match(await text(page, '#card-qy'), /apparent quantum yield \(IUPAC: photonic yield\)/);
    await page.selectOption('#gas-flux', 'blank');
    assert.equal(await text(page, '#card-qy h3'), 'Quantum yield');

    // STH appears once an area is typed, and says it is not valid with a sacrificial donor.
    assert.equal(await page.locator('#card-sth').count(), 0);
    await typeInto(page, '#gas-area', '1');
    const sth = await page.locator('#card-sth').innerText();
    closeTo((await shown(page, 'out-sth'))[0], (rate * 1e-6 / 3600) * WATER_SPLITTING_J / (AM15G * 1e-3 * 1) * 100, 1e-3, 'STH = r·ΔG°/(P·A), %');
    const warnings = await page.locator('#card-sth p.alert.warning').allInnerTexts();
    assert.ok(warnings.some((w) => /sacrificial electron donor/.test(w) && /not a valid figure/.test(w)), `#card-sth does not warn about the donor:\n${sth}`);

    // The time course and TON charts are drawn.
    await drawnSince(page, start, 2);
    for (const id of ['gas-course-chart', 'gas-ton-chart']) {
      const ink = await inkedFraction(page, `canvas#${id}`);
      assert.ok(ink > 0.01, `canvas#${id}: only ${(ink * 100).toFixed(2)} % inked`);
    }
    await assertNoNonNumbers(page, 'with the example');
    await screenshot(page, 'gas-example', { fullPage: true });
  }));

test('the issue\'s link shows TON 1.440 × 10⁴, as the command line does', () =>
  h.withPage({ hash: ISSUE_LINK, name: 'gas-issue-link' }, async (page) => {
    assert.equal(await text(page, '#out-ton'), '1.440 × 10⁴');
    closeTo((await shown(page, 'out-catalyst'))[0], SEED_CATALYST_UMOL * 1e3, 1e-3, 'nmol of catalyst: 1 µM × 10 mL');
    const cli = cliEval(h.link(ISSUE_LINK));
    closeTo(cli.outputs.TON, SEED_TON, 1e-9, 'CLI TON vs 144 µmol / (1 µM × 10 mL)');
    closeTo((await shown(page, 'out-ton'))[0], cli.outputs.TON, 5e-4, 'TON page vs CLI');
    // The link the page writes says the same.
    const written = await savedLink(page, 'href');
    closeTo(cliEval(written).outputs.TON, cli.outputs.TON, 1e-12, 'TON of the page\'s own link vs the issue\'s');
    await assertNoNonNumbers(page);
  }));

/** Views that together show every number field; the `details` with the van der Waals constants is opened. */
const VIEWS = [
  { label: 'volume, Henry\'s law, blank − sample', hash: 'gas.html#/gas?v=1&gas=H2&henry=1&V=3.525&cat=1&vsol=10&qd=0.5&t=30&from=0&to=5&Pblank=80&Psample=21.9&lambda=400&vliq=10&vhs=10&area=1' },
  { label: 'amount, loading, light power', hash: 'gas.html#/gas?v=1&gas=H2&src=amount&n=144&catby=loading&mcat=10&load=0.45&M=58.93&vsol=10&t=30&flux=power&P=10&lambda=400&qd=0.5&z=2' },
  { label: 'GC, einstein', hash: 'gas.html#/gas?v=1&gas=H2&src=gc&peak=12000&reps=3&vinj=100&vhs=15&cat=1&vsol=10&flux=einstein&q=3.3e-8' },
  { label: 'ferrioxalate actinometry', hash: 'gas.html#/gas?v=1&gas=H2&V=3.525&cat=1&vsol=10&t=30&flux=actino&lambda=405&A510=0.5&l510=1&V1=3&V2=0.5&V3=10&phiFe=1.14&tact=60&fact=1&Asample=1' },
];
/** Every number field's link key (src/state/gas/inputs.rs, `Input::spec`): its element id is gas-<key>. */
const INPUT_KEYS = ['T', 'p', 'a', 'b', 'V', 'n', 'peak', 'vinj', 'vhs', 'reps', 'vliq', 'H', 'cat', 'vsol', 'mcat', 'load', 'M', 'qd', 't', 'from', 'to', 'rate',
  'P', 'Pblank', 'Psample', 'lambda', 'q', 'A510', 'l510', 'V1', 'V2', 'V3', 'phiFe', 'tact', 'fact', 'Asample', 'z', 'sth_P', 'area'];
/** Unusable in every field: not a number, negative, too large. −1 °C is a temperature: there, −300 °C. */
const GARBAGE = ['abc', '-1', '1e999'];
const garbageFor = (id, value) => (id === 'gas-T' && value === '-1' ? '-300' : value);

for (const [index, view] of VIEWS.entries()) {
  test(`garbage in every number field (${view.label}): a message at the field, the text kept, no NaN or Infinity`, () =>
    h.withPage({ hash: view.hash, name: `gas-garbage-${index}` }, async (page) => {
      await page.click('details.constants summary');
      // Fields a previous view tested are left out.
      const earlier = new Set();
      for (const other of VIEWS.slice(0, index)) for (const id of other.fields ?? []) earlier.add(id);
      const ids = (await visibleFields(page)).filter((id) => !earlier.has(id));
      view.fields = await visibleFields(page);
      assert.ok(ids.length >= 3, `only ${ids} to test`);
      const problems = [];
      for (const id of ids) {
        const good = (await fieldState(page, id)).value;
        for (const typed of GARBAGE.map((g) => garbageFor(id, g))) {
          await field(page, id).fill(typed);
          const seen = await fieldState(page, id);
          const where = `#${id} = "${typed}" (${view.label})`;
          if (seen.invalid !== 'true') problems.push(`${where}: not marked aria-invalid`);
          // The model's start values share the model's message line.
          const messageId = id === 'gas-starts' ? 'gas-model-msg' : `${id}-msg`;
          if (seen.messageId !== messageId || seen.message.length < 10) problems.push(`${where}: no message at the field (#${seen.messageId}: "${seen.message}")`);
          if (seen.value !== typed) problems.push(`${where}: the field now shows "${seen.value}"`);
          await assertNoNonNumbers(page, `after ${where}`);
        }
        await field(page, id).fill(good);
        const back = await fieldState(page, id);
        if (back.invalid !== 'false') problems.push(`#${id}: still invalid after retyping "${good}": ${back.message}`);
      }
      assert.deepEqual(problems, [], 'fields with unusable text');
      if (VIEWS.every((v) => v.fields)) {
        const seen = new Set(VIEWS.flatMap((v) => v.fields));
        assert.deepEqual(INPUT_KEYS.map((k) => `gas-${k}`).filter((id) => !seen.has(id)), [], 'number fields no view showed');
      }
      // The garbage goes into the link, and the link opens with it, still marked.
      const last = ids[ids.length - 1];
      await field(page, last).fill('abc');
      const again = await page.context().newPage();
      await again.goto(await savedLink(page, 'href'));
      await again.waitForFunction(() => document.documentElement.dataset.ready === '1');
      await again.click('details.constants summary');
      const reopened = await fieldState(again, last);
      assert.equal(reopened.value, 'abc', `#${last}: the typed text was lost in the link`);
      assert.equal(reopened.invalid, 'true');
      await assertNoNonNumbers(again, 'reopening the link with garbage');
      await again.close();
    }));
}

test('out of range: a wavelength of 100 nm names the 200–2500 nm range; a blank below the sample says so; 0 K is refused', () =>
  h.withPage({ hash: GAS, name: 'gas-ranges' }, async (page) => {
    await loadExample(page);
    await typeInto(page, '#gas-lambda', '100');
    let seen = await fieldState(page, 'gas-lambda');
    assert.equal(seen.invalid, 'true');
    assert.match(seen.message, /200 and 2500 nm/, `#gas-lambda-msg: ${seen.message}`);
    assert.equal(await page.locator('#out-qy').count(), 0, 'a quantum yield is shown for 100 nm');
    await typeInto(page, '#gas-lambda', '3000');
    assert.match((await fieldState(page, 'gas-lambda')).message, /200 and 2500 nm/);
    await typeInto(page, '#gas-lambda', '400');
    assert.equal((await fieldState(page, 'gas-lambda')).invalid, 'false');
    await page.locator('#out-qy').waitFor();

    // The power through the blank below the power through the sample (21.9 mW).
    await typeInto(page, '#gas-Pblank', '10');
    seen = await fieldState(page, 'gas-Psample');
    assert.equal(seen.invalid, 'true', 'Pblank < Psample is not marked');
    assert.match(seen.message, /below the power through the blank/, `#gas-Psample-msg: ${seen.message}`);
    assert.equal(await page.locator('#out-qy').count(), 0, 'a quantum yield is shown with blank < sample');
    assert.equal(await page.inputValue('#gas-Pblank'), '10');
    await assertNoNonNumbers(page, 'with blank < sample');
    await typeInto(page, '#gas-Pblank', '80.0');
    await page.locator('#out-qy').waitFor();

    // At or below absolute zero.
    await page.selectOption('#gas-T-unit', 'K');
    await typeInto(page, '#gas-T', '0');
    seen = await fieldState(page, 'gas-T');
    assert.equal(seen.invalid, 'true');
    assert.match(seen.message, /temperature/i);
    assert.equal(await page.locator('#out-vm-approx').count(), 0);
    await assertNoNonNumbers(page, 'at 0 K');
  }));

test('units: 101.325 kPa becomes 1 atm and 25 °C becomes 298.15 K with the molar volume unchanged; 2 atm halves it; 0 °C is 22.41 L/mol', () =>
  h.withPage({ hash: ISSUE_LINK, name: 'gas-units' }, async (page) => {
    const before = { approx: await text(page, '#out-vm-approx'), ideal: await text(page, '#out-vm-ideal'), ton: await text(page, '#out-ton') };
    await page.selectOption('#gas-p-unit', 'atm');
    assert.equal(await page.inputValue('#gas-p'), '1', '101.325 kPa did not become 1 atm');
    assert.deepEqual({ approx: await text(page, '#out-vm-approx'), ideal: await text(page, '#out-vm-ideal'), ton: await text(page, '#out-ton') }, before, 'changing the unit changed the results');
    await page.selectOption('#gas-T-unit', 'K');
    assert.equal(await page.inputValue('#gas-T'), '298.15', '25 °C did not become 298.15 K');
    assert.equal(await text(page, '#out-vm-approx'), before.approx);
    const link = await savedLink(page);
    assert.match(link, /[?&]p_unit=atm(&|$)/);
    assert.match(link, /[?&]T_unit=K(&|$)/);
    closeTo(cliEval(link).outputs.molar_volume_L_per_mol, vmApprox(298.15, 101325), 1e-9, 'CLI V_m with T in K and p in atm');

    // 2 atm: the ideal molar volume halves (RT/p).
    await typeInto(page, '#gas-p', '2');
    closeTo((await shown(page, 'out-vm-ideal'))[0], vmIdeal(298.15, 2 * 101325), 1e-5, 'ideal V_m at 2 atm');
    closeTo((await shown(page, 'out-vm-approx'))[0], vmApprox(298.15, 2 * 101325), 1e-5, 'approximate V_m at 2 atm');
    // 273.15 K and 1 atm: the textbook 22.414 L/mol, and the 22.4 warning goes.
    await typeInto(page, '#gas-p', '1');
    await typeInto(page, '#gas-T', '273.15');
    closeTo((await shown(page, 'out-vm-ideal'))[0], 22.41397, 1e-5, 'ideal V_m at 0 °C and 1 atm');
    assert.doesNotMatch(await text(page, '#card-amount'), /22\.4 L mol⁻¹ is the molar volume/, 'the 22.4 warning is shown at 0 °C, where it holds');
    await assertNoNonNumbers(page);
  }));

test('± propagation: 1 % on the amount and 1 % on the catalyst give TON 1.440 × 10⁴ ± 2.0 × 10² (√2 % of 14400), as the command line does', () =>
  h.withPage({ hash: ISSUE_LINK, name: 'gas-plus-minus' }, async (page) => {
    await typeInto(page, '#gas-n-pm', '1.44');
    await typeInto(page, '#gas-cat-pm', '0.01');
    assert.equal(await text(page, '#out-ton'), '1.440 × 10⁴ ± 2.0 × 10²');
    const expected = SEED_TON * Math.hypot(0.01, 0.01); // 203.6
    const link = await savedLink(page);
    assert.match(link, /[?&]n_pm=1\.44(&|$)/);
    assert.match(link, /[?&]cat_pm=0\.01(&|$)/);
    closeTo(cliEval(link).outputs.TON_sigma, expected, 1e-4, 'CLI σ(TON)');
    // The amount carries its own ± only.
    assert.equal(await text(page, '#out-headspace'), '144.0 ± 1.4');
  }));

test('GC by external standard: the pasted calibration\'s slope, intercept, R², LOD and the sample agree with least squares by hand; beyond the standards it warns', () =>
  h.withPage({ hash: GAS, name: 'gas-gc' }, async (page) => {
    // Standards as amounts (µmol) against areas from area = 120 + 50000·n, with fixed "noise".
    const amounts = [0.05, 0.1, 0.2, 0.4];
    const noise = [11, -17, 8, -4];
    const areas = amounts.map((n, i) => 120 + 50000 * n + noise[i]);
    await page.selectOption('#gas-source', 'gc');
    await page.selectOption('#gas-std', 'amount');
    const headers = await page.$$eval('#gas-cal-table thead th', (ths) => ths.map((th) => th.innerText.trim()));
    assert.deepEqual(headers.slice(1, 5), ['Standard injected (µmol)', '(not used)', 'Peak area', 'σ(area), optional']);
    assert.equal(await pasteInto(page, '#gas-cal-table-r0c0', amounts.map((n, i) => `${n}\t\t${areas[i]}`).join('\n')), true, 'the paste was not taken by the table');
    const sampleArea = 12000;
    const [injectedUl, headspaceMl] = [100, 15];
    await typeInto(page, '#gas-peak', String(sampleArea));
    await field(page, 'gas-vinj').fill(String(injectedUl));
    await field(page, 'gas-vhs').fill(String(headspaceMl));
    await page.locator('#out-sample').waitFor();

    const fit = leastSquares(amounts, areas);
    const [slope, slopeSe] = await shown(page, 'out-slope');
    closeTo(slope, fit.slope, 5e-4, 'slope');
    closeTo(slopeSe, fit.slopeSe, 0.05, 'σ(slope)');
    const [intercept, interceptSe] = await shown(page, 'out-intercept');
    closeTo(intercept, fit.intercept, 5e-4, 'intercept');
    closeTo(interceptSe, fit.interceptSe, 0.05, 'σ(intercept)');
    closeTo((await shown(page, 'out-r2'))[0], fit.r2, 1e-5, 'R²');
    closeTo((await shown(page, 'out-lod'))[0], 3.3 * fit.sd / fit.slope, 0.005, 'LOD = 3.3 s/slope');
    closeTo((await shown(page, 'out-loq'))[0], 10 * fit.sd / fit.slope, 0.005, 'LOQ = 10 s/slope');

    // The sample: x₀ = (y₀ − a)/b with Miller & Miller's standard error, its 95 % interval by t(0.975, 2).
    const { x0, se } = fit.inverse(sampleArea);
    const [sample, sampleSe] = await shown(page, 'out-sample');
    closeTo(sample, x0, 5e-4, 'sample amount (µmol injected)');
    closeTo(sampleSe, se, 0.05, 'σ(sample)');
    const row = await page.locator('#out-sample').locator('xpath=..').innerText();
    const interval = row.match(/95 %: (\S+) … (\S+)/);
    assert.ok(interval, `no 95 % interval in "${row}"`);
    closeTo(Number(interval[1]), x0 - T95[2] * se, 5e-4, 'sample 95 % low');
    closeTo(Number(interval[2]), x0 + T95[2] * se, 5e-4, 'sample 95 % high');
    // Scaled from the injected 100 µL to the 15 mL headspace.
    const [headspace, headspaceSe] = await shown(page, 'out-headspace');
    closeTo(headspace, x0 * headspaceMl / (injectedUl * 1e-3), 5e-4, 'amount in the headspace');
    closeTo(headspaceSe, se * headspaceMl / (injectedUl * 1e-3), 0.05, 'σ(amount in the headspace)');
    assert.equal(await page.locator('#card-calibration p.alert.warning').count(), 0, 'a sample within the standards is warned about');
    await page.waitForFunction(() => Number(document.documentElement.dataset.draws) >= 1);
    const ink = await inkedFraction(page, 'canvas#gas-cal-chart');
    assert.ok(ink > 0.01, `the calibration chart is only ${(ink * 100).toFixed(2)} % inked`);

    // Above the largest standard (0.4 µmol): read off an extrapolated line.
    await typeInto(page, '#gas-peak', '30000');
    closeTo((await shown(page, 'out-sample'))[0], fit.inverse(30000).x0, 5e-4, 'extrapolated sample');
    const card = await text(page, '#card-calibration');
    assert.match(card, /above the highest standard \(0\.4\)[^\n]*extrapolated/, `#card-calibration:\n${card}`);
    // Below the smallest (0.05 µmol).
    await typeInto(page, '#gas-peak', '1000');
    assert.match(await text(page, '#card-calibration'), /below the lowest standard \(0\.05\)/);
    await assertNoNonNumbers(page, 'with a GC calibration');
    await screenshot(page, 'gas-gc', { fullPage: true });
  }));

test('Henry\'s law: at equal liquid and headspace volumes, dissolved H₂ is 1.9 % of the headspace and CO₂ 82 %', () =>
  h.withPage({ hash: ISSUE_LINK, name: 'gas-henry' }, async (page) => {
    await page.check('#gas-henry');
    await typeInto(page, '#gas-vliq', '10');
    await field(page, 'gas-vhs').fill('10');
    // n_dissolved / n_headspace = H^cp·R·T·V_liquid/V_gas (gas_constants.md).
    const ratio = (gas) => HENRY_HCP[gas] * R * 298.15 * 10 / 10;
    for (const [gas, percent] of [['H2', '1.9'], ['CO2', '82']]) {
      await page.selectOption('#gas-gas', gas);
      const [headspace] = await shown(page, 'out-headspace');
      const [dissolved] = await shown(page, 'out-dissolved');
      closeTo(dissolved / headspace, ratio(gas), 1e-3, `${gas}: dissolved/headspace`);
      assert.equal((100 * dissolved / headspace).toFixed(percent.includes('.') ? 1 : 0), percent, `${gas}: ${dissolved} of ${headspace} µmol dissolved`);
      closeTo((await shown(page, 'out-product'))[0], headspace * (1 + ratio(gas)), 1e-3, `${gas}: headspace + dissolved`);
      const productRow = await page.locator('#out-product').locator('xpath=..').innerText();
      assert.match(productRow, new RegExp(`${percent.replace('.', '\\.')} % more than the headspace alone`), `${gas}: ${productRow}`);
      closeTo(cliEval(await savedLink(page)).outputs.dissolved_umol, dissolved, 5e-4, `${gas}: dissolved, page vs CLI`);
    }
    assert.match(await text(page, '#card-amount'), /CO₂ also reacts with water/);
    await assertNoNonNumbers(page);
  }));

test('time course: repeated times name the row; an initial rate by hand; the example\'s initial rate is shown with its ± and 95 % interval', () =>
  h.withPage({ hash: ISSUE_LINK, name: 'gas-course' }, async (page) => {
    const headers = await page.$$eval('#gas-course-table thead th', (ths) => ths.map((th) => th.innerText.trim()));
    assert.deepEqual(headers.slice(1, 3), ['Time (h)', 'H₂ (µmol)']);
    assert.equal(await pasteInto(page, '#gas-course-table-r0c0', '0\t0\n1\t50\n1\t80'), true);
    const messages = await text(page, '#gas-course-table-msg');
    assert.match(messages, /Row 3\b/, `#gas-course-table-msg: ${messages}`);
    assert.match(messages, /not after/, `#gas-course-table-msg: ${messages}`);
    assert.equal(await page.locator('#card-course').count(), 0, 'a course with repeated times is fitted');
    assert.equal(await page.inputValue('#gas-course-table-r2c0'), '1', 'the typed time was lost');
    await assertNoNonNumbers(page, 'with repeated times');

    // Row 3 at 2 h: (0, 0), (1, 50), (2, 80): slope 40 µmol/h, s = √(66.7/1), σ = s/√2 = 5.8.
    await typeInto(page, '#gas-course-table-r2c0', '2');
    assert.equal(await text(page, '#gas-course-table-msg'), '');
    const byHand = leastSquares([0, 1, 2], [0, 50, 80]);
    const [rate, rateSe] = await shown(page, 'out-initial-rate');
    closeTo(rate, byHand.slope, 5e-4, 'initial rate of three points');
    closeTo(rateSe, byHand.slopeSe, 0.05, 'σ(initial rate) of three points');

    // The example: the first 5 h of its course.
    await loadExample(page);
    const expected = exampleInitialRate();
    const shownRate = await text(page, '#out-initial-rate');
    assert.match(shownRate, /±/, `the initial rate has no ±: ${shownRate}`);
    const [exampleRate, exampleSe] = numbersIn(shownRate);
    closeTo(exampleRate, expected.rate, 5e-4, 'the example\'s initial rate');
    closeTo(exampleSe, expected.se, 0.05, 'σ of the example\'s initial rate');
    const row = await page.locator('#out-initial-rate').locator('xpath=..').innerText();
    const interval = row.match(/95 %: (\S+) … (\S+);/);
    assert.ok(interval, `no 95 % interval in "${row}"`);
    closeTo(Number(interval[1]), expected.rate - T95[expected.dof] * expected.se, 2e-3, 'initial rate 95 % low');
    closeTo(Number(interval[2]), expected.rate + T95[expected.dof] * expected.se, 2e-3, 'initial rate 95 % high');
    assert.match(row, /5 points, 0 – 5\.00 h/);
    // The quantum yield's rate is this one.
    assert.equal(await text(page, '#out-rate'), shownRate);
  }));

test('hostile links (a too-long value, an unknown choice, a damaged or cut table, a newer version) show a banner, no panic, and the page still works', () =>
  h.withPage({ hash: GAS, name: 'gas-hostile' }, async (page, { newPage }) => {
    await page.click('#gas-example');
    const example = await savedLink(page);
    const table = new URLSearchParams(example.slice(example.indexOf('?') + 1)).get('course');
    assert.ok(table && table.length > 40, `the example's link has no course table: ${example}`);
    await page.close();
    const links = [
      [`${ISSUE_LINK.replace('n=144', `n=${'9'.repeat(100)}`)}`, /longer than 64 characters/],
      [`${ISSUE_LINK}&eos=magic`, /eos.*magic/],
      [`${ISSUE_LINK}&course=!!!notbase64`, /damaged/],
      [`${ISSUE_LINK}&course=${table.slice(0, table.length - 9)}`, /damaged|cut off/],
      [`${ISSUE_LINK}&T_unit=parsecs`, /T_unit|parsecs/],
      [ISSUE_LINK.replace('v=1', 'v=99'), /version|newer/i],
    ];
    for (const [hash, reason] of links) {
      const label = hash.length > 90 ? `${hash.slice(0, 90)}…` : hash;
      const p = await newPage(hash);
      const problem = p.locator('#link-problem');
      assert.ok(await problem.isVisible(), `${label}: no #link-problem`);
      assert.equal(await problem.getAttribute('role'), 'alert');
      const message = await problem.innerText();
      assert.match(message, reason, `${label}: "${message}"`);
      assert.ok(message.length < 600, `${label}: the banner is ${message.length} characters`);
      await assertNoNonNumbers(p, `for ${label}`);
      await p.click('#gas-example');
      assert.equal(await text(p, '#out-ton'), '1.440 × 10⁴', `${label}: the calculator is broken afterwards`);
      await p.close();
    }
    // A huge number is not a link problem: the field keeps it and says why it is unusable.
    const p = await newPage(ISSUE_LINK.replace('n=144', 'n=1e999'));
    assert.equal(await p.locator('#link-problem').isVisible(), false);
    const seen = await fieldState(p, 'gas-n');
    assert.deepEqual([seen.value, seen.invalid], ['1e999', 'true']);
    assert.match(seen.message, /too large/);
    assert.equal(await p.locator('#out-ton').count(), 0);
    await assertNoNonNumbers(p, 'for n=1e999');
  }));

test('a link whose molar volume cannot be worked out (van der Waals a = 10⁶, or T = 10³⁰⁸ °C at p = 10⁻³⁰⁰ kPa) says why where the user can see it', () =>
  h.withPage({ hash: ISSUE_LINK, name: 'gas-no-molar-volume' }, async (page, { newPage }) => {
    const problems = [];
    for (const extra of ['&a=1e6', '&T=1e308&p=1e-300']) {
      const hash = ISSUE_LINK + extra;
      const p = await newPage(hash);
      assert.equal(await p.locator('#out-vm-approx').count(), 0, `${extra}: a molar volume is shown`);
      await assertNoNonNumbers(p, `for ${extra}`);
      // What explains it: the banner, the amount card, or a message at a field the user can see.
      const explained = await p.evaluate(() => {
        const banner = document.getElementById('link-problem');
        const fields = [...document.querySelectorAll('input[aria-invalid="true"]')].map((input) => {
          const message = input.closest('.field')?.querySelector('p.message');
          return { id: input.id, visible: input.checkVisibility() && !!message?.checkVisibility(), message: message?.textContent ?? '' };
        });
        const card = [...document.querySelectorAll('#card-amount .alert')].find((a) => a.checkVisibility() && /No molar volume/.test(a.textContent));
        return { banner: banner?.checkVisibility() ? banner.innerText : null, card: card?.textContent ?? null, fields };
      });
      const visible = explained.fields.filter((f) => f.visible);
      if (explained.card && explained.card.length > 400) problems.push(`${extra}: the amount card's message is ${explained.card.length} characters long`);
      if (!explained.banner && !explained.card && visible.length === 0) {
        problems.push(`${extra}: the molar volume and what depends on it are gone, and nothing visible says why: the message is at ${explained.fields.map((f) => `#${f.id} (hidden in the closed "van der Waals constants" details)`).join(', ') || 'no field'}: "${explained.fields.map((f) => f.message.slice(0, 120)).join(' / ')}…"`);
      }
      for (const f of explained.fields) {
        if (f.message.length > 400) problems.push(`${extra}: the message at #${f.id} is ${f.message.length} characters long (numbers spelled out in full: "${f.message.slice(0, 100)}…")`);
      }
      await p.close();
    }
    assert.deepEqual(problems, [], 'an unworkable molar volume is not explained where the user looks');
  }));

test('every element id on the gas page is unique, so each label and message reaches its own field', () =>
  h.withPage({ hash: ISSUE_LINK, name: 'gas-ids' }, async (page) => {
    await page.check('#gas-henry'); // shows the headspace volume of Henry's law
    const duplicates = await page.evaluate(() => {
      const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
      return [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
    });
    const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select')]
      .filter((e) => e.checkVisibility() && e.type !== 'hidden')
      .filter((e) => !([...(e.labels ?? [])].some((l) => l.textContent.trim()) || (e.getAttribute('aria-label') || '').trim()))
      .map((e) => e.id || e.outerHTML.slice(0, 80)));
    assert.deepEqual({ duplicates, unlabelled }, { duplicates: [], unlabelled: [] },
      'ids used twice (the GC headspace volume and Henry\'s law headspace volume share them), leaving the visible field without its label');
  }));

test('a ± that is not a number marks the ± field itself, with the message at its field', () =>
  h.withPage({ hash: VIEWS[0].hash, name: 'gas-pm-garbage' }, async (page) => {
    // The ± fields beside a typed value (a ± beside an empty field is not read).
    const ids = await page.$$eval('input[type=text]', (els) => els
      .filter((e) => e.checkVisibility() && e.id.endsWith('-pm') && document.getElementById(e.id.slice(0, -3)).value !== '')
      .map((e) => e.id));
    assert.ok(ids.length >= 8, `only ${ids.length} ± fields`);
    const problems = [];
    for (const id of ids) {
      const owner = id.slice(0, -'-pm'.length);
      await field(page, id).fill('abc');
      const seen = await field(page, id).evaluate((input) => ({
        value: input.value,
        invalid: input.getAttribute('aria-invalid'),
        // The ± is described by its value's message line.
        message: document.getElementById(input.getAttribute('aria-describedby') ?? '')?.innerText.trim() ?? '',
      }));
      assert.match(seen.message, /The ± of .*"abc"/, `#${id} = "abc": #${owner}-msg reads "${seen.message}"`);
      assert.equal(seen.value, 'abc');
      if (seen.invalid !== 'true') problems.push(`#${id} = "abc": the message "${seen.message.slice(0, 50)}…" is shown, but #${id} has ${seen.invalid === null ? 'no aria-invalid' : `aria-invalid="${seen.invalid}"`} (only #${owner} is marked)`);
      await assertNoNonNumbers(page, `after #${id} = "abc"`);
      await field(page, id).fill('');
    }
    assert.deepEqual(problems, [], 'a ± field with unusable text is not marked invalid for assistive technology');
  }));
