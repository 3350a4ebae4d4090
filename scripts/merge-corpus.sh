#!/usr/bin/env bash
# Merges and minimizes corpora with libFuzzer's -merge=1: keeps the smallest
# set of inputs that covers everything the inputs cover.
#
#   scripts/merge-corpus.sh FUZZER OUT_DIR IN_DIR...
#
# OUT_DIR is created (inputs already in it count as covered; files are named
# by their SHA-1, as corpora/ wants). Prints inputs before and after.
# Paths are relative to the current directory. Exit 0 on success, 2 on a
# usage error or when libFuzzer fails.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
[[ ${1:-} == -h || ${1:-} == --help ]] && { bf_usage; exit 0; }
FUZZER=${1:-}; OUTD=${2:-}
if [[ -z $FUZZER || -z $OUTD || $# -lt 3 || ! -x $FUZZER ]]; then
  bf_usage >&2; exit 2
fi
shift 2
for d in "$@"; do [[ -d $d ]] || bf_die "$d is not a directory"; done
mkdir -p "$OUTD"
before=$(find "$@" -type f | wc -l)
LOG=$(mktemp); trap 'rm -f "$LOG"' EXIT
"$FUZZER" -merge=1 "$OUTD" "$@" >"$LOG" 2>&1 || { tail -5 "$LOG" >&2; bf_die "libFuzzer -merge failed"; }
after=$(find "$OUTD" -type f | wc -l)
grep -m1 -E "MERGE-OUTER: [0-9]+ new files" "$LOG"
echo "inputs: $before in $# dir(s) -> $after in $OUTD"
