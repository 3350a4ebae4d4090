#!/usr/bin/env bash
# The HTML report in headless Chromium: report_html_browser_test.cjs on the
# real rt-amd64 report (from the kernel_reports fixture) and on the pages of
# report_html_fixture (hostile names, root causes). Screenshots are kept
# under ARTIFACT_DIR and their paths printed.
#
# Usage: report_html_browser_test.sh FIXTURE_PROGRAM REPO REPORT_DIR CACHE_DIR ARTIFACT_DIR
#   REPORT_DIR  holds report.html and report.json (amd64 bindings vs rt-amd64)
#   CACHE_DIR   playwright-core is installed here with npm when absent
# Exit 77 (skipped) when Chromium, Node.js/npm or the kernel report is missing.
set -uo pipefail
FIXTURE=$(realpath "${1:?usage: report_html_browser_test.sh FIXTURE REPO REPORT_DIR CACHE_DIR ARTIFACT_DIR}")
REPO=$(realpath "${2:?}")
REPORTS=$(realpath -m "${3:?}")
CACHE=$(realpath -m "${4:?}")
ARTIFACTS=$(realpath -m "${5:?}")
PLAYWRIGHT=1.64.1

CHROMIUM=${BINDFUZZ_CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [[ -z $CHROMIUM || ! -x $CHROMIUM ]]; then
  echo "SKIP: Chromium is not installed (scripts/setup.sh installs Debian's chromium)"; exit 77
fi
for tool in node npm; do
  command -v $tool >/dev/null 2>&1 || { echo "SKIP: $tool is not installed (scripts/setup.sh installs it)"; exit 77; }
done
if [[ ! -s $REPORTS/report.html || ! -s $REPORTS/report.json ]]; then
  echo "SKIP: $REPORTS/report.{html,json} absent (kernel inputs absent; see the kernel_reports test)"; exit 77
fi
if [[ ! -f $CACHE/node_modules/playwright-core/package.json ]]; then
  echo "installing playwright-core@$PLAYWRIGHT into $CACHE (it drives $CHROMIUM; no browser is downloaded)"
  mkdir -p "$CACHE"
  npm install --prefix "$CACHE" --no-audit --no-fund --loglevel=error "playwright-core@$PLAYWRIGHT" \
    || { echo "FAIL: npm install playwright-core@$PLAYWRIGHT"; exit 1; }
fi
mkdir -p "$ARTIFACTS"
"$FIXTURE" "$ARTIFACTS" "$REPO/harness/testdata/diff" || { echo "FAIL: report_html_fixture"; exit 1; }
echo "$("$CHROMIUM" --version 2>/dev/null), playwright-core $PLAYWRIGHT"
exec node "$REPO/harness/diff/report_html_browser_test.cjs" "$CACHE/node_modules/playwright-core" "$CHROMIUM" \
  "$REPORTS/report.html" "$REPORTS/report.json" "$ARTIFACTS" "$ARTIFACTS"
