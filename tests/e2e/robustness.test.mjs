// Garbage typed into every field and hostile links: the page explains, never shows a
// non-number, never runs injected markup, never panics.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, text, typeInto, assertNoNonNumbers, screenshot, savedLink } from './harness.mjs';

const h = setup();

/** What a user might type or paste: none of it is a usable number ("" is fine where optional). */
const GARBAGE = ['abc', '1e-', '--', 'NaN', '1e999', '', '-5', '<img src=x onerror=alert(1)>', 'Infinity', '0x10', '1..2'];
/** Fields that may be left empty. */
const OPTIONAL = new Set(['absorbance', 'absorbance-400', 'hwhm', 'eg', 'me', 'mh', 'epsr']);
/** The result outputs: none may show a number computed from unusable input. */
const OUTPUTS = ['#out-diameter', '#out-epsilon', '#out-concentration', '#out-particles', '#out-mass-conc', '#out-mass', '#out-units'];

/** The calculator views that together show every text input. */
const VIEWS = [
  { hash: '#/qd?v=1&material=CdTe&model=yu-peng&lambda=516&A=0.1&hwhm=12', label: 'Yu–Peng' },
  { hash: '#/qd?v=1&material=CdTe&model=brus&lambda=516', label: 'Brus' },
  { hash: '#/qd?v=1&material=PbS&model=moreels&lambda=1200&A400=0.5', label: 'Moreels' },
  { hash: '#/qd?v=1&material=CdSe&model=jasieniak&mode=inverse&D=3&A=0.2', label: 'inverse' },
];

function shouldBeInvalid(id, value) {
  if (value === '') return !OPTIONAL.has(id);
  return true; // every other entry in GARBAGE is unusable
}

for (const view of VIEWS) {
  test(`garbage in every field (${view.label}) gives messages, never NaN/inf, and recovers`, () =>
    h.withPage({ hash: view.hash, name: `garbage-${view.label}` }, async (page) => {
      const ids = await page.$$eval('input[type=text]', (els) => els.filter((e) => e.checkVisibility()).map((e) => e.id));
      assert.ok(ids.length >= 5, `only ${ids} visible`);
      const good = {};
      for (const id of ids) good[id] = await page.inputValue(`#${id}`);
      const baseline = await text(page, '#out-diameter');
      assert.notEqual(baseline, '—', `${view.label} example gives no diameter`);

      for (const id of ids) {
        for (const value of GARBAGE) {
          await page.fill(`#${id}`, value);
          // One round trip for everything the user now sees.
          const seen = await page.evaluate(([fieldId, outputIds]) => ({
            texts: {
              body: document.body.innerText,
              outputs: [...document.querySelectorAll('output')].map((o) => `#${o.id}: ${o.innerText}`),
            },
            invalid: document.getElementById(fieldId).getAttribute('aria-invalid'),
            message: document.getElementById(`${fieldId}-msg`).innerText.trim(),
            outputs: Object.fromEntries(outputIds.map((o) => [o, document.querySelector(o).innerText])),
            injected: document.querySelectorAll('img[src="x"]').length,
          }), [id, OUTPUTS]);
          const where = `#${id} = ${JSON.stringify(value)} (${view.label})`;
          if (shouldBeInvalid(id, value)) {
            assert.equal(seen.invalid, 'true', `${where}: not marked aria-invalid`);
            assert.ok(seen.message.length > 5, `${where}: no message (got "${seen.message}")`);
            for (const [out, shown] of Object.entries(seen.outputs)) {
              if (out === '#out-diameter' && ['absorbance', 'absorbance-400', 'path', 'dilution'].includes(id)) continue;
              assert.doesNotMatch(shown, /\d/, `${where}: ${out} still shows a number`);
            }
          } else {
            assert.notEqual(seen.invalid, 'true', `${where}: an optional empty field is marked invalid`);
          }
          // Typed markup is shown as text, never parsed.
          assert.equal(seen.injected, 0, `${where}: typed markup became an element`);
          await assertNoNonNumbers(page, `after ${where}`, seen.texts);
        }
        // A good value brings the results back.
        await typeInto(page, `#${id}`, good[id]);
        assert.equal(await page.getAttribute(`#${id}`, 'aria-invalid'), 'false', `#${id} still invalid after retyping "${good[id]}"`);
        assert.equal(await text(page, '#out-diameter'), baseline, `results did not recover after retyping #${id}`);
      }
      // The mangled state went into the link; the link must still open cleanly.
      await page.fill(`#${ids[0]}`, '<img src=x onerror=alert(1)>');
      const link = await savedLink(page, 'href');
      const again = await page.context().newPage();
      const errors = [];
      again.on('pageerror', (e) => errors.push(String(e)));
      again.on('dialog', (d) => { errors.push(`dialog ${d.message()}`); d.dismiss(); });
      await again.goto(link);
      await again.waitForFunction(() => document.documentElement.dataset.ready === '1');
      assert.equal(await again.inputValue(`#${ids[0]}`), '<img src=x onerror=alert(1)>');
      assert.equal(await again.getAttribute(`#${ids[0]}`, 'aria-invalid'), 'true');
      assert.deepEqual(errors, []);
      await again.close();
    }));
}

test('garbage typed key by key (as a user types) never breaks the page', () =>
  h.withPage({ hash: '#/qd', name: 'garbage-typed' }, async (page) => {
    for (const value of ['1e-', '--', '1e999', '-5', '.', '5e', '1e-400', '∞', '٥١٦']) {
      await typeInto(page, '#lambda', value);
      await assertNoNonNumbers(page, `after typing ${value}`);
    }
    await typeInto(page, '#lambda', '516');
    assert.equal(await text(page, '#out-diameter'), '2.73');
  }));

/** A share link holding a spectrum, made by the page itself. */
async function realSpectrumLink(page) {
  const lines = ['wavelength,absorbance'];
  for (let w = 400; w <= 700; w++) lines.push(`${w},${(0.05 + 0.3 * Math.exp(-((w - 516) ** 2) / 288) + 2 * Math.exp(-(w - 300) / 60)).toFixed(5)}`);
  await page.locator('summary', { hasText: 'Import a spectrum' }).click();
  await page.fill('#spectrum-paste', lines.join('\n'));
  await page.click('#spectrum-read');
  await page.waitForFunction(() => location.hash.includes('spectrum='));
  return savedLink(page);
}

test('hostile and broken links explain the problem and open defaults', () =>
  h.withPage({ hash: '#/qd', name: 'hostile-links' }, async (page, { newPage }) => {
    const spectrumLink = await realSpectrumLink(page);
    assert.ok(spectrumLink.length > 200);
    const links = [
      ['#/qd?v=1&material=%3Cscript%3Ealert(1)%3C/script%3E', 'qd', /material/],
      ['#/qd?v=1&material=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E', 'qd', /material/],
      ['#/qd?v=999', 'qd', /version|newer/i],
      ['#/qd?v=1&spectrum=!!!notbase64', 'qd', /damaged|table/i],
      [spectrumLink.slice(0, spectrumLink.length - 60), 'qd', /damaged|cut off|incomplete/i],
      ['#/qd?v=1&lambda=516&spectrum=' + 'A'.repeat(300_000), 'qd', /long/i],
      ['#/qd?v=1&lambda=%E0%A4%A', 'qd', /./],
      ['#/qd?v=1&lambda=%FF%FE', 'qd', /./],
      ['#/qd?v=1&unit=parsecs', 'qd', /unit/],
      ['#/qd?v=abc', 'qd', /version/i],
      ['#/nope', 'home', /nope/],
      ['#/%3Cscript%3Ealert(1)%3C/script%3E', 'home', /./],
    ];
    for (const [hash, opens, reason] of links) {
      const p = await newPage(hash);
      const label = hash.length > 90 ? `${hash.slice(0, 90)}… (${hash.length} chars)` : hash;
      const problem = p.locator('#link-problem');
      assert.ok(await problem.isVisible(), `${label}: no #link-problem`);
      const message = await problem.innerText();
      assert.ok(message.trim().length > 20, `${label}: problem text "${message}"`);
      assert.match(message, reason, `${label}: problem text "${message}"`);
      assert.ok(message.length < 600, `${label}: the problem text is ${message.length} characters`);
      assert.equal(await p.locator('#link-problem').getAttribute('role'), 'alert');
      if (opens === 'qd') {
        assert.ok(await p.locator('#lambda').isVisible(), `${label}: calculator not shown`);
        assert.equal(await p.inputValue('#material'), 'CdTe');
      } else {
        assert.ok(await p.locator('#open-qd').isVisible(), `${label}: home not shown`);
      }
      assert.equal(await p.locator('script:not([src]):not([type])').evaluateAll((s) => s.filter((e) => e.textContent.includes('alert')).length), 0);
      await assertNoNonNumbers(p, `for ${label}`);
      if (hash === links[0][0]) await screenshot(p, 'link-problem');
      // The calculator still works after a broken link.
      if (opens === 'qd') {
        await typeInto(p, '#lambda', '516');
        assert.equal(await text(p, '#out-diameter'), '2.73', `${label}: calculator broken afterwards`);
      }
      // Dismissing hides the alert.
      if (await p.locator('#link-problem button').count()) {
        await p.click('#link-problem button');
        assert.equal(await p.locator('#link-problem').isVisible(), false);
      }
      await p.close();
    }
  }));
