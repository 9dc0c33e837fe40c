// Minifies the JavaScript glue in dist/ and updates the integrity hashes the pages carry.
//
//   node tools/minify.mjs [dist]
//
// Trunk 0.21 leaves wasm-bindgen's glue as written (44 kB, 8.1 kB gzip per page); terser, a
// pure-JavaScript minifier pinned in package-lock.json, brings it to about 6.2 kB gzip. Trunk
// puts a subresource-integrity hash of each file into the page, so a file changed after Trunk
// must get its new hash there too, or the browser refuses to load it.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { minify } from 'terser';

const dist = process.argv[2] ?? 'dist';
const files = readdirSync(dist);
const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

// A web worker's files (Trunk names them after their binary, with no hash: `import-worker.js`
// and its `import-worker_loader.js`) are classic scripts: the loader calls the glue's global
// `wasm_bindgen`, which must keep its name.
const workers = new Set(files.filter((f) => f.endsWith('_loader.js')).map((f) => f.slice(0, -'_loader.js'.length)));
const isWorkerScript = (name) => workers.has(name.replace(/(_loader)?\.js$/, ''));

const newHash = new Map(); // old integrity value -> new one
for (const name of files.filter((f) => f.endsWith('.js'))) {
  const path = join(dist, name);
  const source = readFileSync(path);
  const result = await minify(source.toString('utf8'), {
    // A module's exports keep their names (the page imports `init` and the bindings by name).
    module: !isWorkerScript(name),
    compress: { passes: 2 },
    mangle: true,
    format: { comments: false },
  });
  if (typeof result.code !== 'string' || result.code.length === 0) {
    throw new Error(`terser produced nothing for ${path}`);
  }
  writeFileSync(path, result.code);
  newHash.set(sri(source), sri(Buffer.from(result.code, 'utf8')));
  console.log(`minified ${name}: ${source.length} -> ${result.code.length} bytes`);
}

for (const name of files.filter((f) => f.endsWith('.html'))) {
  const path = join(dist, name);
  const page = readFileSync(path, 'utf8');
  const updated = page.replace(/sha384-[A-Za-z0-9+/=]+/g, (hash) => newHash.get(hash) ?? hash);
  if (updated !== page) writeFileSync(path, updated);
}
