#!/usr/bin/env bash
# `bindfuzz check --kernel-tree` on a real kernel build tree: the one
# scripts/kernel-inputs.sh makes for Debian's amd64 flavour, where Kbuild ran
# the kernel's own rust/Makefile bindgen rules and if_changed_dep/fixdep wrote
# rust/bindings/.bindings_generated.rs.cmd. Run as docs/usage.md documents it
# (`--kernel-tree .` from the tree), its report must equal, paths aside, the
# explicit-flags run of the README's kernel example (plus the helpers, which
# --kernel-tree adds).
# Usage: kernel_tree_test.sh BINDFUZZ REPO   (exit 77, skipped, without inputs)
set -uo pipefail
BF=$(realpath "${1:?usage: kernel_tree_test.sh BINDFUZZ REPO}")
REPO=$(realpath "${2:?}")
W=${BINDFUZZ_WORK:-$REPO/work}
SRC=$W/kernel/src/linux-source-6.12
OUT=$W/kernel/out/amd64
KT=$W/kernel/kbuild-tree/amd64
CMD=$KT/rust/bindings/.bindings_generated.rs.cmd
if [[ ! -f $OUT/bindings_generated.rs || ! -f $CMD ]]; then
  echo "SKIP: kernel inputs or the amd64 kernel build tree absent ($CMD): run scripts/kernel-inputs.sh"; exit 77
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# The .cmd file is Kbuild's record (if_changed_dep: the command, then
# fixdep's source_/deps_ lines), of the kernel's cmd_bindgen for this target.
grep -q '^savedcmd_rust/bindings/bindings_generated.rs := bindgen rust/bindings/bindings_helper.h .* --rust-target 1.68 .* -- -Wp,-MMD,rust/bindings/.bindings_generated.rs.d .*; sed -Ei ' "$CMD" \
  || fail "$CMD does not record rust/Makefile's cmd_bindgen"
grep -q '^source_rust/bindings/bindings_generated.rs := rust/bindings/bindings_helper.h$' "$CMD" \
  && grep -q '^deps_rust/bindings/bindings_generated.rs := \\$' "$CMD" \
  || fail "$CMD lacks fixdep's source_/deps_ lines"

(cd "$KT" && "$BF" check --kernel-tree . --format json -o "$T/tree.json"); rc_tree=$?
"$BF" check --c-header "$SRC/rust/bindings/bindings_helper.h" --c-header "$SRC/rust/helpers/helpers.c" \
  --c-flags-file "$OUT/c_flags.txt" --rust "$SRC/rust/bindings/lib.rs" --rust "$OUT/bindings_generated.rs" \
  --rust "$OUT/bindings_helpers_generated.rs" --c-char unsigned --format json -o "$T/explicit.json"; rc_exp=$?
[[ $rc_tree -eq 1 && $rc_exp -eq 1 ]] || fail "exit codes tree=$rc_tree explicit=$rc_exp (want 1, 1)"
# A tree without the .cmd file is an error, not a fallback.
mkdir -p "$T/no-cmd/rust/bindings"
cp "$KT/rust/bindings/lib.rs" "$KT/rust/bindings/bindings_generated.rs" "$T/no-cmd/rust/bindings/"
"$BF" check --kernel-tree "$T/no-cmd" > "$T/no-cmd.out" 2>&1; rc_none=$?
[[ $rc_none -eq 2 ]] && grep -q 'rust/bindings/.bindings_generated.rs.cmd: not found' "$T/no-cmd.out" \
  || fail "a tree without .bindings_generated.rs.cmd: exit $rc_none, $(cat "$T/no-cmd.out")"

python3 - "$T/tree.json" "$T/explicit.json" "$KT" "$SRC" "$OUT" <<'PY'
import json, os, sys
tree_path, explicit_path, kt, src, out = sys.argv[1:]
real = os.path.realpath
# The same file seen from either run: the tree's rust/ is a copy of the
# source's, its generated bindings are byte-equal to out/amd64's (the script
# checks), and its include/, arch/ link to the flavour's headers.
roots = ((real(kt) + "/rust/", "rust/"), (real(src) + "/rust/", "rust/"), (real(out) + "/", "rust/bindings/"))
def norm(x):
    if isinstance(x, dict): return {k: norm(v) for k, v in x.items()}
    if isinstance(x, list): return [norm(v) for v in x]
    if isinstance(x, str) and x.startswith("/") and os.path.exists(x):
        p = real(x)
        for root, token in roots:
            if p.startswith(root): return token + p[len(root):]
        return p
    return x
tree, explicit = json.load(open(tree_path)), json.load(open(explicit_path))
# Discovery took the header and the Rust files from the tree's .cmd record.
want_c = [os.path.join(real(kt), "rust/bindings/bindings_helper.h"), os.path.join(real(kt), "rust/helpers/helpers.c")]
if [real(p) for p in tree["truth"]["inputs"]] != want_c:
    sys.exit(f"FAIL: --kernel-tree read C inputs {tree['truth']['inputs']}, want {want_c}")
if not any(real(p) == os.path.join(real(kt), "rust/bindings/bindings_generated.rs") for p in tree["assumed"]["inputs"]):
    sys.exit(f"FAIL: --kernel-tree did not check the tree's bindings_generated.rs: {tree['assumed']['inputs']}")
nt, ne = norm(tree), norm(explicit)
differ = sorted(k for k in set(nt) | set(ne) if nt.get(k) != ne.get(k))
layout = sorted({f["item"] for f in tree["findings"] if f["kind"] == "record-size"})
print(f"--kernel-tree: {len(tree['findings'])} findings over {len(tree['coverage'])} items; "
      f"explicit flags: {len(explicit['findings'])} over {len(explicit['coverage'])}")
print("record-size on:", " ".join(layout))
if differ:
    sys.exit("FAIL: the reports differ (paths aside) in: " + ", ".join(differ))
# Which records those are is kernel_e2e_test's job (derived from the C side);
# here the two ways of giving the inputs must agree and find something.
if not layout:
    sys.exit("FAIL: no record-size finding (the amd64 compat_u64 records are expected)")
print("reports equal, paths aside (findings, coverage, summary, root causes, impacted functions)")
print("1 passed, 0 failed")
PY
