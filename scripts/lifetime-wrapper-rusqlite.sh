#!/usr/bin/env bash
# Wrapper mode on a real crate: Debian's rusqlite 0.28 (librust-rusqlite-dev,
# compiled unchanged with its Debian dependencies, cargo offline) over
# Debian's SQLite built from source with ASan+UBSan, driven through
# `bindfuzz gen --rust-crate`. With --planted, a scratch copy of the crate
# gets one wrapper bug (InnerConnection::close forgets that it closed the
# handle, so Drop closes it again) and the run must catch it.
#
#   scripts/lifetime-wrapper-rusqlite.sh [--seconds N] [--planted] [--out DIR]
#
# Needs librust-rusqlite-dev and the SQLite amalgamation
# (scripts/lifetime-sqlite-source.sh; work/sqlite/amalgamation by default,
# or BINDFUZZ_SQLITE_SOURCE=DIR). SQLite is compiled once into
# OUT/libsqlite3_asan.a (lookaside off, so ASan sees its heap) and linked
# through $LDLIBS. Prints one line: `clean: N runs in S s (E exec/s)`, or
# `caught in S s` with the BINDFUZZ-LIFETIME line and the Rust frames of the
# crate, then checks that the saved input reproduces (replay driver). Exit 0
# when the run gives what was asked (clean, or caught and reproduced), 1
# otherwise, 2 on setup errors. OUT defaults to work/wrapper-rusqlite.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

SECONDS_=300 PLANTED=0 OUT=
while [[ $# -gt 0 ]]; do
  case $1 in
    --seconds) bf_need_value "$@"; SECONDS_=$2; shift ;;
    --planted) PLANTED=1 ;;
    --out) bf_need_value "$@"; OUT=$(bf_abspath "$2"); shift ;;
    -h|--help) bf_usage; exit 0 ;;
    *) bf_die "unknown argument $1 (see --help)" ;;
  esac
  shift
done
[[ $SECONDS_ =~ ^[0-9]+$ && $SECONDS_ -gt 0 ]] || bf_die "--seconds takes a positive number"
OUT=${OUT:-$REPO/work/wrapper-rusqlite}
CRATE=/usr/share/cargo/registry/rusqlite-0.28.0
[[ -f $CRATE/Cargo.toml ]] || bf_die "$CRATE missing: apt-get install librust-rusqlite-dev"
SQL=${BINDFUZZ_SQLITE_SOURCE:-$REPO/work/sqlite/amalgamation}
[[ -f $SQL/sqlite3.c ]] || bf_die "no $SQL/sqlite3.c: run scripts/lifetime-sqlite-source.sh"
bf_find_bindfuzz || bf_die "no bindfuzz binary (build the bindfuzz target)"
CC=${CC:-clang-19}
mkdir -p "$OUT"

# SQLite, once: instrumented like the C of any generated target.
LIB=$OUT/libsqlite3_asan.a
if [[ ! -f $LIB ]]; then
  echo "building $LIB (a few minutes)" >&2
  "$CC" -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all -fsanitize=fuzzer-no-link \
    -DSQLITE_OMIT_LOOKASIDE -DSQLITE_OMIT_LOAD_EXTENSION -DSQLITE_DEFAULT_MEMSTATUS=0 \
    -c "$SQL/sqlite3.c" -o "$OUT/sqlite3.o" && ar rcs "$LIB" "$OUT/sqlite3.o" ||
    bf_die "compiling $SQL/sqlite3.c failed"
fi

name=rusqlite
if [[ $PLANTED -eq 1 ]]; then
  # The planted bug, in a scratch copy: after a successful sqlite3_close the
  # connection no longer forgets its handle (the two assignments go), so
  # InnerConnection's Drop closes the freed handle again.
  name=rusqlite_planted
  copy=$OUT/rusqlite-0.28.0-planted
  rm -rf "$copy" && cp -r "$CRATE" "$copy"
  f=$copy/src/inner_connection.rs
  awk 'skip > 0 && (/\*shared_handle = ptr::null_mut\(\);/ || /self\.db = ptr::null_mut\(\);/) { skip--; dropped++; next }
       { skip = 0 } /if r\.is_ok\(\) \{/ { skip = 2 } { print }
       END { if (dropped != 2) exit 1 }' "$f" >"$f.new" || bf_die "$f: the planted change did not apply"
  mv "$f.new" "$f"
  CRATE=$copy
fi

gen=$OUT/$name
rm -rf "$gen/corpus" && mkdir -p "$gen/corpus"
"$BF" gen --rust-crate "$CRATE" --name "$name" --out-dir "$gen" >"$OUT/$name.gen.log" ||
  bf_die "bindfuzz gen failed: $(tail -3 "$OUT/$name.gen.log")"
LDLIBS="$LIB" sh "$gen/build.sh" >"$OUT/$name.build.log" 2>&1 ||
  bf_die "building the target failed: see $OUT/$name.build.log"

rm -f "$gen"/crash-*
TIMEFORMAT='%R'
{ time "$gen/${name}_fuzzer" -seed=1 -max_total_time="$SECONDS_" -print_final_stats=1 \
    -artifact_prefix="$gen/" "$gen/corpus" >"$OUT/$name.fuzz.log" 2>&1; } 2>"$OUT/$name.time"
rc=$?
wall=$(cat "$OUT/$name.time")
runs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+).*/\1/p' "$OUT/$name.fuzz.log" | tail -1)
if [[ $rc -eq 0 ]]; then
  echo "$name: clean: ${runs:-?} runs in $wall s ($(awk -v n="${runs:-0}" -v w="$wall" 'BEGIN { printf "%.0f", (w > 0 ? n / w : 0) }') exec/s)"
  [[ $PLANTED -eq 0 ]]
  exit $?
fi
echo "$name: caught in $wall s"
grep -m1 'BINDFUZZ-LIFETIME:' "$OUT/$name.fuzz.log"
grep -E '^ +#[0-9]+ .* in .*/src/[a-z_/]+\.rs:[0-9]+' "$OUT/$name.fuzz.log" | grep -m6 "$CRATE/src/"
[[ $PLANTED -eq 1 ]] || exit 1
crash=$(ls "$gen"/crash-* 2>/dev/null | head -1)
[[ -n $crash ]] || { echo "no saved input" >&2; exit 1; }
tag=$(grep -m1 'BINDFUZZ-LIFETIME:' "$OUT/$name.fuzz.log")
again=$("$gen/${name}_replay" "$crash" 2>&1 | grep -m1 'BINDFUZZ-LIFETIME:')
if [[ -n $tag && $again == "$tag" ]]; then
  echo "$name: the saved input reproduces ($(basename "$crash"))"
else
  echo "$name: the saved input does not reproduce the same line" >&2
  exit 1
fi
