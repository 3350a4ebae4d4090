#!/usr/bin/env bash
# The main job (README): installs what is missing, builds bindfuzz, obtains the
# real Linux 6.12 inputs from Debian's archive, generates the kernel's Rust
# bindings with Debian's bindgen, and checks them against the C headers of
# each flavour. Prints the reports; writes text/JSON/SARIF under work/reports/.
#
# Then Debian's arm64 kernel: arm64 bindings (bindgen with the kernel's arm64
# flags) vs arm64 headers, their record layouts vs the arm64 BTF, and rustc's
# aarch64 layouts (minicore probe) vs the Rust front end's.
#
#   scripts/run.sh                        amd64 bindings vs amd64, rt-amd64 and cloud-amd64 headers; arm64
#   scripts/run.sh --flavours amd64       just one amd64 flavour (and arm64)
#   scripts/run.sh --no-arm64             without the arm64 part
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$REPO"
W=${BINDFUZZ_WORK:-$REPO/work}

FLAVOURS="amd64,rt-amd64,cloud-amd64"
ARM64=1
while [[ $# -gt 0 ]]; do
  case $1 in
    --no-arm64) ARM64=0 ;;
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
if [[ $ARM64 -eq 1 ]]; then
  scripts/kernel-inputs.sh --flavours "amd64,${FLAVOURS},arm64"
else
  scripts/kernel-inputs.sh --flavours "amd64,${FLAVOURS}"
fi
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

if [[ $ARM64 -eq 1 ]]; then
  A=$W/kernel/out/arm64
  out=$W/reports/arm64-bindings-vs-arm64
  mkdir -p "$out"
  echo
  echo "================ arm64 bindings vs arm64 headers ================"
  # The Rust side follows the C side's target (--target=aarch64-linux-gnu in
  # the kernel's flags).
  rc=0
  "$BF" check --c-header "$SRC/rust/bindings/bindings_helper.h" --c-header "$SRC/rust/helpers/helpers.c" \
    --c-flags-file "$A/c_flags_helpers.txt" \
    --rust "$SRC/rust/bindings/lib.rs" --rust "$A/bindings_generated.rs" --rust "$A/bindings_helpers_generated.rs" \
    --c-char unsigned --save-contracts "$out" --report-dir "$out" --timings || rc=$?
  if [[ $rc -ge 2 ]]; then echo "run.sh: bindfuzz failed on arm64 (exit $rc)" >&2; exit 2; fi
  [[ $rc -eq 1 ]] && status=1
  echo "(reports: $out/report.{txt,json,sarif})"
  echo
  echo "================ arm64 bindings vs arm64 BTF: record layouts ================"
  # BTF of the gcc-built arm64 kernel as the truth, layout kinds only (BTF has
  # no macros, and its function prototypes are the compiled ones).
  rc=0
  "$BF" check --btf "$A/vmlinux" --target aarch64-linux-gnu \
    --rust "$SRC/rust/bindings/lib.rs" --rust "$A/bindings_generated.rs" --rust "$A/bindings_helpers_generated.rs" \
    --c-char unsigned --kinds record-size,record-align,record-kind,field-offset,field-width,field-missing \
    -o "$out/btf-layout.txt" || rc=$?
  if [[ $rc -ge 2 ]]; then echo "run.sh: bindfuzz failed on the arm64 BTF (exit $rc)" >&2; exit 2; fi
  [[ $rc -eq 1 ]] && status=1
  head -3 "$out/btf-layout.txt"
  echo
  echo "================ rustc (minicore, aarch64) vs the Rust front end ================"
  rc=0
  "$BF" oracle --rust harness/testdata/rust_frontend/kernel_prelude.rs --rust "$A/bindings_generated.rs" \
    --rust "$A/bindings_helpers_generated.rs" --c-char unsigned --target aarch64-linux-gnu -o "$out/oracle.txt" || rc=$?
  if [[ $rc -ge 2 ]]; then echo "run.sh: bindfuzz oracle failed on arm64 (exit $rc)" >&2; exit 2; fi
  [[ $rc -eq 1 ]] && status=1
  head -1 "$out/oracle.txt"
fi

# One summary row of a report.json: flavour, findings, errors, warnings, top kinds.
summary_row() {
  python3 - "$1" "$2" <<'PY'
import json, sys, collections
r = json.load(open(sys.argv[1]))
fs = r.get("findings", [])
sev = collections.Counter(f.get("severity") for f in fs)
kinds = collections.Counter(f.get("kind") for f in fs).most_common(4)
print(f"{sys.argv[2]:<14} {len(fs):>9} {sev.get('error',0):>8} {sev.get('warning',0):>9}  " +
      ", ".join(f"{k} {n}" for k, n in kinds))
PY
}

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
  summary_row "$W/reports/amd64-bindings-vs-$fl/report.json" "$fl"
done
if [[ $ARM64 -eq 1 ]]; then
  echo "================ arm64 bindings vs arm64 headers ================"
  summary_row "$W/reports/arm64-bindings-vs-arm64/report.json" arm64
  echo "BTF record layouts: $(head -2 "$W/reports/arm64-bindings-vs-arm64/btf-layout.txt" | tail -1)"
  echo "$(head -1 "$W/reports/arm64-bindings-vs-arm64/oracle.txt")"
fi
echo "exit status $status (0: no findings, 1: findings, as bindfuzz check)"
exit $status
