#!/usr/bin/env bash
# The test command (README, .ci/run): installs what is missing, fetches the real
# Linux 6.12 inputs (amd64 flavours and arm64) and Linux 6.1's amd64 ones (idempotent, cached under work/), builds with Clang 19 and
# runs every test: unit tests, goldens, kernel end-to-end checks, corpus replay
# and fuzz smoke runs.
#
#   scripts/test.sh                 everything
#   scripts/test.sh -L kernel       only tests labelled 'kernel' (ctest args pass through)
#   BINDFUZZ_SKIP_KERNEL=1 scripts/test.sh   skip fetching kernel inputs (kernel tests skip)
#   BINDFUZZ_SKIP_ARM64=1 scripts/test.sh    without Debian's arm64 kernel (its tests skip)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
[[ ${1:-} == -h || ${1:-} == --help ]] && { bf_usage; exit 0; }
cd "$REPO"

scripts/setup.sh
if [[ "${BINDFUZZ_SKIP_KERNEL:-0}" != 1 ]]; then
  if [[ "${BINDFUZZ_SKIP_ARM64:-0}" != 1 ]]; then
    scripts/kernel-inputs.sh --flavours amd64,rt-amd64,cloud-amd64,arm64
  else
    scripts/kernel-inputs.sh
  fi
  # Linux 6.1 (amd64) for the version-drift tests: 6.1 bindings vs 6.12 headers.
  scripts/kernel-inputs.sh --versions 6.1 --flavours amd64
fi
# Debian's SQLite source, built instrumented into the SQLite lifetime target
# (without it the target links the system library).
scripts/lifetime-sqlite-source.sh >/dev/null

cmake --preset ci >/dev/null
cmake --build --preset ci -j2
ctest --preset ci "$@"
