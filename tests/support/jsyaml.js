// The node side shared by the tests that ask js-yaml 4 (the Hub's parser) how it reads YAML
// texts: tests/parity/check.js, tests/pyyaml/load.js and tests/differential/judge.js. Each of
// those says what it answers for a text; this module loads js-yaml and runs the line protocol.
//
// js-yaml is loaded from $JS_YAML (the Rust tests set it to the copy tests/support/tools.rs
// installs), else from target/test-tools/npm/node_modules; when it cannot be loaded, the
// process exits with status 3 and says why on stderr.
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

// The first line of what a throw says (js-yaml's message, with its snippet below it, cut off).
function firstLine(e) {
  return String(e && e.message ? e.message : e).split('\n')[0];
}

// Reads one JSON string per line from stdin (empty lines skipped) and writes `answer(text)` as
// one JSON line to stdout for each, in order, as soon as it is known: a caller may keep the
// process and send more texts later. U+2028 and U+2029 are escaped, so that no reader takes them
// for line ends.
function serve(answer) {
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  lines.on('line', (line) => {
    if (line === '') return;
    const json = JSON.stringify(answer(JSON.parse(line)));
    process.stdout.write(json.replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029') + '\n');
  });
}

module.exports = { yaml, firstLine, serve };
