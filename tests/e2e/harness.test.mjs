// The harness's own guarantees: a test fails when the page panics, throws, opens a dialog
// or contacts another host, and the server sends wasm with the right type under a sub-path.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, subPath } from './harness.mjs';

const h = setup();

const cases = [
  ['a Rust panic message on the console', () => console.error('panicked at src/science/qd.rs:1:1:\nboom'), /panicked at/],
  ['an uncaught wasm trap', () => setTimeout(() => { throw new WebAssembly.RuntimeError('unreachable'); }), /RuntimeError: unreachable/],
  ['an unhandled promise rejection', () => { Promise.reject(new Error('late failure')); }, /late failure/],
  ['a dialog', () => setTimeout(() => alert('xss')), /dialog opened: alert: xss/],
  ['a request to another host', () => { fetch('http://192.0.2.1/beacon').catch(() => {}); }, /request to another host: http:\/\/192\.0\.2\.1\/beacon/],
];

for (const [what, trigger, reported] of cases) {
  test(`a test fails on ${what}`, async () => {
    await assert.rejects(
      // The page's Content-Security-Policy would refuse the request before it is made (see
      // security.test.mjs): set aside here, so that the harness's own check is what is tested.
      h.withPage({ hash: '#/qd', contextOptions: { bypassCSP: true } }, async (page) => {
        await page.evaluate(trigger);
        await page.waitForTimeout(100);
      }),
      (error) => { assert.match(error.message, reported); return true; },
    );
  });
}

test('a test fails on an error in a second page of the same test', async () => {
  await assert.rejects(
    h.withPage({ hash: '#/qd' }, async (page, { context }) => {
      const second = await context.newPage();
      await second.goto(h.link('#/'));
      await second.evaluate(() => setTimeout(() => { throw new Error('second page broke'); }));
      await second.waitForTimeout(100);
    }),
    /second page broke/,
  );
});

test('the server sends each file with its type, under the sub-path only', async () => {
  const index = await fetch(h.server.url);
  assert.equal(index.status, 200);
  assert.match(index.headers.get('content-type'), /^text\/html/);
  const html = await index.text();
  const wasmName = html.match(/[\w-]+_bg\.wasm/)?.[0];
  assert.ok(wasmName, 'index.html names no wasm file');
  const wasm = await fetch(h.server.url + wasmName);
  assert.equal(wasm.headers.get('content-type'), 'application/wasm');
  // Relative URLs only: nothing in index.html points at the site root.
  assert.doesNotMatch(html, /(src|href)="\/(?!\/)/, 'index.html has a root-relative URL');
  assert.equal((await fetch(h.server.origin + '/index.html')).status, 404, 'served outside the sub-path');
  assert.equal((await fetch(h.server.url + '..%2f..%2fetc%2fpasswd')).status === 200, false);
  assert.ok(subPath.length > 1);
});
