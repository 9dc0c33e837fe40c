// Cold loads of two builds, alternated load by load, so that a change's effect on loading is
// measured against the same moment's machine (this 2-core machine's figures drift by up to a
// third within an hour). Each load is a new browser context (empty caches, service workers
// allowed), as in tools/bench; printed: the medians of the "photocalc-ready" mark and of the
// main thread's being free (the end of the last long task at or after the mark), of the first
// contentful paint, and of the "photocalc-complete" mark (the parts below the first screen built).
//
//   node tools/compare-loads.mjs DIST_BEFORE DIST_AFTER [LOADS]    (default 11 loads each)
//   ONLY=gas,pec node tools/compare-loads.mjs …                    (those pages only)
//
// e.g. a worktree of the commit before, built with tools/build, against dist/.
import { chromium } from 'playwright-core';
import { startServer } from './static-server.mjs';
const [,, a, b, n = '11'] = process.argv;
if (!a || !b) {
  console.error('usage: node tools/compare-loads.mjs DIST_BEFORE DIST_AFTER [LOADS]');
  process.exit(2);
}
const servers = [await startServer(a, '/photocalc/'), await startServer(b, '/photocalc/')];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
const med = (x) => [...x].sort((p, q) => p - q)[x.length >> 1].toFixed(0);
const links = ['index.html#/qd', 'quench.html#/quench', 'gas.html#/gas', 'pec.html#/pec'];
// ONLY=pec,gas: those pages only.
for (const link of links.filter((l) => !process.env.ONLY || process.env.ONLY.split(',').some((o) => l.startsWith(o)))) {
  const r = [[], []], f = [[], []], fcp = [[], []], done = [[], []];
  for (let i = 0; i < Number(n); i++) for (const k of (i % 2 ? [1, 0] : [0, 1])) {
    const ctx = await browser.newContext();
    const p = await ctx.newPage();
    await p.addInitScript(() => { window.lt = []; new PerformanceObserver((l) => window.lt.push(...l.getEntries().map((e) => [e.startTime, e.duration]))).observe({ type: 'longtask', buffered: true }); });
    await p.goto(servers[k].url + link);
    await p.waitForFunction(() => document.documentElement.dataset.ready === '1');
    await p.waitForTimeout(600);
    const t = await p.evaluate(() => performance.getEntriesByName('photocalc-ready')[0]?.startTime);
    fcp[k].push(await p.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN));
    done[k].push(await p.evaluate(() => performance.getEntriesByName('photocalc-complete')[0]?.startTime ?? NaN));
    r[k].push(t); f[k].push(await p.evaluate((at) => Math.max(at, ...window.lt.filter(([s, d]) => s + d > at).map(([s, d]) => s + d)), t));
    await ctx.close();
  }
  console.log(`${link.padEnd(22)} ready ${med(r[0])} → ${med(r[1])} ms   first paint ${med(fcp[0])} → ${med(fcp[1])}   complete ${med(done[0])} → ${med(done[1])}   main thread free ${med(f[0])} → ${med(f[1])} ms`);
}
await browser.close(); process.exit(0);
