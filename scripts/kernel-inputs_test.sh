#!/usr/bin/env bash
# Which Debian upload scripts/kernel-inputs.sh takes (--resolve-only asks apt
# and downloads nothing): the pinned one by default, the newest on request,
# an explicit one exactly, and the newest with a warning when the pinned one
# has left the archive. Exit 77 (skipped) when apt knows no 6.12 headers.
#
#   scripts/kernel-inputs_test.sh
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
[[ ${1:-} == -h || ${1:-} == --help ]] && { bf_usage; exit 0; }
KI=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/kernel-inputs.sh
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# The archive's uploads, read independently of the script.
available=$(apt-cache search --names-only '^linux-headers-6\.12\.[0-9]+\+deb12-amd64$' 2>/dev/null \
  | awk '{print $1}' | sed -E 's/^linux-headers-(.*)-amd64$/\1/' | sort -V)
[[ -n $available ]] || { echo "SKIP: apt knows no linux-headers-6.12.*+deb12-amd64"; exit 77; }
newest=$(tail -1 <<<"$available")
pinned=$(sed -n -E 's/^PINNED_ABI=(.*)$/\1/p' "$KI")

pass=0 fail=0
resolve() {  # env assignments...; sets out, err, rc
  env "$@" BINDFUZZ_WORK="$T/w" bash "$KI" --resolve-only >"$T/out" 2>"$T/err"
  rc=$?; out=$(cat "$T/out"); err=$(cat "$T/err")
}
expect() {  # name, condition
  if eval "$2"; then pass=$((pass + 1)); echo "ok   $1"; else
    fail=$((fail + 1)); echo "FAIL $1 ($2): rc=$rc out=[$out] err=[$err]"; fi
}

[[ -n $pinned ]] || { echo "FAIL: no PINNED_ABI= line in $KI"; exit 1; }
resolve
if grep -qxF "$pinned" <<<"$available"; then
  expect "default is the pinned $pinned" '[[ $rc -eq 0 && $out == *"selection=pinned"* && $out == *"abi=$pinned"* && -z $err ]]'
else
  expect "pinned $pinned gone: newest with a warning" \
    '[[ $rc -eq 0 && $out == *"selection=fallback-newest"* && $out == *"abi=$newest"* && $err == *"$pinned is no longer in the archive"* ]]'
fi

resolve BINDFUZZ_KERNEL_PIN=6.12.0+deb12
expect "a pin that left the archive falls back to the newest, with a warning" \
  '[[ $rc -eq 0 && $out == *"selection=fallback-newest"* && $out == *"abi=$newest"* && $err == *"warning: the pinned upload 6.12.0+deb12 is no longer in the archive"* ]]'

resolve BINDFUZZ_KERNEL_ABI=newest
expect "newest is $newest" '[[ $rc -eq 0 && $out == *"selection=newest"* && $out == *"abi=$newest"* ]]'

oldest=$(head -1 <<<"$available")
resolve BINDFUZZ_KERNEL_ABI="$oldest"
expect "explicit $oldest" '[[ $rc -eq 0 && $out == *"selection=explicit"* && $out == *"abi=$oldest"* ]]'

ver=$(apt-cache policy "linux-headers-$oldest-common" 2>/dev/null | awk '/Candidate:/ {print $2}')
if [[ -n $ver && $ver != "(none)" ]]; then
  resolve BINDFUZZ_KERNEL_ABI="$ver"
  expect "package version $ver names ABI $oldest" '[[ $rc -eq 0 && $out == *"abi=$oldest"* ]]'
fi

resolve BINDFUZZ_KERNEL_ABI=6.12.0+deb12
expect "an upload apt does not have is exit 2 naming it" \
  '[[ $rc -eq 2 && $err == *"BINDFUZZ_KERNEL_ABI=6.12.0+deb12: apt has no linux-headers-6.12.0+deb12-amd64"* ]]'

echo "$pass passed, $fail failed"
[[ $fail -eq 0 ]]
