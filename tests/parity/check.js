// Loads YAML texts with js-yaml 4, the Hub's parser, and prints one verdict per text.
//
// stdin: one JSON string per line (the YAML text). stdout: one JSON object per line,
// {"ok": true} or {"ok": false, "error": "<js-yaml's message>"}, in the same order.
// js-yaml is loaded from $JS_YAML (tests/parity.rs sets it to the copy that tests/support/tools.rs
// installs under target/test-tools/npm), else from target/test-tools/npm/node_modules.
'use strict';

const path = require('path');
const readline = require('readline');

const where = process.env.JS_YAML || path.join(__dirname, '..', '..', 'target', 'test-tools', 'npm', 'node_modules', 'js-yaml');
let yaml;
try {
  yaml = require(where);
} catch (e) {
  process.stderr.write(`cannot load js-yaml from ${where}: ${e.message}\n`);
  process.exit(3);
}

const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
const out = [];
lines.on('line', (line) => {
  if (line === '') return;
  const text = JSON.parse(line);
  let verdict;
  try {
    yaml.load(text);
    verdict = { ok: true };
  } catch (e) {
    verdict = { ok: false, error: String(e && e.message ? e.message : e).split('\n')[0] };
  }
  out.push(JSON.stringify(verdict));
});
lines.on('close', () => {
  process.stdout.write(out.join('\n') + (out.length ? '\n' : ''));
});
