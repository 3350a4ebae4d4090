#!/usr/bin/env bash
# Reproduces a crash from a saved input of a bindfuzz-generated fuzz target
# and explains it at the contract level: `bindfuzz explain --fuzzer`.
#
#   scripts/reproduce.sh FUZZER CRASH_INPUT [REPORT_JSON]
#
# Re-runs the input once (deterministic, BINDFUZZ_TRACE=1), prints the
# sanitizer report or the tag line, what the input touched (record, field,
# which side allocated, both sides' sizes and offsets), and, given the
# report.json of `bindfuzz check` (e.g. work/reports/<pair>/report.json),
# the finding(s) the crash witnesses with their file:line on both sides.
# Paths are relative to the current directory. BF=path/to/bindfuzz picks
# the binary (default: the first one built, see scripts/lib/common.sh).
# When the input does not crash when it runs alone, says so ("does not
# reproduce alone: the crash depends on state carried from earlier
# inputs") and, from the record the sequence engine wrote when it crashed
# with BINDFUZZ_STATE_DIR set (looked for there, or beside INPUT), names the
# library's globals that differed from their initial value at the start of
# the crashing input and replays the inputs that preceded it.
# Exit: 0 reproduced (and, given REPORT_JSON, witnesses a finding), 1 did
# not reproduce or witnesses none, 2 usage error.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/carried_state.sh"
[[ ${1:-} == -h || ${1:-} == --help ]] && { bf_usage; exit 0; }
[[ $# -ge 2 && $# -le 3 ]] || { bf_usage >&2; exit 2; }
FUZZER=$1 INPUT=$2 REPORT=${3:-}
[[ -x $FUZZER && ! -d $FUZZER ]] || bf_die "$FUZZER: not an executable"
[[ -f $INPUT ]] || bf_die "$INPUT: no such file"
[[ -z $REPORT || -f $REPORT ]] || bf_die "$REPORT: no such file"
# Alone first: a crash that needs earlier inputs is not explained here.
env -u BINDFUZZ_STATE_DIR "$FUZZER" "$INPUT" >/dev/null 2>&1 && {
  bf_explain_not_alone "$FUZZER" "$INPUT" ${BINDFUZZ_STATE_DIR:+"$BINDFUZZ_STATE_DIR"} "$(dirname "$INPUT")"
  exit 1
}
bf_find_bindfuzz || bf_die "no bindfuzz binary (build first or set BF=path/to/bindfuzz)"
exec "$BF" explain --fuzzer "$FUZZER" "$INPUT" ${REPORT:+--report "$REPORT"}
