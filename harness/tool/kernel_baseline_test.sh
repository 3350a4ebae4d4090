#!/usr/bin/env bash
# Baselines and waivers on a real report (amd64 bindings vs rt-amd64 headers,
# from the kernel_reports fixture): a second run with --baseline of the first
# run's JSON lists no finding and exits 0; a finding the baseline lacks is
# the only one listed and fails the run; a waiver (reason, expiry) naming it
# by key lets the run pass, and an expired one does not.
# Usage: kernel_baseline_test.sh BINDFUZZ REPO REPORT_DIR   (exit 77: no inputs)
set -uo pipefail
BF=$(realpath "${1:?usage: kernel_baseline_test.sh BINDFUZZ REPO REPORT_DIR}")
REPO=$(realpath "${2:?}")
REPORTS=$(realpath -m "${3:?}")
W=${BINDFUZZ_WORK:-$REPO/work}
SRC=$W/kernel/src/linux-source-6.12
BASE=$REPORTS/report.json
if [[ ! -s $BASE || ! -f $W/kernel/out/rt-amd64/c_flags_helpers.txt ]]; then
  echo "SKIP: $BASE or the rt-amd64 kernel inputs are absent (see the kernel_reports test)"; exit 77
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
has() { grep -qF -- "$2" "$1" || fail "$1 lacks: $2"; }
lacks() { ! grep -qF -- "$2" "$1" || fail "$1 has: $2"; }
expect() {
  local want=$1 name=$2; shift 3
  "$BF" "$@" > "$T/$name.out" 2> "$T/$name.err"
  local rc=$?
  if [[ $rc -ne $want ]]; then fail "$name: exit $rc, want $want"; sed 's/^/    /' "$T/$name.err" | head -5; fi
}
n=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['findings']))" "$BASE")

# The second run: the same inputs, checked against the first run's report.
expect 0 second -- check --c-header "$SRC/rust/bindings/bindings_helper.h" --c-header "$SRC/rust/helpers/helpers.c" \
  --c-flags-file "$W/kernel/out/rt-amd64/c_flags_helpers.txt" --rust "$SRC/rust/bindings/lib.rs" \
  --rust "$W/kernel/out/amd64/bindings_generated.rs" --rust "$W/kernel/out/amd64/bindings_helpers_generated.rs" \
  --c-char unsigned --baseline "$BASE" --save-contracts "$T" -o "$T/second.txt"
cp "$T/second.txt" "$T/second.out"
has "$T/second.out" "baseline: 0 new (0 errors), $n unchanged, 0 fixed against $BASE"
has "$T/second.out" "$n unchanged findings not listed"
grep -qE '^(error|warning|note)\[' "$T/second.out" && fail "the second run lists findings"
grep -q '^layout of ' "$T/second.out" && fail "the second run prints layout tables"
echo "second run: exit 0, $n unchanged findings counted, none listed"

# A baseline without one error finding (the first): that finding alone is new.
python3 - "$BASE" "$T/old.json" "$T/removed.txt" <<'PY'
import json, sys
b = json.load(open(sys.argv[1]))
i = next(i for i, f in enumerate(b["findings"]) if f["severity"] == "error")
f = b["findings"].pop(i)
json.dump(b, open(sys.argv[2], "w"))
subject = f["item"] + ("." + f["member"] if f.get("member") else "")
open(sys.argv[3], "w").write("%s\n%s\n%s\n%s\n" % (f["key"], f["kind"], f["item_kind"], subject))
PY
{ read -r key; read -r kind; read -r item_kind; read -r subject; } < "$T/removed.txt"
expect 1 onenew -- diff "$T/c.json" "$T/rust.json" --baseline "$T/old.json"
has "$T/onenew.out" "baseline: 1 new (1 errors), $((n - 1)) unchanged, 0 fixed"
[[ $(grep -cE '^(error|warning|note)\[' "$T/onenew.out") == 1 ]] || fail "onenew lists $(grep -cE '^(error|warning|note)\[' "$T/onenew.out") findings, want 1"
grep -qF "error[$kind] $item_kind $subject" "$T/onenew.out" || fail "onenew does not list error[$kind] $item_kind $subject"
has "$T/onenew.out" "[new]"
echo "baseline without $kind $subject: exit 1, only that finding listed"

# Waived by its key with a reason and an expiry: the run passes.
printf '# rt-amd64 drift accepted while the bindings are regenerated\nwaive key %s until 2999-12-31 reason "regenerating for PREEMPT_RT"\n' \
  "$key" > "$T/w.txt"
expect 0 waived -- diff "$T/c.json" "$T/rust.json" --baseline "$T/old.json" --waivers "$T/w.txt"
has "$T/waived.out" "[new, waived until 2999-12-31]"
has "$T/waived.out" "waivers: 1 in $T/w.txt, 1 findings waived, 0 stale"
# Expired: it waives nothing, says so, and the run fails again.
printf 'waive key %s until 2001-01-01 reason "expired"\n' "$key" > "$T/old-w.txt"
expect 1 expired -- diff "$T/c.json" "$T/rust.json" --baseline "$T/old.json" --waivers "$T/old-w.txt"
has "$T/expired.err" "expired on 2001-01-01"
lacks "$T/expired.out" "waived until"
echo "waiver by key: exit 0 until it expires, exit 1 after"

if [[ $fails -ne 0 ]]; then echo "$fails check(s) failed"; exit 1; fi
echo "kernel baseline and waivers: all checks passed"
