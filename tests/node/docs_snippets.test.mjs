// Every ```js block of docs/embedding.md's API sections runs as pasted: each
// is a program of its own, run as an ES module from the repository root (so
// './build/web/tcplab-core.js' is the module this build made). Blocks marked
// ```js browser need the page; tests/browser runs those.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const doc = readFileSync(join(root, 'docs/embedding.md'), 'utf8');
const sections = ['JavaScript API', 'Events', 'Headless grading in Node'];

// The ```js blocks under the given "## " headings, with their line numbers.
function jsBlocks(markdown) {
  const blocks = [];
  let section = null;
  let block = null;
  markdown.split('\n').forEach((line, i) => {
    if (block) {
      if (line.startsWith('```')) {
        blocks.push(block);
        block = null;
      } else {
        block.code += line + '\n';
      }
      return;
    }
    if (line.startsWith('## ')) section = line.slice(3).trim();
    const fence = /^```(\S*)\s*(.*)$/.exec(line);
    if (!fence) return;
    block = { section, line: i + 1, lang: fence[1], info: fence[2].trim(), code: '' };
    if (!sections.includes(section) || fence[1] !== 'js' || fence[2].trim() === 'browser') block.skip = true;
  });
  return blocks.filter((b) => !b.skip);
}

const blocks = jsBlocks(doc);

test('the API sections have Node examples to run', () => {
  for (const s of sections) assert.ok(doc.includes(`\n## ${s}\n`), `no section "## ${s}"`);
  assert.ok(blocks.length >= 5, `only ${blocks.length} js blocks`);
});

for (const b of blocks) {
  test(`docs/embedding.md:${b.line} (${b.section}) runs in Node`, () => {
    const run = spawnSync(process.execPath, ['--input-type=module'], {
      cwd: root, input: b.code, encoding: 'utf8', timeout: 60000,
    });
    assert.equal(run.status, 0, `the block at line ${b.line} failed:\n${run.stderr}${run.stdout}`);
  });
}
