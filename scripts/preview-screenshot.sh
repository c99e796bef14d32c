#!/usr/bin/env bash
# Renders `gatelint preview --format html CARD` in headless Chromium: a screenshot, and a check
# that every label, note, heading and the button is laid out visibly (non-zero size, not hidden).
#
#   scripts/preview-screenshot.sh CARD [OUT_DIR]
#
# Writes OUT_DIR/preview.html (the page), OUT_DIR/preview.png (1000x1400 screenshot) and
# OUT_DIR/visibility.txt (one VISIBLE/HIDDEN line per element). Exits non-zero when Chromium
# fails, when an element is hidden, or when a field label is missing from the rendered page;
# exits 3, after writing preview.html, when Chromium is not installed.
#
# The gatelint it runs: $GATELINT when set; else this checkout's own, built with `cargo build`
# (so the page shows the code you are looking at); else `gatelint` on PATH.
# Needs Chromium (Debian: `apt-get install -y chromium`).
set -euo pipefail

usage="usage: preview-screenshot.sh CARD [OUT_DIR]   (GATELINT=path/to/gatelint to choose the binary)"
card=${1:?$usage}
out=${2:-preview-out}
mkdir -p "$out"
out=$(cd "$out" && pwd)
here=$(cd "$(dirname "$0")/.." && pwd)

gatelint=${GATELINT:-}
if [[ -z $gatelint ]] && command -v cargo >/dev/null 2>&1; then
  # Build this checkout's binary (a no-op when it is up to date) and ask cargo where it is.
  gatelint=$(cargo build --quiet --manifest-path "$here/Cargo.toml" --bin gatelint \
      --message-format json-render-diagnostics \
    | sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -n 1) \
    || { echo "preview-screenshot: cargo build failed" >&2; exit 1; }
fi
if [[ -z $gatelint ]]; then
  gatelint=$(command -v gatelint || true)
fi
if [[ -z $gatelint ]]; then
  echo "preview-screenshot: no gatelint: install cargo (to build this checkout), put gatelint on PATH, or set GATELINT" >&2
  exit 1
fi

"$gatelint" preview --format html "$card" > "$out/preview.html"

chromium=$(command -v chromium || command -v chromium-browser || true)
if [[ -z $chromium ]]; then
  echo "preview-screenshot: chromium not found (apt-get install -y chromium)" >&2
  exit 3
fi

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
flags=(--headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking
       --disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$profile")

# 1. The screenshot of the page exactly as gatelint wrote it.
timeout 120 "$chromium" "${flags[@]}" --screenshot="$out/preview.png" --window-size=1000,1400 \
  "file://$out/preview.html" 2> "$out/chromium.log" >/dev/null

# 2. A copy with a checker appended (the page's own CSP forbids scripts, so the copy drops it):
#    it lists each label, note, heading and button with whether it is laid out visibly.
checker='<script>
const lines = [];
document.querySelectorAll("h1, label, .note, .invalid, .eu, .fine, button").forEach((el) => {
  const r = el.getBoundingClientRect();
  const s = getComputedStyle(el);
  const shown = r.width > 0 && r.height > 0 && s.visibility !== "hidden" && s.display !== "none"
    && parseFloat(s.opacity) > 0 && parseFloat(s.fontSize) >= 10;
  const label = el.matches("label") ? (el.querySelector("span") || el).textContent : el.textContent;
  lines.push((shown ? "VISIBLE " : "HIDDEN ") + el.tagName.toLowerCase() + " " + label.trim().replace(/\s+/g, " "));
});
const pre = document.createElement("pre");
pre.id = "gatelint-visibility";
pre.textContent = "\n" + lines.join("\n") + "\n";
document.body.appendChild(pre);
</script>'
sed -e '/Content-Security-Policy/d' "$out/preview.html" \
  | CHECKER=$checker awk '/<\/body>/ { print ENVIRON["CHECKER"] } { print }' > "$out/check.html"
timeout 120 "$chromium" "${flags[@]}" --window-size=1000,1400 --dump-dom "file://$out/check.html" \
  2>> "$out/chromium.log" > "$out/dom.html"

sed -n '/<pre id="gatelint-visibility">/,/<\/pre>/p' "$out/dom.html" \
  | grep -E '^(VISIBLE|HIDDEN) ' | sed -e 's/&amp;/\&/g; s/&lt;/</g; s/&gt;/>/g' > "$out/visibility.txt" || true

status=0
if [[ ! -s $out/visibility.txt ]]; then
  echo "preview-screenshot: the checker produced nothing (see $out/chromium.log)" >&2
  exit 1
fi
if grep -q '^HIDDEN ' "$out/visibility.txt"; then
  echo "preview-screenshot: hidden elements:" >&2
  grep '^HIDDEN ' "$out/visibility.txt" >&2
  status=1
fi
# Every field label of the page must be among the visible elements.
labels=$(grep -c '<label ' "$out/preview.html" || true)
visible_labels=$(grep -c '^VISIBLE label ' "$out/visibility.txt" || true)
if [[ $labels != "$visible_labels" ]]; then
  echo "preview-screenshot: $labels labels in the page, $visible_labels visible" >&2
  status=1
fi
if ! grep -q '^VISIBLE button ' "$out/visibility.txt"; then
  echo "preview-screenshot: the button is not visible" >&2
  status=1
fi
[[ -s $out/preview.png ]] || { echo "preview-screenshot: no screenshot" >&2; status=1; }
echo "preview-screenshot: $visible_labels visible labels; screenshot $out/preview.png"
exit $status
