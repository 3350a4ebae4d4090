#!/bin/sh
# Builds a Rust wrapper crate, unchanged, with its generated export shim into
# one static library instrumented with AddressSanitizer (the fixed part of a
# `bindfuzz gen --rust-crate` target; its build.sh calls this).
#
#   bf_wrapper_build.sh CRATE_DIR EXPORT_RS OUT_LIB.a OUT_LIBS_FILE
#
# A crate without dependencies is compiled with rustc directly (an rlib, then
# the export shim as a staticlib that links it as `bfw_crate`); one with
# dependencies through cargo, offline, against Debian's registry
# (/usr/share/cargo/registry) unless CARGO_HOME already says otherwise.
# RUSTC_BOOTSTRAP=1 allows -Zsanitizer=address on stable rustc. The native
# libraries rustc wants linked (libc, libgcc_s, ...) go to OUT_LIBS_FILE.
set -e
CRATE=$(cd "$1" && pwd)
EXPORT=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
OUT=$3
LIBS=$4
RUSTC=${RUSTC:-rustc}
CARGO=${CARGO:-cargo}
export RUSTC_BOOTSTRAP=1
RFLAGS="-Zsanitizer=address -Cdebuginfo=2 -Copt-level=1 -Cforce-frame-pointers=yes"
WORK=$(pwd)/rust-build
mkdir -p "$WORK"

if [ ! -f "$CRATE/Cargo.toml" ]; then
  echo "bf_wrapper_build.sh: $CRATE has no Cargo.toml" >&2
  exit 2
fi
META=$(cd "$CRATE" && "$CARGO" metadata --no-deps --offline --format-version 1)
# The package's name, edition and library root (the first of each in the
# JSON is the package's own: --no-deps lists one package, its lib first).
NAME=$(printf '%s' "$META" | grep -o '"name":"[^"]*"' | head -1 | cut -d'"' -f4)
EDITION=$(printf '%s' "$META" | grep -o '"edition":"[0-9]*"' | head -1 | cut -d'"' -f4)
CNAME=$(printf '%s' "$NAME" | tr '-' '_')

if printf '%s' "$META" | grep -q '"dependencies":\[\]'; then
  ROOT=$CRATE/src/lib.rs
  "$RUSTC" --edition "${EDITION:-2021}" --crate-type rlib --crate-name "$CNAME" $RFLAGS \
    "$ROOT" -o "$WORK/lib$CNAME.rlib"
  "$RUSTC" --edition 2021 --crate-type staticlib --crate-name bfw_export $RFLAGS \
    --extern "bfw_crate=$WORK/lib$CNAME.rlib" -L "dependency=$WORK" \
    --print native-static-libs "$EXPORT" -o "$OUT" 2>"$WORK/rustc.log" || {
    cat "$WORK/rustc.log" >&2
    exit 1
  }
else
  mkdir -p "$WORK/cargo/.cargo"
  if [ -z "${CARGO_HOME:-}" ]; then
    cat >"$WORK/cargo/.cargo/config.toml" <<TOML
[source.crates-io]
replace-with = "debian"
[source.debian]
directory = "/usr/share/cargo/registry"
[net]
offline = true
TOML
  fi
  cat >"$WORK/cargo/Cargo.toml" <<TOML
[package]
name = "bfw_export"
version = "0.0.0"
edition = "2021"
[lib]
path = "$EXPORT"
crate-type = ["staticlib"]
[dependencies]
bfw_crate = { package = "$NAME", path = "$CRATE" }
[profile.dev]
opt-level = 1
debug = 2
TOML
  # --target: RUSTFLAGS reach the target crates only, not build scripts.
  (cd "$WORK/cargo" && RUSTFLAGS="$RFLAGS --print native-static-libs" \
    "$CARGO" build --offline --target x86_64-unknown-linux-gnu 2>"$WORK/rustc.log") || {
    cat "$WORK/rustc.log" >&2
    exit 1
  }
  cp "$WORK/cargo/target/x86_64-unknown-linux-gnu/debug/libbfw_export.a" "$OUT"
fi
# `note: native-static-libs: -lgcc_s -lutil -lrt -lpthread -lm -ldl -lc`
grep -o 'native-static-libs: .*' "$WORK/rustc.log" | tail -1 | cut -d' ' -f2- >"$LIBS"
