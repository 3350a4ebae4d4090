#!/usr/bin/env bash
# The scripts as a user calls them, from a scratch directory with relative
# paths: each prints its header comment for --help (not code) and exits 0;
# fuzz.sh takes a relative target; reproduce.sh and minimize.sh name a
# missing relative input. scripts/test.sh and scripts/kernel-inputs.sh are
# left out: they rewrite work/, which the other tests read.
#
#   ci/scripts_test.sh
set -uo pipefail
REPO=$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T"
fail=0
n=0
for s in "$REPO"/scripts/*.sh; do
  name=$(basename "$s")
  case $name in test.sh|kernel-inputs.sh) continue ;; esac
  n=$((n + 1))
  out=$("$s" --help 2>&1)
  rc=$?
  header=$(awk 'NR == 1 && /^#!/ { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$s")
  if [[ $rc -ne 0 || -z $out || $out != "$header" ]]; then
    echo "FAIL: $name --help: exit $rc, or not its header comment:"; printf '%s\n' "$out" | head -5; fail=1
  elif grep -Eq '^(set -|source |cd |if |for |while )' <<<"$out"; then
    echo "FAIL: $name --help prints code"; fail=1
  fi
done
echo "--help: $n scripts"
# A relative target from the directory that holds it (issue: resolved after cd).
cp /bin/true ./target
if ! BINDFUZZ_WORK=$T/w "$REPO/scripts/fuzz.sh" --seconds 1 ./target >fuzz.log 2>&1; then
  echo "FAIL: fuzz.sh ./target"; cat fuzz.log; fail=1
fi
[[ -f $T/w/fuzz.summary.csv ]] || { echo "FAIL: fuzz.sh wrote no summary under BINDFUZZ_WORK"; fail=1; }
for s in reproduce.sh minimize.sh; do
  "$REPO/scripts/$s" ./target ./no-such-crash >err.log 2>&1
  rc=$?
  if [[ $rc -ne 2 ]] || ! grep -q "no-such-crash" err.log; then
    echo "FAIL: $s with a missing relative input: exit $rc"; cat err.log; fail=1
  fi
done
[[ $fail -eq 0 ]] && echo "ok: scripts from a scratch directory"
exit $fail
