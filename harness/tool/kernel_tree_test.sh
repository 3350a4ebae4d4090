#!/usr/bin/env bash
# `bindfuzz check --kernel-tree` on a build-tree layout made from the real
# Linux 6.12 inputs (scripts/kernel-inputs.sh): Kbuild's .cmd file records the
# exact bindgen command, and the result must equal the explicit-flags run.
# Usage: kernel_tree_test.sh BINDFUZZ REPO   (skips, exit 0, without inputs)
set -uo pipefail
BF=$(realpath "${1:?usage: kernel_tree_test.sh BINDFUZZ REPO}")
REPO=$(realpath "${2:?}")
W=${BINDFUZZ_WORK:-$REPO/work}
SRC=$W/kernel/src/linux-source-6.12
OUT=$W/kernel/out/amd64
if [[ ! -f $OUT/meta.json || ! -f $OUT/bindings_generated.rs ]]; then
  echo "kernel inputs absent: skipped"; exit 0
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/obj/rust/bindings"
ln -s "$OUT/bindings_generated.rs" "$OUT/bindings_helpers_generated.rs" "$T/obj/rust/bindings/"
# The recorded command as Kbuild saves it: make-escaped `$` in a savedcmd_ line.
python3 - "$OUT/meta.json" "$T/obj/rust/bindings/.bindings_generated.rs.cmd" <<'PY'
import json, sys
cmd = json.load(open(sys.argv[1]))["commands"]["bindings"]
cmd = cmd.split("bindgen ", 1)[1]  # drop the LIBCLANG_PATH=... prefix
open(sys.argv[2], "w").write("savedcmd_rust/bindings/bindings_generated.rs := bindgen " +
                             cmd.replace("$", "$$") + "\n")
PY
"$BF" check --kernel-tree "$T/obj" --format json -o "$T/tree.json"; rc_tree=$?
"$BF" check --c-header "$SRC/rust/bindings/bindings_helper.h" --c-header "$SRC/rust/helpers/helpers.c" \
  --c-flags-file "$OUT/c_flags.txt" --rust "$SRC/rust/bindings/lib.rs" --rust "$OUT/bindings_generated.rs" \
  --rust "$OUT/bindings_helpers_generated.rs" --c-char unsigned --format json -o "$T/explicit.json"; rc_exp=$?
[[ $rc_tree -eq 1 && $rc_exp -eq 1 ]] || { echo "FAIL: exit codes tree=$rc_tree explicit=$rc_exp (want 1, 1)"; exit 1; }
python3 - "$T/tree.json" "$T/explicit.json" <<'PY'
import json, sys
def keyset(p):
    r = json.load(open(p))
    return sorted((f["kind"], f["item"], f.get("member") or "") for f in r["findings"]), len(r["coverage"])
tree, explicit = keyset(sys.argv[1]), keyset(sys.argv[2])
layout = sorted({i for k, i, _ in tree[0] if k == "record-size"})
print(f"--kernel-tree: {len(tree[0])} findings over {tree[1]} items; explicit flags: {len(explicit[0])} over {explicit[1]}")
print("record-size on:", " ".join(layout))
if tree != explicit:
    sys.exit("FAIL: --kernel-tree and explicit flags disagree")
# Which records those are is kernel_e2e_test's job (derived from the C side);
# here the two ways of giving the inputs must agree and find something.
if not layout:
    sys.exit("FAIL: no record-size finding (the amd64 compat_u64 records are expected)")
print("1 passed, 0 failed")
PY
