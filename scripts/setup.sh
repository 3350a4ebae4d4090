#!/usr/bin/env bash
# Installs everything bindfuzz needs on Debian 12 (bookworm), idempotently.
#
#   scripts/setup.sh            (as root, or with sudo available)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
case ${1:-} in
  -h|--help) bf_usage; exit 0 ;;
  '') ;;
  *) bf_die "unknown argument $1" ;;
esac

PACKAGES=(
  # Toolchain: Clang/LLVM 19 + libTooling + sanitizer/libFuzzer runtimes.
  clang-19 clang-tools-19 libclang-cpp19-dev libclang-19-dev llvm-19-dev libclang-rt-19-dev lld-19
  cmake ninja-build make pkg-config git
  # Libraries.
  libabsl-dev libgtest-dev libgmock-dev libbenchmark-dev nlohmann-json3-dev libbpf-dev
  # Kernel inputs and oracles: Debian's bindgen (needs libclang 14), pahole, bpftool.
  bindgen libclang-14-dev libclang1-14 dwarves bpftool xz-utils zip unzip python3
  # Real C targets for lifetime fuzzing.
  liburcu-dev libsqlite3-dev
  # Building Debian's SQLite amalgamation (scripts/lifetime-sqlite-source.sh).
  dpkg-dev tcl
  # A user-space Rust binding crate `bindfuzz infer` is run on (rusqlite 0.28,
  # sources under /usr/share/cargo/registry/).
  librust-rusqlite-dev
  # The HTML report's browser test (label html): headless Chromium, driven by
  # playwright-core from npm (the test installs it under the build tree).
  chromium
)

SUDO=""
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null; then SUDO="sudo"; else
    echo "setup.sh: must run as root (or have sudo) to install packages" >&2; exit 2
  fi
fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  echo "setup.sh: installing ${#missing[@]} package(s): ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "setup.sh: all ${#PACKAGES[@]} packages present"
fi

# npm installs the SARIF validator and playwright-core for the sarif and html
# tests. An image may bring its own Node.js (with npm); Debian's otherwise.
if ! command -v npm >/dev/null 2>&1; then
  echo "setup.sh: no npm on PATH; installing Debian's nodejs and npm"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi

# C headers of the non-host targets (Debian's cross sysroots, musl, MinGW):
# the per-target tests read them.
"$REPO/scripts/cross-sysroots.sh"

# rustc is the layout oracle. Prefer one already on PATH (rustup); else
# Debian's rustc-web (1.8x+, has core::mem::offset_of!). Debian's plain rustc
# (1.63) is too old.
if ! command -v rustc >/dev/null 2>&1; then
  echo "setup.sh: no rustc on PATH; installing Debian's rustc-web"
  $SUDO apt-get install -y -qq --no-install-recommends rustc-web >/dev/null
fi
rustc --version
