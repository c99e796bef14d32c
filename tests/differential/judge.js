// The Hub's reading of YAML texts, for tests/differential.rs: loads each text with js-yaml 4 and
// prints whether it loads and, when it does, the gate keys' values as js-yaml builds them.
//
// stdin: one JSON string per line (a YAML text). stdout: one JSON object per line, in order:
//   {"ok": false, "error": "<js-yaml's message, first line>", "line": <1-based line or null>}
//   {"ok": true, "gate": null}                  the top level is not a mapping
//   {"ok": true, "gate": {"<key>": <value>, …}} the gate keys present at the top level
// Values are JSON, with what JSON cannot hold tagged: {"$date": ISO string}, {"$binary": base64},
// {"$num": "Infinity" | "-Infinity" | "NaN"}. js-yaml and the line protocol: tests/support/jsyaml.js.
'use strict';

const { yaml, serve } = require('../support/jsyaml');

const GATE_KEYS = [
  'extra_gated_fields',
  'extra_gated_prompt',
  'extra_gated_heading',
  'extra_gated_description',
  'extra_gated_button_content',
  'extra_gated_eu_disallowed',
  'gated',
];

// A gate key's value past this many nodes (an alias bomb) or this deep (a mapping holding an
// alias to itself) is not compared: `{"$big": true}`, as tests/differential.rs's `to_json` bounds
// gatelint's side, key by key.
const BUDGET = 100000;
const DEPTH = 200;
let budget = 0;

function convert(v, depth = 0) {
  if (--budget < 0 || depth > DEPTH) throw new Error('too big');
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') {
    if (Number.isFinite(v)) return Object.is(v, -0) ? 0 : v;
    return { $num: String(v) };
  }
  // A lone surrogate (`"\ud800"`) is no JSON a Rust reader takes: U+FFFD instead.
  if (typeof v === 'string') return v.toWellFormed();
  if (typeof v === 'boolean') return v;
  if (v instanceof Date) return { $date: Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString() };
  if (v instanceof Uint8Array) return { $binary: Buffer.from(v).toString('base64') };
  if (Array.isArray(v)) return v.map((item) => convert(item, depth + 1));
  const out = {};
  for (const k of Object.keys(v)) {
    // `__proto__` is an ordinary key to js-yaml; keep it one here too.
    Object.defineProperty(out, k.toWellFormed(), { value: convert(v[k], depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function judge(text) {
  let doc;
  try {
    doc = yaml.load(text);
  } catch (e) {
    const mark = e && e.mark;
    return {
      ok: false,
      error: String(e && e.reason ? e.reason : e && e.message ? e.message : e).split('\n')[0].toWellFormed(),
      line: mark && typeof mark.line === 'number' ? mark.line + 1 : null,
    };
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc) || doc instanceof Date || doc instanceof Uint8Array) {
    return { ok: true, gate: null };
  }
  const gate = {};
  for (const key of GATE_KEYS) {
    if (Object.prototype.hasOwnProperty.call(doc, key)) {
      budget = BUDGET;
      try {
        gate[key] = convert(doc[key]);
      } catch (e) {
        gate[key] = { $big: true };
      }
    }
  }
  return { ok: true, gate };
}

serve(judge);
