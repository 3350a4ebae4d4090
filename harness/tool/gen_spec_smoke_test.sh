#!/usr/bin/env bash
# `bindfuzz gen --spec` end to end as a user runs it: a lifetime fuzzer from a
# planted wrong ownership spec (harness/testdata/lifetime/owned_borrowed: a
# borrowed lookup taken as owned), built with the generated build.sh against
# the real C library, must report the use-after-free with the spec line of
# the wrong assumption within 60 s, and the saved input must reproduce it.
# Usage: gen_spec_smoke_test.sh BINDFUZZ REPO
set -uo pipefail
BF=$(realpath "${1:?usage: gen_spec_smoke_test.sh BINDFUZZ REPO}")
REPO=$(realpath "${2:?}")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
D=$REPO/harness/testdata/lifetime/owned_borrowed
planted=$(grep -n '# PLANTED' "$D/wrong.bfspec" | head -1 | cut -d: -f1)
[[ -n $planted ]] || { echo "FAIL: no PLANTED line in $D/wrong.bfspec"; exit 1; }
"$BF" gen --spec "$D/wrong.bfspec" --c-header "$D/lib.h" --c-source "$D/lib.c" --name ob --out-dir "$T/gen" ||
  { echo "FAIL: gen exited $?"; exit 1; }
"$T/gen/build.sh" >"$T/build.log" 2>&1 || { echo "FAIL: build.sh"; tail -20 "$T/build.log"; exit 1; }
mkdir -p "$T/corpus"
(cd "$T" && ./gen/ob_fuzzer -max_total_time=60 -seed=1 -artifact_prefix="$T/" corpus >"$T/fuzz.log" 2>&1)
want="BINDFUZZ-LIFETIME: .*wrong\\.bfspec:$planted"
grep -Eq "$want" "$T/fuzz.log" || { echo "FAIL: no report naming wrong.bfspec:$planted"; tail -20 "$T/fuzz.log"; exit 1; }
crash=$(ls "$T"/crash-* "$T"/leak-* 2>/dev/null | head -1)
[[ -n $crash ]] || { echo "FAIL: no crash input saved"; exit 1; }
"$T/gen/ob_fuzzer" "$crash" >"$T/repro.log" 2>&1
grep -Eq "$want" "$T/repro.log" || { echo "FAIL: saved input does not reproduce"; tail -20 "$T/repro.log"; exit 1; }
# The engine's limits reach the generated table (CMake's MAX_OPS / MAX_HANDLES).
"$BF" gen --spec "$D/right.bfspec" --c-header "$D/lib.h" --max-ops 8 --max-handles 4 --name lim \
  --out-dir "$T/lim" >/dev/null || { echo "FAIL: gen --max-ops"; exit 1; }
grep -q "kCallees, [0-9]*, 8, 4};" "$T/lim/lim_fuzzer.cc" || { echo "FAIL: --max-ops/--max-handles not in kSpec"; exit 1; }
# The prototype check: a spec function that disagrees with its C declaration
# stops gen with exit 2, naming the spec's and the header's file:line.
P=$REPO/harness/testdata/spec/prototype
"$BF" gen --spec "$P/wrong_class.bfspec" --c-header "$P/f.h" --out-dir "$T/proto" >"$T/proto.log" 2>&1
rc=$?
[[ $rc == 2 ]] || { echo "FAIL: prototype mismatch exited $rc, not 2"; cat "$T/proto.log"; exit 1; }
grep -q 'wrong_class\.bfspec:2:6: fn f parameter 1 (x) is an integer of 32 bits.*f\.h:5:5: int f(int \* p)' "$T/proto.log" ||
  { echo "FAIL: prototype mismatch not named on both sides"; cat "$T/proto.log"; exit 1; }
"$BF" gen --spec "$P/missing_arg.bfspec" --c-header "$P/f.h" --out-dir "$T/proto" >"$T/proto.log" 2>&1
rc=$?
[[ $rc == 2 ]] && grep -q 'missing_arg\.bfspec:3:1: fn g has 1 parameter(s), C declares 2.*f\.h:6' "$T/proto.log" ||
  { echo "FAIL: missing argument (exit $rc)"; cat "$T/proto.log"; exit 1; }
# Notes are printed, not only counted.
"$BF" gen --spec "$P/agree.bfspec" --c-header "$P/f.h" --out-dir "$T/proto" >"$T/proto.log" 2>&1 ||
  { echo "FAIL: agreeing spec"; cat "$T/proto.log"; exit 1; }
grep -q 'not declared in the C headers (prototype not checked): not_in_the_header' "$T/proto.log" ||
  { echo "FAIL: notes not printed"; cat "$T/proto.log"; exit 1; }
echo "ok: $(grep -Eo 'BINDFUZZ-LIFETIME: [a-z-]+ [^ ]+ spec [^ ]+' "$T/fuzz.log" | head -1)"
