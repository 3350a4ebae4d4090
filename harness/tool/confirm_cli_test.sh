#!/bin/sh
# bindfuzz check --confirm from the command line: exit status, the summary
# line, per-finding confirmations in text/JSON/SARIF, a refuted finding
# dropped (exit 0), and a usage error (exit 2).
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

# A false positive of the diff: refuted, dropped, exit 0.
printf 'struct fwd;\ntypedef struct fwd *fwd_p;\nint use_fwd(fwd_p p);\n' >"$T/fwd.h"
printf 'pub enum fwd {}\npub type fwd_p = *mut fwd;\nextern "C" { pub fn use_fwd(p: fwd_p) -> ::core::ffi::c_int; }\n' >"$T/fwd.rs"
"$BIN" check --c-header "$T/fwd.h" --rust "$T/fwd.rs" --confirm >"$T/out.txt" 2>&1
rc=$?
[ "$rc" -eq 0 ] || fail "refuted findings only: exit $rc, expected 0"
grep -q "confirmed 0, refuted 2, unconfirmable 0" "$T/out.txt" || fail "refuted count"
grep -q "note: typedef-mismatch typedef fwd_p: refuted by gcc+rustc: C says ptr->opaque, Rust says ptr->opaque" "$T/out.txt" \
  || fail "refuted note"
# Without --confirm the same input reports them.
"$BIN" check --c-header "$T/fwd.h" --rust "$T/fwd.rs" >"$T/out.txt" 2>&1
[ $? -eq 1 ] || fail "without --confirm: expected exit 1"

# --confirm needs C headers: exit 2 with a message saying so.
"$BIN" check --btf "$T/none" --rust "$T/fwd.rs" --confirm >"$T/out.txt" 2>&1
rc=$?
[ "$rc" -eq 2 ] || fail "--confirm without headers: exit $rc, expected 2"
grep -q -- "--confirm needs C headers" "$T/out.txt" || fail "usage message"
echo "confirm CLI: ok"
