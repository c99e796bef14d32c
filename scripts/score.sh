#!/usr/bin/env bash
# Scores gatelint's findings on a generated corpus against its manifest (recall and precision per
# defect code), with ../shared/bench/score.py.
#
#   scripts/score.sh CORPUS_DIR [GATELINT_OUTPUT]
#
# Without GATELINT_OUTPUT, runs target/release/gatelint (or $GATELINT) on CORPUS_DIR first.
# Extra flags for score.py (e.g. --json) go in $SCORE_FLAGS.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bench=${BENCH_DIR:-$root/../shared/bench}
corpus=${1:?usage: scripts/score.sh CORPUS_DIR [GATELINT_OUTPUT]}
output=${2:-}
if [ -z "$output" ]; then
    bin=${GATELINT:-$root/target/release/gatelint}
    output=$(mktemp)
    trap 'rm -f "$output"' EXIT
    "$bin" check --format concise --quiet "$corpus" > "$output" || [ $? -eq 1 ]
fi
# gatelint rule name = the corpus's defect code.
map=yaml-syntax-error=yaml_syntax
map+=,unterminated-front-matter=no_front_matter,missing-front-matter=no_front_matter
map+=,invalid-utf8=invalid_utf8,duplicate-key=duplicate_key,unknown-gate-key=typo_key
map+=,gate-text-not-string=non_string_gate_text,fields-not-mapping=fields_not_mapping
map+=,unknown-field-type=unknown_field_type,select-without-options=select_without_options
map+=,invalid-select-option=bad_option,unexpected-field-key=bad_option
# Only errors and warnings count as reports (infos are hints, not defects). SEVERITY=error scores
# errors only: the corpus counts a BOM or a closing fence with trailing blanks as valid, where
# gatelint warns by design (front-matter-bom, fence-trailing-whitespace).
grep -E ": (${SEVERITY:-error|warning}): " "$output" \
    | python3 "$bench/score.py" --manifest "$corpus/manifest.json" --map "$map" ${SCORE_FLAGS:-}
