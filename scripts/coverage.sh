#!/usr/bin/env bash
# Coverage report of a campaign: which lines of the target (and of the real C
# code it drives) the corpus reaches, with clang's source-based coverage.
#
#   scripts/coverage.sh GEN_DIR CORPUS_DIR...      # a `bindfuzz gen` output dir (has build.sh)
#   scripts/coverage.sh --self NAME CORPUS_DIR...  # one of our fuzzers (fuzzers/, e.g. contract_json)
#   options: --out DIR (default work/coverage/<name>), --html (also an HTML report)
#
# Builds the target's replay binary (no fuzzing engine) with
# -fprofile-instr-generate -fcoverage-mapping, replays the corpora, merges the
# profiles with llvm-profdata-19 and prints llvm-cov-19's per-file table.
# Paths are relative to the current directory. Exit 0 on success, 2 on a
# usage or build error.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
COV="-fprofile-instr-generate -fcoverage-mapping"
SELF= GEN= OUTD= HTML=0 CORPORA=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --self) bf_need_value "$@"; SELF=$2; shift ;;
    --out) bf_need_value "$@"; OUTD=$(bf_abspath "$2"); shift ;;
    --html) HTML=1 ;;
    -h|--help) bf_usage; exit 0 ;;
    -*) bf_die "unknown option $1" ;;
    *) if [[ -z $SELF && -z $GEN ]]; then GEN=$(bf_abspath "$1"); else CORPORA+=("$(bf_abspath "$1")"); fi ;;
  esac
  shift
done
cd "$REPO"
[[ ${#CORPORA[@]} -gt 0 ]] || bf_die "no corpus given (see --help)"
for c in "${CORPORA[@]}"; do [[ -e $c ]] || bf_die "$c does not exist"; done
if [[ -n $SELF ]]; then
  [[ $SELF =~ ^[a-z0-9_]+$ ]] || { echo "coverage.sh: bad fuzzer name $SELF" >&2; exit 2; }
  NAME=$SELF
  OUTD=${OUTD:-$REPO/work/coverage/$NAME}
  B=$REPO/build/coverage
  cmake --preset dev -B "$B" -DBINDFUZZ_BUILD_TESTS=OFF -DCMAKE_C_FLAGS="$COV" -DCMAKE_CXX_FLAGS="$COV" \
    -DCMAKE_EXE_LINKER_FLAGS="$COV" >/dev/null || exit 2
  cmake --build "$B" --target "${NAME}_replay" -j2 >/dev/null || { echo "coverage.sh: build of ${NAME}_replay failed" >&2; exit 2; }
  BIN=$B/fuzzers/${NAME}_replay
else
  [[ -f $GEN/build.sh ]] || { echo "coverage.sh: $GEN has no build.sh (not a bindfuzz gen output?)" >&2; exit 2; }
  src=$(ls "$GEN"/*_fuzzer.cc 2>/dev/null | head -1)
  [[ -n $src ]] || { echo "coverage.sh: no *_fuzzer.cc in $GEN" >&2; exit 2; }
  NAME=$(basename "$src" _fuzzer.cc)
  OUTD=${OUTD:-$REPO/work/coverage/$NAME}
  rm -rf "$OUTD/build"; mkdir -p "$OUTD/build"
  cp "$GEN"/* "$OUTD/build/"
  CFLAGS="$COV" CXXFLAGS="$COV" sh "$OUTD/build/build.sh" >"$OUTD/build.log" 2>&1 ||
    { echo "coverage.sh: build failed (see $OUTD/build.log)" >&2; exit 2; }
  BIN=$OUTD/build/${NAME}_replay
  [[ -x $BIN ]] || { echo "coverage.sh: build.sh made no ${NAME}_replay (regenerate with a current bindfuzz)" >&2; exit 2; }
fi
mkdir -p "$OUTD"
rm -f "$OUTD"/*.profraw
# One process per input: a crashing input (a witness) writes no profile, but
# it must not take the coverage of the other inputs with it.
crashed=0 n=0
: >"$OUTD/replay.log"
while IFS= read -r -d '' f; do
  n=$((n + 1))
  LLVM_PROFILE_FILE="$OUTD/%p.profraw" ASAN_OPTIONS=detect_leaks=0 "$BIN" "$f" >>"$OUTD/replay.log" 2>&1 ||
    crashed=$((crashed + 1))
done < <(find "${CORPORA[@]}" -type f -print0 | sort -z)
echo "replayed $n input(s); $crashed crashed (their coverage is not counted)"
ls "$OUTD"/*.profraw >/dev/null 2>&1 || { echo "coverage.sh: no profile written" >&2; exit 2; }
llvm-profdata-19 merge -sparse "$OUTD"/*.profraw -o "$OUTD/merged.profdata" || exit 2
echo "coverage of $NAME over: ${CORPORA[*]}"
llvm-cov-19 report "$BIN" -instr-profile="$OUTD/merged.profdata" -ignore-filename-regex='/usr/|replay_main|FuzzedDataProvider' |
  awk 'NR<=2 || /TOTAL/ || NF>0' | cut -c1-160
if [[ $HTML -eq 1 ]]; then
  llvm-cov-19 show "$BIN" -instr-profile="$OUTD/merged.profdata" -format=html -output-dir="$OUTD/html" \
    -ignore-filename-regex='/usr/' && echo "html: $OUTD/html/index.html"
fi
