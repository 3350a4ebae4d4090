# Shared by every script under scripts/: sourced first, before anything
# changes directory.
#
#   source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
#   while [[ $# -gt 0 ]]; do
#     case $1 in
#       --out) bf_need_value "$@"; OUT=$(bf_abspath "$2"); shift ;;
#       -h|--help) bf_usage; exit 0 ;;
#       ...
#   done
#   bf_find_bindfuzz || bf_die "no bindfuzz binary (build first or pass --bindfuzz)"
#   cd "$REPO"
#
# Sets REPO (the repository root, absolute), BF_CALLER_DIR (the directory
# the script was started from: relative arguments are relative to it) and
# BF_SCRIPT (the script's file name, for messages).
#
# bf_usage         prints the script's header comment: the comment lines
#                  after `#!`, up to the first line that is not a comment.
# bf_die MSG       "<script>: MSG" on stderr, exit 2 (usage or setup error).
# bf_need_value "$@"  bf_die unless the option in $1 has a value ($2).
# bf_abspath P     P made absolute against BF_CALLER_DIR (not resolved:
#                  symlinks stay, the path need not exist yet).
# bf_find_bindfuzz [DIR...]
#                  sets BF to the bindfuzz binary: BF when already set (made
#                  absolute), else the first of DIR/harness/tool/bindfuzz
#                  under REPO (default: build/dev build/ci build/run
#                  build/bench), else the installed one beside these scripts
#                  (<prefix>/share/bindfuzz/scripts -> <prefix>/bin/bindfuzz),
#                  else `bindfuzz` on PATH. Returns 1 when none is executable.

BF_SCRIPT=$(basename "$0")
BF_SCRIPT_FILE=$(cd "$(dirname "$0")" && pwd)/$BF_SCRIPT
BF_CALLER_DIR=$PWD
REPO=$(cd -P "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)  # -P: through a symlinked scripts/

bf_usage() {
  awk 'NR == 1 && /^#!/ { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$BF_SCRIPT_FILE"
}

bf_die() {
  echo "$BF_SCRIPT: $*" >&2
  exit 2
}

bf_need_value() {
  [[ $# -ge 2 ]] || bf_die "$1 needs a value (see --help)"
}

bf_abspath() {
  case $1 in
    /*) printf '%s\n' "$1" ;;
    '') printf '%s\n' "$BF_CALLER_DIR" ;;
    *) realpath -m -s -- "$BF_CALLER_DIR/$1" ;;
  esac
}

bf_find_bindfuzz() {
  if [[ -n ${BF:-} ]]; then
    BF=$(bf_abspath "$BF")
    [[ -x $BF && ! -d $BF ]]
    return
  fi
  local dirs=("$@") d
  [[ ${#dirs[@]} -gt 0 ]] || dirs=(build/dev build/ci build/run build/bench)
  for d in "${dirs[@]}"; do
    if [[ -x $REPO/$d/harness/tool/bindfuzz ]]; then
      BF=$REPO/$d/harness/tool/bindfuzz
      return 0
    fi
  done
  if [[ -x $REPO/../../bin/bindfuzz && -f $REPO/bindfuzz-data ]]; then
    BF=$(cd -P "$REPO/../../bin" && pwd)/bindfuzz
    return 0
  fi
  BF=$(command -v bindfuzz) || { BF=; return 1; }
}
