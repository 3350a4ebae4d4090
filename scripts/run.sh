#!/usr/bin/env bash
# The main job (README): installs what is missing, builds bindfuzz, obtains the
# real Linux 6.12 inputs from Debian's archive, generates the kernel's Rust
# bindings with Debian's bindgen, and checks them against the C headers of
# each flavour. Prints the reports; writes text/JSON/SARIF under work/reports/.
#
#   scripts/run.sh                        amd64 bindings vs amd64, rt-amd64 and cloud-amd64 headers
#   scripts/run.sh --flavours amd64       just one
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$REPO"
W=${BINDFUZZ_WORK:-$REPO/work}

FLAVOURS="amd64,rt-amd64,cloud-amd64"
while [[ $# -gt 0 ]]; do
  case $1 in
    --flavours) bf_need_value "$@"; FLAVOURS=$2; shift ;;
    --flavours=*) FLAVOURS=${1#--flavours=} ;;
    -h|--help) bf_usage; exit 0 ;;
    *) bf_die "unknown argument $1" ;;
  esac
  shift
done

scripts/setup.sh
cmake --preset dev -B build/run -DBINDFUZZ_BUILD_TESTS=OFF -DBINDFUZZ_BUILD_FUZZERS=OFF >/dev/null
cmake --build build/run --target bindfuzz -j2
BF=$REPO/build/run/harness/tool/bindfuzz

# The bindings are generated from the amd64 flavour (what a Rust driver built
# against Debian's amd64 kernel would use) and checked against each flavour.
scripts/kernel-inputs.sh --flavours "amd64,${FLAVOURS}"
SRC=$W/kernel/src/linux-source-6.12
RUST_IN=(--rust "$SRC/rust/bindings/lib.rs" --rust "$W/kernel/out/amd64/bindings_generated.rs"
         --rust "$W/kernel/out/amd64/bindings_helpers_generated.rs")
mkdir -p "$W/reports"

status=0
IFS=, read -ra FL <<<"$FLAVOURS"
for fl in "${FL[@]}"; do
  out=$W/reports/amd64-bindings-vs-$fl
  mkdir -p "$out"
  echo
  echo "================ amd64 bindings vs $fl headers ================"
  # The C truth: bindings_helper.h plus rust/helpers/helpers.c (the C side of
  # the rust_helper_* functions), with the flags Kbuild gives the helpers run.
  args=(check --c-header "$SRC/rust/bindings/bindings_helper.h" --c-header "$SRC/rust/helpers/helpers.c"
        --c-flags-file "$W/kernel/out/$fl/c_flags_helpers.txt"
        "${RUST_IN[@]}" --c-char unsigned --save-contracts "$out" --report-dir "$out" --timings)
  rc=0
  "$BF" "${args[@]}" || rc=$?
  if [[ $rc -ge 2 ]]; then echo "run.sh: bindfuzz failed on $fl (exit $rc)" >&2; exit 2; fi
  echo "(reports: $out/report.{txt,json,sarif})"
  [[ $rc -eq 1 ]] && status=1
done

echo
upload=$(python3 - "$W/kernel/out/amd64/meta.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
print("%s (linux-source %s, %s)" % (m["abi"], m["linux_source_version"], m.get("abi_selection", "?")))
PY
)
echo "================ summary: amd64 bindings vs each flavour's headers ================"
echo "Debian upload: $upload"
printf '%-14s %9s %8s %9s  %s\n' flavour findings errors warnings "top kinds"
for fl in "${FL[@]}"; do
  python3 - "$W/reports/amd64-bindings-vs-$fl/report.json" "$fl" <<'PY'
import json, sys, collections
r = json.load(open(sys.argv[1]))
fs = r.get("findings", [])
sev = collections.Counter(f.get("severity") for f in fs)
kinds = collections.Counter(f.get("kind") for f in fs).most_common(4)
print(f"{sys.argv[2]:<14} {len(fs):>9} {sev.get('error',0):>8} {sev.get('warning',0):>9}  " +
      ", ".join(f"{k} {n}" for k, n in kinds))
PY
done
echo "exit status $status (0: no findings, 1: findings, as bindfuzz check)"
exit $status
