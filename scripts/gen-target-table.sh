#!/usr/bin/env bash
# Regenerates harness/target/target_table.inc from the installed rustc: for
# each target of harness/target/targets.txt, rustc's target spec and data
# layout, core::ffi's aliases evaluated from rustc's own library source, and
# the calling conventions rustc accepts (docs/targets.md).
#
#   scripts/gen-target-table.sh [--build-dir DIR] [--rustc PATH] [--check]
#
# --build-dir: a configured build directory (default: the repository's
# build/dev). --check writes to a temporary file and fails (exit 1, with a
# diff) when the checked-in table differs. Paths are relative to the current
# directory. Needs rustc (RUSTC_BOOTSTRAP=1 is set for -Z) with its rust-src
# or rust-docs component.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
BUILD=$REPO/build/dev
RUSTC=
CHECK=0
while [[ $# -gt 0 ]]; do
  case $1 in
    --build-dir) bf_need_value "$@"; BUILD=$(bf_abspath "$2"); shift ;;
    --rustc) bf_need_value "$@"; RUSTC=$2; [[ $RUSTC == */* ]] && RUSTC=$(bf_abspath "$RUSTC"); shift ;;
    --check) CHECK=1 ;;
    -h|--help) bf_usage; exit 0 ;;
    *) bf_die "unknown argument $1" ;;
  esac
  shift
done
cd "$REPO"
[[ -f $BUILD/build.ninja || -f $BUILD/Makefile ]] || bf_die "configure $BUILD first (cmake --preset dev)"
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
