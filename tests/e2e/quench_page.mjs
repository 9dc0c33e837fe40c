// What the quenching page shows, read the way a user reads it, for the browser tests of
// quench.html: the fit cards' parameter tables, the model comparison, the messages under the
// table; the example's table, the truth it was made from and SciPy's fits of it.

import assert from 'node:assert/strict';

/** The quenching page, bare (saved work is restored). */
export const QUENCH = 'quench.html#/quench';
/** The example of QuenchState::example was generated with this Langmuir constant (M⁻¹), fraction and I₀. */
export const TRUE_K_L = 2.5e5;
export const TRUE_F = 0.70;
export const TRUE_I0 = 1000;
/** SciPy's fits of the example (tests/quench_refs.rs, made by tests/quench_refs/make_refs.py): [I₀, K_SV], [I₀, f, K_L], K_L's standard error and profile interval. */
export const SCIPY_SV = [940.8237907504808, 87536.0251720636];
export const SCIPY_LANGMUIR = [1000.7369268053968, 0.7005394553076307, 250171.75038929062];
export const SCIPY_LANGMUIR_K_ERROR = 7874.8048721974255;
export const SCIPY_LANGMUIR_PROFILE = [231460.73538050393, 270087.344047057];
/** SciPy's Hill fit of the example: [I₀, f, K, n], their standard errors, and K's profile interval. */
export const SCIPY_HILL = [1000.7938507276045, 0.7010464632943489, 249821.06615417995, 0.9987364624007186];
export const SCIPY_HILL_ERRORS = [4.480477516362076, 0.01584073663202041, 13164.505155075743, 0.03626303851979443];
export const SCIPY_HILL_PROFILE = [214298.86695665866, 282862.87488859723];
/** SciPy's reference data and fits from tests/quench_refs.rs: lifetimes alone ([τ₀, K_SV]) and intensities with lifetimes, static + dynamic jointly ([I₀, τ₀, K_D, K_S]), at the example's [Q]. */
export const REF_TAU_NS = [25.0, 24.28, 22.92, 21.66, 20.06, 19.09, 17.71, 15.67, 13.81];
export const SCIPY_LIFETIME = [25.041358234316093, 40394.111466985305];
export const SCIPY_LIFETIME_ERRORS = [0.10011370239317137, 807.6526794449246];
export const SCIPY_LIFETIME_PROFILE = [38505.85147762054, 42325.75572565885];
export const REF_JOINT_I = [1000.0, 844.5, 705.1, 541.5, 422.3, 347.1, 283.4, 192.9, 138.1];
export const REF_JOINT_TAU = [20.06, 19.12, 18.69, 17.21, 16.19, 15.02, 14.3, 12.59, 11.07];
export const SCIPY_JOINT = [1001.8524639769382, 20.025834976910737, 40168.66527606119, 150480.61324813234];
export const SCIPY_JOINT_ERRORS = [3.8534404224348835, 0.062448107062828745, 626.7117311267291, 2392.0147728217003];
export const SCIPY_JOINT_PROFILE = [145403.11438923213, 155664.37804010374];
/** τ₀ of the example (ns), for k_q = K_SV / τ₀. */
export const TAU0_NS = 20.8;
/** The example's table, as typed: [Q] (µM) and I. */
export const EXAMPLE_ROWS = [['0', '1000'], ['1', '865'], ['2', '761'], ['4', '652'], ['6', '577'], ['8', '538'], ['10', '499'], ['15', '449'], ['20', '414']];

const SUPERSCRIPT = { '⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4', '⁵': '5', '⁶': '6', '⁷': '7', '⁸': '8', '⁹': '9', '⁻': '-' };
const NUMBER = /[-−]?\d+(?:\.\d+)?(?:\s*×\s*10[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+)?/g;

/** Every displayed number in `shown` ("2.492 × 10⁵ ± 5.7 × 10³" → [249200, 5700]); units are skipped. */
export function numbersIn(shown) {
  return [...shown.matchAll(NUMBER)].map(([m]) => {
    const [mantissa, exponent] = m.replace(/\s/g, '').replace('−', '-').split('×10');
    return Number(mantissa) * 10 ** (exponent ? Number([...exponent].map((c) => SUPERSCRIPT[c]).join('')) : 0);
  });
}

/** The two ends of an interval as shown ("2.309 × 10⁵ … 2.694 × 10⁵"); an end shown as "open" is null; none for "—", "…" or nothing. */
export function endsOf(shown) {
  if (!shown.includes(' … ')) return [undefined, undefined];
  return shown.split(' … ').map((end) => (end.trim() === 'open' ? null : numbersIn(end)[0]));
}

/**
 * A fit card's parameter table (table.params): name → { text, value, error, unit, interval, lo,
 * hi, profile, plo, phi, derived } as shown in its columns: parameter | value ± standard error |
 * unit | 95 % interval | 95 % profile interval.
 */
export async function card(page, model) {
  const rows = await page.locator(`article.fit-card[data-model="${model}"] table.params`).evaluate((table) =>
    [...table.querySelectorAll('tbody tr')].map((tr) => [
      tr.querySelector('th').innerText.trim(),
      tr.classList.contains('derived'),
      ...[...tr.querySelectorAll('td')].map((td) => td.innerText.trim()),
    ]));
  return Object.fromEntries(rows.map(([name, derived, value = '', unit = '', interval = '', profile = '']) => {
    const [v, error] = numbersIn(value);
    const [lo, hi] = endsOf(interval);
    const [plo, phi] = endsOf(profile);
    return [name, { text: value, value: v, error: value.includes('±') ? error : undefined, unit, interval, lo, hi, profile, plo, phi, derived }];
  }));
}

/** A fit card's statistics line ("n = 9 · dof = 7 · …"). */
export async function stats(page, model) {
  return page.locator(`article.fit-card[data-model="${model}"] .stats`).first().innerText();
}

/**
 * The model comparison: model label → { p, r2, aicc, delta, weight } as shown, or { error }
 * for a model that could not be fitted (its row holds the message).
 */
export async function comparison(page) {
  return page.locator('table#model-comparison').evaluate((table) => Object.fromEntries(
    [...table.querySelectorAll('tbody tr')].map((tr) => {
      const cells = [...tr.querySelectorAll('td')].map((td) => td.innerText.trim());
      const [p, r2, aicc, delta, weight] = cells;
      return [tr.querySelector('th').innerText.trim(), cells.length === 1 ? { error: cells[0] } : { p, r2, aicc, delta, weight }];
    })));
}

/** The messages under the table. */
export async function tableMessages(page) {
  return page.locator('#table-msg li').allInnerTexts();
}

/** The K_L of the Langmuir card, as shown ("2.492 × 10⁵ ± 5.7 × 10³"). */
export async function shownKL(page) {
  return (await card(page, 'langmuir')).K_L.text;
}

/** Opens the example (button "Load example") and waits for its results. */
export async function loadExample(page) {
  await page.click('#quench-example');
  await page.locator('article.fit-card[data-model="langmuir"] table.params').waitFor();
}

export { inkedFraction } from './harness.mjs';

/** Fails unless `actual` lies within `relative` (a fraction) of `expected`. */
export const closeTo = (actual, expected, relative, what) =>
  assert.ok(Math.abs(actual - expected) <= Math.abs(expected) * relative,
    `${what}: ${actual} is not within ${relative * 100} % of ${expected}`);
