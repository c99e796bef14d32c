#!/bin/sh
# The long differential run against js-yaml 4 (the Hub's parser): N documents (default 100000)
# from SEED (default 1), generated and mutated by tests/support/yamlgen.rs, each judged by
# js-yaml (tests/differential/judge.js) and by gatelint. Prints the disagreements grouped by
# cause, each with a minimal example. Needs node (js-yaml is installed by the test on first use).
#
#   scripts/differential.sh [SEED] [N]
set -eu
cd "$(dirname "$0")/.."
GATELINT_DIFF_SEED="${1:-1}" GATELINT_DIFF_N="${2:-100000}" \
    exec cargo test --test differential long -- --ignored --nocapture
