// The last step of tools/build, after the JavaScript is minified: writes the favicon and the
// Content-Security-Policy into every page of dist/, then the service worker, dist/sw.js.
//
//   node tools/finish.mjs [dist]
//
// The policy is a <meta http-equiv> at the top of <head> (a static host may send no headers):
// scripts only from the site itself plus the SHA-256 of each inline script (Trunk's loader),
// WebAssembly compiled from fetched bytes ('wasm-unsafe-eval'), no inline styles, images from
// the site and data: URLs (the favicon), no plugins, no <base>, no form submissions. A <meta> policy cannot carry frame-ancestors or report-uri;
// a host that can send headers should add `frame-ancestors 'none'` there.
//
// The service worker (web/sw.template.js) gets the site's version, a hash of every file in
// dist/ (pages after their policy is written), and the list of those files, which it caches.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The policy of a page whose inline scripts have these texts. */
export function policy(inlineScripts) {
  const hashes = inlineScripts.map((s) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`);
  return [
    "default-src 'self'",
    ["script-src 'self' 'wasm-unsafe-eval'", ...hashes].join(' '),
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** Writes the policy into a page's HTML (right after <meta charset>, before any script or link). */
export function withPolicy(html, name = 'page') {
  if (/http-equiv=["']?Content-Security-Policy/i.test(html)) throw new Error(`${name} already has a policy`);
  const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)]
    .filter(([, attrs]) => !/\bsrc=/i.test(attrs))
    .map(([, , body]) => body);
  const meta = `<meta http-equiv=Content-Security-Policy content="${policy(inline)}">`;
  const charset = html.match(/<meta charset=[^>]*>/i);
  if (!charset) throw new Error(`${name} has no <meta charset> to put the policy after`);
  const at = charset.index + charset[0].length;
  return html.slice(0, at) + meta + html.slice(at);
}

/**
 * Puts the icon (web/icon.svg) into the page's favicon link as a data: URL. A favicon file would
 * be fetched again each time the page writes its state into the address (Chromium looks for
 * the icon anew on every change of the address), and the page asks nothing after its load.
 */
export function withInlineFavicon(html, svg, name = 'page') {
  const link = html.match(/<link\b[^>]*\brel="?icon"?[^>]*>/i);
  if (!link) throw new Error(`${name} has no <link rel=icon>`);
  const compact = svg.replace(/<title>[^<]*<\/title>/, '').replace(/>\s+</g, '><').trim();
  const url = `data:image/svg+xml,${compact.replaceAll('"', "'").replaceAll('#', '%23')}`;
  return html.replace(link[0], `<link href="${url}" rel=icon>`);
}

/**
 * Takes out of a page the preloads of wasm-bindgen snippets (snippets/…/FILE.js) that its
 * module does not import: Trunk preloads every snippet of the crate on every page, and the
 * QD page's module uses none (`src/ui/patch.js` patches the other pages' results).
 */
export function withoutUnusedSnippets(html, dist, name = 'page') {
  const module = html.match(/<link\b[^>]*\bhref="?\.\/(page-[\w-]+\.js)"?[^>]*\brel="?modulepreload/i);
  if (!module) throw new Error(`${name} preloads no page module`);
  const source = readFileSync(join(dist, module[1]), 'utf8');
  return html.replace(/<link\b[^>]*\bhref="?\.\/(snippets\/[^"\s>]+)"?[^>]*>/gi, (link, path) => (source.includes(path) ? link : ''));
}

/**
 * Gives each web worker's files (Trunk writes `name.js`, `name_bg.wasm` and the loader
 * `name_loader.js`, unhashed, for a `data-type="worker"` link) names with a hash of their
 * content, as the pages' own files have, so that a browser never runs a new loader with an
 * old module from its cache; writes the loader anew for those names and puts its name into
 * the pages' `<meta name="photocalc-NAME" content="NAME_loader.js">`. Returns the new names.
 */
export function hashWorkers(dist) {
  const renamed = [];
  for (const loader of readdirSync(dist).filter((f) => f.endsWith('_loader.js'))) {
    const name = loader.slice(0, -'_loader.js'.length);
    const glue = readFileSync(join(dist, `${name}.js`));
    const wasm = readFileSync(join(dist, `${name}_bg.wasm`));
    const hash = createHash('sha256').update(glue).update(wasm).digest('hex').slice(0, 16);
    const base = `${name}-${hash}`;
    renameSync(join(dist, `${name}.js`), join(dist, `${base}.js`));
    renameSync(join(dist, `${name}_bg.wasm`), join(dist, `${base}_bg.wasm`));
    rmSync(join(dist, loader));
    writeFileSync(join(dist, `${base}_loader.js`), `importScripts("./${base}.js");wasm_bindgen({module_or_path:"./${base}_bg.wasm"});`);
    for (const page of readdirSync(dist).filter((f) => f.endsWith('.html'))) {
      const html = readFileSync(join(dist, page), 'utf8');
      writeFileSync(join(dist, page), html.replaceAll(`content="${loader}"`, `content="${base}_loader.js"`).replaceAll(`content=${loader}`, `content=${base}_loader.js`));
    }
    renamed.push(`${base}_loader.js`);
  }
  return renamed;
}

/** The service worker for the files of `dist` (every file but sw.js itself). */
export function serviceWorker(dist) {
  const files = readdirSync(dist, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? e.path, e.name).slice(dist.length + 1).split('\\').join('/'))
    .filter((f) => f !== 'sw.js')
    .sort();
  const hash = createHash('sha256');
  for (const file of files) hash.update(`${file}\0`).update(readFileSync(join(dist, file))).update('\0');
  const version = hash.digest('hex').slice(0, 16);
  const template = readFileSync(join(repo, 'web', 'sw.template.js'), 'utf8');
  return template.replace("'__VERSION__'", `'${version}'`).replace('__FILES__', JSON.stringify(files));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dist = (process.argv[2] ?? 'dist').replace(/\/+$/, '');
  const icon = readFileSync(join(repo, 'web', 'icon.svg'), 'utf8');
  for (const loader of hashWorkers(dist)) console.log(`named the web worker ${loader}`);
  for (const name of readdirSync(dist).filter((f) => f.endsWith('.html'))) {
    const path = join(dist, name);
    const html = withoutUnusedSnippets(withInlineFavicon(readFileSync(path, 'utf8'), icon, name), dist, name);
    writeFileSync(path, withPolicy(html, name));
  }
  const sw = serviceWorker(dist);
  writeFileSync(join(dist, 'sw.js'), sw);
  console.log(`wrote the Content-Security-Policy into the pages and sw.js (version ${sw.match(/VERSION = '(\w+)'/)[1]})`);
}
