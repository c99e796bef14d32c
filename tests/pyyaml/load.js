// Loads YAML texts with js-yaml 4 (the Hub's parser), one verdict per text, in the shape of
// tests/pyyaml/load.py (read it for the format): {"ok": true, "gate": …} or {"ok": false,
// "error": "<js-yaml's message>"}. The gate keys' values are normalised as load.py does.
// js-yaml is loaded from $JS_YAML (tests/pyyaml.rs sets it to the copy tests/support/tools.rs
// installs under target/test-tools/npm).
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

function num(n) {
  if (Number.isNaN(n)) return { num: 'NaN' };
  if (!Number.isFinite(n)) return { num: n > 0 ? 'Infinity' : '-Infinity' };
  if (Number.isInteger(n) && Math.abs(n) < 2 ** 53) return { num: String(n) };
  return { num: String(n) };
}

function norm(v) {
  if (v === null || v === undefined || typeof v === 'string') return v === undefined ? null : v;
  if (typeof v === 'boolean') return { bool: v };
  if (typeof v === 'number') return num(v);
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return { date: 'Invalid' };
    return { date: v.toISOString().replace(/Z$/, '') };
  }
  if (v instanceof Uint8Array || (typeof Buffer !== 'undefined' && Buffer.isBuffer(v))) {
    return { bytes: Buffer.from(v).toString('base64') };
  }
  if (Array.isArray(v)) return v.map(norm);
  if (typeof v === 'object') return Object.keys(v).map((k) => [k, norm(v[k])]);
  return { other: String(v) };
}

function gate(data) {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return null;
  return Object.keys(data)
    .filter((k) => k.startsWith('extra_gated_') || k === 'gated')
    .map((k) => [k, norm(data[k])]);
}

const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
const out = [];
lines.on('line', (line) => {
  if (line === '') return;
  const text = JSON.parse(line);
  let verdict;
  try {
    const data = yaml.load(text);
    let g = null;
    try {
      g = gate(data);
    } catch (e) {
      g = null;
    }
    verdict = { ok: true, gate: g };
  } catch (e) {
    verdict = { ok: false, error: String(e && e.message ? e.message : e).split('\n')[0] };
  }
  // U+2028 and U+2029 escaped, so that no reader takes them for line ends.
  out.push(JSON.stringify(verdict).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029'));
});
lines.on('close', () => {
  process.stdout.write(out.join('\n') + (out.length ? '\n' : ''));
});
