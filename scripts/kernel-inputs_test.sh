#!/usr/bin/env bash
# Which Debian upload scripts/kernel-inputs.sh takes (--resolve-only asks apt
# and downloads nothing): the pinned one by default, the newest on request,
# an explicit one exactly, and the newest with a warning when the pinned one
# has left the archive; for 6.12 and, when apt knows it, for 6.1. Exit 77
# (skipped) when apt knows no 6.12 headers.
#
#   scripts/kernel-inputs_test.sh
set -uo pipefail
# The checks set the selection themselves: the caller's choice (e.g. a
# BINDFUZZ_KERNEL_ABI=newest test run) must not leak into the default case.
unset BINDFUZZ_KERNEL_ABI BINDFUZZ_KERNEL_ABI_6_1 BINDFUZZ_KERNEL_PIN
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
[[ ${1:-} == -h || ${1:-} == --help ]] && { bf_usage; exit 0; }
KI=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/kernel-inputs.sh
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# The archive's uploads, read independently of the script.
# Only this architecture's lists (arm64's, added for its header package, double the time).
HOSTARCH=(-o "APT::Architectures::=$(dpkg --print-architecture)")
available=$(apt-cache "${HOSTARCH[@]}" search --names-only '^linux-headers-6\.12\.[0-9]+\+deb12-amd64$' 2>/dev/null \
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

# The 6.1 series: its own pin and ABI names (6.1.0-N), the same rules.
available61=$(apt-cache "${HOSTARCH[@]}" search --names-only '^linux-headers-6\.1\.0-[0-9]+-amd64$' 2>/dev/null \
  | awk '{print $1}' | sed -E 's/^linux-headers-(.*)-amd64$/\1/' | sort -V)
if [[ -n $available61 ]]; then
  newest61=$(tail -1 <<<"$available61")
  pinned61=$(sed -n -E 's/^PINNED_ABI_6_1=(.*)$/\1/p' "$KI")
  resolve61() {  # env assignments...
    env "$@" BINDFUZZ_WORK="$T/w" bash "$KI" --resolve-only --versions 6.1 >"$T/out" 2>"$T/err"
    rc=$?; out=$(cat "$T/out"); err=$(cat "$T/err")
  }
  resolve61
  if grep -qxF "$pinned61" <<<"$available61"; then
    expect "6.1 default is the pinned $pinned61" '[[ $rc -eq 0 && $out == *"selection=pinned"* && $out == *"abi=$pinned61"* && $out == *"series=6.1"* ]]'
  else
    expect "6.1 pinned $pinned61 gone: newest with a warning" '[[ $rc -eq 0 && $out == *"selection=fallback-newest"* && $out == *"abi=$newest61"* ]]'
  fi
  resolve61 BINDFUZZ_KERNEL_PIN_6_1=6.1.0-1
  expect "6.1: a pin that left the archive falls back to the newest, naming PINNED_ABI_6_1" \
    '[[ $rc -eq 0 && $out == *"abi=$newest61"* && $err == *"bump PINNED_ABI_6_1"* ]]'
  resolve61 BINDFUZZ_KERNEL_ABI_6_1=newest
  expect "6.1 newest is $newest61" '[[ $rc -eq 0 && $out == *"selection=newest"* && $out == *"abi=$newest61"* ]]'
  oldest61=$(head -1 <<<"$available61")
  ver61=$(apt-cache policy "linux-headers-$oldest61-amd64" 2>/dev/null | awk '/Candidate:/ {print $2}')
  if [[ -n $ver61 && $ver61 != "(none)" ]]; then
    resolve61 BINDFUZZ_KERNEL_ABI_6_1="$ver61"
    expect "6.1 package version $ver61 names ABI $oldest61" '[[ $rc -eq 0 && $out == *"selection=explicit"* && $out == *"abi=$oldest61"* ]]'
  fi
  env BINDFUZZ_WORK="$T/w" bash "$KI" --resolve-only --versions 6.1.0-1 >"$T/out" 2>"$T/err"
  rc=$?; out=$(cat "$T/out"); err=$(cat "$T/err")
  expect "--versions with an upload apt does not have is exit 2 naming it" \
    '[[ $rc -eq 2 && $err == *"--versions 6.1.0-1: apt has no linux-headers-6.1.0-1-amd64"* ]]'
  expect "resolving creates no per-version directories" '[[ ! -e $T/w/kernel/out/6.1.0-1 && ! -e $T/w/kernel/out/6.1 ]]'
fi
env BINDFUZZ_WORK="$T/w" bash "$KI" --resolve-only --versions 5.10 >"$T/out" 2>"$T/err"
rc=$?; out=$(cat "$T/out"); err=$(cat "$T/err")
expect "an unknown version is exit 2 listing the known ones" '[[ $rc -eq 2 && $err == *"unknown version '"'"'5.10'"'"' (known: 6.12 6.1"* ]]'

env BINDFUZZ_WORK="$T/w" bash "$KI" --resolve-only --kbuild-trees amd64,arm64 >"$T/out" 2>"$T/err"
rc=$?; out=$(cat "$T/out"); err=$(cat "$T/err")
expect "an unknown --kbuild-trees flavour is exit 2 naming it" '[[ $rc -eq 2 && $err == *"unknown flavour '"'"'arm64'"'"' in --kbuild-trees"* ]]'
env BINDFUZZ_WORK="$T/w" bash "$KI" --resolve-only --kbuild-trees none >"$T/out" 2>"$T/err"
rc=$?; out=$(cat "$T/out"); err=$(cat "$T/err")
expect "--kbuild-trees none is accepted" '[[ $rc -eq 0 && $out == *"selection="* ]]'
# arm64 is a flavour on request, for 6.12 only; unknown flavours list it.
env BINDFUZZ_WORK="$T/w" bash "$KI" --resolve-only --flavours arm64 --versions 6.1 >"$T/out" 2>"$T/err"
rc=$?; out=$(cat "$T/out"); err=$(cat "$T/err")
expect "arm64 for 6.1 is exit 2" '[[ $rc -eq 2 && $err == *"flavour '"'"'arm64'"'"' is prepared for 6.12 only"* ]]'
env BINDFUZZ_WORK="$T/w" bash "$KI" --resolve-only --flavours sparc64 >"$T/out" 2>"$T/err"
rc=$?; out=$(cat "$T/out"); err=$(cat "$T/err")
expect "an unknown flavour is exit 2 listing arm64 too" '[[ $rc -eq 2 && $err == *"unknown flavour '"'"'sparc64'"'"'"*"arm64"* ]]'

echo "$pass passed, $fail failed"
[[ $fail -eq 0 ]]
