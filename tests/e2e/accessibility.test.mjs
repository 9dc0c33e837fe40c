// Accessible in both themes (issue 11): axe-core finds nothing serious or critical on any
// calculator with its results showing, in the light and the dark theme (WCAG 2.2 A and AA
// rules, text contrast included); the theme follows the system and the header's switch pins
// it, for the page and its charts alike.

import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, repoRoot, typeInto, waitReady, chartInView } from './harness.mjs';

const h = setup();
const axeSource = fs.readFileSync(path.join(repoRoot, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/** Each calculator and the button that fills it with an example (QD: a link with its inputs). */
const calculators = [
  { hash: '#/qd?v=1&material=CdTe&model=yu-peng&lambda=516&A=0.1&path=1&dilution=1', example: null },
  { hash: 'quench.html#/quench', example: '#quench-example' },
  { hash: 'gas.html#/gas', example: '#gas-example' },
  { hash: 'pec.html#/pec', example: '#pec-example' },
];

/** axe's serious and critical findings on the page, one line each. axe is injected as an inline
 * script, which the page's policy refuses: the pages it runs on set the policy aside (bypassCSP). */
async function seriousFindings(page) {
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id} (${v.help}):\n  ${v.targets.join('\n  ')}`);
}

for (const scheme of ['light', 'dark']) {
  for (const { hash, example } of calculators) {
    test(`${hash}, ${scheme} theme, results showing: axe finds nothing serious or critical`, () =>
      h.withPage({ hash, name: `axe-${scheme}-${hash.replace(/\W+/g, '-')}`, contextOptions: { colorScheme: scheme, bypassCSP: true } }, async (page) => {
        if (example) await page.click(example);
        await page.locator('.outputs :is(.result, .fit-card) >> visible=true').first().waitFor();
        assert.equal(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches), scheme === 'dark');
        const findings = await seriousFindings(page);
        assert.deepEqual(findings, [], findings.join('\n'));
      }));
  }
}

test('axe reports a serious finding when there is one (the check above can fail)', () =>
  h.withPage({ hash: '#/qd', contextOptions: { bypassCSP: true } }, async (page) => {
    // Grey text on a grey card: 1.3:1.
    await page.evaluate(() => { document.querySelector('.lede').style.color = '#c8c8c8'; document.querySelector('.lede').style.background = '#f0f0f0'; });
    const findings = await seriousFindings(page);
    assert.ok(findings.some((f) => f.includes('color-contrast')), findings.join('\n'));
  }));

/** The colour of a chart's paper: the canvas's top-left pixel. */
async function paper(page, selector) {
  await chartInView(page, selector);
  return page.evaluate((sel) => [...document.querySelector(sel).getContext('2d').getImageData(2, 2, 1, 1).data].slice(0, 3), selector);
}

test('the page follows the system theme, charts included, and the switch pins a theme that is kept', () =>
  h.withPage({ hash: 'quench.html#/quench', contextOptions: { colorScheme: 'dark' } }, async (page, { newPage }) => {
    await page.click('#quench-example');
    await page.locator('#fit-chart').waitFor();
    const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    // The system asks for dark: the page and the chart are dark.
    assert.equal(await background(), 'rgb(15, 21, 29)');
    assert.deepEqual(await paper(page, '#fit-chart'), [0x1a, 0x22, 0x2d]);
    // Pinned light: the page and the chart (redrawn) are light, whatever the system says.
    const draws = await page.evaluate(() => Number(document.documentElement.dataset.draws));
    await page.selectOption('.theme-switch select', 'light');
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'light');
    assert.equal(await background(), 'rgb(248, 250, 252)');
    await page.waitForFunction((n) => Number(document.documentElement.dataset.draws) > n, draws);
    assert.deepEqual(await paper(page, '#fit-chart'), [255, 255, 255]);
    // The choice is kept in this browser: another page opens light.
    const other = await newPage('pec.html#/pec');
    assert.equal(await other.evaluate(() => document.documentElement.dataset.theme), 'light');
    assert.equal(await other.inputValue('.theme-switch select'), 'light');
    // Back to the system's: dark again, and nothing kept.
    await other.selectOption('.theme-switch select', 'system');
    assert.equal(await other.evaluate(() => document.documentElement.dataset.theme), undefined);
    assert.equal(await other.evaluate(() => localStorage.getItem('photocalc:theme')), null);
    await other.reload();
    await waitReady(other);
    assert.equal(await other.evaluate(() => getComputedStyle(document.documentElement).backgroundColor), 'rgb(15, 21, 29)');
  }));

/** Records every text the announcer (the one live region for results) says. */
async function listen(page) {
  await page.evaluate(() => {
    window.__said = [];
    new MutationObserver(() => { const t = document.getElementById('announcer').textContent; if (t) window.__said.push(t); })
      .observe(document.getElementById('announcer'), { childList: true, characterData: true, subtree: true });
  });
  return () => page.evaluate(() => window.__said);
}

test('a screen reader hears the results that changed, by name, value and unit, once per pause in typing', () =>
  h.withPage({ hash: '#/qd?v=1&material=CdTe&model=yu-peng&lambda=516&A=0.1&path=1&dilution=1' }, async (page) => {
    // The result areas are not live regions (they would read whole tables per keystroke).
    assert.deepEqual(await page.evaluate(() => [...document.querySelectorAll('[aria-live]')].filter((e) => e.closest('.outputs')).map((e) => e.className)), []);
    const said = await listen(page);
    await page.waitForTimeout(1200);
    assert.deepEqual(await said(), [], 'nothing is said when the page opens');
    // Typing 560 key by key: one announcement, after the pause.
    await page.locator('#lambda').click();
    await page.locator('#lambda').press('ControlOrMeta+a');
    await page.locator('#lambda').pressSequentially('560', { delay: 120 });
    assert.deepEqual(await said(), [], 'nothing is said while typing');
    await page.waitForFunction(() => window.__said.length > 0);
    await page.waitForTimeout(1200);
    const spoken = await said();
    assert.equal(spoken.length, 1, spoken.join('\n'));
    const diameter = await page.locator('#out-diameter').innerText();
    assert.ok(spoken[0].includes(`Diameter D ${diameter} nm`), spoken[0]);
    assert.equal(spoken[0].split('Diameter D').length, 2, 'the diameter is said once');
    // A new absorbance changes the concentrations, not the size: the size is not said again.
    await typeInto(page, '#absorbance', '0.2');
    await page.waitForFunction(() => window.__said.length > 1);
    const second = (await said())[1];
    assert.match(second, /Particles per mL [\d.]+ × 10\S+ mL⁻¹/, second);
    assert.ok(!second.includes('Diameter'), second);
  }));

test('the fitted parameters are said with the model’s name and their unit', () =>
  h.withPage({ hash: 'quench.html#/quench' }, async (page) => {
    await page.click('#quench-example');
    await page.locator('.fit-card').first().waitFor();
    const said = await listen(page);
    await typeInto(page, '#quench-table-r3c1', '600');
    await page.waitForFunction(() => window.__said.length > 0);
    const spoken = (await said()).join('\n');
    assert.match(spoken, /Stern–Volmer K_SV [\d.]+ (× 10\S+ )?(± [\d.]+ (× 10\S+ )?)?M⁻¹/, spoken);
    assert.match(spoken, /and \d+ more results changed/, spoken);
  }));

test('each chart has a text alternative: a summary the canvas is described by, and its data as a table', () =>
  h.withPage({ hash: 'quench.html#/quench' }, async (page) => {
    await page.click('#quench-example');
    const canvas = page.locator('canvas#fit-chart');
    await canvas.waitFor();
    const summaryId = await canvas.getAttribute('aria-describedby');
    const summary = await page.locator(`#${summaryId}`).textContent();
    assert.match(summary, /^Data and fitted curves.*: I against \[Q\] \(µM\)\. data: 9 points, x 0 to 20, y 414 to 1000\. Stern–Volmer: \d+ points/, summary);
    // The data table is written when it is opened, with the rows of the chart's CSV.
    const figure = page.locator('figure.chart', { has: canvas });
    assert.equal(await figure.locator('.chart-data table').count(), 0);
    await figure.locator('.chart-data summary').click();
    const rows = figure.locator('.chart-data tbody tr');
    await rows.first().waitFor();
    assert.deepEqual(await rows.first().locator('th, td').allInnerTexts(), ['data', '0', '1000']);
    assert.equal(await figure.locator('.chart-data tbody th', { hasText: /^data$/ }).count(), 9);
  }));

test('the page title and the focus follow the calculator', () =>
  h.withPage({ hash: '#/' }, async (page) => {
    assert.equal(await page.title(), 'PhotoCalc');
    await page.click('#open-qd');
    await page.waitForFunction(() => document.activeElement && document.activeElement.tagName === 'H1');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Quantum-dot size and concentration');
    assert.match(await page.title(), /^Quantum-dot .* — PhotoCalc$/);
    await page.goBack();
    await page.waitForFunction(() => document.activeElement && document.activeElement.textContent === 'PhotoCalc' && document.activeElement.tagName === 'H1');
    assert.equal(await page.title(), 'PhotoCalc');
  }));

for (const { hash, example } of calculators) {
  test(`${hash.split('?')[0]}: each number field's accessible name holds its unit`, () =>
    h.withPage({ hash, contextOptions: { bypassCSP: true } }, async (page) => {
      if (example) await page.click(example);
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
      await page.addScriptTag({ content: axeSource });
      const missing = await page.evaluate(() => {
        window.axe.setup(document);
        const out = [];
        let checked = 0;
        for (const input of document.querySelectorAll('.field input[type=text]')) {
          if (!input.offsetParent) continue;
          const field = input.closest('.field');
          const shownUnit = field.querySelector('.unit')?.textContent.trim();
          const choice = field.closest('.with-extras')?.querySelector('select.unit-choice');
          const unit = shownUnit || (choice && choice.selectedOptions[0]?.textContent.trim());
          if (!unit) continue;
          checked += 1;
          const name = window.axe.commons.text.accessibleText(input);
          if (!name.includes(unit)) out.push(`#${input.id}: "${name}" lacks "${unit}"`);
        }
        window.axe.teardown();
        return { out, checked };
      });
      assert.ok(missing.checked >= 3, `${missing.checked} fields with units`);
      assert.deepEqual(missing.out, [], missing.out.join('\n'));
    }));
}

test('on a dark page a chart downloads as a PNG in its light colours, for a paper', () =>
  h.withPage({ hash: 'quench.html#/quench', contextOptions: { colorScheme: 'dark' } }, async (page) => {
    await page.click('#quench-example');
    await chartInView(page, 'canvas#fit-chart');
    assert.deepEqual(await paper(page, '#fit-chart'), [0x1a, 0x22, 0x2d], 'dark on screen');
    const figure = page.locator('figure.chart', { has: page.locator('canvas#fit-chart') });
    const [download] = await Promise.all([page.waitForEvent('download'), figure.getByRole('button', { name: 'PNG', exact: true }).click()]);
    const png = fs.readFileSync(await download.path());
    // The PNG read back in the page: its paper is white, and it is inked.
    const [corner, inked] = await page.evaluate(async (b64) => {
      const image = new Image();
      image.src = `data:image/png;base64,${b64}`;
      await image.decode();
      const c = document.createElement('canvas');
      c.width = image.width;
      c.height = image.height;
      const g = c.getContext('2d');
      g.drawImage(image, 0, 0);
      const d = g.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i] < 200) n++;
      return [[...g.getImageData(2, 2, 1, 1).data].slice(0, 3), n / (c.width * c.height)];
    }, png.toString('base64'));
    assert.deepEqual(corner, [255, 255, 255]);
    assert.ok(inked > 0.01, `${inked}`);
  }));
