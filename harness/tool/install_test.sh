#!/usr/bin/env bash
# `cmake --install` into a scratch prefix, then the installed bindfuzz as a
# user runs it: from another directory, after the prefix has been moved, with
# inputs copied out of the checkout. `version` must name the installed data
# directory; `gen` on a planted pair must write a build.sh that compiles the
# installed runtime, and the fuzzer it builds must report the planted
# mismatch; `gen --spec` must build a lifetime target on the installed
# engine. No path of the checkout or the build tree may appear in the
# installed binary or in what it generates.
# Without the C front end, `gen` of layouts must exit 2 saying so instead.
# Usage: install_test.sh CMAKE BUILD_DIR REPO
set -uo pipefail
CMAKE=${1:?usage: install_test.sh CMAKE BUILD_DIR REPO}
BUILD=$(realpath "${2:?}")
REPO=$(realpath "${3:?}")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }

"$CMAKE" --install "$BUILD" --prefix "$T/first" >"$T/install.log" 2>&1 ||
  { echo "FAIL cmake --install exited $?"; cat "$T/install.log"; exit 1; }
# The installed tree is relocatable: everything below runs from its new place.
mv "$T/first" "$T/moved"
P=$T/moved
BF=$P/bin/bindfuzz
[[ -x $BF ]] || { echo "FAIL no $BF"; exit 1; }

missing=
for f in share/bindfuzz/bindfuzz-data share/bindfuzz/runtime/bindfuzz_runtime.c \
  share/bindfuzz/runtime/bindfuzz_runtime.h share/bindfuzz/lifetime/bf_seq.c \
  share/bindfuzz/kernel/bf_kernel.h share/bindfuzz/replay/replay_main.cc \
  share/bindfuzz/scripts/reproduce.sh share/bindfuzz/scripts/lib/common.sh; do
  [[ -f $P/$f ]] || missing+=" $f"
done
[[ -z $missing ]] && ok "installed files" || bad "not installed:$missing"
extra=$(find "$P" -name CMakeLists.txt -o -name '*_test.cc' -o -name setup.sh -o -name test.sh)
[[ -z $extra ]] && ok "no build files or tests installed" || bad "installed: $extra"
[[ -x $P/share/bindfuzz/scripts/reproduce.sh ]] && ok "scripts executable" || bad "reproduce.sh not executable"

# No path of the checkout or the build tree in the binary.
leaks=$(strings -a "$BF" | grep -F -e "$REPO" -e "$BUILD" | head -5)
[[ -z $leaks ]] && ok "no checkout path in bin/bindfuzz" || bad "bin/bindfuzz holds: $leaks"

mkdir -p "$T/user"
cd "$T/user" || exit 1
"$BF" version >version.txt 2>&1 || bad "version exited $?"
if grep -qxF "runtime and shim sources: $P/share/bindfuzz (installed, $P/share/bindfuzz/bindfuzz-data)" version.txt &&
   grep -qxF "replay driver: $P/share/bindfuzz/replay/replay_main.cc" version.txt &&
   grep -Eq '^bindfuzz [0-9]+\.[0-9]+\.[0-9]+ \(contract format [0-9]+, C front end: (Clang [0-9.]+|not built)\)$' version.txt; then
  ok "version"
else
  bad "version: $(cat version.txt)"
fi
with_c=1
grep -q 'C front end: not built' version.txt && with_c=0

# A planted pair (field reorder), copied out of the checkout.
mkdir -p pair
cp "$REPO/harness/testdata/planted/reorder/input.h" "$REPO/harness/testdata/planted/reorder/bindings.rs" pair/
"$BF" gen --c-header pair/input.h --c-flag=--target=x86_64-linux-gnu --rust pair/bindings.rs \
  --out-dir gen >gen.log 2>&1
rc=$?
if [[ $with_c -eq 1 ]]; then
  [[ $rc -eq 0 ]] && ok "gen" || bad "gen exited $rc: $(cat gen.log)"
  grep -qF "RT='$P/share/bindfuzz/runtime'" gen/build.sh && ok "build.sh uses the installed runtime" ||
    bad "build.sh: $(grep '^RT=' gen/build.sh)"
  if (cd gen && ./build.sh) >build.log 2>&1; then
    ok "build.sh"
    mkdir -p corpus
    ./gen/layout_fuzzer -max_total_time=30 -seed=1 -artifact_prefix="$T/user/" corpus >fuzz.log 2>&1
    grep -q "BINDFUZZ-MISMATCH: field-offset struct pkt\." fuzz.log && ok "layout_fuzzer reports the planted reorder" ||
      bad "layout_fuzzer: no field-offset tag line: $(tail -5 fuzz.log)"
  else
    bad "build.sh: $(tail -20 build.log)"
  fi
else
  [[ $rc -eq 2 ]] && grep -q "pair/input.h: this bindfuzz was built without the C front end (-DBINDFUZZ_BUILD_C_FRONTEND=OFF)" gen.log &&
    ok "gen without the C front end exits 2 saying so" || bad "gen without the C front end: exit $rc: $(cat gen.log)"
fi

# A lifetime target on the installed engine, runtime and replay driver.
mkdir -p lib
cp "$REPO"/harness/testdata/lifetime/owned_borrowed/{lib.h,lib.c,right.bfspec} lib/
if "$BF" gen --spec lib/right.bfspec --c-header lib/lib.h --c-source lib/lib.c --name ob \
  --out-dir lt >lt-gen.log 2>&1; then
  ok "gen --spec"
  if (cd lt && ./build.sh) >lt-build.log 2>&1 && [[ -x lt/ob_fuzzer && -x lt/ob_replay ]]; then
    ok "gen --spec build.sh"
  else
    bad "gen --spec build.sh: $(tail -20 lt-build.log)"
  fi
else
  bad "gen --spec: $(cat lt-gen.log)"
fi

leaks=$(grep -rlF -e "$REPO" -e "$BUILD" gen lt 2>/dev/null)
[[ -z $leaks ]] && ok "no checkout path in generated files" || bad "checkout path in: $leaks"

echo "$pass passed, $fail failed"
[[ $fail -eq 0 ]]
