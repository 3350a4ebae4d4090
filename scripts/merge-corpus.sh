#!/usr/bin/env bash
# Merges and minimizes corpora with libFuzzer's -merge=1: keeps the smallest
# set of inputs that covers everything the inputs cover.
#
#   scripts/merge-corpus.sh FUZZER OUT_DIR IN_DIR...
#
# OUT_DIR is created (inputs already in it count as covered; files are named
# by their SHA-1, as corpora/ wants). Prints inputs before and after.
# Exit 0 on success, 2 on a usage error or when libFuzzer fails.
set -uo pipefail
FUZZER=${1:-}; OUTD=${2:-}
if [[ -z $FUZZER || -z $OUTD || $# -lt 3 || ! -x $FUZZER ]]; then
  echo "usage: scripts/merge-corpus.sh FUZZER OUT_DIR IN_DIR..." >&2; exit 2
fi
shift 2
for d in "$@"; do [[ -d $d ]] || { echo "merge-corpus.sh: $d is not a directory" >&2; exit 2; }; done
mkdir -p "$OUTD"
before=$(find "$@" -type f | wc -l)
LOG=$(mktemp); trap 'rm -f "$LOG"' EXIT
"$FUZZER" -merge=1 "$OUTD" "$@" >"$LOG" 2>&1 || { echo "merge-corpus.sh: libFuzzer -merge failed" >&2; tail -5 "$LOG" >&2; exit 2; }
after=$(find "$OUTD" -type f | wc -l)
grep -m1 -E "MERGE-OUTER: [0-9]+ new files" "$LOG"
echo "inputs: $before in $# dir(s) -> $after in $OUTD"
