// A small static file server for the built site: correct MIME types (application/wasm),
// no caching, nothing served outside the folder. Used by `tools/serve`, the browser tests
// (tests/e2e/harness.mjs) and `tools/bench`.
//
//   node tools/static-server.mjs DIR [PORT]
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/**
 * Serves `root` under `prefix` on 127.0.0.1 at `port` (0: a free port). Files are read on every request
 * (no caching), so a rebuild of dist/ during a run is picked up.
 * Resolves to { origin, url, close() }.
 */
export async function startServer(root, prefix = '/', port = 0) {
  const server = http.createServer((req, res) => {
    const send = (status, body, type = 'text/plain; charset=utf-8', extra = {}) => {
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...extra });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    } catch {
      return send(400, 'bad request');
    }
    if (pathname === prefix.replace(/\/$/, '')) return send(301, '', undefined, { Location: prefix });
    if (!pathname.startsWith(prefix)) return send(404, 'not found');
    let rel = pathname.slice(prefix.length) || 'index.html';
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.resolve(root, rel);
    if (file !== root && !file.startsWith(root + path.sep)) return send(403, 'forbidden');
    fs.readFile(file, (err, data) => {
      if (err) return send(404, 'not found');
      send(200, data, MIME[path.extname(file).toLowerCase()] || 'application/octet-stream');
    });
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    url: origin + prefix,
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()); }),
  };
}


if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(process.argv[2] ?? 'dist');
  const port = Number(process.argv[3] ?? 8080);
  const { url } = await startServer(root, '/', port);
  console.log(`PhotoCalc is served at ${url}  (Ctrl-C stops)`);
}
