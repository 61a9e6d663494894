#!/usr/bin/env bash
# Installs what the project needs, and only what is missing. One script for people and CI:
#   tools/setup.sh build   Rust's wasm32 target, rustfmt/clippy, the npm packages, wasm-bindgen-cli
#   tools/setup.sh test    the above, plus the browsers, drivers and font the tests use
# `make demo` runs the first, `make test` the second, `.ci/run` calls `make test`.
# On a machine where it cannot install (not root, or no apt-get), it stops at once and prints
# the exact commands to run, rather than letting a browser suite be skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
want="${1:-build}"
cargo_bin="${CARGO_HOME:-$HOME/.cargo}/bin"
export PATH="$cargo_bin:$PATH"

say() { echo "setup: $*"; }

# ---- what the build needs ----

rust_pieces() {
  rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
  for component in rustfmt clippy; do
    rustup component list --installed | grep -q "^$component" || rustup component add "$component"
  done
}

npm_packages() {
  # A lock file newer than node_modules means the dependencies changed since the last install.
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund
  fi
}

wasm_bindgen_cli() {
  local want_version have_version
  want_version=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
  have_version=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
  if [ "$have_version" != "$want_version" ]; then
    say "wasm-bindgen-cli $want_version (about 4 minutes)"
    # Not --locked: one of its locked dependencies is missing from the registry mirror.
    cargo install wasm-bindgen-cli --version "$want_version"
  fi
}

# ---- what the tests need ----

# Debian packages, each with the file that shows it is installed.
APT_NEEDS=(
  "chromium:/usr/bin/chromium"
  "chromium-driver:/usr/bin/chromedriver"
  "firefox-esr:/usr/bin/firefox-esr"
  "fonts-noto-color-emoji:/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf"
  "epubcheck:/usr/bin/epubcheck"
)
GECKODRIVER_VERSION=0.37.1

missing_apt_packages() {
  local entry
  for entry in "${APT_NEEDS[@]}"; do
    [ -e "${entry#*:}" ] || echo "${entry%%:*}"
  done
}

apt_packages() {
  local missing
  missing=$(missing_apt_packages | tr '\n' ' ')
  [ -z "${missing// /}" ] && return 0
  if ! command -v apt-get >/dev/null; then
    say "the browser tests need Debian's packages $missing (at the paths listed in tools/setup.sh);"
    say "this machine has no apt-get: run the tests on Debian 12 or later."
    exit 1
  fi
  if [ "$(id -u)" != 0 ]; then
    say "the browser tests need packages that only root can install. Run this, then make test again:"
    echo "    sudo apt-get install -y $missing"
    exit 1
  fi
  say "apt-get install $missing"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  # shellcheck disable=SC2086 # one word per package
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
}

geckodriver_bin() {
  local have_version
  have_version=$(geckodriver --version 2>/dev/null | awk 'NR == 1 {print $2}' || true)
  if [ "$have_version" != "$GECKODRIVER_VERSION" ]; then
    say "geckodriver $GECKODRIVER_VERSION (about 3 minutes)"
    cargo install geckodriver --locked --version "$GECKODRIVER_VERSION"
  fi
}

# The packages first: where they cannot be installed, say so before minutes of compiling.
[ "$want" = test ] && apt_packages
rust_pieces
npm_packages
wasm_bindgen_cli
[ "$want" = test ] && geckodriver_bin
exit 0
