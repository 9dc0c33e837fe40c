// The script work of an edit in two builds, side by side in one browser: both pages opened
// with the same data, then batches of edits alternated between them, so that a change's effect
// is measured against the same moment's machine (as tools/compare-loads.mjs does for loads;
// this machine's edit figures drift by ±3 ms between runs of tools/bench). Per edit: from the
// input event to the end of its task and microtasks, where the page recomputes, patches its
// results and draws the charts on screen, without the frame's style, layout and paint, which
// tools/bench adds; each edit waits for the next frame before the following one.
//
//   node tools/compare-edits.mjs DIST_BEFORE DIST_AFTER CASE [ROUNDS] [BATCH]   (20 rounds of 10)
//   WORK=1 node tools/compare-edits.mjs …   the whole frame instead: tools/bench's work per edit
//                                           (the main thread's tasks in a trace, style, layout,
//                                           paint and the canvases' painting included)
//   NO_DRAWING=1 node tools/compare-edits.mjs dist dist CASE   the second page's canvases draw
//                                           nothing (every drawing call the charts make does
//                                           nothing): the most any change to the charts could save
//
// CASE: qd (the seed example, typing λ; its chart is always in view), qd-spectrum (QD with a
// 1500-point spectrum pasted, typing λ), quench (the example, 9 rows), quench-1000 (1000 rows
// pasted), pec (the example), pec-1000 or pec-100000 (two measured curves of that many points
// opened as files, typing the bias); each with its chart in view, or (but qd) with `-off`
// appended, scrolled to the top.
import path from 'node:path';
import { createRequire } from 'node:module';
const here = path.dirname(new URL(import.meta.url).pathname);
const { startServer, launchBrowser } = await import(path.join(here, '..', 'tests', 'e2e', 'harness.mjs'));
const { SEED_LINK, jvFile, quenchTableText, spectrumText, chartsSettled: settled } = createRequire(import.meta.url)('./bench-data.cjs');
const [distA, distB, which] = process.argv.slice(2, 5);
const CASES = ['qd', 'qd-spectrum', 'quench', 'quench-1000', 'pec', 'pec-1000', 'pec-100000'];
if (!distA || !distB || !CASES.includes(which?.replace(/-off$/, '')) || which === 'qd-off') {
  console.error(`usage: node tools/compare-edits.mjs DIST_BEFORE DIST_AFTER CASE [ROUNDS] [BATCH]; CASE: ${CASES.join(', ')} (or with -off)`);
  process.exit(2);
}
const ROUNDS = Number(process.argv[5] ?? 20);
const BATCH = Number(process.argv[6] ?? 10);

/** The drawing calls the charts' canvas backend makes (src/ui/canvas2d.rs). */
const DRAWING = ['beginPath', 'closePath', 'moveTo', 'lineTo', 'rect', 'arc', 'fill', 'stroke', 'fillRect', 'strokeRect', 'clearRect', 'fillText', 'drawImage'];

async function open(browser, server, { noDrawing = false } = {}) {
  const ctx = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const p = await ctx.newPage();
  p.on('pageerror', (e) => console.log('pageerror', e));
  if (noDrawing) {
    await p.addInitScript((names) => { for (const name of names) CanvasRenderingContext2D.prototype[name] = () => {}; }, DRAWING);
  }
  let sel, values;
  if (which === 'qd') {
    await p.goto(server.url + 'index.html' + SEED_LINK);
    await p.waitForFunction(() => document.documentElement.dataset.ready === '1');
    sel = '#lambda'; values = Array.from({ length: 51 }, (_, i) => String(510 + i));
  } else if (which.startsWith('qd')) {
    await p.goto(server.url + 'index.html#/qd');
    await p.waitForFunction(() => document.documentElement.dataset.ready === '1');
    await p.locator('details.import summary').click();
    await p.fill('#spectrum-paste', spectrumText());
    await p.click('#spectrum-read');
    await p.waitForFunction(() => /Read 1500 points/.test(document.querySelector('#spectrum-msg').innerText));
    if (which.endsWith('off')) await p.evaluate(() => window.scrollTo(0, 0));
    sel = '#lambda'; values = Array.from({ length: 51 }, (_, i) => String(510 + i));
  } else if (which.startsWith('quench')) {
    await p.goto(server.url + 'quench.html#/quench');
    await p.waitForFunction(() => document.documentElement.dataset.ready === '1');
    await p.click('#quench-example');
    if (which.startsWith('quench-1000')) {
      await p.click('#quench-reset');
      await p.evaluate(async (text) => {
        const data = new DataTransfer();
        data.setData('text/plain', text);
        document.querySelector('#quench-table-r0c0').dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      }, quenchTableText(1000));
      values = ['900', '910'];
    } else values = ['640', '652'];
    await settled(p);
    if (!which.endsWith('off')) await p.locator('#fit-chart').scrollIntoViewIfNeeded();
    sel = '#quench-table-r3c1';
  } else {
    await p.goto(server.url + 'pec.html#/pec');
    await p.waitForFunction(() => document.documentElement.dataset.ready === '1');
    await p.click('#pec-example');
    await settled(p);
    sel = '#pec-a-jph'; values = ['0.6', '0.62'];
    if (which.startsWith('pec-1')) {
      const n = which.startsWith('pec-100000') ? 100000 : 1000;
      for (const [input, onset, anode] of [['#pec-a-file', -0.45, true], ['#pec-c-file', 0.03, false]]) {
        const before = await p.evaluate(() => Number(document.documentElement.dataset.draws));
        await p.setInputFiles(input, { name: `jv-${anode ? 'a' : 'c'}.csv`, mimeType: 'text/csv', buffer: jvFile(n, onset, anode) });
        await p.waitForFunction((k) => Number(document.documentElement.dataset.draws) > k, before, { timeout: 60000 });
        await p.waitForFunction(() => document.documentElement.dataset.saved !== '0', null, { timeout: 60000 });
      }
      sel = '#pec-bias'; values = ['0', '0.01'];
    }
    if (!which.endsWith('off')) await p.locator('#pec-jv-chart').scrollIntoViewIfNeeded();
  }
  await settled(p);
  return { ctx, p, sel, values };
}

const run = (page, n) => page.p.evaluate(async ([n, sel, vals]) => {
  const field = document.querySelector(sel);
  const frame = () => new Promise((r) => requestAnimationFrame(() => { const c = new MessageChannel(); c.port1.onmessage = () => r(); c.port2.postMessage(0); }));
  const times = [];
  for (let i = 0; i < n; i++) {
    performance.mark(`edit-${i}`);
    const done = new Promise((r) => { const c = new MessageChannel(); c.port1.onmessage = () => r(performance.now()); c.port2.postMessage(0); });
    const t0 = performance.now();
    field.value = vals[i % vals.length];
    field.dispatchEvent(new Event('input', { bubbles: true }));
    times.push((await done) - t0);
    await frame();
  }
  performance.mark(`edit-${n}`);
  return times;
}, [n, page.sel, page.values]);

/** With WORK: each edit's main-thread busy time in a trace of the batch, as tools/bench's work. */
const traced = async (page, n) => {
  if (!process.env.WORK) return run(page, n);
  const cdp = await page.ctx.newCDPSession(page.p);
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline,blink.user_timing', transferMode: 'ReportEvents' });
  await run(page, n);
  await cdp.send('Tracing.end');
  await complete;
  await cdp.detach();
  const marks = new Map();
  for (const e of events) if (e.name?.startsWith('edit-') && !marks.has(e.name)) marks.set(e.name, e);
  const pid = marks.get('edit-0').pid;
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.pid === pid && e.args?.name === 'CrRendererMain');
  const tasks = events.filter((e) => e.ph === 'X' && e.name === 'RunTask' && e.pid === pid && e.tid === main.tid).map((e) => [e.ts, e.ts + e.dur]).sort((a, b) => a[0] - b[0]);
  return Array.from({ length: n }, (_, i) => {
    const [start, end] = [marks.get(`edit-${i}`).ts, marks.get(`edit-${i + 1}`).ts];
    let busy = 0;
    for (const [a, b] of tasks) busy += Math.max(0, Math.min(b, end) - Math.max(a, start));
    return busy / 1000;
  });
};

const [serverA, serverB] = [await startServer(path.resolve(distA)), await startServer(path.resolve(distB))];
const browser = await launchBrowser();
const A = await open(browser, serverA);
const B = await open(browser, serverB, { noDrawing: Boolean(process.env.NO_DRAWING) });
await run(A, 20); await run(B, 20);
const ta = []; const tb = [];
for (let r = 0; r < ROUNDS; r++) {
  if (r % 2 === 0) { ta.push(...await traced(A, BATCH)); tb.push(...await traced(B, BATCH)); } else { tb.push(...await traced(B, BATCH)); ta.push(...await traced(A, BATCH)); }
}
const med = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const p95 = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length * 0.95)]; };
console.log(`${which}: ${process.env.WORK ? 'work (the whole frame)' : 'script'} per edit over ${ta.length} edits each, median ${med(ta).toFixed(2)} → ${med(tb).toFixed(2)} ms, p95 ${p95(ta).toFixed(2)} → ${p95(tb).toFixed(2)} ms`);
await browser.close();
await Promise.all([serverA.close?.(), serverB.close?.()]);
process.exit(0);
