#!/usr/bin/env bash
# `bindfuzz check --kernel-tree` on real kernel build trees: the ones
# scripts/kernel-inputs.sh makes, where Kbuild ran the kernel's own
# rust/Makefile bindgen rules and if_changed_dep/fixdep wrote
# rust/bindings/.bindings_generated.rs.cmd. Run as docs/usage.md documents it
# (amd64: `--kernel-tree .` in a tree built in place; rt-amd64: `--kernel-tree
# build` for one built with O=build), each report must equal, paths aside, the
# explicit-flags run of the README's kernel example for that flavour (plus the
# helpers, which --kernel-tree adds).
# Usage: kernel_tree_test.sh BINDFUZZ REPO   (exit 77, skipped, without inputs)
set -uo pipefail
BF=$(realpath "${1:?usage: kernel_tree_test.sh BINDFUZZ REPO}")
REPO=$(realpath "${2:?}")
W=${BINDFUZZ_WORK:-$REPO/work}
SRC=$W/kernel/src/linux-source-6.12
KTREE=$W/kernel/kbuild-tree
if [[ ! -f $W/kernel/out/amd64/bindings_generated.rs || ! -f $KTREE/amd64/rust/bindings/.bindings_generated.rs.cmd ]]; then
  echo "SKIP: kernel inputs or the amd64 kernel build tree absent ($KTREE/amd64): run scripts/kernel-inputs.sh"; exit 77
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# check_tree FLAVOUR DIR TREE_ARG HEADER_AS_RECORDED: runs `bindfuzz check
# --kernel-tree TREE_ARG` from DIR and the explicit-flags run, compares.
check_tree() {
  local f=$1 dir=$2 arg=$3 header=$4 out=$W/kernel/out/$1
  local obj; obj=$(realpath "$dir/$arg")
  local cmd=$obj/rust/bindings/.bindings_generated.rs.cmd
  # The .cmd file is Kbuild's record (if_changed_dep: the command, then
  # fixdep's source_/deps_ lines) of the kernel's cmd_bindgen for this target.
  grep -q "^savedcmd_rust/bindings/bindings_generated.rs := bindgen $header .* --rust-target 1.68 .* -- -Wp,-MMD,rust/bindings/.bindings_generated.rs.d .*; sed -Ei " "$cmd" \
    || fail "$cmd does not record rust/Makefile's cmd_bindgen with input $header"
  grep -q "^source_rust/bindings/bindings_generated.rs := $header\$" "$cmd" \
    && grep -q '^deps_rust/bindings/bindings_generated.rs := \\$' "$cmd" \
    || fail "$cmd lacks fixdep's source_/deps_ lines"

  (cd "$dir" && "$BF" check --kernel-tree "$arg" --format json -o "$T/$f.tree.json"); local rc_tree=$?
  "$BF" check --c-header "$SRC/rust/bindings/bindings_helper.h" --c-header "$SRC/rust/helpers/helpers.c" \
    --c-flags-file "$out/c_flags.txt" --rust "$SRC/rust/bindings/lib.rs" --rust "$out/bindings_generated.rs" \
    --rust "$out/bindings_helpers_generated.rs" --c-char unsigned --format json -o "$T/$f.explicit.json"; local rc_exp=$?
  [[ $rc_tree -eq 1 && $rc_exp -eq 1 ]] || fail "$f: exit codes tree=$rc_tree explicit=$rc_exp (want 1, 1)"
  python3 - "$f" "$T/$f.tree.json" "$T/$f.explicit.json" "$KTREE/$f" "$obj" "$SRC" "$out" <<'PY' || exit 1
import json, os, sys
f, tree_path, explicit_path, kt, obj, src, out = sys.argv[1:]
real = os.path.realpath
# The same file seen from either run: the tree's rust/ is a copy of the
# source's, its generated bindings are byte-equal to out/<flavour>'s (the
# script checks), and its include/, arch/ link to the flavour's headers.
roots = ((real(obj) + "/rust/", "rust/"), (real(kt) + "/rust/", "rust/"), (real(src) + "/rust/", "rust/"),
         (real(out) + "/", "rust/bindings/"))
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
# Discovery took the header from the tree's .cmd record (for O=, under the
# source tree) and the generated bindings from its objtree.
want_c = [os.path.join(real(kt), "rust/bindings/bindings_helper.h"), os.path.join(real(kt), "rust/helpers/helpers.c")]
if [real(p) for p in tree["truth"]["inputs"]] != want_c:
    sys.exit(f"FAIL: {f}: --kernel-tree read C inputs {tree['truth']['inputs']}, want {want_c}")
if not any(real(p) == os.path.join(real(obj), "rust/bindings/bindings_generated.rs") for p in tree["assumed"]["inputs"]):
    sys.exit(f"FAIL: {f}: --kernel-tree did not check the tree's bindings_generated.rs: {tree['assumed']['inputs']}")
nt, ne = norm(tree), norm(explicit)
differ = sorted(k for k in set(nt) | set(ne) if nt.get(k) != ne.get(k))
layout = sorted({x["item"] for x in tree["findings"] if x["kind"] == "record-size"})
print(f"{f}: --kernel-tree: {len(tree['findings'])} findings over {len(tree['coverage'])} items; "
      f"explicit flags: {len(explicit['findings'])} over {len(explicit['coverage'])}")
print(f"{f}: record-size on:", " ".join(layout[:8]), "..." if len(layout) > 8 else "")
if differ:
    sys.exit(f"FAIL: {f}: the reports differ (paths aside) in: " + ", ".join(differ))
# Which records those are is kernel_e2e_test's job (derived from the C side);
# here the two ways of giving the inputs must agree and find something.
if not layout:
    sys.exit(f"FAIL: {f}: no record-size finding (the compat_u64 records are expected)")
print(f"{f}: reports equal, paths aside (findings, coverage, summary, root causes, impacted functions)")
PY
}

check_tree amd64 "$KTREE/amd64" . rust/bindings/bindings_helper.h
n=1
if [[ -f $KTREE/rt-amd64/build/rust/bindings/.bindings_generated.rs.cmd ]]; then
  check_tree rt-amd64 "$KTREE/rt-amd64" build ../rust/bindings/bindings_helper.h
  n=2
else
  echo "rt-amd64: no O=build tree ($KTREE/rt-amd64/build): not checked"
fi

# A tree without the .cmd file is an error, not a fallback.
mkdir -p "$T/no-cmd/rust/bindings"
cp "$KTREE/amd64/rust/bindings/lib.rs" "$KTREE/amd64/rust/bindings/bindings_generated.rs" "$T/no-cmd/rust/bindings/"
"$BF" check --kernel-tree "$T/no-cmd" > "$T/no-cmd.out" 2>&1; rc_none=$?
[[ $rc_none -eq 2 ]] && grep -q 'rust/bindings/.bindings_generated.rs.cmd: not found' "$T/no-cmd.out" \
  || fail "a tree without .bindings_generated.rs.cmd: exit $rc_none, $(cat "$T/no-cmd.out")"
echo "$((n + 1)) passed, 0 failed"
