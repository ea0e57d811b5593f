// gzip-server.mjs — serves a built site's public/ on a loopback port as a
// static host does: gzip for text, JSON and the search index's .bin
// files (compressed once and kept), 404 for what is missing. Used by
// search.mjs and bench/search.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript',
  '.svg': 'image/svg+xml', '.xml': 'application/xml', '.json': 'application/json',
  '.png': 'image/png', '.bin': 'application/octet-stream', '.pf_meta': 'application/octet-stream',
  '.pf_index': 'application/octet-stream', '.pf_fragment': 'application/octet-stream',
  '.pagefind': 'application/octet-stream', '.wasm': 'application/wasm' };
const packed = new Set(['.pf_meta', '.pf_index', '.pf_fragment', '.pagefind', '.png']); // already gzipped or binary images

export async function serve(root) {
  const cache = new Map();
  const server = http.createServer((req, res) => {
    let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (p.endsWith('/')) p += 'index.html';
    const file = path.join(root, path.normalize(p));
    if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404); res.end('not found'); return;
    }
    const ext = path.extname(file);
    const head = { 'content-type': types[ext] || 'application/octet-stream' };
    const gz = !packed.has(ext) && /gzip/.test(req.headers['accept-encoding'] || '');
    if (!gz) { res.writeHead(200, head); fs.createReadStream(file).pipe(res); return; }
    let body = cache.get(file);
    if (!body) { body = zlib.gzipSync(fs.readFileSync(file), { level: 9 }); cache.set(file, body); }
    res.writeHead(200, { ...head, 'content-encoding': 'gzip', 'content-length': body.length });
    res.end(body);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { server, origin: `http://127.0.0.1:${server.address().port}` };
}
