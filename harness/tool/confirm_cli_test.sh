#!/bin/sh
# bindfuzz check --confirm from the command line: exit status, the summary
# line, per-finding confirmations in text/JSON/SARIF, a refuted finding
# dropped (exit 0), a crate probed inside itself, and a usage error (exit 2).
# Usage: confirm_cli_test.sh BINDFUZZ REPO
set -u
BIN=$1
REPO=$2
command -v gcc >/dev/null 2>&1 && command -v rustc >/dev/null 2>&1 || { echo "gcc or rustc missing: skipped"; exit 77; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; cat "$T/out.txt" 2>/dev/null; exit 1; }

CASE=$REPO/harness/testdata/cases/compat_u64_align
"$BIN" check --c-header "$CASE/input.h" --c-flag=--target=x86_64-linux-gnu --rust "$CASE/bindings.rs" \
  --confirm --report-dir "$T" >"$T/out.txt" 2>&1
rc=$?
[ "$rc" -eq 1 ] || fail "true findings: exit $rc, expected 1"
grep -q "^confirmation (gcc [0-9.]* + rustc [0-9.]*): confirmed 4, refuted 0, unconfirmable 0$" "$T/out.txt" || fail "summary line"
grep -q "  confirmed: gcc [0-9.]* says 16, rustc [0-9.]* says 24" "$T/out.txt" || fail "record-size confirmation"
grep -q '"status": "confirmed"' "$T/report.json" || fail "JSON confirmation"
grep -q '"c_value": "16"' "$T/report.json" || fail "JSON c_value"
grep -q '"confirmed": 4' "$T/report.json" || fail "JSON summary"
grep -q '"confirmation"' "$T/report.sarif" || fail "SARIF property"

# A former false-positive class of the diff (opaque `enum fwd {}` for C's
# `struct fwd;`): clean with and without --confirm. (Refuting a planted
# false positive is tested in confirm_test.)
printf 'struct fwd;\ntypedef struct fwd *fwd_p;\nint use_fwd(fwd_p p);\n' >"$T/fwd.h"
printf 'pub enum fwd {}\npub type fwd_p = *mut fwd;\nextern "C" { pub fn use_fwd(p: fwd_p) -> ::core::ffi::c_int; }\n' >"$T/fwd.rs"
"$BIN" check --c-header "$T/fwd.h" --rust "$T/fwd.rs" --confirm >"$T/out.txt" 2>&1
rc=$?
[ "$rc" -eq 0 ] || fail "opaque enum vs forward-declared struct with --confirm: exit $rc, expected 0"
grep -q "confirmed 0, refuted 0, unconfirmable 0" "$T/out.txt" || fail "nothing to confirm"
"$BIN" check --c-header "$T/fwd.h" --rust "$T/fwd.rs" >"$T/out.txt" 2>&1
[ $? -eq 0 ] || fail "opaque enum vs forward-declared struct: expected exit 0"

# A crate (--crate): the Rust probe is compiled inside the crate with cargo's
# flags: an edition-2015 crate whose items are in private module files and
# whose constant comes from a file its build.rs writes to OUT_DIR.
if command -v cargo >/dev/null 2>&1; then
  CRATE=$REPO/harness/testdata/crates/confirm_in_crate
  env -u CARGO_TARGET_DIR "$BIN" check --c-header "$CRATE/input.h" --crate "$CRATE" --confirm --report-dir "$T" \
    >"$T/out.txt" 2>&1
  rc=$?
  [ "$rc" -eq 1 ] || fail "crate: exit $rc, expected 1"
  grep -q "confirmed 5, refuted 0, unconfirmable 0" "$T/out.txt" || fail "crate: every error finding confirmed"
  grep -q "confirmed: gcc [0-9.]* says 9, rustc [0-9.]* says 8" "$T/out.txt" || fail "crate: OUT_DIR constant"
  grep -q "record same" "$T/out.txt" && fail "crate: struct same is clean"
fi

# --confirm needs C headers: exit 2 with a message saying so.
"$BIN" check --btf "$T/none" --rust "$T/fwd.rs" --confirm >"$T/out.txt" 2>&1
rc=$?
[ "$rc" -eq 2 ] || fail "--confirm without headers: exit $rc, expected 2"
grep -q -- "--confirm needs C headers" "$T/out.txt" || fail "usage message"
echo "confirm CLI: ok"
