#!/usr/bin/env bash
# bindfuzz diff/check with --baseline, --waivers, --strict-waivers and
# --format html: exit codes (1 only for new unwaived errors with a baseline;
# waived findings never count; stale waivers warn, or fail when strict),
# what the reports say, and bad files (exit 2 naming file and line).
# Usage: triage_cli_test.sh BINDFUZZ REPO
set -uo pipefail
BF=$(realpath "${1:?usage: triage_cli_test.sh BINDFUZZ REPO}")
REPO=$(realpath "${2:?}")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T"
C=$REPO/harness/testdata/diff/representative.c.json
R=$REPO/harness/testdata/diff/representative.rust.json
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
# expect RC NAME -- bindfuzz args...: runs, keeps stdout/stderr in NAME.out/.err
expect() {
  local want=$1 name=$2; shift 3
  "$BF" "$@" > "$name.out" 2> "$name.err"
  local rc=$?
  if [[ $rc -ne $want ]]; then fail "$name: exit $rc, want $want"; sed 's/^/    /' "$name.err" | head -5; fi
}
has() { grep -qF -- "$2" "$1" || fail "$1 lacks: $2"; }
lacks() { ! grep -qF -- "$2" "$1" || fail "$1 has: $2"; }

expect 1 base -- diff "$C" "$R" --format json -o base.json
# The same run against itself: nothing new, exit 0.
expect 0 same -- diff "$C" "$R" --baseline base.json
# Only what is new is listed: here nothing; the unchanged findings are counted.
lacks same.out "[unchanged]"
lacks same.out "[new]"
has same.out " unchanged findings not listed (the baseline has them; --show-unchanged lists them"
lacks same.out "layout of "
expect 0 sameall -- diff "$C" "$R" --baseline base.json --show-unchanged
has sameall.out "[unchanged]"
lacks sameall.out "not listed"
has same.out "baseline: 0 new (0 errors),"
has same.out "0 fixed against base.json"

# A new error (GFP_KERNEL's value) and a fixed finding (an entry only the baseline has).
python3 - "$R" new.rust.json base.json old.json <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
for c in r["constants"]:
    if c["name"] == "GFP_KERNEL": c["value"] = 1
json.dump(r, open(sys.argv[2], "w"), indent=1)
b = json.load(open(sys.argv[3]))
b["findings"].append({"kind": "record-size", "severity": "error", "item_kind": "record", "item": "gone_record",
                      "message": "m", "consequence": "c", "truth": {"value": "1"}, "assumed": {"value": "2"}})
json.dump(b, open(sys.argv[4], "w"), indent=1)
PY
expect 1 newerr -- diff "$C" new.rust.json --baseline old.json
has newerr.out "error[constant-value] constant GFP_KERNEL [new]"
lacks newerr.out "[unchanged]"
has newerr.out "baseline: 1 new (1 errors),"
has newerr.out "1 fixed against old.json"
has newerr.out "fixed since the baseline (old.json):"
has newerr.out "  error[record-size] record gone_record"
expect 1 newjson -- diff "$C" new.rust.json --baseline old.json --format json
python3 - newjson.out <<'PY' || fail "JSON report with a baseline"
import json, sys
j = json.load(open(sys.argv[1]))
new = [f for f in j["findings"] if f["baseline"] == "new"]
assert [(f["kind"], f["item"]) for f in new] == [("constant-value", "GFP_KERNEL")], new
assert all(f["key"].startswith("bf1-") for f in j["findings"])
assert j["baseline"]["new_errors"] == 1 and [f["item"] for f in j["baseline"]["fixed"]] == ["gone_record"], j["baseline"]
PY
expect 1 newsarif -- diff "$C" new.rust.json --baseline old.json --format sarif
python3 - newsarif.out <<'PY' || fail "SARIF with a baseline"
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
states = {r["baselineState"] for r in run["results"]}
assert states == {"new", "unchanged"}, states
assert run["properties"]["baseline"]["fixed"] and run["tool"]["driver"]["version"]
assert all(r["partialFingerprints"]["bindfuzzFinding/v2"].startswith("bf1-") for r in run["results"])
PY

# Waivers: the new error waived -> 0; one entry names nothing -> a warning;
# --strict-waivers makes it an error (exit 1).
cat > w.txt <<'W'
# accepted for now
waive constant-value GFP_KERNEL until 2999-12-31 reason "value differs on purpose in this test"
waive field-offset no_such_record f until 2999-12-31 reason "stale on purpose"
W
expect 0 waived -- diff "$C" new.rust.json --baseline old.json --waivers w.txt
has waived.out "error[constant-value] constant GFP_KERNEL [new, waived until 2999-12-31]"
has waived.out "waivers: 2 in w.txt, 1 findings waived, 1 stale"
has waived.err "w.txt:3: warning: waiver 'field-offset no_such_record f' matches no finding (stale: remove it)"
expect 1 strict -- diff "$C" new.rust.json --baseline old.json --waivers w.txt --strict-waivers
has strict.err "w.txt:3: error: waiver 'field-offset no_such_record f' matches no finding"
expect 1 waivedsarif -- diff "$C" new.rust.json --waivers w.txt --format sarif
python3 - waivedsarif.out <<'PY' || fail "SARIF with waivers"
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
sup = [r for r in run["results"] if r.get("suppressions")]
assert len(sup) == 1 and sup[0]["suppressions"][0]["justification"].startswith("value differs"), sup
assert sup[0]["suppressions"][0]["location"]["physicalLocation"]["region"]["startLine"] == 2
assert run["properties"]["waivers"]["stale"] == ["w.txt:3: field-offset no_such_record f (unmatched)"]
PY
# Without a baseline every unwaived finding counts; an expired waiver waives nothing.
printf 'waive constant-value GFP_KERNEL until 2001-01-01 reason "expired"\n' > expired.txt
expect 1 expired -- diff "$C" new.rust.json --baseline old.json --waivers expired.txt
has expired.err "expired.txt:1: warning: waiver 'constant-value GFP_KERNEL' expired on 2001-01-01 (still names 1 finding(s), now counted)"
lacks expired.out "waived until"

# Bad files: exit 2, the message names file and line.
printf '{\n  "format": "bindfuzz-diff",\n  oops\n}\n' > bad.json
expect 2 badjson -- diff "$C" "$R" --baseline bad.json
has badjson.err "bad.json:3:3: invalid JSON"
python3 -c "
import json; b = json.load(open('base.json')); del b['findings'][2]['kind']; json.dump(b, open('nokind.json', 'w'), indent=1)"
expect 2 nokind -- diff "$C" "$R" --baseline nokind.json
has nokind.err "missing key \"kind\" (at /findings/2)"
grep -qE "nokind.json:[0-9]+:[0-9]+: missing key" nokind.err || fail "nokind.err lacks file:line"
printf '# ok\nwaive feild-offset file f_op until 2999-01-01 reason "typo"\n' > badw.txt
expect 2 badw -- diff "$C" "$R" --waivers badw.txt
has badw.err "badw.txt:2:7: unknown finding kind 'feild-offset' (see 'bindfuzz kinds')"
printf 'waive field-offset file f_op reason "no expiry"\n' > noexp.txt
expect 2 noexp -- diff "$C" "$R" --waivers noexp.txt
has noexp.err "noexp.txt:1:"
has noexp.err "missing 'until YYYY-MM-DD' (every waiver expires)"
expect 2 nowaivers -- diff "$C" "$R" --strict-waivers
has nowaivers.err "--strict-waivers needs --waivers FILE"
expect 2 missing -- diff "$C" "$R" --baseline does-not-exist.json
has missing.err "does-not-exist.json"
# A baseline that compares other sides cannot match anything.
python3 -c "
import json; b = json.load(open('base.json')); b['truth']['side'] = 'btf'; json.dump(b, open('btf.json', 'w'))"
expect 2 sides -- diff "$C" "$R" --baseline btf.json
has sides.err "btf.json: the baseline compares btf vs rust, this run c vs rust"

# HTML.
expect 1 html -- diff "$C" "$R" --format html
head -c 15 html.out | grep -qF "<!DOCTYPE html>" || fail "--format html does not write HTML"
has html.out "<article class=\"layout\""
expect 2 badformat -- diff "$C" "$R" --format pdf
has badformat.err "expected text, json, sarif or html"

# check: the same options, and --report-dir writes report.html too.
printf 'struct s { int a; long b; };\n' > s.h
printf '#[repr(C)]\npub struct s {\n    pub a: i32,\n    pub b: i32,\n}\n' > s.rs
mkdir -p rd
expect 1 check -- check --c-header s.h --rust s.rs --report-dir rd --format json -o check.json
for f in report.txt report.json report.sarif report.html; do [[ -s rd/$f ]] || fail "check --report-dir wrote no $f"; done
expect 0 checkbase -- check --c-header s.h --rust s.rs --baseline check.json
has checkbase.out "not listed (the baseline has them"
lacks checkbase.out "[unchanged]"
expect 2 checkbad -- check --c-header s.h --rust s.rs --baseline bad.json
has checkbad.err "bad.json:3:3: invalid JSON"

if [[ $fails -ne 0 ]]; then echo "$fails check(s) failed"; exit 1; fi
echo "triage CLI: all checks passed"
