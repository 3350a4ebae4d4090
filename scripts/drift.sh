#!/usr/bin/env bash
# Version drift (docs/usage.md): the amd64 bindings of an older kernel checked
# against the amd64 headers of the newer one, each finding classed silent /
# compile-breaking / new, pre-existing ones marked, root causes first.
#
#   scripts/drift.sh                      6.1 bindings vs 6.12 headers (both in the work dir)
#   scripts/drift.sh --old DIR            the older kernel's inputs from another work dir:
#                                           DIR/kernel/out/6.1/amd64 when it has them, else
#                                           DIR/kernel/out/amd64 (another 6.12 upload)
#   scripts/drift.sh --out DIR            reports there instead of $W/reports/drift-<old>-vs-<new>
#
# Needs the inputs of both (scripts/kernel-inputs.sh --versions 6.12,6.1, or a
# work dir per upload) and a built bindfuzz (BF=... or build/dev). Writes
# report.{txt,json,sarif} and both C contracts under $W/reports/drift-<old>-vs-<new>/.
# Paths are relative to the current directory. Exit status as bindfuzz check
# (0 none, 1 findings, 2 error).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
W=${BINDFUZZ_WORK:-$REPO/work}
OLD_W=$W
OUT=
while [[ $# -gt 0 ]]; do
  case $1 in
    --old) bf_need_value "$@"; OLD_W=$(bf_abspath "$2"); shift ;;
    --old=*) OLD_W=$(bf_abspath "${1#--old=}") ;;
    --out) bf_need_value "$@"; OUT=$(bf_abspath "$2"); shift ;;
    --out=*) OUT=$(bf_abspath "${1#--out=}") ;;
    -h|--help) bf_usage; exit 0 ;;
    *) bf_die "unknown argument $1" ;;
  esac
  shift
done
bf_find_bindfuzz || bf_die "no built bindfuzz (cmake --build build/dev --target bindfuzz)"
cd "$REPO"

NEW_OUT=$W/kernel/out/amd64
NEW_SRC=$W/kernel/src/linux-source-6.12
if [[ -d $OLD_W/kernel/out/6.1/amd64 ]]; then
  OLD_OUT=$OLD_W/kernel/out/6.1/amd64
  OLD_SRC=$OLD_W/kernel/src/linux-source-6.1
  OLD_HELPERS=$OLD_SRC/rust/helpers.c
  C_CHAR=signed      # 6.1 binds core::ffi::c_char (i8 on x86_64); -funsigned-char came with 6.2
else
  OLD_OUT=$OLD_W/kernel/out/amd64
  OLD_SRC=$OLD_W/kernel/src/linux-source-6.12
  OLD_HELPERS=$OLD_SRC/rust/helpers/helpers.c
  C_CHAR=unsigned
fi
for f in "$NEW_OUT/c_flags_helpers.txt" "$OLD_OUT/c_flags_helpers.txt" "$OLD_OUT/bindings_generated.rs" "$OLD_HELPERS"; do
  [[ -e $f ]] || { echo "drift.sh: missing $f (run scripts/kernel-inputs.sh)" >&2; exit 2; }
done
abi() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["abi"])' "$1/meta.json"; }
OLD_ABI=$(abi "$OLD_OUT")
NEW_ABI=$(abi "$NEW_OUT")
out=${OUT:-$W/reports/drift-$OLD_ABI-vs-$NEW_ABI}
mkdir -p "$out"

echo "================ $OLD_ABI amd64 bindings vs $NEW_ABI amd64 headers ================"
"$BF" extract-c --c-header "$OLD_SRC/rust/bindings/bindings_helper.h" --c-header "$OLD_HELPERS" \
  --c-flags-file "$OLD_OUT/c_flags_helpers.txt" -o "$out/old-c.json"
rc=0
"$BF" check --c-header "$NEW_SRC/rust/bindings/bindings_helper.h" --c-header "$NEW_SRC/rust/helpers/helpers.c" \
  --c-flags-file "$NEW_OUT/c_flags_helpers.txt" \
  --rust "$OLD_SRC/rust/bindings/lib.rs" --rust "$OLD_OUT/bindings_generated.rs" \
  --rust "$OLD_OUT/bindings_helpers_generated.rs" --c-char "$C_CHAR" \
  --drift --assumed-c "$out/old-c.json" --save-contracts "$out" --report-dir "$out" >/dev/null || rc=$?
[[ $rc -ge 2 ]] && { echo "drift.sh: bindfuzz failed (exit $rc)" >&2; exit 2; }
# The summary: header, counts, drift classes and the leading root causes.
sed -n '1,/^error\[\|^warning\[\|^note\[/p' "$out/report.txt" | sed '$d'
echo "(reports: $out/report.{txt,json,sarif})"
exit $rc
