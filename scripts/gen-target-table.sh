#!/usr/bin/env bash
# Regenerates harness/target/target_table.inc from the installed rustc: for
# each target of harness/target/targets.txt, rustc's target spec and data
# layout, core::ffi's aliases evaluated from rustc's own library source, and
# the calling conventions rustc accepts (docs/targets.md).
#
#   scripts/gen-target-table.sh [--build-dir build/dev] [--rustc PATH] [--check]
#
# --check writes to a temporary file and fails (exit 1, with a diff) when the
# checked-in table differs. Needs rustc (RUSTC_BOOTSTRAP=1 is set for -Z) with
# its rust-src or rust-docs component, and a configured build directory.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
BUILD=build/dev
RUSTC=
CHECK=0
while [[ $# -gt 0 ]]; do
  case $1 in
    --build-dir) BUILD=$2; shift ;;
    --rustc) RUSTC=$2; shift ;;
    --check) CHECK=1 ;;
    *) echo "gen-target-table: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
[[ -f $BUILD/build.ninja || -f $BUILD/Makefile ]] || {
  echo "gen-target-table: configure $BUILD first (cmake --preset dev)" >&2; exit 2; }
cmake --build "$BUILD" --target gen_target_table -j2 >/dev/null
TABLE=harness/target/target_table.inc
OUT=$TABLE
[[ $CHECK == 1 ]] && OUT=$(mktemp) && trap 'rm -f "$OUT"' EXIT
ARGS=(--targets harness/target/targets.txt --out "$OUT")
[[ -n $RUSTC ]] && ARGS+=(--rustc "$RUSTC")
"$BUILD/harness/target/gen_target_table" "${ARGS[@]}"
if [[ $CHECK == 1 ]]; then
  diff -u "$TABLE" "$OUT" && echo "gen-target-table: $TABLE is up to date"
fi
