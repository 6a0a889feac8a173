// Makes one self-contained HTML file of a page of the lab: every local
// <script src>, stylesheet <link> and icon <link> is replaced by its content
// (the icon as a data: URL), so the file works opened straight from disk
// (file://) with no server and no request. The web build runs it on the
// SINGLE_FILE link of the page's module (docs/embedding.md, "Offline: one
// HTML file").
//
// Usage: node tools/inline_page.mjs --html PAGE.html --dir DIR --out OUT.html [--file NAME=PATH]... [--embed ID=PATH]...
//   --dir: where the page's files are looked up; --file: this NAME comes from PATH instead;
//   --embed: PATH's bytes as base64 in <script type="application/octet-stream" id="ID"> first in
//   <body> (data the page reads when it needs it, such as the Chinese font).
// Fails, naming it, on a reference it cannot inline (a remote URL, a missing file).
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MIME = { '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon' };

function parseArgs(argv) {
  const opts = { files: {}, embeds: {} };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--html') opts.html = value;
    else if (flag === '--dir') opts.dir = value;
    else if (flag === '--out') opts.out = value;
    else if (flag === '--file' && value.includes('=')) {
      const at = value.indexOf('=');
      opts.files[value.slice(0, at)] = value.slice(at + 1);
    } else if (flag === '--embed' && value.includes('=')) {
      const at = value.indexOf('=');
      opts.embeds[value.slice(0, at)] = value.slice(at + 1);
    } else throw new Error(`unknown argument '${flag} ${value}'`);
  }
  for (const need of ['html', 'dir', 'out']) if (!opts[need]) throw new Error(`--${need} is required`);
  return opts;
}

// Text placed inside <script>...</script> must not end the element early or
// open an HTML comment's "escaped" state; both only matter outside JS strings
// in theory, and inside them "\/" and "\!" read as "/" and "!".
export function scriptSafe(js) {
  return js.replace(/<\/script/gi, '<\\/script').replace(/<!--/g, '<\\!--');
}

export function inlinePage(html, read) {
  const attr = (tag, name) => tag.match(new RegExp(`\\s${name}\\s*=\\s*"([^"]*)"`, 'i'))?.[1];
  const local = (ref) => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(ref) || ref.startsWith('//')) throw new Error(`cannot inline the remote reference '${ref}'`);
    return ref.split(/[?#]/)[0];
  };
  let out = html.replace(/<script\b([^>]*)\bsrc\s*=\s*"([^"]*)"([^>]*)><\/script>/gi, (_, before, src, after) => {
    // async/defer mean nothing for inline scripts: they run in document order.
    const rest = `${before}${after}`.replace(/\s(async|defer)\b/gi, '').trim();
    return `<script${rest ? ' ' + rest : ''}>\n${scriptSafe(read(local(src)).toString('utf8'))}\n</script>`;
  });
  out = out.replace(/<link\b[^>]*>/gi, (tag) => {
    const rel = (attr(tag, 'rel') ?? '').toLowerCase();
    const href = attr(tag, 'href');
    if (!href) return tag;
    // A preload of the module's wasm: the one file has the wasm inlined, and from disk there is nothing to fetch.
    if (rel === 'preload') return '';
    if (rel === 'stylesheet') return `<style>\n${read(local(href)).toString('utf8')}\n</style>`;
    if (rel.split(/\s+/).includes('icon')) {
      const file = local(href);
      const type = attr(tag, 'type') ?? MIME[extname(file)] ?? 'application/octet-stream';
      return tag.replace(/\shref\s*=\s*"[^"]*"/i, ` href="data:${type};base64,${read(file).toString('base64')}"`);
    }
    return tag;
  });
  return out;
}

// Bytes the page reads only when it needs them, as base64 text that no
// browser runs (a non-JavaScript script type), placed first in <body> so
// that the page's scripts find it as they run.
export function embedData(html, id, bytes) {
  const tag = `\n<script type="application/octet-stream" id="${id}">${bytes.toString('base64')}</script>`;
  const body = /<body\b[^>]*>/i.exec(html);
  if (!body) throw new Error(`no <body> to put the data '${id}' in`);
  const at = body.index + body[0].length;
  return html.slice(0, at) + tag + html.slice(at);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const opts = parseArgs(process.argv.slice(2));
    const read = (name) => {
      const path = opts.files[name] ?? join(opts.dir, name);
      try {
        return readFileSync(path);
      } catch {
        throw new Error(`'${name}' is referenced by ${opts.html} but ${path} cannot be read`);
      }
    };
    let page = inlinePage(readFileSync(opts.html, 'utf8'), read);
    for (const [id, path] of Object.entries(opts.embeds)) page = embedData(page, id, readFileSync(path));
    mkdirSync(dirname(opts.out), { recursive: true });
    writeFileSync(opts.out, page);
  } catch (err) {
    console.error(`inline_page: ${err.message}`);
    process.exit(1);
  }
}
