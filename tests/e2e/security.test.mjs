// Page security (issue 11): every page carries a strict Content-Security-Policy, and using
// each calculator as a user does (the example, typing, a file opened, every download, Copy
// link) never trips it. The listener that records violations is proven to work first.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { setup, typeInto, repoRoot, waitReady } from './harness.mjs';

const h = setup();

/** The policy's directives, as tools/finish.mjs writes them (the script hashes apart). */
const DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
];

/**
 * Records every `securitypolicyviolation` of every page of the context, across reloads, in
 * the list returned. Also the page's own console reports them as errors, which the harness
 * counts as problems.
 */
async function recordViolations(context) {
  const violations = [];
  await context.exposeBinding('photocalcCspViolation', (_source, v) => violations.push(v));
  await context.addInitScript(() => {
    addEventListener('securitypolicyviolation', (e) => {
      window.photocalcCspViolation(`${e.effectiveDirective} refused ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber} ${e.sample}`);
    }, true);
  });
  return violations;
}

/** A small absorption spectrum (first-exciton peak at 516 nm), as a CSV file. */
function spectrumFile() {
  const lines = ['wavelength (nm),absorbance'];
  for (let w = 380; w <= 720; w += 1) {
    const a = 0.35 * Math.exp(-((w - 516) ** 2) / (2 * 11 ** 2)) + 0.04 + 1.6 * Math.exp(-(w - 380) / 55);
    lines.push(`${w},${a.toFixed(5)}`);
  }
  return { name: 'spectrum.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) };
}

/** Each calculator: its page, example, a field to type into, a file to open, extra downloads. */
const PAGES = [
  { hash: '#/qd', example: '#load-example', field: '#lambda', value: '530', file: ['#spectrum-file', spectrumFile(), '#spectrum-msg'], open: 'details.import summary' },
  { hash: 'quench.html#/quench', example: '#quench-example', field: '#quench-table-r3c1', value: '652', downloads: ['#report-json', '#report-csv'] },
  { hash: 'gas.html#/gas', example: '#gas-example', field: '#gas-course-table-r4c1', value: '2.35' },
  { hash: 'pec.html#/pec', example: '#pec-example', field: '#pec-bias', value: '0.05', file: ['#pec-a-file', path.join(repoRoot, 'tests', 'pec_files', 'generic_lsv_V_uA.tsv'), '#pec-a-file-msg'] },
];

test('the violation listener works: an injected inline script and a style attribute are refused and reported', async () => {
  const context = await h.browser.newContext({ serviceWorkers: 'block' });
  try {
    const violations = await recordViolations(context);
    const page = await context.newPage();
    const consoleErrors = [];
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    await page.goto(h.link('#/qd'));
    await waitReady(page);
    assert.deepEqual(violations, [], 'the page tripped its policy while loading');
    const ran = await page.evaluate(async () => {
      const script = document.createElement('script');
      script.textContent = 'window.photocalcInjected = true;';
      document.body.append(script);
      document.body.setAttribute('style', 'background: red');
      await new Promise((resolve) => setTimeout(resolve, 200));
      return { script: window.photocalcInjected === true, style: getComputedStyle(document.body).backgroundColor };
    });
    assert.equal(ran.script, false, 'the injected inline script ran');
    assert.notEqual(ran.style, 'rgb(255, 0, 0)', 'the style attribute applied');
    await page.waitForTimeout(100);
    assert.ok(violations.some((v) => v.startsWith('script-src-elem refused inline')), `no script violation reported: ${violations.join('\n')}`);
    assert.ok(violations.some((v) => v.startsWith('style-src-attr refused inline')), `no style violation reported: ${violations.join('\n')}`);
    assert.ok(consoleErrors.some((e) => /Content Security Policy/.test(e)), 'the console did not report the violation');
  } finally {
    await context.close();
  }
});

for (const spec of PAGES) {
  let violations;
  test(`${spec.hash}: a strict policy, and using the page (example, typing, a file, every download, Copy link) trips none of it`, () =>
    h.withPage({
      hash: spec.hash,
      name: `security-${spec.hash.replace(/\W+/g, '-')}`,
      contextOptions: { serviceWorkers: 'allow', permissions: ['clipboard-read', 'clipboard-write'] },
      prepare: async (context) => { violations = await recordViolations(context); },
    }, async (page, { context }) => {
      // The policy: the page's first element after <meta charset>, every directive, one hash per inline script.
      const { csp, first, inline } = await page.evaluate(() => ({
        csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content,
        first: document.head.firstElementChild.nextElementSibling?.getAttribute('http-equiv'),
        inline: document.querySelectorAll('script:not([src])').length,
      }));
      assert.ok(csp, 'the page has no Content-Security-Policy');
      assert.equal(first, 'Content-Security-Policy', 'the policy is not at the top of <head>');
      const directives = csp.split(';').map((d) => d.trim());
      const hashes = directives.find((d) => d.startsWith('script-src')).match(/'sha256-[A-Za-z0-9+/=]+'/g) ?? [];
      assert.equal(hashes.length, inline, `${inline} inline scripts, ${hashes.length} hashes`);
      assert.deepEqual(directives.map((d) => d.replace(/ 'sha256-[^']+'/g, '')), DIRECTIVES);
      assert.doesNotMatch(csp.replace("img-src 'self' data:", ''), /https?:|\*|'unsafe-inline'|'unsafe-eval'|data:|blob:/, 'the policy lets in more than the site itself');

      // The worker registers under the policy (worker-src) and the manifest loads (manifest-src).
      await page.evaluate(() => navigator.serviceWorker.ready);
      const cdp = await context.newCDPSession(page);
      const manifest = await cdp.send('Page.getAppManifest');
      assert.deepEqual(manifest.errors, [], 'the web manifest has errors');
      assert.match(manifest.url, /manifest\.webmanifest$/);

      if (spec.open) await page.click(spec.open);
      await page.click(spec.example);
      await typeInto(page, spec.field, spec.value);
      if (spec.file) {
        await page.setInputFiles(spec.file[0], spec.file[1]);
        await page.waitForFunction((sel) => document.querySelector(sel)?.innerText.includes('points'), spec.file[2]);
      }
      await page.waitForFunction(() => document.documentElement.dataset.saved !== '0');

      // Every download the page offers: each chart's PNG, SVG and CSV data, and the reports.
      const buttons = [
        ...(spec.downloads ?? []),
        ...await page.$$eval('button', (all) => all
          .filter((b) => ['PNG', 'SVG', 'CSV data'].includes(b.textContent.trim()) && !b.disabled)
          .map((b, i) => { b.dataset.securityTest = String(i); return `button[data-security-test="${i}"]`; })),
      ];
      assert.ok(buttons.length >= 3, `only ${buttons.length} downloads offered`);
      for (const button of buttons) {
        // Chromium drops the 11th download of a quick burst (so with the site before this
        // policy too): a user's pace.
        await page.waitForTimeout(400);
        const label = await page.locator(button).evaluate((b) => `${b.closest('figure, section, div')?.querySelector('canvas')?.id ?? ''} ${b.textContent}`);
        const [download] = await Promise.all([page.waitForEvent('download', { timeout: 5000 }), page.click(button)])
          .catch((e) => { throw new Error(`${label}: no download (${e.message.split('\n')[0]})`); });
        assert.equal(await download.failure(), null, `${label}: download failed`);
      }
      await page.click('#copy-link');
      await page.waitForFunction(() => document.querySelector('#copy-link').innerText.includes('copied'));

      await page.waitForTimeout(200);
      assert.deepEqual(violations, [], 'Content-Security-Policy violations');
    }));
}
