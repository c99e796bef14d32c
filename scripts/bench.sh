#!/usr/bin/env bash
# Side-by-side benchmark: gatelint vs `find | xargs cat` vs the Python peer (huggingface_hub),
# on a corpus from ../shared/bench/gen_corpus.py. Prints hyperfine's tables, the ratios, peak RSS
# and gatelint's score against the corpus manifest.
#
#   scripts/bench.sh [SEED] [N] [WORKDIR]        (defaults: 1 10000 /tmp/gatelint-bench)
#
# Needs hyperfine and GNU time (Debian: apt-get install hyperfine time) and, for the peer,
# pip install -r ../shared/bench/requirements.txt. Env: RUNS (default 10), PEER_N (2000),
# BENCH_DIR (../shared/bench), THREADS (gatelint --threads, default 0 = one per core).
set -euo pipefail
seed=${1:-1}
n=${2:-10000}
work=${3:-/tmp/gatelint-bench}
runs=${RUNS:-10}
peer_n=${PEER_N:-2000}
threads=${THREADS:-0}
root=$(cd "$(dirname "$0")/.." && pwd)
bench=${BENCH_DIR:-$root/../shared/bench}
mkdir -p "$work"

cargo build --release --quiet --manifest-path "$root/Cargo.toml"
bin=$root/target/release/gatelint

corpus() { # N -> directory (generated once per seed and size)
    local dir=$work/corpus-$1-s$seed
    [ -f "$dir/manifest.json" ] || python3 "$bench/gen_corpus.py" --out "$dir" --n "$1" --seed "$seed" >&2
    echo "$dir"
}
big=$(corpus "$n")
small=$(corpus "$peer_n") # the first $peer_n cards of $big: card i depends only on (seed, i)

gl() { echo "$bin check --format concise --quiet --threads $threads $1 > /dev/null || [ \$? -eq 1 ]"; }
cat_cards() { echo "find $1 -name README.md -print0 | xargs -0 cat > /dev/null"; }

echo "## $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "## $n cards (seed $seed): gatelint vs cat"
hyperfine --style basic --warmup 2 --runs "$runs" --export-json "$work/big.json" \
    -n gatelint "$(gl "$big")" -n cat "$(cat_cards "$big")"

echo "## $peer_n cards (seed $seed): gatelint vs the peer (huggingface_hub + PyYAML)"
hyperfine --style basic --warmup 1 --runs "$runs" --export-json "$work/small-gl.json" \
    -n gatelint "$(gl "$small")"
hyperfine --style basic --warmup 0 --runs 1 -i --export-json "$work/small-peer.json" \
    -n peer "python3 $bench/peer_hf_hub.py $small > /dev/null"

rss() { # command... -> peak RSS in MB
    /usr/bin/time -f '%M' -o "$work/rss" "$@" > /dev/null 2>&1 || true
    tail -n 1 "$work/rss" | awk '{printf "%.1f", $1 / 1024}'
}
python3 - "$work" "$n" "$peer_n" "$(rss "$bin" check --quiet --format concise "$big")" \
    "$(rss "$bin" check --quiet --format json "$big")" <<'PY'
import json, sys
work, n, peer_n, rss_concise, rss_json = sys.argv[1:]
def mean(file, name):
    return next(r for r in json.load(open(f"{work}/{file}"))["results"] if r["command"] == name)
gl, cat = mean("big.json", "gatelint"), mean("big.json", "cat")
gl_small, peer = mean("small-gl.json", "gatelint"), mean("small-peer.json", "peer")
print(f"\n| corpus | step | wall s (mean) | ± | CPU s (user+sys) |")
print(f"|---|---|---:|---:|---:|")
for corpus, name, r in [(n, "gatelint", gl), (n, "cat", cat), (peer_n, "gatelint", gl_small), (peer_n, "peer", peer)]:
    print(f"| {corpus} | {name} | {r['mean']:.3f} | {r['stddev'] or 0:.3f} | {r['user'] + r['system']:.2f} |")
print(f"\ngatelint / cat wall time on {n} cards: {gl['mean'] / cat['mean']:.2f}x (target <= 1.0)")
print(f"peer / gatelint wall time on {peer_n} cards: {peer['mean'] / gl_small['mean']:.0f}x faster (target >= 100)")
print(f"gatelint peak RSS on {n} cards: {rss_concise} MB concise, {rss_json} MB json (target <= 30)")
PY

echo
echo "## score of gatelint's findings on $n cards"
GATELINT=$bin "$root/scripts/score.sh" "$big"
