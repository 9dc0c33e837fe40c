// Offline and installable (issue 11): once the site has been visited, each of its four pages
// opens and computes with the network off (the server stopped and the browser offline), and
// pec.html reads a potentiostat file (its file reader is fetched only then); a
// new version waits until the next visit, the page says it is ready, and "Reload now"
// switches at once. Each test serves its own copy of dist/ so it can stop or change it.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { distDir, repoRoot, subPath, startServer, launchBrowser, watch, assertClean, waitReady, typeInto, text, screenshot } from './harness.mjs';
import { serviceWorker } from '../../tools/finish.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/** A copy of dist/ in a temporary folder, removed at the end of the test. */
function copyOfSite(t) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'photocalc-offline-'));
  fs.cpSync(distDir, dir, { recursive: true });
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A new context that allows service workers, whose pages are all watched for problems. */
async function newContext(t) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, serviceWorkers: 'allow' });
  context.setDefaultTimeout(15000);
  const records = [];
  context.on('page', (page) => { page.problems = watch(page); records.push(page); });
  t.after(async () => {
    await context.close();
    for (const page of records) assertClean(page.problems, page.url().slice(0, 200));
  });
  return context;
}

/** Opens `url` in a new tab of `context` and waits until the app is ready. */
async function open(context, url) {
  const page = await context.newPage();
  await page.goto(url);
  await waitReady(page);
  return page;
}

/** Waits until the service worker controls the page. */
async function controlled(page) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

/** Each calculator: its page, what to do first, a field to type into, and a result it changes. */
const PAGES = [
  { hash: '#/qd', field: '#lambda', value: '560', result: '#out-diameter' },
  { hash: 'quench.html#/quench', example: '#quench-example', field: '#quench-table-r3c1', value: '600', result: '.results-block' },
  { hash: 'gas.html#/gas', example: '#gas-example', field: '#gas-p', value: '200', result: '#out-vm-ideal' },
  { hash: 'pec.html#/pec', example: '#pec-example', field: '#pec-bias', value: '0.3', result: '#out-current',
    // Its file reader, a web worker fetched when a file is first opened, works offline too.
    file: ['#pec-a-file', path.join(repoRoot, 'tests', 'pec_files', 'generic_lsv_V_uA.tsv'), /generic_lsv_V_uA\.tsv: \d+ points/] },
];

test('after one visit of the home page, all four pages open and compute with the server stopped and the browser offline', async (t) => {
  const server = await startServer(copyOfSite(t), subPath);
  const context = await newContext(t);
  const home = await open(context, server.url + '#/qd');
  await controlled(home);
  await home.close();

  await server.close();
  await context.setOffline(true);
  for (const spec of PAGES) {
    const page = await open(context, server.url + spec.hash);
    if (spec.example) await page.click(spec.example);
    const before = await text(page, spec.result);
    await typeInto(page, spec.field, spec.value);
    await page.waitForFunction(([sel, was]) => document.querySelector(sel).innerText.trim() !== was, [spec.result, before]);
    const after = await text(page, spec.result);
    assert.notEqual(after, before, `${spec.hash}: the result did not change`);
    assert.doesNotMatch(after, /NaN|undefined/, `${spec.hash}: ${after}`);
    if (spec.file) {
      const [input, file, said] = spec.file;
      await page.setInputFiles(input, file);
      await page.waitForFunction(([id, re]) => new RegExp(re).test(document.getElementById(id)?.innerText ?? ''), [`${input.slice(1)}-msg`, said.source]);
    }
    // Everything the page loaded came from the worker's cache.
    const loaded = page.problems.responses;
    assert.ok(loaded.length >= 4, `${spec.hash}: only ${loaded.length} responses`);
    for (const r of loaded) assert.equal(r.status, 200, `${r.url}: status ${r.status}`);
    await page.close();
  }
});

/** The page's version marker: the <meta name=photocalc-test-version> written into the copy. */
const version = (page) => page.evaluate(() => document.querySelector('meta[name="photocalc-test-version"]')?.content ?? 'first');

/** Marks every page of the copy as `label` and writes the service worker of the changed site. */
function publish(dir, label) {
  for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.html'))) {
    const file = path.join(dir, name);
    const html = fs.readFileSync(file, 'utf8').replace(/<meta name=photocalc-test-version[^>]*>/, '');
    fs.writeFileSync(file, html.replace('<title>', `<meta name=photocalc-test-version content=${label}><title>`));
  }
  fs.writeFileSync(path.join(dir, 'sw.js'), serviceWorker(dir));
}

test('a new version waits: the open page keeps the old files and says a new version is ready; the next visit and "Reload now" open it', async (t) => {
  const dir = copyOfSite(t);
  const server = await startServer(dir, subPath);
  t.after(() => server.close());
  const context = await newContext(t);

  const page = await open(context, server.url + 'quench.html#/quench');
  await controlled(page);
  assert.equal(await version(page), 'first');
  assert.equal(await page.locator('#update-notice').innerText(), '', 'a notice on the first visit');

  // Version 2 is published; the page is loaded again (as a user does, or a new tab).
  publish(dir, 'v2');
  await page.reload();
  await waitReady(page);
  const notice = page.locator('#update-notice');
  await notice.getByText('A new version of PhotoCalc is ready').waitFor();
  assert.equal(await notice.getAttribute('role'), 'status');
  assert.equal(await page.evaluate(() => document.body.lastElementChild.id), 'update-notice', 'the notice is not last in reading order');
  assert.match(await notice.innerText(), /A new version of PhotoCalc is ready — it opens on your next visit\.\s*Reload now/);
  // The new worker waits; the open page still runs version 1 and computes.
  assert.ok(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).waiting !== null), 'the new worker did not wait');
  assert.equal(await version(page), 'first', 'the reloaded page mixes in the new version');
  await page.click('#quench-example');
  const before = await text(page, '.results-block');
  await typeInto(page, '#quench-table-r3c1', '600');
  await page.waitForFunction((was) => document.querySelector('.results-block').innerText.trim() !== was, before);
  await screenshot(page, 'update-notice', { clip: { x: 600, y: 0, width: 600, height: 120 } });

  // The next visit: every tab of the old version closed, a new one opened.
  await page.close();
  const next = await open(context, server.url + 'gas.html#/gas');
  assert.equal(await version(next), 'v2', 'the next visit did not open the new version');
  assert.equal(await next.locator('#update-notice').innerText(), '');

  // Version 3, switched to at once with "Reload now".
  publish(dir, 'v3');
  await next.reload();
  await waitReady(next);
  await next.locator('#update-notice').getByText('A new version of PhotoCalc is ready').waitFor();
  assert.equal(await version(next), 'v2');
  await Promise.all([next.waitForEvent('load'), next.getByRole('button', { name: 'Reload now' }).click()]);
  await waitReady(next);
  assert.equal(await version(next), 'v3', '"Reload now" did not open the new version');
  assert.equal(await next.locator('#update-notice').innerText(), '');
});
