#!/usr/bin/env bash
# Installs gatelint for the GitHub Action (action.yml), without compiling:
#
#   GATELINT_VERSION=0.1.0 scripts/install-action.sh
#
# 1. Downloads the release archive for this runner's OS and architecture
#    (gatelint-TARGET-vVERSION.tgz, .zip on Windows: cargo-binstall's layout) and its .sha256
#    from GATELINT_DOWNLOAD_URL/vVERSION/ (default: the GitHub releases of gatelint/gatelint), and
#    verifies the checksum. A mismatch is fatal: nothing is installed and nothing else is tried.
# 2. When there is no archive for this platform (or it cannot be downloaded), installs the wheel
#    instead: `pip install gatelint==VERSION` into a virtual environment.
# 3. Only with GATELINT_FROM_SOURCE=true: `cargo install --locked` from the action's checkout.
#
# The binary goes to GATELINT_INSTALL_DIR (default: $RUNNER_TEMP/gatelint), which is added to
# GITHUB_PATH when that is set. GATELINT_TARGET overrides the detected target triple.
# Needs bash, curl, tar (unzip on Windows) and sha256sum or shasum; python3 for the fallback.
# tests/action.rs runs it offline against a release folder it builds (file:// URLs).
set -euo pipefail

say() { printf 'install-gatelint: %s\n' "$*" >&2; }
fail() {
  printf '::error title=gatelint install::%s\n' "$*"
  say "$*"
  exit 1
}

version=${GATELINT_VERSION:?set GATELINT_VERSION, e.g. 0.1.0}
version=${version#v}
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?$ ]] || fail "not a version: $version"
base=${GATELINT_DOWNLOAD_URL:-https://github.com/gatelint/gatelint/releases/download}
dest=${GATELINT_INSTALL_DIR:-${RUNNER_TEMP:-/tmp}/gatelint}
mkdir -p "$dest"

target() {
  local os arch
  case "$(uname -s)" in
    Linux) os=unknown-linux-musl ;;   # static: runs on any Linux runner or container
    Darwin) os=apple-darwin ;;
    MINGW* | MSYS* | CYGWIN* | Windows_NT) os=pc-windows-msvc ;;
    *) return 1 ;;
  esac
  case "$(uname -m)" in
    x86_64 | amd64) arch=x86_64 ;;
    aarch64 | arm64) arch=aarch64 ;;
    *) return 1 ;;
  esac
  # Windows on Arm runs the x86_64 build.
  [[ $os == pc-windows-msvc ]] && arch=x86_64
  printf '%s-%s\n' "$arch" "$os"
}

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d' ' -f1
  else
    shasum -a 256 "$1" | cut -d' ' -f1
  fi
}

publish() {
  local dir=$1 how=$2
  "$dir/gatelint$exe" --version >/dev/null || fail "the installed gatelint does not run"
  if [[ -n ${GITHUB_PATH:-} ]]; then
    printf '%s\n' "$dir" >> "$GITHUB_PATH"
  fi
  say "installed gatelint $version ($how) in $dir"
  printf '%s\n' "$dir/gatelint$exe"
}

from_archive() {
  local triple=$1 kind=tgz
  [[ $triple == *windows* ]] && kind=zip
  local stem="gatelint-$triple-v$version"
  local name="$stem.$kind"
  local url="$base/v$version/$name"
  local work
  work=$(mktemp -d)
  # Downloads go to a fresh private folder; only the one expected member is extracted.
  if ! curl --fail --silent --show-error --location --retry 3 -o "$work/$name" "$url" 2>"$work/curl.log" \
    || ! curl --fail --silent --show-error --location --retry 3 -o "$work/$name.sha256" "$url.sha256" 2>>"$work/curl.log"; then
    say "no release archive at $url: $(tr '\n' ' ' < "$work/curl.log")"
    rm -rf "$work"
    return 1
  fi
  local expected actual listed
  read -r expected listed < "$work/$name.sha256" || true
  expected=$(printf '%s' "${expected:-}" | tr 'A-F' 'a-f')
  actual=$(sha256 "$work/$name")
  if [[ $expected != "$actual" || ${listed:-} != "$name" ]]; then
    rm -rf "$work"
    fail "checksum mismatch for $name: expected ${expected:-nothing} (for ${listed:-?}), got $actual; refusing to install"
  fi
  mkdir "$work/x"
  if [[ $kind == zip ]]; then
    unzip -q "$work/$name" "$stem/gatelint$exe" -d "$work/x" || fail "cannot unpack $name"
  else
    tar -xzf "$work/$name" -C "$work/x" "$stem/gatelint$exe" || fail "cannot unpack $name"
  fi
  [[ -f $work/x/$stem/gatelint$exe && ! -L $work/x/$stem/gatelint$exe ]] \
    || fail "$name does not hold $stem/gatelint$exe"
  # Replaces any previous binary; the destination is ours (a fresh runner folder).
  cp "$work/x/$stem/gatelint$exe" "$dest/gatelint$exe"
  chmod 755 "$dest/gatelint$exe"
  rm -rf "$work"
  publish "$dest" "release archive $name, sha256 verified"
}

from_pip() {
  local python
  python=$(command -v python3 || command -v python) || fail "no release archive for this platform and no python for pip"
  local venv="$dest/venv"
  "$python" -m venv "$venv" || fail "python -m venv failed"
  local bin="$venv/bin"
  [[ -d $venv/Scripts ]] && bin="$venv/Scripts"
  "$bin/python" -m pip install --quiet --disable-pip-version-check "gatelint==$version" \
    || fail "pip install gatelint==$version failed"
  publish "$bin" "pip install gatelint==$version"
}

from_source() {
  local root=${GITHUB_ACTION_PATH:-$(cd "$(dirname "$0")/.." && pwd)}
  cargo install --locked --path "$root" --root "$dest/cargo" || fail "cargo install failed"
  publish "$dest/cargo/bin" "cargo install from source"
}

exe=""
case "$(uname -s)" in MINGW* | MSYS* | CYGWIN* | Windows_NT) exe=.exe ;; esac

if [[ ${GATELINT_FROM_SOURCE:-false} == true ]]; then
  from_source
  exit 0
fi
triple=${GATELINT_TARGET:-$(target || true)}
if [[ -n $triple ]] && from_archive "$triple"; then
  exit 0
fi
say "falling back to pip install gatelint==$version"
from_pip
