// A small static file server for build/web: the right MIME types for .wasm,
// no caching (a rebuilt module is picked up on reload), loopback only.
// Usage: node tools/serve.mjs [--port N] [--dir PATH]
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.pcap': 'application/vnd.tcpdump.pcap',
  '.otf': 'font/otf',  // the Chinese font, fetched when lang=zh-CN
};

export function startServer({ dir, port = 8000, host = '127.0.0.1' }) {
  const root = resolve(dir);
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      let file = normalize(join(root, path));
      if (file !== root && !file.startsWith(root + sep)) {
        res.writeHead(403).end('forbidden');
        return;
      }
      if ((await stat(file).catch(() => null))?.isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, {
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Cache-Control': 'no-store',
      });
      res.end(body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolvePromise(server));
  });
}

function parseArgs(argv) {
  const opts = { port: Number(process.env.PORT ?? 8000), dir: 'build/web' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--port' || arg === '--dir') {
      const value = argv[++i];
      if (value === undefined) throw new Error(`${arg} needs a value`);
      if (arg === '--port') {
        opts.port = Number(value);
        if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535)
          throw new Error(`--port must be a whole number from 0 to 65535, got '${value}'`);
      } else opts.dir = value;
    } else throw new Error(`unknown argument '${arg}' (usage: serve.mjs [--port N] [--dir PATH])`);
  }
  return opts;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const opts = parseArgs(process.argv.slice(2));
    const server = await startServer(opts);
    const { port } = server.address();
    console.log(`TCP Lab is running at http://127.0.0.1:${port}/  (Ctrl+C stops it)`);
  } catch (err) {
    console.error(`serve: ${err.message}`);
    process.exit(2);
  }
}
