// Nothing leaves the page (issue 11): every page of the site, used as a user uses it (the
// example, typing, a file opened, the charts drawn), makes no request to the network after its
// first load, and none of its first load goes to another origin. The site's service worker
// runs, as in a user's browser: its own requests (sw.js, and the site's files it caches when it
// installs) are the only ones that reach the network after the first load, and they too stay on
// the origin. The one file a page asks for later, pec.html's file reader (a web worker fetched
// when a file is first opened), is one of the site's files and comes from the worker's cache.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { setup, typeInto, repoRoot } from './harness.mjs';

const h = setup();

/** Each calculator: its page, its example button, a field to type into, and what to type. */
const PAGES = [
  { hash: '#/qd', example: null, field: '#lambda', values: ['520', '530'] },
  { hash: 'quench.html#/quench', example: '#quench-example', field: '#quench-table-r3c1', values: ['640', '652'] },
  { hash: 'gas.html#/gas', example: '#gas-example', field: '#gas-course-table-r4c1', values: ['2.30', '2.35'] },
  { hash: 'pec.html#/pec', example: '#pec-example', field: '#pec-bias', values: ['0.05', '0'], file: ['#pec-a-file', path.join(repoRoot, 'tests', 'pec_files', 'generic_lsv_V_uA.tsv')] },
];

for (const spec of PAGES) {
  const requests = [];
  const workerRequests = [];
  test(`${spec.hash}: the first load asks only its own origin, and using the page asks nothing more`, () =>
    h.withPage({
      hash: spec.hash,
      name: `network-${spec.hash.replace(/\W+/g, '-')}`,
      contextOptions: { serviceWorkers: 'allow' },
      // Every request of the context, the page's and the service worker's, from the start.
      prepare: (context) => context.on('request', (r) => (r.serviceWorker() ? workerRequests : requests).push(r)),
    }, async (page) => {
      await page.waitForLoadState('networkidle');
      const origin = new URL(h.link()).origin;
      const first = requests.map((r) => r.url()).filter((u) => !u.startsWith('data:') && !u.startsWith('blob:'));
      assert.ok(first.length >= 3, `the page loaded from ${first.length} requests: ${first.join(', ')}`);
      for (const url of first) assert.equal(new URL(url).origin, origin, `${url} is not the page's own origin`);
      // Each file once: the module's preload and wasm-bindgen's fetch of it are one download
      // (a fetch made before the parser has reached the preload's element is a second).
      const twice = first.filter((url, i) => first.indexOf(url) !== i);
      assert.deepEqual(twice, [], `the first load asked for these more than once: ${twice.join(', ')}`);
      const loaded = requests.length;
      // The service worker has cached the site and controls the page.
      await page.evaluate(() => navigator.serviceWorker.ready);
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
      const cachedFiles = JSON.parse((await (await fetch(new URL('sw.js', h.link()))).text()).match(/const FILES = (\[.*\]);/)[1]);

      if (spec.example) await page.click(spec.example);
      for (const value of spec.values) await typeInto(page, spec.field, value);
      if (spec.file) await page.setInputFiles(spec.file[0], spec.file[1]);
      // Saved work is written 300 ms after typing stops: wait for it, then a moment more.
      await page.waitForFunction(() => document.documentElement.dataset.saved !== '0', null, { timeout: 10000 });
      await page.waitForTimeout(300);
      // Anything asked while using the page is one of the site's own files, answered by the
      // service worker from its cache: nothing reaches the network.
      for (const request of requests.slice(loaded)) {
        const file = new URL(request.url()).pathname.split('/').pop();
        assert.ok(cachedFiles.includes(file), `asked while using the page: ${request.url()}`);
        assert.ok((await request.response())?.fromServiceWorker(), `${request.url()} was not answered from the service worker's cache`);
      }
      const later = requests.slice(loaded).map((r) => new URL(r.url()).pathname.split('/').pop());
      if (later.length) console.log(`    asked while using ${spec.hash}, from the service worker's cache: ${later.join(', ')}`);
      const workerAsked = workerRequests.map((r) => r.url());
      // The service worker's own: it installed (sw.js and the files it caches), from the origin only.
      await page.evaluate(() => navigator.serviceWorker.ready);
      assert.ok(workerAsked.some((u) => u.endsWith('/sw.js')), `the service worker did not load: ${workerAsked.join(', ')}`);
      for (const url of workerAsked) assert.equal(new URL(url).origin, origin, `the service worker asked ${url}`);
    }));
}
