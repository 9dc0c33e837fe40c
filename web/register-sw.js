// Registers the service worker (sw.js, written into dist/ by tools/finish.mjs) that keeps every
// page of PhotoCalc working offline once visited, and says when a new version is ready.
//
// A new version's worker waits until no page of the old one is open, so an open page never
// mixes old and new files; the notice offers to switch at once ("Reload now").
const container = navigator.serviceWorker;
if (container) {
  // A polite live region, there from the start so that screen readers announce its text when
  // it appears. The app mounts into <body> after this script has run: the region moves behind
  // it then, so it comes last in reading and tab order.
  const notice = document.createElement('div');
  notice.id = 'update-notice';
  notice.setAttribute('role', 'status');
  document.body.append(notice);
  const started = new Promise((resolve) => addEventListener('TrunkApplicationStarted', () => {
    document.body.append(notice);
    resolve();
  }, { once: true }));

  let switching = false;
  const offer = (worker) => {
    if (notice.firstChild) return;
    const reload = document.createElement('button');
    reload.type = 'button';
    reload.className = 'secondary';
    reload.textContent = 'Reload now';
    reload.addEventListener('click', () => {
      switching = true;
      reload.disabled = true;
      worker.postMessage('skipWaiting');
    });
    const later = document.createElement('button');
    later.type = 'button';
    later.className = 'icon';
    later.textContent = '×';
    later.setAttribute('aria-label', 'Dismiss');
    later.addEventListener('click', () => notice.replaceChildren());
    const text = document.createElement('span');
    text.textContent = 'A new version of PhotoCalc is ready — it opens on your next visit.';
    notice.append(text, reload, later);
  };
  // The new worker took over (after "Reload now"): load the page again, all from its files.
  container.addEventListener('controllerchange', () => {
    if (switching) location.reload();
  });
  // Once the page has loaded and the calculator is built and drawn (idle): the worker's first
  // install fetches the whole site, which must not compete with the page's own files, nor
  // take the processor while the module is compiled and the page built (it did: on this
  // project's 2-core machine the photoelectrochemistry page was ready ~100 ms later with it).
  // A page whose module never starts gets its worker 10 s after loading.
  const loaded = document.readyState === 'complete' ? Promise.resolve() : new Promise((resolve) => addEventListener('load', resolve, { once: true }));
  const later = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const idle = () => new Promise((resolve) => (self.requestIdleCallback ? requestIdleCallback(resolve, { timeout: 2000 }) : setTimeout(resolve, 0)));
  loaded.then(() => Promise.race([started, later(10000)])).then(idle).then(() => container.register('sw.js', { updateViaCache: 'none' })).then((registration) => {
    if (!registration) return; // a browser (or test driver) that blocks workers may give none
    // Only when a worker already controls the page: the first install is no update.
    const whenInstalled = (worker) => worker?.addEventListener('statechange', () => {
      if (worker.state === 'installed' && container.controller) offer(worker);
    });
    if (registration.waiting && container.controller) offer(registration.waiting);
    whenInstalled(registration.installing); // an update the page's own load started
    registration.addEventListener('updatefound', () => whenInstalled(registration.installing));
  }, () => {
    // No service worker (blocked, private mode): the page works as before, online only.
  });
}
