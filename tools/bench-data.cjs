// The data and the waits the benchmarks share (tools/bench, tools/compare-edits.mjs): the
// same synthetic curves and tables, so that their figures are of the same work.
'use strict';

/** The QD seed example (SCIENCE.md's worked CdTe example) as a share link, on `index.html`. */
const SEED_LINK = '#/qd?v=1&material=CdTe&model=yu-peng&lambda=516&A=0.1&path=1&dilution=1';

/**
 * A measured-looking J–V curve of `n` points from −1 to +0.6 V as a potentiostat's CSV export
 * (current in mA on 1 cm²): a smooth step of 0.5 mA at `onset`, anodic for a photoanode and
 * cathodic for a photocathode, with 0.5 % ripple.
 */
function jvFile(n, onset, photoanode) {
  const lines = ['Potential (V),Current (mA)'];
  for (let i = 0; i < n; i++) {
    const e = -1 + (1.6 * i) / (n - 1);
    const x = photoanode ? e - onset : onset - e;
    const j = (0.5 / (1 + Math.exp(-x / 0.05))) * (1 + 0.005 * Math.sin(i * 0.37));
    lines.push(`${e.toFixed(6)},${(photoanode ? j : -j).toExponential(6)}`);
  }
  return Buffer.from(lines.join('\n'));
}

/**
 * A 1000-row quenching table, tab-separated as a spreadsheet pastes it: a Langmuir isotherm
 * (K = 2.5e5 M⁻¹, max 0.70, I₀ = 1000) at [Q] = 0 … 49.95 µM with ±1 % deterministic noise.
 */
function quenchTableText(rows = 1000) {
  let seed = 12345;
  const noise = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31; // a fixed LCG: the same table every run
    return seed / 2 ** 31 - 0.5;
  };
  const lines = [];
  for (let i = 0; i < rows; i++) {
    const q = i * 0.05; // µM
    const quenched = (0.7 * 2.5e5 * q * 1e-6) / (1 + 2.5e5 * q * 1e-6);
    const intensity = i === 0 ? 1000 : 1000 * (1 - quenched) * (1 + 0.02 * noise());
    lines.push(`${q.toFixed(2)}\t${intensity.toFixed(1)}`);
  }
  return lines.join('\n');
}

/** A synthetic absorption spectrum: 1500 points (the most a link keeps), CdTe peak at 516 nm. */
function spectrumText() {
  const lines = ['wavelength_nm,absorbance'];
  for (let i = 0; i < 1500; i++) {
    const w = 300 + i * 0.5;
    const a = 0.04 + 1.5 * Math.exp(-(w - 300) / 60) + 0.3 * Math.exp(-((w - 516) ** 2) / (2 * 11 ** 2));
    lines.push(`${w.toFixed(1)},${a.toFixed(5)}`);
  }
  return lines.join('\n');
}

/** Waits until every chart with data is drawn, or marked to be drawn when it comes into view. */
function chartsSettled(p) {
  return p.waitForFunction(() => [...document.querySelectorAll('.chart:not(.empty) canvas')]
    .every((c) => c.dataset.drawn === '1' || c.dataset.stale === '1'), null, { timeout: 60000 });
}

module.exports = { SEED_LINK, jvFile, quenchTableText, spectrumText, chartsSettled };
