#!/usr/bin/env bash
# Runs libFuzzer targets locally, as a campaign: one target or all of them,
# a time budget each, libFuzzer's fork mode (crashes are saved and fuzzing
# goes on), progress while it runs and a summary table at the end.
#
#   scripts/fuzz.sh [--seconds N] [--jobs N] [--out DIR] FUZZER_BINARY...
#   scripts/fuzz.sh --self [--seconds N]        # our own parsers (build/dev/fuzzers)
#
# Corpora: corpora/<name>/{seed,regression} when they exist (read-only; new
# inputs go to DIR/<name>/corpus; DIR defaults to $BINDFUZZ_WORK/fuzz, else
# work/fuzz in the repository). Crashes: DIR/<name>/crash-*; replay one with
# scripts/reproduce.sh; with sequence-engine targets DIR/<name>/state-<pid>/
# records the state each crash carried from earlier inputs. Paths are
# relative to the current directory. Exit 0 when no target crashed, 1
# otherwise, 2 on usage.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
SECONDS_EACH=60 JOBS=1 OUT=${BINDFUZZ_WORK:-$REPO/work}/fuzz SELF=0
TARGETS=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --seconds) bf_need_value "$@"; SECONDS_EACH=$2; shift ;;
    --jobs) bf_need_value "$@"; JOBS=$2; shift ;;
    --out) bf_need_value "$@"; OUT=$(bf_abspath "$2"); shift ;;
    --self) SELF=1 ;;
    -h|--help) bf_usage; exit 0 ;;
    -*) bf_die "unknown option $1" ;;
    *) TARGETS+=("$(bf_abspath "$1")") ;;
  esac
  shift
done
cd "$REPO"
if [[ $SELF -eq 1 ]]; then
  for f in build/dev/fuzzers/*_fuzzer build/ci/fuzzers/*_fuzzer; do [[ -x $f ]] && TARGETS+=("$f"); done
fi
[[ ${#TARGETS[@]} -gt 0 ]] || bf_die "no fuzz targets given (see --help)"
[[ $SECONDS_EACH =~ ^[0-9]+$ && $JOBS =~ ^[0-9]+$ ]] || bf_die "--seconds/--jobs take numbers"

declare -A SEEN
status=0
mkdir -p "$(dirname "$OUT")" || bf_die "cannot create $(dirname "$OUT")"
printf '%s\n' "target,seconds,execs,corpus,crashes" > "$OUT.summary.csv"
for bin in "${TARGETS[@]}"; do
  [[ -x $bin && ! -d $bin ]] || bf_die "$bin: not an executable"
  name=$(basename "$bin")
  [[ -n ${SEEN[$name]:-} ]] && continue
  SEEN[$name]=1
  dir=$OUT/$name
  mkdir -p "$dir/corpus"
  corp=("$dir/corpus")
  for d in "corpora/$name/seed" "corpora/$name/regression"; do [[ -d $d ]] && corp+=("$d"); done
  opts=()
  [[ -f corpora/$name/$name.dict ]] && opts+=("-dict=corpora/$name/$name.dict")
  echo "=== $name: ${SECONDS_EACH}s, fork=$JOBS, corpus ${corp[*]}"
  # The fork-mode parent process grows with the corpus: libFuzzer's default
  # 2 GiB RSS limit stops large generated targets after ~25 s, so raise it.
  # BINDFUZZ_STATE_DIR: a crashing sequence-engine target records the state
  # carried from earlier inputs beside its crash (reproduce.sh reads it).
  BINDFUZZ_STATE_DIR=$dir "$bin" -fork="$JOBS" -ignore_crashes=1 -rss_limit_mb=8192 -max_total_time="$SECONDS_EACH" \
    -print_final_stats=1 -artifact_prefix="$dir/" "${opts[@]}" "${corp[@]}" 2>&1 |
    tee "$dir/fuzz.log" | grep --line-buffered -E '^#[0-9]+: cov' | awk 'NR % 5 == 1 { print "  " $0; fflush() }'
  last=$(grep -E '^#[0-9]+: cov' "$dir/fuzz.log" | tail -1)
  execs=$(sed -nE 's/^#([0-9]+):.*/\1/p' <<<"$last")
  corpus=$(sed -nE 's/.* corp: ([0-9]+).*/\1/p' <<<"$last")
  crashes=$(find "$dir" -maxdepth 1 -name 'crash-*' | wc -l)
  [[ $crashes -gt 0 ]] && status=1
  echo "$name,$SECONDS_EACH,${execs:-0},${corpus:-0},$crashes" >> "$OUT.summary.csv"
done
echo
echo "=== summary ($OUT.summary.csv)"
column -s, -t < "$OUT.summary.csv"
[[ $status -eq 0 ]] || echo "crashes saved under $OUT/<target>/crash-*: replay with scripts/reproduce.sh <target> <crash>"
exit $status
