#!/usr/bin/env bash
# Fuzzes a real kernel pair end to end and checks that every crash witnesses a
# finding of `bindfuzz check` (no false positives):
#
#   scripts/kernel-pair-fuzz.sh [--bindings amd64] [--headers amd64|rt-amd64|cloud-amd64]
#                               [--seconds 300] [--records all|R1,R2] [--out DIR] [--bindfuzz BIN]
#
# 1. `bindfuzz check` the amd64 bindings against the headers' flavour
#    (report.json: the findings a crash may witness);
# 2. `bindfuzz gen --records all` (every record both sides define: classes
#    (a)-(c), (e), (f)) and the generated build.sh (ASan+UBSan+libFuzzer);
# 3. a fork-mode campaign of --seconds (crashes saved, fuzzing goes on);
# 4. every saved crash replayed with BINDFUZZ_TRACE=1: the record it touched
#    must have a layout finding in report.json; a table per record.
# Needs scripts/kernel-inputs.sh outputs under work/kernel. Exit 0: every crash
# is a witness; 1: a crash witnesses no finding (a false positive); 2: setup
# or build failed; 77: kernel inputs absent (ctest counts it as skipped).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPO=$PWD
B=amd64 H=amd64 SECS=300 RECORDS=all OUT=$REPO/work/pair-fuzz BF=
while [[ $# -gt 0 ]]; do
  case $1 in
    --bindings) B=$2; shift ;;
    --headers) H=$2; shift ;;
    --seconds) SECS=$2; shift ;;
    --records) RECORDS=$2; shift ;;
    --out) OUT=$2; shift ;;
    --bindfuzz) BF=$2; shift ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "kernel-pair-fuzz.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
[[ $SECS =~ ^[0-9]+$ ]] || { echo "kernel-pair-fuzz.sh: --seconds takes a number" >&2; exit 2; }
source "$REPO/scripts/lib/find-bindfuzz.sh"
[[ -x $BF ]] || { echo "kernel-pair-fuzz.sh: no bindfuzz binary (build first or pass --bindfuzz)" >&2; exit 2; }
W=$REPO/work/kernel
SRC=$W/src/linux-source-6.12
for f in "$W/out/$B/bindings_generated.rs" "$W/out/$H/c_flags_helpers.txt" "$SRC/rust/bindings/bindings_helper.h"; do
  [[ -f $f ]] || { echo "kernel-pair-fuzz.sh: $f missing: run scripts/kernel-inputs.sh (skipped)" >&2; exit 77; }
done
PAIR=$B-bindings-vs-$H
D=$OUT/$PAIR
rm -rf "$D"; mkdir -p "$D/corpus" "$D/crashes"
RUST_IN=(--rust "$SRC/rust/bindings/lib.rs" --rust "$W/out/$B/bindings_generated.rs"
         --rust "$W/out/$B/bindings_helpers_generated.rs")

echo "== check ($PAIR)"
"$BF" check --c-header "$SRC/rust/bindings/bindings_helper.h" --c-header "$SRC/rust/helpers/helpers.c" \
  --c-flags-file "$W/out/$H/c_flags_helpers.txt" "${RUST_IN[@]}" --c-char unsigned \
  --report-dir "$D" >/dev/null
rc=$?
[[ $rc -le 1 ]] || { echo "kernel-pair-fuzz.sh: check failed (exit $rc)" >&2; exit 2; }

echo "== gen --records $RECORDS"
start=$(date +%s)
"$BF" gen --c-header "$SRC/rust/bindings/bindings_helper.h" --c-flags-file "$W/out/$H/c_flags.txt" \
  "${RUST_IN[@]}" --c-char unsigned --records "$RECORDS" --name pair --out-dir "$D/gen" >"$D/gen.log" 2>&1 ||
  { echo "kernel-pair-fuzz.sh: gen failed"; tail -5 "$D/gen.log"; exit 2; }
grep -E "^gen:|records|fields" "$D/gen.log" | head -3
"$D/gen/build.sh" >"$D/build.log" 2>&1 || { echo "kernel-pair-fuzz.sh: build failed"; tail -20 "$D/build.log"; exit 2; }
echo "   generated and built in $(( $(date +%s) - start )) s"

echo "== fuzz ${SECS}s (fork mode)"
# libFuzzer's fork-mode parent holds every shard's coverage: the default
# 2 GiB -rss_limit_mb stops it early on a 1,400-record target.
(cd "$D" && ./gen/pair_fuzzer -fork=1 -ignore_crashes=1 -ignore_ooms=0 -rss_limit_mb=8192 \
   -max_total_time="$SECS" -seed=1 -artifact_prefix="$D/crashes/" corpus >"$D/fuzz.log" 2>&1)
execs=$(grep -oE '#[0-9]+' "$D/fuzz.log" | tail -1 | tr -d '#')
ncrash=$(ls "$D/crashes" | wc -l)
echo "   ${execs:-0} inputs, $ncrash crash input(s) saved"

echo "== classify every crash"
: >"$D/classified.txt"
for c in "$D"/crashes/*; do
  [[ -f $c ]] || continue
  log=$(BINDFUZZ_TRACE=1 "$D/gen/pair_fuzzer" -runs=1 "$c" 2>&1)
  acc=$(grep -m1 '^BINDFUZZ-ACCESS:' <<<"$log")
  rep=$(grep -m1 -oE 'ERROR: AddressSanitizer: [a-z-]+|runtime error: [a-z ]+|BINDFUZZ-MISMATCH: [a-z-]+' <<<"$log")
  echo "$(basename "$c")	${acc:-<no trace>}	${rep:-<did not reproduce>}" >>"$D/classified.txt"
done
python3 - "$D/report.json" "$D/classified.txt" <<'PY'
import collections, json, re, sys
report = json.load(open(sys.argv[1]))
layout_kinds = {"record-size", "record-align", "field-offset", "field-width", "field-missing",
                "field-type", "bitfield-position", "bitfield-width", "enum-missing-value"}
with_findings = collections.defaultdict(set)
for f in report.get("findings", []):
    if f.get("kind") in layout_kinds:
        with_findings[f.get("item")].add(f.get("kind"))
rows = collections.Counter()
bad = []
for line in open(sys.argv[2]):
    name, acc, rep = line.rstrip("\n").split("\t")
    m = re.match(r"BINDFUZZ-ACCESS: (?:struct |union )?(\S+) field=(\S+) (\S+)", acc)
    rec = m.group(1) if m else "?"
    mode = m.group(3) if m else "?"
    ok = rec in with_findings and not rep.startswith("<")
    rows[(rec, mode, rep, ok)] += 1
    if not ok:
        bad.append((name, acc, rep))
print(f"{'record':<44} {'class':<15} {'report':<52} {'crashes':>7}  witness of")
for (rec, mode, rep, ok), n in sorted(rows.items()):
    what = ",".join(sorted(with_findings.get(rec, []))) if ok else "NOTHING (false positive?)"
    print(f"{rec:<44} {mode:<15} {rep[:52]:<52} {n:>7}  {what}")
total = sum(rows.values())
print(f"crashes: {total}; witnesses of a check finding: {total - len(bad)}; other: {len(bad)}")
for b in bad[:10]:
    print("  not a witness:", *b)
sys.exit(1 if bad else 0)
PY
