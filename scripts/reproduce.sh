#!/usr/bin/env bash
# Reproduces a crash from a saved input of a bindfuzz-generated fuzz target
# and explains it at the contract level.
#
#   scripts/reproduce.sh FUZZER CRASH_INPUT [REPORT_JSON]
#
# Re-runs the input once (deterministic), prints the sanitizer report or the
# BINDFUZZ-MISMATCH tag line, what the input touched (record, field, which
# side allocated, both sides' sizes and offsets), and, given the report.json of
# `bindfuzz check` (e.g. work/reports/<pair>/report.json), the finding(s) the
# crash witnesses with their file:line on both sides.
# Exit: 0 reproduced, 1 did not reproduce, 2 usage error.
set -uo pipefail
FUZZER=${1:-}; INPUT=${2:-}; REPORT=${3:-}
if [[ -z $FUZZER || -z $INPUT || ! -x $FUZZER || ! -f $INPUT ]]; then
  echo "usage: scripts/reproduce.sh FUZZER CRASH_INPUT [REPORT_JSON]" >&2; exit 2
fi
LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT
BINDFUZZ_TRACE=1 ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:symbolize=1} \
  "$FUZZER" -runs=1 "$INPUT" >"$LOG" 2>&1
rc=$?
access=$(grep -m1 '^BINDFUZZ-ACCESS:' "$LOG")
tag=$(grep -m1 '^BINDFUZZ-MISMATCH:' "$LOG")
asan=$(grep -m1 -E 'ERROR: (AddressSanitizer|UndefinedBehaviorSanitizer)|runtime error:' "$LOG")
if [[ $rc -eq 0 || ( -z $tag && -z $asan ) ]]; then
  echo "did not reproduce (exit $rc)"; tail -5 "$LOG"; exit 1
fi
echo "=== sanitizer report ==="
sed -n '/^==[0-9]*==ERROR/,/^SUMMARY/p' "$LOG" | grep -v '^    #[1-9][0-9]' | head -40
grep -m3 -E 'runtime error:|^SUMMARY: UndefinedBehaviorSanitizer' "$LOG"
[[ -n $tag ]] && echo "$tag"
echo
echo "=== what the input did ==="
echo "${access:-<no trace line: not a bindfuzz-generated target?>}"
region=$(grep -m1 -oE '[0-9]+ bytes after [0-9]+-byte region' "$LOG")
[[ -n $region ]] && echo "ASan: the access lands $region"
echo
echo "=== contract-level explanation ==="
python3 - "$access" "$tag" "${REPORT:-}" "${region:-}" <<'PY'
import json, re, sys
access, tag, report, region = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
fm = re.match(r"BINDFUZZ-ACCESS: function (\S+)", access)
m = re.match(r"BINDFUZZ-ACCESS: (?:struct |union )?(\S+) field=(\S+) (\S+) rust_size=(\d+) c_size=(\d+) rust_offset=(\d+) c_offset=(\d+)(?: rust_align=(\d+) c_align=(\d+))?", access)
if fm:
    rec, field, who = fm.group(1), "-", "call"
    print(f"function `{rec}`: Rust called it through a pointer typed as Rust declares it" +
          (f"; {tag.split(' ', 2)[2]}" if tag else " (UBSan: call through an incorrect function type)"))
    rs = cs = ro = co = 0
elif not m:
    print("no trace line; cannot map to a record"); sys.exit(0)
else:
    rec, field, who, rs, cs, ro, co, ra, ca = m.groups(); rs, cs, ro, co = map(int, (rs, cs, ro, co))
    if who in ("rust-aligned", "c-aligned"):
        placer, user = ("Rust", "C") if who == "rust-aligned" else ("C", "Rust")
        print(f"record `{rec}`: alignment Rust {ra}, C {ca}; {placer} placed the object at its alignment "
              f"and {user}'s typed access to it is misaligned (UBSan).")
    elif who == "bitfield":
        print(f"bitfield `{rec}.{field}`: Rust at bit {ro}, C at bit {co} (tag line: what each side read back).")
    elif who == "values":
        print(f"field `{rec}.{field}`: C stored a value its type allows; Rust's type does not admit it (tag line).")
if rs != cs and who in ("rust-allocates", "c-allocates"):
    side = "Rust" if who == "rust-allocates" else "C"
    other = "C" if side == "Rust" else "Rust"
    print(f"record `{rec}`: Rust believes {rs} bytes, C has {cs}; {side} allocated it at its size." +
          (f" The {other} side's access ran past its end (ASan: {region})." if region else ""))
if field != "-" and ro != co and who in ("rust-allocates", "c-allocates"):
    print(f"field `{rec}.{field}`: Rust at offset {ro}, C at {co}" +
          (": a value stored by one side is read back different by the other (tag line)." if tag else "."))
if not report:
    print("(pass the check report.json as third argument to name the findings and their source lines)")
    sys.exit(0)
r = json.load(open(report))
hits = [f for f in r.get("findings", []) if f.get("item") == rec and
        (f.get("kind") in ("record-size", "record-align") or f.get("member") in (field, None, ""))]
for f in hits[:6]:
    t, a = f.get("truth", {}), f.get("assumed", {})
    def loc(x):
        l = x.get("loc") or {}
        return f"{l.get('file','?')}:{l.get('line','?')}" if l else "?"
    print(f"witnesses {f['kind']} {f.get('item')}{'.' + f['member'] if f.get('member') else ''}: "
          f"C {t.get('value')} at {loc(t)}; Rust {a.get('value')} at {loc(a)}")
    print(f"  => {f.get('consequence','')}")
if not hits:
    print(f"no finding for `{rec}` in {report}")
PY
exit 0
