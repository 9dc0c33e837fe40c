// Shared harness for the browser tests (and tools/bench): a tiny static server for dist/
// under a sub-path, headless Chromium, and per-page checks that fail a test on any uncaught
// error, Rust panic, dialog or request to another host.
//
// Usage in a test file:
//   import { setup } from './harness.mjs';
//   const h = setup();                       // registers before/after hooks
//   test('…', () => h.withPage({ hash: '#/qd' }, async (page) => { … }));

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { startServer as startStaticServer } from '../../tools/static-server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..');
/** The built site: dist/, or the folder named by PHOTOCALC_DIST (e.g. a copy taken while dist/ is being rebuilt). */
export const distDir = process.env.PHOTOCALC_DIST ? path.resolve(process.env.PHOTOCALC_DIST) : path.join(repoRoot, 'dist');
export const screenshotDir = path.join(here, 'screenshots');
/** The sub-path the page is served under: proves the build only uses relative URLs. */
export const subPath = '/photocalc/';

export const chromiumArgs = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic',
  '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Serves dist/ under the sub-path at a free port (see tools/static-server.mjs). */
function startServer(root = distDir, prefix = subPath) {
  return startStaticServer(root, prefix);
}

export { startServer };

export async function launchBrowser() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
}

/** True if a request URL is allowed: only 127.0.0.1, or in-page data:/blob: URLs. */
export function isLocalUrl(url) {
  const u = new URL(url);
  if (u.protocol === 'data:' || u.protocol === 'blob:' || u.protocol === 'about:') return true;
  return u.hostname === '127.0.0.1';
}

const PANIC = /panicked at|RuntimeError: unreachable/;

/**
 * Attaches listeners to a page and returns its record of problems:
 * page errors, console errors (and any console line that looks like a Rust panic),
 * dialogs (dismissed), and requests to hosts other than 127.0.0.1.
 */
export function watch(page) {
  const record = { pageErrors: [], consoleErrors: [], dialogs: [], foreignRequests: [], requests: [], responses: [] };
  page.on('pageerror', (e) => record.pageErrors.push(String(e && (e.stack || e.message) || e)));
  page.on('console', (m) => {
    const text = m.text();
    if (m.type() === 'error' || PANIC.test(text)) record.consoleErrors.push(`[console.${m.type()}] ${text}`);
  });
  page.on('dialog', (d) => {
    record.dialogs.push(`${d.type()}: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  page.on('request', (r) => {
    record.requests.push(r.url());
    if (!isLocalUrl(r.url())) record.foreignRequests.push(r.url());
  });
  page.on('response', (r) => record.responses.push({ url: r.url(), status: r.status(), type: r.headers()['content-type'] }));
  return record;
}

/** Fails if the record holds any problem. */
export function assertClean(record, label = 'page') {
  const problems = [
    ...record.pageErrors.map((e) => `pageerror: ${e}`),
    ...record.consoleErrors,
    ...record.dialogs.map((d) => `dialog opened: ${d}`),
    ...record.foreignRequests.map((u) => `request to another host: ${u}`),
  ];
  assert.deepEqual(problems, [], `${label} had problems:\n${problems.join('\n')}`);
}

/** Waits until the app has mounted the whole page, below its first screen too (`<html data-ready="1">`, see src/ui/later.rs). */
export async function waitReady(page, timeout = 15000) {
  await page.waitForFunction(() => document.documentElement.dataset.ready === '1', null, { timeout });
}

/** The number of completed chart draws (`<html data-draws>`). */
export async function draws(page) {
  return page.evaluate(() => Number(document.documentElement.dataset.draws || 0));
}

/**
 * The page's address (`part` "href") or fragment ("hash") once the page has written it: the
 * app brings the address bar and the saved work up to date a moment after the last change
 * (`<html data-saved="1">` when done).
 */
export async function savedLink(page, part = 'hash') {
  await page.waitForFunction(() => document.documentElement.dataset.saved !== '0');
  return page.evaluate((p) => location[p], part);
}

/**
 * Scrolls a chart's canvas into view and waits until it is drawn: a chart off screen is drawn
 * when it comes into view, not on every edit (`data-stale` on the canvas until then).
 */
export async function chartInView(page, selector) {
  await page.locator(selector).first().scrollIntoViewIfNeeded();
  await page.waitForFunction((sel) => { const c = document.querySelector(sel); return c && !c.hasAttribute('data-stale') && c.dataset.drawn === '1'; }, selector);
}

/** Fraction of a chart's pixels that are neither transparent nor (near) white, once it is in view and drawn. */
export async function inkedFraction(page, selector) {
  await chartInView(page, selector);
  return page.evaluate((sel) => {
    const canvas = document.querySelector(sel);
    const { width, height } = canvas;
    if (!width || !height) return 0;
    const data = canvas.getContext('2d').getImageData(0, 0, width, height).data;
    let inked = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] > 0 && (data[i] < 235 || data[i + 1] < 235 || data[i + 2] < 235)) inked++;
    }
    return inked / (width * height);
  }, selector);
}

/** Text of an element, trimmed. */
export async function text(page, selector) {
  return (await page.locator(selector).innerText()).trim();
}

/** Replaces a text field's content by typing `value` key by key (as a user does). */
export async function typeInto(page, selector, value) {
  const field = page.locator(selector);
  await field.click();
  await field.press('ControlOrMeta+a');
  await field.press('Backspace');
  if (value !== '') await field.pressSequentially(value);
}

/** What the page shows, for {@link assertNoNonNumbers}: evaluated in the page. */
export const pageTexts = () => ({
  body: document.body.innerText,
  outputs: [...document.querySelectorAll('output')].map((o) => `#${o.id}: ${o.innerText}`),
});

/**
 * Fails if the visible page text shows a non-number ("NaN", "inf", "Infinity"), the way
 * Rust or JavaScript print them. Case-sensitive ("ACS Nano" is fine), and text the user typed,
 * which messages quote between double quotes, is left out; every <output> is checked whole.
 * `texts` may be passed when already read with {@link pageTexts}.
 */
export async function assertNoNonNumbers(page, context = '', texts = null) {
  const NON_NUMBER = /NaN|\b-?inf\b|Infinity/;
  const { body, outputs } = texts ?? await page.evaluate(pageTexts);
  for (const output of outputs) assert.doesNotMatch(output, NON_NUMBER, `${output} ${context}`);
  const unquoted = body.replace(/"[^"\n]*"|“[^”\n]*”/g, '""');
  const bad = unquoted.match(NON_NUMBER);
  assert.equal(bad, null, `page text shows "${bad && bad[0]}" ${context}:\n${unquoted.slice(Math.max(0, (bad?.index ?? 0) - 200), (bad?.index ?? 0) + 200)}`);
}

/** Saves a screenshot into tests/e2e/screenshots/. */
export async function screenshot(page, name, options = {}) {
  fs.mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), ...options });
}

/**
 * Registers before/after hooks that start the server and the browser for one test file,
 * and returns helpers bound to them.
 */
export function setup() {
  const h = {
    server: null,
    browser: null,
    /** Full page URL for a fragment ("#/qd?…"). */
    link(hash = '') {
      return h.server.url + hash;
    },
    /**
     * Opens a fresh context and page at `hash`, waits for readiness, runs `body(page, ctx)`,
     * then asserts the page stayed clean. Options: contextOptions (service workers are
     * blocked unless it says `serviceWorkers: 'allow'`), prepare(context) (called before the
     * first page opens: init scripts, bindings), ready (default true),
     * name (for a screenshot on failure).
     */
    async withPage(options, body) {
      const { hash = '#/qd', contextOptions = {}, ready = true, name, prepare } = options;
      // Service workers are blocked unless a test allows them (`contextOptions.serviceWorkers`):
      // the site's worker (sw.js) would answer later loads of the context from its cache.
      const context = await h.browser.newContext({ viewport: { width: 1200, height: 900 }, acceptDownloads: true, serviceWorkers: 'block', ...contextOptions });
      context.setDefaultTimeout(10000);
      if (prepare) await prepare(context);
      // Every page of the context is watched, however it was opened.
      const records = [];
      context.on('page', (page) => {
        const record = watch(page);
        records.push([page, record]);
        page.problems = record;
      });
      const newPage = async (pageHash = hash, { waitForReady = true } = {}) => {
        const page = await context.newPage();
        await page.goto(h.link(pageHash));
        if (waitForReady) await waitReady(page);
        return page;
      };
      try {
        const page = await newPage(hash, { waitForReady: ready });
        await body(page, { context, newPage });
        // Give pending microtasks and timers a moment to surface late errors.
        await new Promise((resolve) => setTimeout(resolve, 50));
        for (const [p, record] of records) assertClean(record, p.url().slice(0, 200));
      } catch (error) {
        const page = records.map(([p]) => p).find((p) => !p.isClosed());
        if (page && name) {
          await screenshot(page, `FAILED-${name}`).catch(() => {});
        }
        // Attach what the page reported, so a failure explains itself.
        const extra = records.map(([, r]) => [...r.pageErrors, ...r.consoleErrors, ...r.dialogs]).flat();
        if (extra.length && !String(error.message).includes(extra[0])) {
          error.message += `\nPage reported:\n${extra.join('\n')}`;
        }
        throw error;
      } finally {
        await context.close();
      }
    },
  };
  before(async () => {
    if (!fs.existsSync(path.join(distDir, 'index.html'))) {
      throw new Error('dist/index.html is missing: build the site first (tools/build), as tools/test does.');
    }
    h.server = await startServer();
    h.browser = await launchBrowser();
  });
  after(async () => {
    await h.browser?.close();
    await h.server?.close();
  });
  return h;
}

/** Pastes `pasted` into a cell the way a browser does: a ClipboardEvent carrying it. True if the page took it. */
export async function pasteInto(page, selector, pasted) {
  return page.evaluate(([sel, t]) => {
    const data = new DataTransfer();
    data.setData('text/plain', t);
    const event = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true });
    document.querySelector(sel).dispatchEvent(event);
    return event.defaultPrevented;
  }, [selector, pasted]);
}

/** The quench table's cells as shown: rows of [Q], value, σ, τ (the rows drawn; not the "use" boxes). */
export async function tableCells(page) {
  return page.locator('table#quench-table tbody').evaluate((tbody) =>
    [...tbody.querySelectorAll('tr.row')].map((tr) => [...tr.querySelectorAll('input[type=text]')].map((i) => i.value)));
}

/** Runs the command-line twin, `photocalc ARGS…`, and returns what it prints. */
function cli(args) {
  const cargoBin = path.join(process.env.CARGO_HOME || path.join(os.homedir(), '.cargo'), 'bin');
  return execFileSync('cargo', ['run', '-q', '--', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 600_000,
    env: { ...process.env, PATH: `${cargoBin}${path.delimiter}${process.env.PATH}` },
  });
}

/** Runs the command-line twin on a link: `photocalc eval LINK`, parsed as JSON. */
export function cliEval(link) {
  return JSON.parse(cli(['eval', link]));
}

/** The command-line twin's tidy CSV report of a link: `photocalc eval --csv LINK`. */
export function cliEvalCsv(link) {
  return cli(['eval', '--csv', link]);
}
