// Loads YAML texts with js-yaml 4, the Hub's parser, and prints one verdict per text.
//
// stdin: one JSON string per line (the YAML text). stdout: one JSON object per line,
// {"ok": true} or {"ok": false, "error": "<js-yaml's message>"}, in the same order.
// js-yaml and the line protocol: tests/support/jsyaml.js.
'use strict';

const { yaml, firstLine, serve } = require('../support/jsyaml');

serve((text) => {
  try {
    yaml.load(text);
    return { ok: true };
  } catch (e) {
    return { ok: false, error: firstLine(e) };
  }
});
