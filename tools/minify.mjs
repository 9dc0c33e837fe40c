// Minifies the JavaScript glue in dist/ and updates the integrity hashes the pages carry.
//
//   node tools/minify.mjs [dist]
//
// Trunk 0.21 leaves wasm-bindgen's glue as written (44 kB, 8.1 kB gzip per page); terser, a
// pure-JavaScript minifier pinned in package-lock.json, brings it to about 6.2 kB gzip. Trunk
// puts a subresource-integrity hash of each file into the page, so a file changed after Trunk
// must get its new hash there too, or the browser refuses to load it.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { minify } from 'terser';

const dist = process.argv[2] ?? 'dist';
// Top-level files, and wasm-bindgen's snippets (snippets/CRATE-HASH/FILE.js) below.
const files = readdirSync(dist, { recursive: true }).map((f) => f.split('\\').join('/'));
const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

// A web worker's files (Trunk names them after their binary, with no hash: `import-worker.js`
// and its `import-worker_loader.js`) are classic scripts: the loader calls the glue's global
// `wasm_bindgen`, which must keep its name.
const workers = new Set(files.filter((f) => f.endsWith('_loader.js')).map((f) => f.slice(0, -'_loader.js'.length)));
const isWorkerScript = (name) => workers.has(name.replace(/(_loader)?\.js$/, ''));

const newHash = new Map(); // old integrity value -> new one
// wasm-bindgen names a snippet after its crate, not its content: it is given a name with a
// hash of its content, as Trunk gives the pages' files, so that a browser never runs a new
// module with an old snippet from its cache. Snippets come first, so that the modules that
// import them are minified with their new names; such a module's name (Trunk's hash, of its
// text before) then gets a hash of its new text too.
const renamed = new Map(); // old path -> new path, of snippets and of the modules importing them
const isSnippet = (name) => name.startsWith('snippets/');
const scripts = files.filter((f) => f.endsWith('.js')).sort((a, b) => isSnippet(b) - isSnippet(a));
for (const name of scripts) {
  const path = join(dist, name);
  const source = readFileSync(path);
  let text = source.toString('utf8');
  const imports = [...renamed].filter(([was]) => text.includes(`/${was}`));
  for (const [was, now] of imports) text = text.replaceAll(`/${was}`, `/${now}`);
  const result = await minify(text, {
    // A module's exports keep their names (the page imports `init` and the bindings by name).
    module: !isWorkerScript(name),
    compress: { passes: 2 },
    mangle: true,
    format: { comments: false },
  });
  if (typeof result.code !== 'string' || result.code.length === 0) {
    throw new Error(`terser produced nothing for ${path}`);
  }
  newHash.set(sri(source), sri(Buffer.from(result.code, 'utf8')));
  const hash = createHash('sha256').update(result.code).digest('hex').slice(0, 16);
  let target = name;
  if (isSnippet(name)) target = name.replace(/\.js$/, `-${hash}.js`);
  else if (imports.length > 0) target = name.replace(/-[0-9a-f]+\.js$/, `-${hash}.js`);
  writeFileSync(join(dist, target), result.code);
  if (target !== name) {
    rmSync(path);
    renamed.set(name, target);
  }
  console.log(`minified ${name}: ${source.length} -> ${result.code.length} bytes`);
}

for (const name of files.filter((f) => f.endsWith('.html'))) {
  const path = join(dist, name);
  const page = readFileSync(path, 'utf8');
  let updated = page.replace(/sha384-[A-Za-z0-9+/=]+/g, (hash) => newHash.get(hash) ?? hash);
  for (const [was, now] of renamed) updated = updated.replaceAll(`/${was}`, `/${now}`);
  if (updated !== page) writeFileSync(path, updated);
}
