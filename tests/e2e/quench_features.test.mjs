// The quenching page's newer features as a user drives them: leaving a row out of the fits,
// the weighting, the diffusion limit k_q is compared with, the Hill model, the model
// comparison's Akaike weights and F tests, profile intervals, the fit report's downloads,
// confidence bands, and a large table's profile intervals computed once typing pauses. Each
// is checked against the command line, arithmetic on the numbers shown, SciPy's fits or the
// truth the example was made from.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { setup, text, typeInto, draws, assertNoNonNumbers, screenshot, screenshotDir, savedLink, pasteInto, cliEval, cliEvalCsv, chartInView } from './harness.mjs';
import {
  QUENCH, TRUE_K_L, TAU0_NS, EXAMPLE_ROWS, SCIPY_LANGMUIR_PROFILE, SCIPY_HILL, SCIPY_HILL_ERRORS, SCIPY_HILL_PROFILE,
  REF_TAU_NS, SCIPY_LIFETIME, SCIPY_LIFETIME_ERRORS, SCIPY_LIFETIME_PROFILE, REF_JOINT_I, REF_JOINT_TAU, SCIPY_JOINT, SCIPY_JOINT_ERRORS, SCIPY_JOINT_PROFILE,
  numbersIn, card, stats, comparison, tableMessages, shownKL, loadExample, closeTo,
} from './quench_page.mjs';

const h = setup();

/** The fit chart's figure, with its download buttons. */
const fitFigure = (page) => page.locator('figure.chart', { has: page.locator('canvas#fit-chart') });

/** Clicks `button` and returns the download it starts: { name, text }. */
async function download(page, button) {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 5000 }), button.click()]);
  assert.equal(await file.failure(), null);
  return { name: file.suggestedFilename(), text: (await fs.readFile(await file.path())).toString('utf8') };
}

/** The fit chart as SVG (drawn by the same code as the canvas): its filled and its open circles, and its text. */
async function fitChartSvg(page) {
  const svg = (await download(page, fitFigure(page).getByRole('button', { name: 'SVG', exact: true }))).text;
  const circles = svg.split('\n').filter((l) => l.startsWith('<circle'));
  return { svg, filled: circles.filter((c) => !/fill="none"/.test(c)).length, open: circles.filter((c) => /fill="none"/.test(c)).length };
}

/** The fit chart's CSV download as series name → [[x, y], …]. */
async function fitChartSeries(page) {
  const lines = (await download(page, fitFigure(page).getByRole('button', { name: 'CSV data', exact: true }))).text.trim().split(/\r?\n/);
  assert.equal(lines[0], 'series,x,y,sigma');
  const series = new Map();
  for (const line of lines.slice(1)) {
    const [, name, x, y] = line.match(/^"?((?:[^"]|"")*?)"?,([^,]*),([^,]*),([^,]*)$/);
    series.set(name, [...(series.get(name) ?? []), [Number(x), Number(y)]]);
  }
  return series;
}

/** The cells of a CSV line (quoted cells may hold commas and doubled quotes). */
function csvCells(line) {
  return [...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map(([, c]) => (c.startsWith('"') ? c.slice(1, -1).replace(/""/g, '"') : c));
}

/** Light blue-grey pixels (the 95 % band, a curve colour at 18 % over white), as a fraction of the canvas. */
async function bandFraction(page, selector) {
  await chartInView(page, selector);
  return page.evaluate((sel) => {
    const canvas = document.querySelector(sel);
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let tinted = 0;
    for (let i = 0; i < data.length; i += 4) {
      // A light tint of a curve's colour: no channel dark (curves and ink are), and not the
      // grey of the grid or white.
      const [r, g, b, a] = data.subarray(i, i + 4);
      if (a > 0 && Math.min(r, g, b) > 150 && Math.max(r, g, b) - Math.min(r, g, b) > 12) tinted++;
    }
    return tinted / (canvas.width * canvas.height);
  }, selector);
}

/**
 * Fails unless two reports agree: the same keys and strings, numbers within `relative` (the
 * page computes in WebAssembly, the command line natively), nulls where the other has null.
 */
function assertSameReport(page, cli, relative, where = 'report') {
  if (typeof cli === 'number') {
    assert.equal(typeof page, 'number', `${where}: ${JSON.stringify(page)} against ${cli}`);
    assert.ok(Math.abs(page - cli) <= relative * Math.max(Math.abs(cli), 1e-300) || page === cli, `${where}: ${page} against ${cli}`);
  } else if (Array.isArray(cli)) {
    assert.ok(Array.isArray(page) && page.length === cli.length, `${where}: ${JSON.stringify(page)?.slice(0, 200)} against ${JSON.stringify(cli).slice(0, 200)}`);
    cli.forEach((c, i) => assertSameReport(page[i], c, relative, `${where}[${i}]`));
  } else if (cli && typeof cli === 'object') {
    assert.deepEqual(Object.keys(page ?? {}).sort(), Object.keys(cli).sort(), `${where}: keys`);
    for (const key of Object.keys(cli)) assertSameReport(page[key], cli[key], relative, `${where}.${key}`);
  } else {
    assert.equal(page, cli, where);
  }
}

test('leaving a row out: its "use" box marks the row, the note and the link say so, the fits use n − 1 points as the command line does and as removing the row would; ticked again, all is back', () =>
  h.withPage({ hash: QUENCH, name: 'quench-exclude' }, async (page) => {
    await loadExample(page);
    const kl = await shownKL(page);
    const hash = await savedLink(page);
    const before = await fitChartSvg(page);
    assert.equal(before.open, 0);
    assert.equal(await page.isChecked('#quench-table-use3'), true);

    // Row 4 ([Q] = 4 µM, I = 652) left out.
    await page.uncheck('#quench-table-use3');
    assert.equal(await page.getAttribute('#quench-table-r3', 'data-excluded'), 'true');
    assert.equal(await page.$eval('#quench-table-r3c1', (cell) => getComputedStyle(cell).textDecorationLine), 'line-through', 'the left-out row is not struck through');
    assert.equal(await page.getAttribute('#quench-table-r2', 'data-excluded'), 'false');
    assert.equal(await page.inputValue('#quench-table-r3c1'), '652', 'the row left out lost its cells');
    const messages = (await tableMessages(page)).join('\n');
    assert.match(messages, /Row 4 is left out of the fits/, `#table-msg: ${messages}`);
    for (const model of ['sv', 'langmuir']) assert.match(await stats(page, model), /^n = 8 · dof = /, `${model} is not fitted to 8 points`);
    const left = await shownKL(page);
    assert.notEqual(left, kl, 'leaving row 4 out did not change K_L');
    const link = await savedLink(page);
    assert.match(link, /[?&]omit=4(&|$)/);
    const cli = cliEval(link);
    assert.equal(cli.inputs.points, 8);
    assert.deepEqual(cli.inputs.excluded_rows, [4]);
    assert.deepEqual(cli.inputs.rows, [1, 2, 3, 5, 6, 7, 8, 9]);
    closeTo((await card(page, 'langmuir')).K_L.value, cli.fits.find((f) => f.model === 'langmuir').params.K_L.value, 1e-3, 'K_L without row 4, page vs CLI');
    // Drawn as an open circle (and named in the legend); one filled point fewer.
    const after = await fitChartSvg(page);
    assert.equal(after.filled, before.filled - 1, 'the left-out point is still drawn filled');
    assert.equal(after.open, 2, 'no open circle for the left-out point (and its legend entry)');
    assert.match(after.svg, /left out of the fits/);
    const series = await fitChartSeries(page);
    assert.deepEqual(series.get('excluded'), [[4, 652]]);
    assert.equal(series.get('data').length, 8);
    await screenshot(page, 'quench-row-left-out', { fullPage: true });

    // Ticked again: as before, link and all.
    await page.check('#quench-table-use3');
    assert.equal(await page.getAttribute('#quench-table-r3', 'data-excluded'), 'false');
    assert.equal(await shownKL(page), kl);
    assert.match(await stats(page, 'langmuir'), /^n = 9 · /);
    assert.doesNotMatch((await tableMessages(page)).join('\n'), /left out/);
    assert.equal(await savedLink(page), hash);
    assert.equal((await fitChartSvg(page)).open, 0);

    // Leaving a row out fits what removing it fits.
    await page.uncheck('#quench-table-use3');
    assert.equal(await shownKL(page), left);
    await page.check('#quench-table-use3');
    await page.getByRole('button', { name: 'Remove row 4', exact: true }).click();
    assert.equal(await shownKL(page), left, 'removing row 4 fits otherwise than leaving it out');
    await assertNoNonNumbers(page, 'after leaving a row out');
  }));

test('weighting: 1/Y² refits, says so in the comparison and the link, agrees with the command line and with a σ column equal to I; "none" sets a σ column aside', () =>
  h.withPage({ hash: QUENCH, name: 'quench-weighting' }, async (page) => {
    await loadExample(page);
    assert.equal(await page.inputValue('#weighting'), 'sigma');
    const equal = await card(page, 'langmuir');
    assert.match(await text(page, '#model-comparison caption'), /all points weighted equally/);

    await page.selectOption('#weighting', '1/y2');
    const relative = await card(page, 'langmuir');
    assert.notEqual(relative.K_L.text, equal.K_L.text, '1/Y² weights gave the same K_L');
    assert.match(await text(page, '#model-comparison caption'), /weighted by 1\/y²/);
    // Weighted fits report χ²ᵣ, the weighted sum of squares per degree of freedom.
    assert.match(await stats(page, 'langmuir'), /χ²ᵣ = /);
    const link = await savedLink(page);
    assert.match(link, /[?&]weights=1(%2F|\/)y2(&|$)/);
    const cli = cliEval(link);
    assert.match(cli.inputs.weighting, /1\/y²/);
    const cliLangmuir = cli.fits.find((f) => f.model === 'langmuir').params;
    for (const name of ['I₀', 'f', 'K_L']) closeTo(relative[name].value, cliLangmuir[name].value, 1e-3, `${name} (1/Y²) page vs CLI`);
    // The truth is still inside the interval.
    assert.ok(relative.K_L.lo < TRUE_K_L && TRUE_K_L < relative.K_L.hi, `K_L 95 % interval ${relative.K_L.interval} (1/Y²) misses ${TRUE_K_L}`);

    // A σ column equal to I, weighted by 1/σ²: the same weights, so the same values.
    for (const [r, [, intensity]] of EXAMPLE_ROWS.entries()) await page.fill(`#quench-table-r${r}c2`, intensity);
    await page.selectOption('#weighting', 'sigma');
    assert.match(await text(page, '#model-comparison caption'), /weighted by 1\/σ²/);
    const bySigma = await card(page, 'langmuir');
    for (const name of ['I₀', 'f', 'K_L']) assert.equal(bySigma[name].value, relative[name].value, `${name}: σ = I and 1/Y² differ (${bySigma[name].text} vs ${relative[name].text})`);

    // "none": the σ column is set aside, with a note, and the fit is the unweighted one.
    await page.selectOption('#weighting', 'none');
    assert.match((await tableMessages(page)).join('\n'), /σ column is not used/);
    assert.equal((await card(page, 'langmuir')).K_L.text, equal.K_L.text);
    assert.match(await savedLink(page), /[?&]weights=none(&|$)/);
    await assertNoNonNumbers(page, 'after changing the weighting');
  }));

test('diffusion limit: the default said; radii give Smoluchowski\'s estimate (checked by the formula, with η and T), a typed limit wins; a bad radius marks its field, the fits stay; τ₀ typed sets k_q', () =>
  h.withPage({ hash: QUENCH, name: 'quench-diffusion-limit' }, async (page) => {
    await loadExample(page);
    const kl = await shownKL(page);
    await page.click('#rate-settings summary');
    const inUse = () => text(page, '#kdiff-in-use');
    assert.match(await inUse(), /^In use: 7(\.00)? × 10⁹ M⁻¹ s⁻¹, small molecules in water at 25 °C \(the default\)\.$/);

    // Smoluchowski: k = (2RT/3η)(R₁ + R₂)²/(R₁R₂), in L mol⁻¹ s⁻¹.
    const smoluchowski = (dotNm, quencherNm, etaMPaS = 0.890, kelvin = 298.15) =>
      ((2 * 8.314462618 * kelvin) / (3 * etaMPaS * 1e-3)) * ((dotNm + quencherNm) ** 2 / (dotNm * quencherNm)) * 1000;
    await typeInto(page, '#rdot', '1.4');
    assert.match(await inUse(), /the default/, 'one radius is not enough for an estimate');
    await typeInto(page, '#rq', '0.4');
    assert.match(await inUse(), /Smoluchowski's estimate from the radii/);
    const limit = numbersIn(await inUse())[0];
    closeTo(limit, smoluchowski(1.4, 0.4), 0.005, 'Smoluchowski for 1.4 nm and 0.4 nm in water at 25 °C');
    // k_q's note compares it with that limit: its interval's lower end over the limit.
    const sv = await card(page, 'sv');
    const note = await text(page, 'article.fit-card[data-model="sv"]');
    const said = note.match(/exceeds Smoluchowski's diffusion limit for radii 1\.4 nm and 0\.4 nm[^(]*\(([^)]+)\) by ([^ ]+(?: × 10\S+)?) times/);
    assert.ok(said, `the SV card does not compare k_q with Smoluchowski's limit:\n${note}`);
    // (Both to 2 digits in the note.)
    closeTo(numbersIn(said[1])[0], limit, 0.05, 'the limit in the note');
    closeTo(numbersIn(said[2])[0], sv.k_q.lo / limit, 0.05, 'how many times the limit k_q\'s lower end is');
    const link = await savedLink(page);
    assert.match(link, /[?&]rdot=1\.4(&|$)/);
    assert.match(link, /[?&]rq=0\.4(&|$)/);
    assert.ok(cliEval(link).fits.find((f) => f.model === 'sv').notes.some((n) => n.includes("Smoluchowski's diffusion limit")), 'the command line uses another limit');
    // Half the viscosity doubles the limit; T enters in proportion.
    await typeInto(page, '#eta', '0.445');
    closeTo(numbersIn(await inUse())[0], smoluchowski(1.4, 0.4, 0.445), 0.005, 'Smoluchowski at η = 0.445 mPa·s');
    await typeInto(page, '#temperature', '330');
    closeTo(numbersIn(await inUse())[0], smoluchowski(1.4, 0.4, 0.445, 330), 0.005, 'Smoluchowski at 330 K');
    assert.match(await savedLink(page), /[?&]eta=0\.445&.*T=330|[?&]T=330&.*eta=0\.445/);
    // A typed limit wins over the radii.
    await typeInto(page, '#kdiff', '1e13');
    assert.match(await inUse(), /^In use: 1(\.00)? × 10¹³ M⁻¹ s⁻¹, as typed\.$/);
    assert.match(await text(page, 'article.fit-card[data-model="sv"]'), /the diffusion limit you typed/);
    assert.match(await savedLink(page), /[?&]kdiff=1e13(&|$)/);
    await typeInto(page, '#kdiff', '');

    // A radius that is not a number: its field says so; the fits and k_q stay, against the default limit.
    await typeInto(page, '#rdot', 'abc');
    assert.equal(await page.getAttribute('#rdot', 'aria-invalid'), 'true');
    assert.match(await text(page, '#rdot-msg'), /"abc" is not a number.*compared with the limit said under “In use”/);
    assert.match(await inUse(), /the default/);
    // …and k_q is compared with the limit in use, as the message says.
    assert.match(await text(page, 'article.fit-card[data-model="sv"]'), /exceeds the diffusion limit of small molecules in water at 25 °C \(7\.0 × 10⁹/);
    assert.equal(await page.locator('#model-comparison').count(), 1, 'a bad radius stopped the fits');
    assert.equal(await shownKL(page), kl);
    assert.deepEqual(await tableMessages(page), [], 'a bad radius is reported under the table, away from its field');
    await assertNoNonNumbers(page, 'with a radius "abc"');
    await typeInto(page, '#rdot', '1.4');
    assert.equal(await page.getAttribute('#rdot', 'aria-invalid'), 'false');

    // τ₀ typed: k_q = K_SV/τ₀ with it, and the note names it instead of the default.
    await typeInto(page, '#tau0', '10');
    const typed = await card(page, 'sv');
    closeTo(typed.k_q.value, typed.K_SV.value / 10e-9, 0.002, 'k_q = K_SV/10 ns');
    closeTo(typed.k_q.value, sv.k_q.value * (TAU0_NS / 10), 0.002, 'k_q at τ₀ = 10 ns against the default 20.8 ns');
    const noted = await text(page, 'article.fit-card[data-model="sv"]');
    assert.match(noted, /τ₀ = 10(\.0+)? ns as typed/);
    assert.doesNotMatch(noted, /the default/);
  }));

test('the Hill model: its box adds a card agreeing with SciPy (n ≈ 1, as the Langmuir data were made), a row in the comparison and the F test of Langmuir within Hill; the link keeps it', () =>
  h.withPage({ hash: QUENCH, name: 'quench-hill' }, async (page) => {
    await loadExample(page);
    assert.equal(await page.isChecked('#model-hill'), false);
    assert.equal(await page.locator('article.fit-card[data-model="hill"]').count(), 0);
    await page.check('#model-hill');
    await page.locator('article.fit-card[data-model="hill"] table.params').waitFor();
    const hill = await card(page, 'hill');
    assert.deepEqual(Object.keys(hill), ['I₀', 'f', 'K', 'n']);
    ['I₀', 'f', 'K', 'n'].forEach((name, i) => {
      closeTo(hill[name].value, SCIPY_HILL[i], 1e-3, `Hill ${name} page vs SciPy`);
      closeTo(hill[name].error, SCIPY_HILL_ERRORS[i], 0.03, `σ(Hill ${name}) page vs SciPy`);
    });
    closeTo(hill.K.plo, SCIPY_HILL_PROFILE[0], 1e-3, 'Hill K profile low vs SciPy');
    closeTo(hill.K.phi, SCIPY_HILL_PROFILE[1], 1e-3, 'Hill K profile high vs SciPy');
    // The example is a Langmuir isotherm: Hill's n = 1 and the true K lie in their intervals.
    assert.ok(hill.n.lo < 1 && 1 < hill.n.hi, `n's interval ${hill.n.interval} misses 1`);
    assert.ok(hill.K.lo < TRUE_K_L && TRUE_K_L < hill.K.hi, `K's interval ${hill.K.interval} misses ${TRUE_K_L}`);
    const rows = await comparison(page);
    assert.deepEqual(Object.keys(rows), ['Stern–Volmer', 'Langmuir', 'Hill']);
    assert.equal(rows.Hill.p, '4');
    // n = 1 costs Langmuir nothing: the F test keeps the simpler model.
    const tests = await page.locator('#nested-tests li').allInnerTexts();
    const langmuirInHill = tests.find((t) => t.startsWith('Langmuir within Hill (n = 1)'));
    assert.ok(langmuirInHill, `no F test of Langmuir within Hill: ${tests.join(' | ')}`);
    assert.match(langmuirInHill, /prefer Langmuir/);
    const link = await savedLink(page, 'href');
    assert.match(link, /[?&]fit=sv,langmuir,hill(&|$)/);
    closeTo(hill.n.value, cliEval(link).fits.find((f) => f.model === 'hill').params.n.value, 1e-3, 'Hill n page vs CLI');
    await page.uncheck('#model-hill');
    assert.equal(await page.locator('article.fit-card[data-model="hill"]').count(), 0);
    assert.deepEqual(Object.keys(await comparison(page)), ['Stern–Volmer', 'Langmuir']);
  }));

test('model comparison: every model with p, AICc (from n, RSS and K = p + 1 as the caption says), ΔAICc and Akaike weights that add to 1; F tests of the nested pairs from the RSS shown', () =>
  h.withPage({ hash: QUENCH, name: 'quench-comparison' }, async (page) => {
    await loadExample(page);
    for (const id of ['model-static-dynamic', 'model-poisson', 'model-hill']) await page.check(`#${id}`);
    await page.locator('article.fit-card[data-model="hill"] table.params').waitFor();
    assert.match(await text(page, '#aicc-convention'), /K = p \+ 1/);
    const rows = await comparison(page);
    const labels = Object.keys(rows);
    assert.deepEqual(labels, ['Stern–Volmer', 'Static + dynamic', 'Langmuir', 'Poisson', 'Hill']);
    const slugs = { 'Stern–Volmer': 'sv', 'Static + dynamic': 'static-dynamic', Langmuir: 'langmuir', Poisson: 'poisson', Hill: 'hill' };
    // AICc = n ln(RSS/n) + 2K + 2K(K + 1)/(n − K − 1), K = p + 1, from each card's statistics
    // (RSS to 3 digits: AICc to within 9 × 0.5 % ≈ 0.05).
    const fitted = {};
    for (const label of labels) {
      const line = await stats(page, slugs[label]);
      const n = Number(line.match(/n = (\d+)/)[1]);
      const rss = numbersIn(line.match(/RSS = ([^·]+)/)[1])[0];
      const dof = Number(line.match(/dof = (\d+)/)[1]);
      const K = Number(rows[label].p) + 1;
      const aicc = n * Math.log(rss / n) + 2 * K + (2 * K * (K + 1)) / (n - K - 1);
      assert.ok(Math.abs(aicc - Number(rows[label].aicc)) < 0.06, `${label}: AICc ${rows[label].aicc}, from n = ${n}, RSS = ${rss}, K = ${K}: ${aicc}`);
      fitted[label] = { n, rss, dof, aicc: Number(rows[label].aicc), p: Number(rows[label].p) };
    }
    // ΔAICc and the weights exp(−Δ/2)/Σ exp(−Δ/2), from the AICc shown.
    const best = Math.min(...labels.map((l) => fitted[l].aicc));
    const total = labels.reduce((sum, l) => sum + Math.exp(-(fitted[l].aicc - best) / 2), 0);
    let weights = 0;
    for (const label of labels) {
      assert.ok(Math.abs(Number(rows[label].delta) - (fitted[label].aicc - best)) <= 0.011, `${label}: ΔAICc ${rows[label].delta}`);
      assert.ok(Math.abs(Number(rows[label].weight) - Math.exp(-(fitted[label].aicc - best) / 2) / total) <= 0.002, `${label}: weight ${rows[label].weight}`);
      weights += Number(rows[label].weight);
    }
    assert.ok(Math.abs(weights - 1) <= 0.003, `the Akaike weights add to ${weights}`);
    assert.equal(rows.Langmuir.delta, '0.00');

    // F = ((RSS_simple − RSS_complex)/extra) / (RSS_complex/dof_complex), for each nested pair listed.
    const tests = await page.locator('ul#nested-tests li').allInnerTexts();
    assert.ok(tests.length >= 3, `F tests: ${tests.join(' | ')}`);
    const svInLangmuir = tests.find((t) => t.startsWith('Stern–Volmer within Langmuir (f = 1): F = '));
    assert.ok(svInLangmuir, `no F test of Stern–Volmer within Langmuir: ${tests.join(' | ')}`);
    for (const line of tests) {
      const m = line.match(/^(.+) within (.+) \([^)]*\): F = (.+?) \((\d+) and (\d+) degrees of freedom\), p = ([^:]+):/);
      if (!m) {
        // A pair the data cannot test (here K_S ended on its bound) says so.
        assert.match(line, /no test/, `F test line: ${line}`);
        continue;
      }
      const [, simple, complex, f, extra, dof] = m;
      const [s, c] = [fitted[simple], fitted[complex]];
      assert.equal(Number(extra), c.p - s.p, line);
      assert.equal(Number(dof), c.dof, line);
      const expected = ((s.rss - c.rss) / (c.p - s.p)) / (c.rss / c.dof);
      // With RSS to 3 digits, F is known to about 1 % when the difference is large.
      if (s.rss - c.rss > 0.1 * s.rss) closeTo(numbersIn(f)[0], expected, 0.02, `F of ${simple} within ${complex}`);
      const p = numbersIn(m[6])[0];
      assert.match(line, p < 0.05 ? /justified by the data/ : /not justified/, line);
    }
    const cli = cliEval(await savedLink(page, 'href'));
    const sum = cli.comparison.reduce((s, row) => s + row.akaike_weight, 0);
    closeTo(sum, 1, 1e-9, 'the command line\'s Akaike weights');
    closeTo(Number(rows.Langmuir.weight), cli.comparison.find((r) => r.model === 'Langmuir').akaike_weight, 0.002, 'Langmuir\'s weight page vs CLI');
  }));

test('profile intervals: the example\'s K_L profile interval equals the command line\'s and SciPy\'s, and is asymmetric where the 95 % interval is not', () =>
  h.withPage({ hash: QUENCH, name: 'quench-profile' }, async (page) => {
    await loadExample(page);
    const headers = await page.locator('article.fit-card[data-model="langmuir"] table.params thead th').allInnerTexts();
    assert.deepEqual(headers.map((t) => t.trim()), ['parameter', 'value ± standard error', 'unit', '95 % interval', '95 % profile interval']);
    const { K_L: k } = await card(page, 'langmuir');
    const cli = cliEval(await savedLink(page, 'href')).fits.find((f) => f.model === 'langmuir').params.K_L.profile95;
    closeTo(k.plo, cli[0], 1e-3, 'K_L profile low page vs CLI');
    closeTo(k.phi, cli[1], 1e-3, 'K_L profile high page vs CLI');
    closeTo(k.plo, SCIPY_LANGMUIR_PROFILE[0], 1e-3, 'K_L profile low page vs SciPy');
    closeTo(k.phi, SCIPY_LANGMUIR_PROFILE[1], 1e-3, 'K_L profile high page vs SciPy');
    // The 95 % interval is value ± t·σ: symmetric to the digits shown. The profile follows the
    // sum of squares, which rises more slowly above K_L than below it.
    const [below, above] = [k.value - k.lo, k.hi - k.value];
    assert.ok(Math.abs(above - below) <= 0.002 * k.value, `the 95 % interval ${k.interval} is not symmetric about ${k.text}`);
    const [profileBelow, profileAbove] = [k.value - k.plo, k.phi - k.value];
    assert.ok(profileAbove / profileBelow > 1.03, `the profile interval ${k.profile} is not longer above ${k.value} (${profileBelow} below, ${profileAbove} above)`);
    assert.ok(k.plo < TRUE_K_L && TRUE_K_L < k.phi, `the profile interval ${k.profile} misses ${TRUE_K_L}`);
    // The Stern–Volmer K_SV's profile interval against the command line too.
    const sv = await card(page, 'sv');
    const cliSv = cliEval(await savedLink(page, 'href')).fits.find((f) => f.model === 'sv').params.K_SV.profile95;
    closeTo(sv.K_SV.plo, cliSv[0], 1e-3, 'K_SV profile low page vs CLI');
    closeTo(sv.K_SV.phi, cliSv[1], 1e-3, 'K_SV profile high page vs CLI');
  }));

test('fit report downloads: the JSON is the command line\'s report of the same link, the CSV its --csv report, with covariance rows whose diagonal is the squared standard errors', () =>
  h.withPage({ hash: QUENCH, name: 'quench-report' }, async (page) => {
    await loadExample(page);
    await page.check('#model-hill');
    await page.locator('article.fit-card[data-model="hill"] table.params').waitFor();
    const link = await savedLink(page, 'href');

    const json = await download(page, page.locator('#report-json'));
    assert.match(json.name, /\.json$/);
    const report = JSON.parse(json.text);
    assert.equal(report.calculator, 'quench');
    // The same numbers as the command line (wasm and native arithmetic may differ in the last bits).
    assertSameReport(report, cliEval(link), 1e-9);

    const csv = await download(page, page.locator('#report-csv'));
    assert.match(csv.name, /\.csv$/);
    const lines = csv.text.trim().split(/\r?\n/);
    const cliLines = cliEvalCsv(link).trim().split(/\r?\n/);
    assert.equal(lines[0], 'model,quantity,name,with,value,std_error,ci95_low,ci95_high,profile95_low,profile95_high,unit');
    assert.equal(lines.length, cliLines.length, 'the page\'s CSV and the command line\'s have different rows');
    lines.forEach((line, i) => {
      const [mine, theirs] = [csvCells(line), csvCells(cliLines[i])];
      assert.equal(mine.length, 11, line);
      mine.forEach((cell, j) => {
        if (cell !== '' && Number.isFinite(Number(cell)) && i > 0) closeTo(Number(cell), Number(theirs[j]), 1e-9, `CSV line ${i + 1} cell ${j + 1}`);
        else assert.equal(cell, theirs[j], `CSV line ${i + 1} cell ${j + 1}`);
      });
    });
    const rows = lines.slice(1).map(csvCells);
    for (const [model, names] of [['Stern–Volmer', ['I₀', 'K_SV']], ['Langmuir', ['I₀', 'f', 'K_L']], ['Hill', ['I₀', 'f', 'K', 'n']]]) {
      const covariance = rows.filter((r) => r[0] === model && r[1] === 'covariance');
      assert.equal(covariance.length, names.length ** 2, `${model}: ${covariance.length} covariance rows`);
      const at = (a, b) => Number(covariance.find((r) => r[2] === a && r[3] === b)[4]);
      for (const a of names) {
        const parameter = rows.find((r) => r[0] === model && r[1] === 'parameter' && r[2] === a);
        closeTo(at(a, a), Number(parameter[5]) ** 2, 1e-9, `${model}: cov(${a}, ${a}) = σ(${a})²`);
        for (const b of names) closeTo(at(a, b), at(b, a), 1e-12, `${model}: cov(${a}, ${b}) = cov(${b}, ${a})`);
      }
      // The shown standard errors are these.
      const shown = await card(page, { 'Stern–Volmer': 'sv', Langmuir: 'langmuir', Hill: 'hill' }[model]);
      // (Shown to 2 digits.)
      for (const a of names) closeTo(shown[a].error, Math.sqrt(at(a, a)), 0.05, `${model}: σ(${a}) shown vs √cov`);
    }
  }));

test('confidence bands: drawn on the fit chart around the best model\'s curve; an exact fit has no ±, no intervals and no band', () =>
  h.withPage({ hash: QUENCH, name: 'quench-bands' }, async (page) => {
    await loadExample(page);
    const band = await bandFraction(page, 'canvas#fit-chart');
    // The example's Langmuir band is narrow (the fit is good): about half a per cent of the chart.
    assert.ok(band > 0.003, `only ${(band * 100).toFixed(2)} % of the fit chart is band-coloured`);
    assert.match(await fitChartSeries(page).then((s) => [...s.keys()].join(',')), /Langmuir 95% low,Langmuir 95% high/);
    await fitFigure(page).screenshot({ path: path.join(screenshotDir, 'quench-fit-chart-band.png') });

    // Points exactly on I = 1200/(1 + 10⁵ M⁻¹ [Q]): nothing left to estimate an uncertainty from.
    await page.uncheck('#model-langmuir');
    await page.click('#quench-table-clear');
    const drawn = await draws(page);
    await pasteInto(page, '#quench-table-r0c0', '0\t1200\n2\t1000\n5\t800\n10\t600\n15\t480\n20\t400\n30\t300');
    await page.locator('article.fit-card[data-model="sv"] table.params').waitFor();
    const sv = await card(page, 'sv');
    closeTo(sv.K_SV.value, 1e5, 1e-6, 'K_SV of exact data');
    closeTo(sv['I₀'].value, 1200, 1e-6, 'I₀ of exact data');
    assert.equal(sv.K_SV.error, undefined, `an exact fit shows a ± (${sv.K_SV.text})`);
    assert.equal(sv.K_SV.interval, '—');
    assert.equal(sv.K_SV.profile, '');
    assert.match(await text(page, 'article.fit-card[data-model="sv"] p.alert.warning'), /passes through every point exactly/);
    const series = await fitChartSeries(page);
    assert.deepEqual([...series.keys()], ['data', 'Stern–Volmer'], 'an exact fit has a band');
    await page.waitForFunction((n) => Number(document.documentElement.dataset.draws) >= n + 3, drawn);
    // The same chart without a band: anti-aliased curve edges tint a little; the band far more.
    const none = await bandFraction(page, 'canvas#fit-chart');
    assert.ok(none < band / 3, `the chart of an exact fit is tinted as much as one with a band (${(none * 100).toFixed(3)} % against ${(band * 100).toFixed(3)} %)`);
    await assertNoNonNumbers(page, 'with an exact fit');
  }));

test('a 1000-row table: the profile intervals show "…" right after an edit and numbers once typing pauses, equal to the command line\'s', () =>
  h.withPage({ hash: QUENCH, name: 'quench-long-profiles' }, async (page) => {
    // Stern–Volmer data, K = 4 × 10⁵ M⁻¹, with a fixed pattern of ±0.5 % scatter.
    const scatter = [0.004, -0.005, 0.002, -0.001, 0.003, -0.004, 0.0, 0.005, -0.003, 0.001];
    const rows = Array.from({ length: 1000 }, (_, i) => `${(i * 0.05).toFixed(2)}\t${((1000 / (1 + 0.02 * i)) * (1 + scatter[i % 10])).toFixed(1)}`);
    await pasteInto(page, '#quench-table-r0c0', rows.join('\n'));
    await page.locator('article.fit-card[data-model="sv"]').waitFor();
    const profileCell = 'article.fit-card[data-model="sv"] table.params tbody tr:nth-child(2) td:nth-child(5)';
    assert.equal(await text(page, 'article.fit-card[data-model="sv"] table.params tbody tr:nth-child(2) th'), 'K_SV');
    const filled = (cell) => /^\S.* … \S.*$/.test(cell) && numbersIn(cell).length === 2;
    await page.waitForFunction((sel) => / … /.test(document.querySelector(sel)?.innerText ?? ''), profileCell, { timeout: 10000 });

    // An edit: at once the fits (n = 1000 still) with "…" for the profiles, then the numbers.
    const start = Date.now();
    await page.fill('#quench-table-r3c1', '930');
    assert.equal(await text(page, profileCell), '…', 'the profile interval of the old table is still shown after an edit');
    assert.match(await stats(page, 'sv'), /^n = 1000 /);
    await page.waitForFunction((sel) => / … /.test(document.querySelector(sel).innerText), profileCell, { timeout: 10000 });
    const waited = Date.now() - start;
    assert.ok(waited < 5000, `the profile intervals took ${waited} ms`);
    const shown = await text(page, profileCell);
    assert.ok(filled(shown), `profile cell: "${shown}"`);
    const { K_SV: k } = await card(page, 'sv');
    const cli = cliEval(await savedLink(page, 'href')).fits.find((f) => f.model === 'sv').params.K_SV.profile95;
    closeTo(k.plo, cli[0], 1e-3, 'K_SV profile low (1000 rows) page vs CLI');
    closeTo(k.phi, cli[1], 1e-3, 'K_SV profile high (1000 rows) page vs CLI');
    // Typing on keeps "…" until the pause.
    await page.fill('#quench-table-r3c1', '931');
    assert.equal(await text(page, profileCell), '…');
    await page.waitForFunction((sel) => / … /.test(document.querySelector(sel).innerText), profileCell, { timeout: 10000 });
    await assertNoNonNumbers(page, 'with 1000 rows');
  }));

/** The example's [Q] (µM), at which the reference lifetimes were made. */
const EXAMPLE_Q = EXAMPLE_ROWS.map(([q]) => q);

test('lifetimes alone: τ = τ₀/(1 + K_D[Q]) with τ₀ fitted, as SciPy fits it; k_q from the fitted τ₀', () =>
  h.withPage({ hash: QUENCH, name: 'quench-lifetimes' }, async (page) => {
    await pasteInto(page, '#quench-table-r0c0', EXAMPLE_Q.map((q, i) => `${q}\t${REF_TAU_NS[i]}`).join('\n'));
    await page.selectOption('#observable', 'tau');
    await page.locator('article.fit-card[data-model="sv"] table.params').waitFor();
    const sv = await card(page, 'sv');
    assert.deepEqual(Object.keys(sv), ['τ₀', 'K_D', 'k_q']);
    assert.equal(sv['τ₀'].unit, 'ns');
    // Lifetimes see only dynamic quenching: the constant is K_D, and the card says τ₀/τ.
    assert.match(await text(page, 'article.fit-card[data-model="sv"] h3'), /τ₀\/τ = 1 \+ K_D\[Q\]/);
    ['τ₀', 'K_D'].forEach((name, i) => {
      closeTo(sv[name].value, SCIPY_LIFETIME[i], 1e-3, `${name} page vs SciPy`);
      closeTo(sv[name].error, SCIPY_LIFETIME_ERRORS[i], 0.05, `σ(${name}) page vs SciPy`);
    });
    closeTo(sv.K_D.plo, SCIPY_LIFETIME_PROFILE[0], 1e-3, 'K_D profile low page vs SciPy');
    closeTo(sv.K_D.phi, SCIPY_LIFETIME_PROFILE[1], 1e-3, 'K_D profile high page vs SciPy');
    // k_q = K/τ₀ with the τ₀ the card shows, not the default 20.8 ns.
    closeTo(sv.k_q.value, sv.K_D.value / (sv['τ₀'].value * 1e-9), 0.002, 'k_q = K_D/τ₀ (fitted)');
    assert.match(await text(page, 'article.fit-card[data-model="sv"]'), /k_q uses the fitted τ₀ = 25\.04 ± 0\.10 ns/);
    const cli = cliEval(await savedLink(page, 'href'));
    assert.equal(cli.inputs.observable, 'tau');
    closeTo(sv['τ₀'].value, cli.fits.find((f) => f.model === 'sv').params['τ₀'].value, 1e-3, 'τ₀ page vs CLI');
  }));

test('static + dynamic with a lifetime column: one joint fit sharing K_D, as SciPy fits it, K_D estimated (never fixed), k_q from the fitted τ₀, no false warnings; not in the comparison', () =>
  h.withPage({ hash: QUENCH, name: 'quench-joint' }, async (page) => {
    await page.check('#model-static-dynamic');
    await pasteInto(page, '#quench-table-r0c0', EXAMPLE_Q.map((q, i) => `${q}\t${REF_JOINT_I[i]}\t\t${REF_JOINT_TAU[i]}`).join('\n'));
    const joint = page.locator('article.fit-card[data-model="static-dynamic"]');
    await joint.locator('table.params').waitFor();
    const shown = await card(page, 'static-dynamic');
    const names = ['I₀', 'τ₀', 'K_D', 'K_S'];
    assert.deepEqual(Object.keys(shown), [...names, 'k_q']);
    names.forEach((name, i) => {
      closeTo(shown[name].value, SCIPY_JOINT[i], 1e-3, `${name} page vs SciPy`);
      closeTo(shown[name].error, SCIPY_JOINT_ERRORS[i], 0.05, `σ(${name}) page vs SciPy`);
    });
    closeTo(shown.K_S.plo, SCIPY_JOINT_PROFILE[0], 1e-3, 'K_S profile low page vs SciPy');
    closeTo(shown.K_S.phi, SCIPY_JOINT_PROFILE[1], 1e-3, 'K_S profile high page vs SciPy');
    assert.doesNotMatch(shown.K_D.text, /fixed/);
    assert.match(shown.K_D.text, /±/);
    closeTo(shown.k_q.value, shown.K_D.value / (shown['τ₀'].value * 1e-9), 0.002, 'k_q = K_D/τ₀ (fitted)');
    assert.match(await joint.innerText(), /k_q uses the fitted τ₀/);
    // The reference data scatter as measurements do: nothing to warn about.
    assert.deepEqual(await joint.locator('p.alert.warning').allInnerTexts(), []);
    const rows = await comparison(page);
    assert.match(rows['Static + dynamic (with lifetimes)'].error, /not compared: fitted to the intensities and the lifetimes together/);
    const cli = cliEval(await savedLink(page, 'href')).fits.find((f) => f.model === 'static-dynamic');
    closeTo(shown.K_S.value, cli.params.K_S.value, 1e-3, 'K_S page vs CLI');
    assert.deepEqual(cli.warnings, []);
  }));

test('warnings: K_S on its physical bound shows no ± or interval; a reading above the fitted I₀ and far off the curve is named, and leaving it out clears the warnings and gives back the constants the data were made with', () =>
  h.withPage({ hash: QUENCH, name: 'quench-warnings' }, async (page) => {
    await loadExample(page);
    await page.check('#model-static-dynamic');
    const sd = page.locator('article.fit-card[data-model="static-dynamic"]');
    await sd.locator('table.params').waitFor();
    assert.match((await sd.locator('p.alert.warning').allInnerTexts()).join('\n'), /^K_S ended on its physical bound/);
    const { K_S: ks, K_D: kd } = await card(page, 'static-dynamic');
    assert.equal(ks.text, '0 (at its bound)');
    assert.equal(ks.interval, '—');
    assert.equal(ks.error, undefined);
    // Held at 0, static + dynamic is Stern–Volmer: the same K.
    assert.equal(kd.text, (await card(page, 'sv')).K_SV.text);
    assert.equal((await comparison(page))['Static + dynamic'].p, '2', 'K_S on its bound is counted as fitted');
    await page.uncheck('#model-static-dynamic');

    // Stern–Volmer data (I₀ = 1000, K = 10⁵ M⁻¹, ±0.3 % scatter) whose row 3 reads 1300.
    const q = [0, 1, 2, 4, 6, 8, 10, 15];
    const pattern = [0, 1, -1, 0.5, -0.5, 0.8, -0.8, 0.3];
    const rows = q.map((x, i) => [x, i === 2 ? 1300 : ((1000 / (1 + 0.1 * x)) * (1 + 0.003 * pattern[i])).toFixed(2)]);
    await page.uncheck('#model-langmuir');
    await page.click('#quench-table-clear');
    await pasteInto(page, '#quench-table-r0c0', rows.map((r) => r.join('\t')).join('\n'));
    const sv = page.locator('article.fit-card[data-model="sv"]');
    await sv.locator('table.params').waitFor();
    const warnings = (await sv.locator('p.alert.warning').allInnerTexts()).join('\n');
    assert.match(warnings, /Row 3: I is above the fitted I₀/, `warnings: ${warnings}`);
    assert.match(warnings, /Row 3 lies off this curve beyond what the scatter of the other readings allows/, `warnings: ${warnings}`);
    // As the warning suggests: untick "use" for row 3, and the fit is the clean data's.
    await page.uncheck('#quench-table-use2');
    assert.deepEqual(await sv.locator('p.alert.warning').allInnerTexts(), []);
    assert.match(await stats(page, 'sv'), /^n = 7 /);
    const clean = await card(page, 'sv');
    closeTo(clean.K_SV.value, 1e5, 0.02, 'K_SV without row 3 (made with 10⁵ M⁻¹)');
    closeTo(clean['I₀'].value, 1000, 0.005, 'I₀ without row 3 (made with 1000)');
    await assertNoNonNumbers(page, 'with a reading left out');
  }));

test('the Stern–Volmer plot uses the Stern–Volmer fit\'s I₀; the double-reciprocal plot shows only with Langmuir, its points from the Langmuir I₀ and its curve the Langmuir fit', () =>
  h.withPage({ hash: QUENCH, name: 'quench-linear-plots' }, async (page) => {
    await loadExample(page);
    const figure = (id) => page.locator('figure.chart', { has: page.locator(`canvas#${id}`) });
    const series = async (id) => {
      const lines = (await download(page, figure(id).getByRole('button', { name: 'CSV data', exact: true }))).text.trim().split(/\r?\n/).slice(1);
      const out = new Map();
      for (const cells of lines.map(csvCells)) out.set(cells[0], [...(out.get(cells[0]) ?? []), [Number(cells[1]), Number(cells[2])]]);
      return out;
    };
    const sv = await card(page, 'sv');
    const langmuir = await card(page, 'langmuir');
    // I₀/I with the I₀ the Stern–Volmer card shows (940.8), not the reading at [Q] = 0 (1000).
    const svData = (await series('sv-chart')).get('data');
    svData.forEach(([x, y], i) => {
      closeTo(x, Number(EXAMPLE_ROWS[i][0]), 1e-12, `SV plot [Q] of row ${i + 1}`);
      closeTo(y, sv['I₀'].value / Number(EXAMPLE_ROWS[i][1]), 1e-3, `SV plot I₀/I of row ${i + 1}`);
    });
    assert.match((await download(page, figure('sv-chart').getByRole('button', { name: 'SVG', exact: true }))).text, /I₀ from the Stern–Volmer fit/);

    // I₀/ΔI against 1/[Q] with the Langmuir I₀; the Langmuir fit on this scale is the line 1/f + 1/(f K [Q]).
    const dr = await series('dr-chart');
    assert.deepEqual([...dr.keys()], ['data', 'double-reciprocal line', 'Langmuir fit']);
    const points = dr.get('data');
    assert.equal(points.length, EXAMPLE_ROWS.length - 1, 'the [Q] = 0 row has no 1/[Q]');
    points.forEach(([x, y], i) => {
      const [q, intensity] = EXAMPLE_ROWS[i + 1].map(Number);
      closeTo(x, 1 / q, 1e-9, `DR plot 1/[Q] of row ${i + 2}`);
      closeTo(y, langmuir['I₀'].value / (langmuir['I₀'].value - intensity), 0.01, `DR plot I₀/ΔI of row ${i + 2}`);
    });
    const { f, K_L: k } = langmuir;
    for (const [x, y] of dr.get('Langmuir fit').filter((_, i) => i % 30 === 0)) {
      closeTo(y, 1 / f.value + (x * 1e6) / (f.value * k.value), 2e-3, `Langmuir fit on the DR plot at 1/[Q] = ${x} µM⁻¹`);
    }
    assert.equal(await figure('dr-chart').isVisible(), true);

    // Without Langmuir: no double-reciprocal plot or card.
    await page.uncheck('#model-langmuir');
    await page.locator('article.fit-card[data-model="langmuir"]').waitFor({ state: 'detached' });
    assert.equal(await figure('dr-chart').isVisible(), false, 'the double-reciprocal plot shows without Langmuir');
    assert.equal(await page.locator('article.fit-card[data-model="double-reciprocal"]').count(), 0);
    await page.check('#model-langmuir');
    await figure('dr-chart').waitFor({ state: 'visible' });
  }));
