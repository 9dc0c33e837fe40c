// The quantum-dot calculator as a user drives it: typing, share links, units, inverse mode,
// saved work, the copy-link button and the home page.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, text, typeInto, assertNoNonNumbers, screenshot, subPath, savedLink } from './harness.mjs';

const h = setup();

const SEED_LINK = '#/qd?v=1&material=CdTe&model=yu-peng&lambda=516&A=0.1&path=1&dilution=1';

/** Parses a displayed number such as "1.19", "8.43 × 10⁴" or "7.14 × 10⁻¹⁴". */
function parseShown(shown) {
  const sup = { '⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4', '⁵': '5', '⁶': '6', '⁷': '7', '⁸': '8', '⁹': '9', '⁻': '-', '−': '-' };
  const m = shown.replace(/\s/g, '').match(/^([-−]?[\d.]+)(?:×10([⁰¹²³⁴⁵⁶⁷⁸⁹⁻−]+))?$/);
  assert.ok(m, `"${shown}" is not a displayed number`);
  const exponent = m[2] ? Number([...m[2]].map((c) => sup[c]).join('')) : 0;
  return Number(m[1].replace('−', '-')) * 10 ** exponent;
}

test('typing a wavelength and an absorbance sizes the dots, updates the link, adds no history', () =>
  h.withPage({ hash: '#/qd', name: 'type-wavelength' }, async (page) => {
    const historyBefore = await page.evaluate(() => history.length);
    await typeInto(page, '#lambda', '516');
    await typeInto(page, '#absorbance', '0.1');
    assert.equal(await text(page, '#out-diameter'), '2.73');
    assert.match(await text(page, '#out-epsilon'), /8\.43/);
    assert.match(await text(page, '#out-epsilon'), /10⁴/);
    assert.notEqual(await text(page, '#out-concentration'), '—');
    assert.match(await savedLink(page), /lambda=516(&|$)/);
    assert.match(await savedLink(page), /A=0\.1(&|$)/);
    // Ten more typed characters: the address is replaced, never pushed.
    await typeInto(page, '#lambda', '520.123456'); // 10 characters
    assert.equal(await page.evaluate(() => history.length), historyBefore, 'typing added history entries');
    assert.match(await savedLink(page), /lambda=520\.123456(&|$)/);
    await typeInto(page, '#lambda', '516');
    assert.equal(await text(page, '#out-diameter'), '2.73');
    await page.locator('#model-comparison').waitFor();
    assert.match(await text(page, '#model-comparison'), /Yu–Peng/);
    await screenshot(page, 'qd-516nm', { fullPage: true });

    // Outside the calibrated range: a warning that names the range.
    await typeInto(page, '#lambda', '480');
    assert.notEqual(await text(page, '#out-diameter'), '—');
    assert.match(await page.locator('#qd-warnings li').first().innerText(), /500–700 nm/);
    // Where the polynomial gives no size: a problem, no number.
    await typeInto(page, '#lambda', '430');
    await page.locator('#qd-problem').waitFor();
    assert.ok((await text(page, '#qd-problem')).length > 10);
    assert.equal(await text(page, '#out-diameter'), '—');
    await assertNoNonNumbers(page, 'at 430 nm');
    assert.equal(await page.evaluate(() => history.length), historyBefore);
  }));

test('a share link opens the same results; the unit is kept in the link', () =>
  h.withPage({ hash: SEED_LINK, name: 'share-link' }, async (page, { newPage }) => {
    assert.equal(await text(page, '#out-diameter'), '2.73');
    assert.match(await text(page, '#out-epsilon'), /8\.43/);
    assert.equal(await page.inputValue('#lambda'), '516');
    assert.equal(await page.inputValue('#absorbance'), '0.1');
    assert.equal(await page.inputValue('#unit'), 'uM');
    const micromolar = parseShown(await text(page, '#out-concentration'));
    assert.ok(micromolar > 0);

    await page.selectOption('#unit', 'nM');
    const nanomolar = parseShown(await text(page, '#out-concentration'));
    assert.ok(Math.abs(nanomolar / micromolar - 1000) < 1000 * 0.01, `µM ${micromolar} → nM ${nanomolar} is not ×1000`);
    const hash = await savedLink(page);
    assert.match(hash, /[?&]unit=nM(&|$)/);

    const again = await newPage(hash);
    assert.equal(await again.inputValue('#unit'), 'nM');
    assert.equal(await text(again, '#out-concentration'), await text(page, '#out-concentration'));
    assert.equal(await text(again, '#out-diameter'), '2.73');
  }));

test('inverse mode gives the peak for a wanted diameter (independent reference value)', () =>
  h.withPage({ hash: '#/qd', name: 'inverse' }, async (page) => {
    await page.check('#mode-inverse');
    await page.locator('#wanted-diameter').waitFor();
    assert.equal(await page.locator('#lambda').isVisible(), false, 'λ field still shown in inverse mode');
    await typeInto(page, '#wanted-diameter', '3');
    const peak = await text(page, '#out-peak');
    assert.match(peak, /^\d+(\.\d+)?$/, `#out-peak shows "${peak}"`);
    assert.ok(Number(peak) > 500 && Number(peak) < 700, `peak ${peak} nm for D = 3 nm`);
    assert.equal(await text(page, '#out-diameter'), '3.00');
    // refdata/seed_checks.json: D = 2.7 nm ↔ λ = 514.65778579939 nm (mpmath root of Yu's CdTe fit).
    await typeInto(page, '#wanted-diameter', '2.7');
    assert.equal(await text(page, '#out-peak'), '514.7');
    assert.match(await savedLink(page), /mode=inverse.*D=2\.7/);
    await assertNoNonNumbers(page);
  }));

test('work is saved in the browser: a bare #/qd restores it, a fresh browser does not', async () => {
  await h.withPage({ hash: '#/qd', name: 'local-storage' }, async (page, { newPage }) => {
    await page.selectOption('#material', 'CdSe');
    await typeInto(page, '#lambda', '550');
    await typeInto(page, '#absorbance', '0.25');
    await typeInto(page, '#dilution', '4');
    const diameter = await text(page, '#out-diameter');
    assert.notEqual(diameter, '—');
    await page.close();

    const reopened = await newPage('#/qd');
    assert.equal(await reopened.inputValue('#material'), 'CdSe');
    assert.equal(await reopened.inputValue('#lambda'), '550');
    assert.equal(await reopened.inputValue('#absorbance'), '0.25');
    assert.equal(await reopened.inputValue('#dilution'), '4');
    assert.equal(await text(reopened, '#out-diameter'), diameter);
    // And a reload of that page keeps it too.
    await reopened.reload();
    await reopened.waitForFunction(() => document.documentElement.dataset.ready === '1');
    assert.equal(await reopened.inputValue('#lambda'), '550');
  });
  await h.withPage({ hash: '#/qd', name: 'local-storage-fresh' }, async (page) => {
    assert.equal(await page.inputValue('#lambda'), '', 'a new browser profile shows saved work');
    assert.equal(await page.inputValue('#material'), 'CdTe');
  });
});

test('copy link copies the full address, and that address reproduces the result', () =>
  h.withPage({
    hash: SEED_LINK,
    name: 'copy-link',
    contextOptions: { permissions: ['clipboard-read', 'clipboard-write'] },
  }, async (page, { context }) => {
    await page.selectOption('#unit', 'mM');
    await page.click('#copy-link');
    await page.locator('#share-link').waitFor();
    const link = await page.inputValue('#share-link');
    assert.ok(link.startsWith(h.server.url), `share link "${link}" is not under ${h.server.url}`);
    assert.ok(link.includes('#/qd?v=1&'), link);
    assert.ok(new URL(link).pathname.startsWith(subPath));
    assert.match(link, /unit=mM/);
    const clip = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(clip, link, 'the clipboard holds the shown link');

    const other = await context.newPage();
    await other.goto(link);
    await other.waitForFunction(() => document.documentElement.dataset.ready === '1');
    assert.equal(await text(other, '#out-diameter'), '2.73');
    assert.equal(await text(other, '#out-concentration'), await text(page, '#out-concentration'));
    assert.equal(await other.inputValue('#unit'), 'mM');
    await other.close();
  }));

test('home page: what PhotoCalc is, and a link that opens the calculator', () =>
  h.withPage({ hash: '#/', name: 'home' }, async (page) => {
    const lede = await text(page, '.home .lede');
    const sentences = lede.split(/(?<=\.)\s+/).filter((s) => s.length > 0);
    assert.ok(sentences.length >= 2, `home text: "${lede}"`);
    assert.equal(await page.locator('#lambda').isVisible(), false);
    await screenshot(page, 'home');
    // The page is served under a sub-path and loaded all its files from there.
    const wasm = page.problems.responses.find((r) => r.url.endsWith('.wasm'));
    assert.ok(wasm, 'no .wasm was loaded');
    assert.ok(new URL(wasm.url).pathname.startsWith(subPath), wasm.url);
    assert.equal(wasm.type, 'application/wasm');
    for (const r of page.problems.responses) assert.equal(r.status, 200, `${r.url} → ${r.status}`);

    await page.click('#open-qd');
    await page.locator('#lambda').waitFor();
    assert.match(await savedLink(page), /^#\/qd/);
    await page.locator('#material').waitFor();
    // The explanation below the calculator follows it (built after the first screen).
    await page.locator('#qd-explain').waitFor({ state: 'attached' });
    // Back to home via the brand link: the calculator and its explanation leave together.
    await page.click('a.brand');
    await page.locator('#open-qd').waitFor();
    assert.equal(await page.locator('#qd-explain').count(), 0);
    await page.click('#open-qd');
    await page.locator('#qd-explain').waitFor({ state: 'attached' });
    assert.equal(await page.locator('#qd-explain').count(), 1);
  }));

test('before any input, the result notes do not describe another model', () =>
  h.withPage({ hash: '#/qd', name: 'empty-notes' }, async (page) => {
    assert.equal(await page.inputValue('#model'), 'yu-peng');
    assert.equal(await text(page, '#out-diameter'), '—');
    const note = await text(page, '[data-testid="out-epsilon"] .result-note');
    assert.doesNotMatch(note, /Brus/, `with Yu–Peng selected and no λ yet, the ε note reads "${note}"`);
    await page.selectOption('#model', 'brus');
    await typeInto(page, '#lambda', '516');
    assert.match(await text(page, '[data-testid="out-epsilon"] .result-note'), /Brus/);
  }));
