#!/usr/bin/env bash
# Bad input never crashes, hangs or gives a silent wrong answer: each case must
# exit 2 within its time limit with a message naming the file (and line where
# there is one). Run by ctest: bad_input_test.sh <path-to-bindfuzz>
set -uo pipefail
BF=$(realpath "${1:?usage: bad_input_test.sh BINDFUZZ}")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T"

printf 'struct s { int a; };\n' > ok.h
head -c 3000 /dev/urandom > garbage.rs
printf '#[repr(C)]\npub struct file {\n    pub f_count: u64,\n    pub f_op: *const fi' > trunc.rs
printf 'pub type a = b;\npub type b = a;\n#[repr(C)]\npub struct s { pub x: a }\n' > cyc.rs
printf '#[repr(C)]\npub struct s {\n  pub x: u8, // caf\xe9\n}\n' > latin1.rs
python3 -c "print('pub type a = ' + '['*5000 + 'u8' + '; 1]'*5000 + ';')" > deep.rs
truncate -s 2G huge.rs
printf 'struct s { int a; ]\n' > broken.h
printf 'mod ffi;\npub use ffi::*;\n' > modonly.rs
printf '// no item\nm!{}\n' > noitems.rs
printf '{"format":"bindfuzz-contract",\n"version":1,\n"side":"c",\n"records":[{"name":1}]}' > bad.json
head -c 100 bad.json > trunc.json
python3 -c "print('['*100000)" > deep.json
mkdir -p emptytree
printf 'resource r { release free_r; }\n\nfn f(x: borrowed nope) -> void;\n' > bad.bfspec
printf 'resource r {}\n# caf\xe9\n' > latin1.bfspec
printf 'fn f() -> void;\0\n' > nul.bfspec
printf 'fn f(a: u8 in 0..=99999999999999999999) -> void;\n' > overflow.bfspec
printf 'resource r { release a; put b; }\n' > releaseput.bfspec
python3 -c "print('('*100000)" > deep.bfspec
truncate -s 17M huge.bfspec
printf 'resource r {}\n' > ok.bfspec
printf 'fn f(x: _) -> ptr nullable;\n' > unknowns.bfspec

pass=0 fail=0
expect() {  # name, regex the stderr must match, command...
  local name=$1 re=$2; shift 2
  timeout 120 "$BF" "$@" >out 2>err
  local rc=$?
  if [[ $rc -eq 2 ]] && grep -Eq -- "$re" err; then
    pass=$((pass + 1)); echo "ok   $name"
  else
    fail=$((fail + 1)); echo "FAIL $name: exit $rc (want 2), stderr: $(head -c 300 err)"
  fi
}

# Cases that parse C: a bindfuzz built without the C front end must exit 2
# naming the header and saying why instead.
if "$BF" version | grep -q 'C front end: not built'; then
  expect_c() { expect "$1 (no C front end)" '[a-z]+\.h: this bindfuzz was built without the C front end \(-DBINDFUZZ_BUILD_C_FRONTEND=OFF\)' "${@:3}"; }
else
  expect_c() { expect "$@"; }
fi

expect "garbage bindings"       'garbage\.rs:[0-9]+'          extract-rust --rust garbage.rs
expect "truncated bindings"     'trunc\.rs:[0-9]+:[0-9]+'     extract-rust --rust trunc.rs
expect "recursive aliases"      'cyc\.rs:[0-9]+'              extract-rust --rust cyc.rs
expect_c "recursive aliases (check)" 'cyc\.rs:[0-9]+'           check --c-header ok.h --rust cyc.rs
expect "non-UTF-8"              'latin1\.rs:3'                extract-rust --rust latin1.rs
expect "deep nesting"           'deep\.rs:1:[0-9]+'           extract-rust --rust deep.rs
expect "huge file"              'huge\.rs: .*limit'           extract-rust --rust huge.rs
expect "missing Rust file"      'missing\.rs'                 extract-rust --rust missing.rs
expect_c "missing mod file"       'modonly\.rs:1:5: .*ffi\.rs nor ffi/mod\.rs'  check --c-header ok.h --rust modonly.rs
expect_c "nothing to compare"     'nothing to compare: .*noitems\.rs'  check --c-header ok.h --rust noitems.rs
expect_c "missing header"         'missing\.h'                  extract-c --c-header missing.h
expect_c "broken header"          'broken\.h:1:[0-9]+: error'   extract-c --c-header broken.h
expect_c "wrong flags"            "-std=bogus"                  extract-c --c-header ok.h --c-flag=-std=bogus
expect "wrong target"           "--target=nonsense-arch is not a target bindfuzz knows"  extract-c --c-header ok.h --c-flag=--target=nonsense-arch
# Targets: one --target for both sides, from the table only.
printf -- '--target=aarch64-linux-gnu\n' > arm64.flags
printf '#[repr(C)]\npub struct s { pub a: i32 }\n' > ok.rs
expect "unknown --target"       "--target sparc-sun-solaris is not a target bindfuzz knows; supported targets"  check --c-header ok.h --rust ok.rs --target sparc-sun-solaris
expect "unknown --target lists the table" '^  x86_64-pc-windows-msvc  x86_64-pc-windows-msvc$'  check --c-header ok.h --rust ok.rs --target sparc-sun-solaris
expect "unknown --target (oracle)" "--target nonsense is not a target bindfuzz knows; supported targets"  oracle --rust ok.rs --target nonsense
expect "unknown C --target"     "the C flags' --target=sparc-sun-solaris is not a target bindfuzz knows; supported targets"  check --c-header ok.h --rust ok.rs --c-flag=--target=sparc-sun-solaris
expect "mismatched sides"       "different targets: the C flags say --target=aarch64-linux-gnu \(aarch64-unknown-linux-gnu\), --target says x86_64-pc-windows-msvc \(x86_64-pc-windows-msvc\).*supported targets"  check --c-header ok.h --rust ok.rs --c-flag=--target=aarch64-linux-gnu --target x86_64-pc-windows-msvc
expect "mismatched sides (flags file)" "different targets: the C flags say --target=aarch64-linux-gnu"  check --c-header ok.h --rust ok.rs --c-flags-file arm64.flags --target i686-unknown-linux-gnu
expect "mismatched sides (gen)" "different targets"  gen --c-header ok.h --rust ok.rs --c-flag=--target=armv7-linux-gnueabihf --target riscv64gc-unknown-linux-gnu --out-dir gen-out
expect "missing flags file"     'nope\.txt'                   extract-c --c-header ok.h --c-flags-file nope.txt
expect "bad contract JSON"      'bad\.json:4:[0-9]+'          diff bad.json bad.json
expect "truncated JSON"         'trunc\.json:[0-9]+:[0-9]+'   diff trunc.json trunc.json
expect "deep JSON"              'deep\.json:1:[0-9]+'         diff deep.json deep.json
expect "garbage BTF"            'garbage\.rs'                 extract-btf --btf garbage.rs
expect "not a kernel tree"      'CONFIG_RUST'                 check --kernel-tree emptytree
expect "unknown option"         'unknown option'              check --frobnicate
expect "bad --format"           "--format: unknown report format 'xml'"  check --c-header ok.h --rust trunc.rs --format xml
expect "bad --format (diff)"    "--format: unknown report format 'xml'"  diff bad.json bad.json --format xml

expect "bad spec"               'bad\.bfspec:3:18: unknown resource'  spec bad.bfspec
expect "non-UTF-8 spec"         'latin1\.bfspec:2:[0-9]+: invalid UTF-8'  spec latin1.bfspec
expect "NUL byte in spec"       'nul\.bfspec:1:[0-9]+: NUL byte'  spec nul.bfspec
expect "integer overflow (spec)" 'overflow\.bfspec:1:[0-9]+: integer does not fit'  spec overflow.bfspec
expect "release and put (spec)" 'releaseput\.bfspec:1:10: .*both'  spec releaseput.bfspec --format json
expect "deep spec"              'deep\.bfspec:1:1'            spec deep.bfspec
expect "huge spec"              'huge\.bfspec: .*limit'       spec huge.bfspec
expect "missing spec"           'missing\.bfspec'             spec missing.bfspec
expect "bad --format (spec)"    "--format: unknown spec format 'xml'"  spec ok.bfspec --format xml
expect "gen --spec bad spec"    'bad\.bfspec:3:18: unknown resource'  gen --spec bad.bfspec --out-dir gen-out
expect "gen --spec unknowns"    'unknowns\.bfspec:1: gen: .*not stated'  gen --spec unknowns.bfspec --out-dir gen-out
expect "gen --spec with --rust" '--rust does not apply with --spec'  gen --spec ok.bfspec --rust trunc.rs --out-dir gen-out
mkdir -p crate-nolib crate-broken/src
printf 'pub struct X {\n  a: i32,\n pub fn\n' > crate-broken/src/lib.rs
expect "gen --rust-crate no lib.rs"  'crate-nolib: no src/lib\.rs'  gen --rust-crate crate-nolib --out-dir gen-out
expect "gen --rust-crate broken"     'src/lib\.rs:[0-9]+:[0-9]+'     gen --rust-crate crate-broken --out-dir gen-out
expect "gen --rust-crate with --spec" '--spec does not apply with --rust-crate'  gen --rust-crate crate-broken --spec ok.bfspec --out-dir gen-out
expect "infer garbage"          'garbage\.rs:[0-9]+'          infer garbage.rs
expect "infer truncated"        'trunc\.rs:[0-9]+:[0-9]+'     infer trunc.rs
expect "infer non-UTF-8"        'latin1\.rs:3'                infer latin1.rs
expect "infer deep nesting"     'deep\.rs:1:[0-9]+'           infer deep.rs
expect "infer huge file"        'huge\.rs: .*limit'           infer huge.rs
expect "infer missing path"     'missing\.rs'                 infer missing.rs
expect "infer empty directory"  'emptytree: no \.rs files'    infer emptytree
expect "infer without inputs"   'infer needs Rust files'      infer
expect "crate not installed"    'librust-bindfuzz-no-such-sys-dev'  extract-rust --crate bindfuzz-no-such-sys
expect "crate: no Cargo.toml"   'emptytree: no Cargo\.toml'  extract-rust --crate emptytree
expect "crate: not a crate"     'nope/x: not a directory, a Cargo\.toml'  extract-rust --crate nope/x
expect "crate: bad --cfg"       "--cfg 'a b': expected NAME"  extract-rust --crate emptytree --cfg 'a b'
expect "crate and --rust"       'one way: --rust FILE\.\.\. or --crate'  check --c-header ok.h --crate emptytree --rust cyc.rs
expect "--save-expanded without --crate" 'need --crate'       extract-rust --rust cyc.rs --save-expanded d
expect "files: bad --cfg"       "--cfg '?a b'?: expected NAME"  extract-rust --rust cyc.rs --cfg 'a b'
if command -v cargo >/dev/null 2>&1; then
  # A crate rustc rejects: the error names the crate and quotes rustc.
  mkdir -p brokencrate/src
  printf '[package]\nname = "brokencrate"\nversion = "0.1.0"\nedition = "2021"\n[workspace]\n' > brokencrate/Cargo.toml
  printf 'pub struct s { a: }\n' > brokencrate/src/lib.rs
  expect "crate rustc rejects"  'brokencrate/src/lib\.rs:1:19' extract-rust --crate brokencrate
fi

echo "$pass passed, $fail failed"
[[ $fail -eq 0 ]]
