#!/usr/bin/env bash
# Microsoft's SARIF validator (npm @microsoft/sarif-multitool) on bindfuzz's
# SARIF: every file must give 0 errors and 0 warnings. A deliberately broken
# copy of the first file must give warnings, so a validator that stopped
# reporting (or output this script no longer understands) fails the test.
#
# Usage: sarif_validate_test.sh CACHE_DIR FILE.sarif...
#   CACHE_DIR   where the validator is installed with npm when absent
# Exit 77 (skipped) only when npm itself is missing, or (with
# BINDFUZZ_SARIF_SKIP_ABSENT=1) when the files to check were not produced.
set -uo pipefail
CACHE=$(realpath -m "${1:?usage: sarif_validate_test.sh CACHE_DIR FILE.sarif...}")
shift
VERSION=5.7.0
if [[ ${BINDFUZZ_SARIF_SKIP_ABSENT:-0} == 1 ]]; then
  for f in "$@"; do
    [[ -f $f ]] || { echo "SKIP: $f was not produced (kernel inputs absent; see the kernel_reports test)"; exit 77; }
  done
fi
for f in "$@"; do [[ -f $f ]] || { echo "FAIL: $f does not exist"; exit 1; }; done
if ! command -v npm >/dev/null 2>&1; then
  echo "SKIP: npm is not installed, so the SARIF validator cannot be (apt-get install npm)"; exit 77
fi
TOOL=$CACHE/node_modules/.bin/sarif-multitool
if [[ ! -x $TOOL ]]; then
  echo "installing @microsoft/sarif-multitool@$VERSION into $CACHE"
  mkdir -p "$CACHE"
  npm install --prefix "$CACHE" --no-audit --no-fund --loglevel=error "@microsoft/sarif-multitool@$VERSION" \
    || { echo "FAIL: npm install @microsoft/sarif-multitool@$VERSION"; exit 1; }
fi
# npm may skip the package's postinstall (which makes the binary executable).
chmod u+x "$CACHE"/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool 2>/dev/null || true

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
# The negative control: the first file with a rule whose name is its id and
# without tool version and informationUri (what bindfuzz wrote before).
python3 - "$1" "$T/broken.sarif" <<'PY'
import json, sys
log = json.load(open(sys.argv[1]))
d = log["runs"][0]["tool"]["driver"]
for k in ("version", "semanticVersion", "informationUri"):
    d.pop(k, None)
d["rules"][0]["name"] = d["rules"][0]["id"]
json.dump(log, open(sys.argv[2], "w"), indent=1)
PY
files=()
for f in "$@"; do files+=("$(realpath "$f")"); done
"$TOOL" validate "${files[@]}" "$T/broken.sarif" -o "$T/out.sarif" --log ForceOverwrite > "$T/console.txt" 2>&1
rc=$?
if [[ ! -s $T/out.sarif ]]; then
  echo "FAIL: the validator wrote no result log (exit $rc):"; cat "$T/console.txt"; exit 1
fi
python3 - "$T/out.sarif" "$T/broken.sarif" "${files[@]}" <<'PY'
import json, sys, collections, urllib.parse
out, broken, files = sys.argv[1], sys.argv[2], sys.argv[3:]
run = json.load(open(out))["runs"][0]
counts = collections.defaultdict(lambda: collections.Counter())
for r in run.get("results", []):
    uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    path = urllib.parse.unquote(urllib.parse.urlparse(uri).path)
    counts[path][r.get("level", "warning")] += 1
    if path != broken:
        print(f"  {path}: {r.get('level', 'warning')} {r['ruleId']}: {r['message'].get('text', '')[:200]}")
notes = [n for inv in run.get("invocations", []) for n in inv.get("toolExecutionNotifications", [])]
for n in notes:
    print("  validator notification:", n.get("level"), n.get("message", {}).get("text", ""))
ok = not [n for n in notes if n.get("level") == "error"]
for f in files:
    c = counts[f]
    print(f"{f}: {c['error']} errors, {c['warning']} warnings")
    ok = ok and c["error"] == 0 and c["warning"] == 0
c = counts[broken]
print(f"negative control (name = id, no version, no informationUri): {c['error']} errors, {c['warning']} warnings")
if c["warning"] < 3:
    print("FAIL: the validator did not flag the broken copy: its results are not being read")
    ok = False
sys.exit(0 if ok else 1)
PY
