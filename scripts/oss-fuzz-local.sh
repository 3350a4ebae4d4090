#!/bin/bash -u
# Emulate OSS-Fuzz's `compile` step (ASan + libFuzzer) without Docker: run
# ci/oss-fuzz/build.sh with the environment OSS-Fuzz sets, then check $OUT:
# every *_fuzzer target configured is built, runs -runs=100 over its unzipped
# seed corpus with exit 0, and has .options, .dict and a non-empty seed zip.
#
# Usage: scripts/oss-fuzz-local.sh [--keep]   (--keep: leave the temp dirs)
# Env: BINDFUZZ_JOBS (default 2), CC/CXX (default clang-19/clang++-19).
# Exit status: 0 when every artefact is present and every target runs.

source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
repo=$REPO
keep=0
case ${1:-} in
  --keep) keep=1 ;;
  -h|--help) bf_usage; exit 0 ;;
  '') ;;
  *) bf_die "unknown argument $1" ;;
esac
root="$(mktemp -d "${TMPDIR:-/tmp}/bindfuzz-oss-fuzz.XXXXXX")"
(( keep )) || trap 'rm -rf "$root"' EXIT

export CC="${CC:-clang-19}" CXX="${CXX:-clang++-19}"
export SANITIZER=address FUZZING_ENGINE=libfuzzer ARCHITECTURE=x86_64 FUZZING_LANGUAGE=c++
export CFLAGS="-O1 -fno-omit-frame-pointer -gline-tables-only -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION -fsanitize=address -fsanitize-address-use-after-scope -fsanitize=fuzzer-no-link"
export CXXFLAGS="$CFLAGS"
export LIB_FUZZING_ENGINE="-fsanitize=fuzzer"
export SRC="$root/src" WORK="$root/work" OUT="$root/out"
export BINDFUZZ_JOBS="${BINDFUZZ_JOBS:-2}"
mkdir -p "$SRC" "$WORK" "$OUT"
ln -s "$repo" "$SRC/bindfuzz"

start=$SECONDS
echo "== ci/oss-fuzz/build.sh (OUT=$OUT)"
if ! (cd "$SRC/bindfuzz" && "$repo/ci/oss-fuzz/build.sh") >"$root/build.log" 2>&1; then
  tail -n 40 "$root/build.log"
  echo "oss-fuzz-local: FAIL: build.sh failed (log above)"; exit 1
fi
echo "   build.sh OK in $((SECONDS - start)) s"

# Targets expected: every *_fuzzer target the build configured (one per corpora dir at least).
mapfile -t expected < <(cmake --build "$WORK/bindfuzz-build" --target help | sed -n 's/^\([A-Za-z0-9_]*_fuzzer\): .*/\1/p' | sort -u)
for d in "$repo"/corpora/*_fuzzer; do
  [[ -d "$d" ]] && expected+=("$(basename "$d")")
done
mapfile -t expected < <(printf '%s\n' "${expected[@]}" | sort -u)

fail=0
printf '%-24s %-6s %-8s %-5s %-5s %-14s %s\n' TARGET BINARY RUNS=100 OPTS DICT SEED_ZIP RESULT
for f in "${expected[@]}"; do
  bin=no run=- opts=no dict=no zipn=0 why=()
  [[ -x "$OUT/$f" ]] && bin=yes || why+=("no binary")
  [[ -s "$OUT/$f.options" ]] && opts=yes || why+=("no .options")
  [[ -s "$OUT/$f.dict" ]] && dict=yes || why+=("no .dict")
  z="$OUT/${f}_seed_corpus.zip"
  if [[ -s "$z" ]]; then zipn=$(unzip -Z1 "$z" 2>/dev/null | wc -l); fi
  (( zipn > 0 )) || why+=("empty/missing seed zip")
  if [[ $bin == yes ]]; then
    c="$root/corpus/$f"; mkdir -p "$c"
    (( zipn > 0 )) && unzip -q -o "$z" -d "$c"
    if (cd "$root" && ASAN_OPTIONS=detect_leaks=1 "$OUT/$f" -runs=100 -seed=1 "$c") >"$root/$f.run.log" 2>&1; then
      run=ok
    else
      run=FAIL; why+=("run failed: $(grep -m1 -E 'ERROR|error' "$root/$f.run.log")")
    fi
  fi
  res=PASS; (( ${#why[@]} )) && { res="FAIL (${why[*]})"; fail=1; }
  printf '%-24s %-6s %-8s %-5s %-5s %-14s %s\n' "$f" "$bin" "$run" "$opts" "$dict" "$zipn files" "$res"
done
echo "oss-fuzz-local: ${#expected[@]} targets, wall $((SECONDS - start)) s, $([[ $fail == 0 ]] && echo PASS || echo FAIL)"
exit $fail
