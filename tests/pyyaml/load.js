// Loads YAML texts with js-yaml 4 (the Hub's parser), one verdict per text, in the shape of
// tests/pyyaml/load.py (read it for the format): {"ok": true, "gate": …} or {"ok": false,
// "error": "<js-yaml's message>"}. The gate keys' values are normalised as load.py does.
// js-yaml and the line protocol: tests/support/jsyaml.js.
'use strict';

const { yaml, firstLine, serve } = require('../support/jsyaml');

function num(n) {
  if (Number.isNaN(n)) return { num: 'NaN' };
  if (!Number.isFinite(n)) return { num: n > 0 ? 'Infinity' : '-Infinity' };
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

serve((text) => {
  try {
    const data = yaml.load(text);
    let g = null;
    try {
      g = gate(data);
    } catch (e) {
      g = null;
    }
    return { ok: true, gate: g };
  } catch (e) {
    return { ok: false, error: firstLine(e) };
  }
});
