# Sourced by scripts/reproduce.sh: what to say when a saved crash input does
# not crash when it runs alone, from the state record the sequence engine
# writes when it crashes with BINDFUZZ_STATE_DIR set (see
# shims/lifetime/bf_seq_state.h): <dir>/state-<pid>/state.txt (the
# BINDFUZZ-STATE line of the crash) and seq-0000, seq-0001, ... (the inputs
# run since the library's globals last had their initial value; the last
# one is the crashing input).
#
# bf_state_record INPUT DIR...   prints the record directory whose last
#                                input has INPUT's bytes (the newest one), or
#                                nothing.
# bf_explain_not_alone FUZZER INPUT DIR...
#                                prints the verdict, the carried state the
#                                record names and whether the recorded
#                                sequence reproduces the crash.

bf_state_record() {
  local input=$1 best="" d last
  shift
  for dir in "$@"; do
    [[ -d $dir ]] || continue
    for d in "$dir"/state-*/; do
      [[ -f $d/state.txt ]] || continue
      last=$(find "$d" -maxdepth 1 -name 'seq-*' | sort | tail -1)
      [[ -n $last ]] && cmp -s "$last" "$input" || continue
      if [[ -z $best || $d -nt $best ]]; then best=${d%/}; fi
    done
  done
  [[ -n $best ]] && printf '%s\n' "$best"
}

bf_explain_not_alone() {
  local fuzzer=$1 input=$2 rec line globals seq n rc
  shift 2
  echo "$input: does not reproduce alone: the crash depends on state carried from earlier inputs"
  rec=$(bf_state_record "$input" "$@")
  if [[ -z $rec ]]; then
    echo "no state record for this input: run the fuzzer with BINDFUZZ_STATE_DIR=DIR (scripts/fuzz.sh"
    echo "does) to record the library's globals that differed and the inputs that preceded the crash"
    return
  fi
  line=$(head -1 "$rec/state.txt")
  echo "recorded by the crashing run ($rec/state.txt):"
  echo "  $line"
  case $line in
    *"differed from their initial value at its start: "*)
      globals=${line#*differed from their initial value at its start: }
      globals=${globals%%; inputs kept*}
      echo "likely carried state: $globals" ;;
    *"had its initial value"*)
      echo "likely carried state: none of the library's known globals; the heap or state outside them (a file, the environment, another library)" ;;
    *)
      echo "likely carried state: not known (the target has no table of the library's globals, or is stripped)" ;;
  esac
  mapfile -t seq < <(find "$rec" -maxdepth 1 -name 'seq-*' | sort)
  n=${#seq[@]}
  env -u BINDFUZZ_STATE_DIR "$fuzzer" "${seq[@]}" >"$rec/sequence.log" 2>&1
  rc=$?
  if [[ $rc -ne 0 ]]; then
    echo "the recorded sequence of $n inputs reproduces it (log: $rec/sequence.log):"
    echo "  $fuzzer $rec/seq-*"
  else
    echo "the recorded sequence of $n inputs does not reproduce it either (log: $rec/sequence.log)"
  fi
}
