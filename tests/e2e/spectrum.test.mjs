// Spectrum import: an instrument file, a pasted European-style CSV, and a paste too big to
// read. The detected peak fills the calculator's fields.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { setup, text, typeInto, draws, screenshot, assertNoNonNumbers, repoRoot, savedLink, inkedFraction } from './harness.mjs';

const h = setup();

const INSTRUMENTS = path.resolve(repoRoot, '..', 'shared', 'data', 'instruments');
const JASCO = path.join(INSTRUMENTS, 'jasco_v570_pbse_qd_absorbance.txt');
if (!fs.existsSync(JASCO)) console.log(`# notice: ${JASCO} is absent (no ../shared checkout): the JASCO upload test is skipped.`);
const EMISSION = path.join(INSTRUMENTS, 'edinburgh_fls_pl_emission_mapi.csv');
const COUNTS = path.join(INSTRUMENTS, 'oceanoptics_ooibase32_laser_counts.scope');
const STEPPED = path.join(INSTRUMENTS, 'uvvis_hzb_wlnm_abs.csv');
const haveInstruments = fs.existsSync(EMISSION) && fs.existsSync(COUNTS) && fs.existsSync(STEPPED);

/** A Gaussian first-exciton peak at `peakNm` on a scattering background, written the way a
 * European spreadsheet exports it: semicolons between columns, decimal commas. */
function europeanCsv(peakNm = 516) {
  const lines = ['Wellenlänge (nm);Absorbanz'];
  for (let w = 380; w <= 720; w += 0.5) {
    const peak = 0.35 * Math.exp(-((w - peakNm) ** 2) / (2 * 11 ** 2));
    const background = 0.04 + 1.6 * Math.exp(-(w - 380) / 55);
    lines.push(`${w.toFixed(1).replace('.', ',')};${(peak + background).toFixed(5).replace('.', ',')}`);
  }
  return lines.join('\r\n');
}

async function openImport(page) {
  if (!(await page.locator('#spectrum-paste').isVisible())) {
    await page.locator('details.import summary').click();
  }
  await page.locator('#spectrum-paste').waitFor();
}

test('uploading a JASCO V-570 PbSe spectrum finds the peak and draws it', { skip: !fs.existsSync(JASCO) && `(${JASCO} is absent)` }, () =>
  h.withPage({ hash: '#/qd', name: 'spectrum-upload' }, async (page) => {
    await page.selectOption('#material', 'PbSe');
    assert.equal(await page.inputValue('#model'), 'moreels');
    await openImport(page);
    const drawsBefore = await draws(page);
    await page.setInputFiles('#spectrum-file', JASCO);
    await page.waitForFunction(() => /points/.test(document.querySelector('#spectrum-msg').innerText), null, { timeout: 5000 });
    const message = await text(page, '#spectrum-msg');
    assert.match(message, /1251 points/, message);
    assert.match(message, /peak|shoulder/, message);
    assert.doesNotMatch(message, /error|cannot|could not/i, message);
    const lambda = Number(await page.inputValue('#lambda'));
    assert.ok(lambda > 750 && lambda < 2000, `λ = ${lambda} nm is outside the file's 750–2000 nm`);
    const shownPeak = Number(message.match(/at ([\d.]+) nm/)?.[1]);
    assert.equal(lambda, shownPeak, 'λ field and the message disagree');
    assert.notEqual(await page.inputValue('#hwhm'), '');
    assert.equal(await page.inputValue('#material'), 'PbSe', 'import changed the material');
    // The scan stops at 750 nm: Moreels' A(400 nm) cannot come from it, and both places say so.
    assert.match(message, /The spectrum \(750–2000 nm\) does not reach 400 nm/, message);
    assert.match(await text(page, '#qd-warnings'), /does not reach 400 nm/);
    assert.notEqual(await text(page, '#out-diameter'), '—');
    await page.locator('canvas#spectrum-chart').waitFor();
    await page.waitForFunction((n) => Number(document.documentElement.dataset.draws) >= n + 2, drawsBefore);
    assert.ok(await inkedFraction(page, 'canvas#spectrum-chart') > 0.01, 'spectrum chart is blank');
    assert.match(await savedLink(page), /spectrum=/);
    await assertNoNonNumbers(page);
    await page.locator('canvas#spectrum-chart').scrollIntoViewIfNeeded();
    await screenshot(page, 'spectrum-pbse-jasco', { fullPage: true });

    // The spectrum survives a share link.
    const link = await savedLink(page, 'href');
    const other = await page.context().newPage();
    await other.goto(link);
    await other.waitForFunction(() => document.documentElement.dataset.ready === '1');
    await other.locator('canvas#spectrum-chart').waitFor();
    assert.equal(await other.inputValue('#lambda'), String(await page.inputValue('#lambda')));
    await other.close();
  }));

test('pasting a semicolon CSV with decimal commas finds the 516 nm peak', () =>
  h.withPage({ hash: '#/qd', name: 'spectrum-paste' }, async (page) => {
    await openImport(page);
    await page.fill('#spectrum-paste', europeanCsv(516));
    await page.click('#spectrum-read');
    await page.waitForFunction(() => /points/.test(document.querySelector('#spectrum-msg').innerText));
    const message = await text(page, '#spectrum-msg');
    const lambda = Number(await page.inputValue('#lambda'));
    assert.ok(Math.abs(lambda - 516) <= 2, `λ = ${lambda} nm, expected 516 ± 2 (${message})`);
    assert.match(message, /681 points/, message);
    assert.match(message, /comma/i, message);
    assert.ok(Number(await page.inputValue('#absorbance')) > 0);
    const hwhm = Number(await page.inputValue('#hwhm'));
    assert.ok(hwhm > 5 && hwhm < 30, `HWHM ${hwhm} nm for a σ = 11 nm peak (HWHM 13 nm)`);
    assert.equal(await text(page, '#out-diameter').then((d) => Math.abs(Number(d) - 2.73) < 0.05), true);
    await page.locator('canvas#spectrum-chart').waitFor();
    assert.ok(await inkedFraction(page, 'canvas#spectrum-chart') > 0.01);

    // Remove the spectrum: chart gone, fields kept.
    await page.click('#spectrum-remove');
    await page.locator('canvas#spectrum-chart').waitFor({ state: 'hidden' });
    assert.doesNotMatch(await savedLink(page), /spectrum=/);
  }));

test('a 200,000-line paste is refused with a message and the page stays responsive', () =>
  h.withPage({
    hash: '#/qd',
    name: 'spectrum-huge',
    contextOptions: { permissions: ['clipboard-read', 'clipboard-write'] },
  }, async (page) => {
    await openImport(page);
    // Paste through the clipboard, as a user does (one input event with 3 MB of text).
    await page.evaluate((n) => navigator.clipboard.writeText(Array.from({ length: n },
      (_, i) => `${(300 + i * 0.005).toFixed(3)},${(0.5 + 0.1 * Math.sin(i / 50)).toFixed(4)}`).join('\n')), 200_000);
    await page.click('#spectrum-paste');
    await page.keyboard.press('ControlOrMeta+v');
    await page.waitForFunction(() => document.querySelector('#spectrum-paste').value.split('\n').length === 200_000, null, { timeout: 15000 });
    await page.click('#spectrum-read');
    await page.waitForFunction(() => document.querySelector('#spectrum-msg.error-text'), null, { timeout: 10000 });
    const message = await text(page, '#spectrum-msg');
    assert.match(message, /100[ ,.]?000|too many|more than/i, `message: ${message}`);
    assert.equal(await page.locator('canvas#spectrum-chart').isVisible(), false);

    // Still responsive: typing updates the result within 2 s.
    const started = Date.now();
    await typeInto(page, '#lambda', '516');
    await page.waitForFunction(() => document.querySelector('#out-diameter').innerText.trim() === '2.73', null, { timeout: 2000 });
    const took = Date.now() - started;
    assert.ok(took < 2000, `typing took ${took} ms to update the diameter`);
    // The huge paste did not go into the link or the saved work.
    assert.ok((await savedLink(page, 'href')).length < 2000);
    assert.ok((await page.evaluate(() => JSON.stringify(localStorage).length)) < 5000);
  }));

test('a file that is not a spectrum gives a message, not a panic', () =>
  h.withPage({ hash: '#/qd?v=1&lambda=516', name: 'spectrum-junk' }, async (page) => {
    await openImport(page);
    const good = { name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(europeanCsv(516)) };
    for (const junk of [
      { name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.alloc(0) },
      { name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0xff, 0xfe]) },
      { name: 'words.txt', mimeType: 'text/plain', buffer: Buffer.from('hello\nworld\n<script>alert(1)</script>\n') },
      { name: 'one.csv', mimeType: 'text/csv', buffer: Buffer.from('500,0.1\n') },
      { name: 'nan.csv', mimeType: 'text/csv', buffer: Buffer.from('500,NaN\n501,inf\n502,1e999\n') },
    ]) {
      // A good file first, so the junk file's message is a fresh one.
      await page.setInputFiles('#spectrum-file', good);
      await page.waitForFunction(() => /Read \d+ points/.test(document.querySelector('#spectrum-msg').innerText));
      await page.setInputFiles('#spectrum-file', junk);
      await page.waitForFunction(() => document.querySelector('#spectrum-msg.error-text'), null, { timeout: 3000 })
        .catch(async () => assert.fail(`${junk.name}: no error message; #spectrum-msg shows "${await text(page, '#spectrum-msg')}"`));
      const message = await text(page, '#spectrum-msg');
      assert.ok(message.length > 10, `${junk.name}: message "${message}"`);
      await assertNoNonNumbers(page, `after ${junk.name}`);
    }
    assert.equal(await page.locator('script', { hasText: 'alert(1)' }).count(), 0);
    await typeInto(page, '#lambda', '516');
    assert.equal(await text(page, '#out-diameter'), '2.73');
  }));

test('uploading an emission scan is refused, says what it is, and sizes nothing', { skip: !haveInstruments && '(../shared/data/instruments is absent)' }, () =>
  h.withPage({ hash: '#/qd', name: 'spectrum-emission' }, async (page) => {
    await openImport(page);
    await page.setInputFiles('#spectrum-file', EMISSION);
    await page.waitForFunction(() => document.querySelector('#spectrum-msg.error-text'), null, { timeout: 5000 });
    const message = await text(page, '#spectrum-msg');
    assert.match(message, /^This is an emission spectrum, not absorbance: the header says “Type,Emission Scan” and “Yaxis,Counts”/, message);
    assert.match(message, /import the UV-vis absorbance spectrum/, message);
    // Nothing was taken from it: no peak, no concentration, no chart, nothing in the link.
    assert.equal(await page.inputValue('#lambda'), '');
    assert.equal(await page.inputValue('#absorbance'), '');
    assert.equal(await text(page, '#out-concentration'), '—');
    assert.equal(await text(page, '#out-diameter'), '—');
    assert.equal(await page.locator('canvas#spectrum-chart').isVisible(), false);
    assert.doesNotMatch(await savedLink(page), /spectrum=|lambda=\d/);
    await assertNoNonNumbers(page);
    await screenshot(page, 'spectrum-emission-refused');

    // Raw detector counts are refused too, for what they are.
    await page.setInputFiles('#spectrum-file', COUNTS);
    await page.waitForFunction(() => /656\.6/.test(document.querySelector('#spectrum-msg').innerText), null, { timeout: 5000 });
    assert.match(await text(page, '#spectrum-msg'), /These values are not absorbance: they reach 656\.6.*raw detector counts/);
    assert.equal(await text(page, '#out-concentration'), '—');
  }));

test('a saturated stretch and a lamp step are left out, said at the importer and in the results', { skip: !haveInstruments && '(../shared/data/instruments is absent)' }, () =>
  h.withPage({ hash: '#/qd', name: 'spectrum-step' }, async (page) => {
    await openImport(page);
    await page.setInputFiles('#spectrum-file', STEPPED);
    await page.waitForFunction(() => /points/.test(document.querySelector('#spectrum-msg').innerText), null, { timeout: 5000 });
    const message = await text(page, '#spectrum-msg');
    assert.match(message, /2001 points/, message);
    assert.match(message, /No excitonic peak or shoulder stands out/, message);
    assert.match(message, /Left out 400–424\.8 nm: the absorbance there rises above 3/, message);
    assert.match(message, /The absorbance jumps by \+0\.3\d* between 415\.4 and 416\.8 nm/, message);
    // The results say it too, and no false peak reached the fields.
    const warnings = await text(page, '#qd-warnings');
    assert.match(warnings, /Left out 400–424\.8 nm/, warnings);
    assert.match(warnings, /jumps by/, warnings);
    assert.equal(await page.inputValue('#lambda'), '');
    await page.locator('canvas#spectrum-chart').waitFor();
    await assertNoNonNumbers(page);
  }));
