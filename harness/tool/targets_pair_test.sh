#!/usr/bin/env bash
# One consistent C/Rust pair (harness/testdata/targets/pair.{h,rs}) checked
# on every target of the table with `bindfuzz check --target T`: clean
# (exit 0, 0 findings) on each, with the target's Debian C headers where
# scripts/cross-sysroots.sh installed them. Then two wrong bindings, to show
# the check can fail: `tag: i8` instead of c_char is a signedness finding
# exactly where C's char is unsigned, and
# extern "C" instead of "system" a calling-convention finding exactly on
# 32-bit x86 Windows. Prints one line per target.
#   targets_pair_test.sh BINDFUZZ SOURCE_DIR
# Exit 77 (skip) when a Debian sysroot the table names is not installed:
# the message says which package to install.
set -uo pipefail
BF=$(realpath "${1:?usage: targets_pair_test.sh BINDFUZZ SOURCE_DIR}")
SRC=$(realpath "${2:?usage: targets_pair_test.sh BINDFUZZ SOURCE_DIR}")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
H=$SRC/harness/testdata/targets/pair.h
R=$SRC/harness/testdata/targets/pair.rs
sed 's/pub tag: c_char,/pub tag: i8,/' "$R" > "$T/pair_i8.rs"
sed 's/extern "system"/extern "C"/' "$R" > "$T/pair_c.rs"
cmp -s "$R" "$T/pair_i8.rs" && { echo "pair.rs has no 'pub tag: c_char,' to change"; exit 1; }
cmp -s "$R" "$T/pair_c.rs" && { echo "pair.rs has no extern \"system\" to change"; exit 1; }

mapfile -t TARGETS < <("$BF" targets | cut -d' ' -f1)
[[ ${#TARGETS[@]} -ge 20 ]] || { echo "bindfuzz targets listed ${#TARGETS[@]} targets"; exit 1; }
# C's char is unsigned on these (their psABIs; clang and rustc agree).
UNSIGNED_CHAR=" aarch64-unknown-linux-gnu aarch64-unknown-linux-musl armv7-unknown-linux-gnueabihf arm-unknown-linux-gnueabi
  riscv64gc-unknown-linux-gnu powerpc64le-unknown-linux-gnu s390x-unknown-linux-gnu thumbv7em-none-eabihf "

fail=0
printf '%-32s %-9s %-8s %-10s %s\n' target findings char-i8 extern-C "C headers"
for t in "${TARGETS[@]}"; do
  "$BF" check --c-header "$H" --rust "$R" --target "$t" --format json >"$T/out.json" 2>"$T/err"
  rc=$?
  headers=$(sed -n 's/.*C headers for [^:]*: //p' "$T/err")
  [[ -n $headers ]] || headers="the host's"
  if [[ $headers == *"is not installed"* ]]; then
    echo "SKIP: $t: $headers"
    exit 77
  fi
  n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["findings"]))' "$T/out.json" 2>/dev/null || echo "?")
  unsigned_char=0
  [[ $UNSIGNED_CHAR == *" $t"[[:space:]]* ]] && unsigned_char=1
  "$BF" check --c-header "$H" --rust "$T/pair_i8.rs" --target "$t" --format json >"$T/i8.json" 2>/dev/null
  sign=$(python3 -c 'import json,sys; print(sum(1 for f in json.load(open(sys.argv[1]))["findings"] if "signedness" in f["kind"]))' "$T/i8.json")
  "$BF" check --c-header "$H" --rust "$T/pair_c.rs" --target "$t" --format json >"$T/c.json" 2>/dev/null
  cc=$(python3 -c 'import json,sys; print(sum(1 for f in json.load(open(sys.argv[1]))["findings"] if f["kind"]=="function-calling-convention"))' "$T/c.json")
  printf '%-32s %-9s %-8s %-10s %s\n' "$t" "$n" "$sign" "$cc" "$headers"
  [[ $rc -eq 0 && $n == 0 ]] || { echo "FAIL $t: exit $rc, $n finding(s) on the consistent pair"; head -c 2000 "$T/err"; fail=1; }
  want_cc=0; [[ $t == i686-pc-windows-* ]] && want_cc=1
  [[ $cc == "$want_cc" ]] || { echo "FAIL $t: extern \"C\" for a PAIR_SYSTEM function: $cc calling-convention finding(s), want $want_cc"; fail=1; }
  if [[ $unsigned_char == 1 ]]; then
    [[ $sign -ge 1 ]] || { echo "FAIL $t: C char is unsigned here but 'tag: i8' gave no signedness finding"; fail=1; }
  else
    [[ $sign == 0 ]] || { echo "FAIL $t: C char is signed here but 'tag: i8' gave $sign signedness finding(s)"; fail=1; }
  fi
done
[[ $fail -eq 0 ]] && echo "all ${#TARGETS[@]} targets clean"
exit $fail
