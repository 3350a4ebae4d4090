#!/usr/bin/env bash
# `bindfuzz infer` and `bindfuzz spec` end to end, as a user runs them, on the
# real inputs: Linux 6.12 rust/kernel (scripts/kernel-inputs.sh) and Debian's
# rusqlite crate (librust-rusqlite-dev, scripts/setup.sh). The proposed spec
# must be written, re-parse with `bindfuzz spec`, print the same canonical
# text again, and list what the Rust sources state. Exits 77 (skipped) when
# neither input is present. Usage: infer_cli_test.sh BINDFUZZ REPO
set -uo pipefail
BF=$(realpath "${1:?usage: infer_cli_test.sh BINDFUZZ REPO}")
REPO=$(realpath "${2:?}")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
KERNEL=$REPO/work/kernel/src/linux-source-6.12/rust/kernel
RUSQLITE=/usr/share/cargo/registry/rusqlite-0.28.0
pass=0 fail=0 ran=0
check() {  # name, regex the spec text must match
  if grep -Eq -- "$2" "$T/out.bfspec"; then pass=$((pass + 1)); echo "ok   $1"; else
    fail=$((fail + 1)); echo "FAIL $1: no line matching /$2/"; fi
}
run() {  # label, input
  ran=1
  "$BF" infer "$2" -o "$T/out.bfspec" 2>"$T/err" || { fail=$((fail + 1)); echo "FAIL $1: infer exited $?: $(cat "$T/err")"; return 1; }
  echo "     $1: $(cat "$T/err")"
  "$BF" spec "$T/out.bfspec" -o "$T/canon.bfspec" || { fail=$((fail + 1)); echo "FAIL $1: spec rejected infer's output"; return 1; }
  "$BF" spec "$T/canon.bfspec" -o "$T/canon2.bfspec" && cmp -s "$T/canon.bfspec" "$T/canon2.bfspec" ||
    { fail=$((fail + 1)); echo "FAIL $1: canonical text is not a fixed point"; return 1; }
  "$BF" spec "$T/out.bfspec" --format json -o "$T/out.json" && grep -q '"format": "bindfuzz-ownership"' "$T/out.json" ||
    { fail=$((fail + 1)); echo "FAIL $1: no JSON"; return 1; }
  pass=$((pass + 1)); echo "ok   $1: infer output re-parses"
}
if [[ -f $KERNEL/task.rs ]] && run "rust/kernel" "$KERNEL"; then
  check "Task: get/put"      $'^resource task_struct \\{$'
  check "get_task_struct"    '^  get get_task_struct;$'
  check "put_task_struct"    '^  put put_task_struct;$'
  check "Device: get/put"    '^  get get_device;$'
  check "put_device"         '^  put put_device;$'
  check "Request"            'origin "kernel/block/mq/request\.rs:[0-9]+ impl AlwaysRefCounted for Request"'
  check "from_err_ptr"       '^fn __blk_mq_alloc_disk\(.*\) -> ptr errptr origin "kernel/block/mq/gen_disk\.rs:[0-9]+ in [A-Za-z_:]+";$'
  check "ForeignOwnable Box" 'origin "kernel/alloc/kbox\.rs:[0-9]+ impl ForeignOwnable for Box<T, A>"'
  check "ForeignOwnable Arc" 'origin "kernel/sync/arc\.rs:[0-9]+ impl ForeignOwnable for Arc<T>"'
fi
if [[ -f $RUSQLITE/src/raw_statement.rs ]] && run "rusqlite" "$RUSQLITE"; then
  check "sqlite3_stmt release" '^  release sqlite3_finalize;$'
  check "sqlite3 release"      '^  release sqlite3_close;$'
  check "column_name borrow"   '^fn sqlite3_column_name\(arg0: borrowed sqlite3_stmt, arg1: _\) -> str nullable of arg0 '
fi
[[ $ran -eq 1 ]] || { echo "SKIP: neither $KERNEL nor $RUSQLITE present"; exit 77; }
echo "$pass passed, $fail failed"
[[ $fail -eq 0 ]]
