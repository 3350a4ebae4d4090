#!/bin/bash -eu
# bindfuzz OSS-Fuzz / ClusterFuzzLite build script (the real one; the OSS-Fuzz
# and .clusterfuzzlite directories only call it).
#
# Inputs (set by OSS-Fuzz's `compile`, or by scripts/oss-fuzz-local.sh):
#   CC CXX CFLAGS CXXFLAGS LIB_FUZZING_ENGINE OUT WORK [SRC]
# Optional: BINDFUZZ_SRC (repository root; default: the repo holding this
#   script, else the current directory), BINDFUZZ_JOBS (default: nproc).
# Output in $OUT, per target <name>_fuzzer:
#   <name>_fuzzer, <name>_fuzzer.options, <name>_fuzzer.dict,
#   <name>_fuzzer_seed_corpus.zip (corpora/<name>_fuzzer/{seed,regression}),
#   lib/ with the non-base shared libraries (Abseil) found via RPATH $ORIGIN/lib.

: "${CC:?} ${CXX:?} ${CFLAGS?} ${CXXFLAGS?} ${LIB_FUZZING_ENGINE:?} ${OUT:?} ${WORK:?}"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [[ -n "${BINDFUZZ_SRC:-}" ]]; then
  repo="$BINDFUZZ_SRC"
elif [[ -f "$here/../../fuzzers/CMakeLists.txt" ]]; then
  repo="$(cd "$here/../.." && pwd)"
else
  repo="$(pwd)"
fi
[[ -f "$repo/fuzzers/CMakeLists.txt" ]] || { echo "build.sh: no bindfuzz repository at $repo" >&2; exit 1; }

# OSS-Fuzz's CXXFLAGS select libc++, but the distribution Abseil we link is
# built against libstdc++ (std::string in its ABI): use libstdc++ throughout.
CXXFLAGS="${CXXFLAGS//-stdlib=libc++/}"

build="$WORK/bindfuzz-build"
mkdir -p "$build" "$OUT"

cmake -S "$repo" -B "$build" -G Ninja \
  -DCMAKE_BUILD_TYPE= \
  -DCMAKE_C_COMPILER="$CC" -DCMAKE_CXX_COMPILER="$CXX" \
  -DCMAKE_C_FLAGS="$CFLAGS" -DCMAKE_CXX_FLAGS="$CXXFLAGS" \
  -DCMAKE_BUILD_RPATH='$ORIGIN/lib' \
  -DBINDFUZZ_BUILD_TESTS=OFF -DBINDFUZZ_BUILD_BENCHMARKS=OFF \
  -DBINDFUZZ_BUILD_C_FRONTEND=OFF -DBINDFUZZ_BUILD_FUZZERS=ON \
  -DBINDFUZZ_OSS_FUZZ=ON -DLIB_FUZZING_ENGINE="$LIB_FUZZING_ENGINE"

mapfile -t fuzzers < <(cmake --build "$build" --target help | sed -n 's/^\([A-Za-z0-9_]*_fuzzer\): .*/\1/p' | sort -u)
(( ${#fuzzers[@]} > 0 )) || { echo "build.sh: no *_fuzzer targets configured" >&2; exit 1; }
echo "build.sh: fuzz targets: ${fuzzers[*]}"
cmake --build "$build" -j"${BINDFUZZ_JOBS:-$(nproc)}" --target "${fuzzers[@]}"

mkdir -p "$OUT/lib"
for f in "${fuzzers[@]}"; do
  bin="$(find "$build" -type f -name "$f" -perm -u+x | head -n1)"
  [[ -n "$bin" ]] || { echo "build.sh: $f was not built" >&2; exit 1; }
  cp "$bin" "$OUT/$f"
  corpus="$repo/corpora/$f"
  # .options/.dict: hand-written beside the corpus, else the ones `bindfuzz
  # gen --spec` generated for a lifetime target (in the build tree).
  for ext in options dict; do
    if [[ -f "$corpus/$f.$ext" ]]; then
      cp "$corpus/$f.$ext" "$OUT/$f.$ext"
    else
      gen="$(find "$build" -type f -name "$f.$ext" | head -n1)"
      [[ -n "$gen" ]] && cp "$gen" "$OUT/$f.$ext"
    fi
  done
  rm -f "$OUT/${f}_seed_corpus.zip"
  files=()
  for d in seed regression; do
    [[ -d "$corpus/$d" ]] && while IFS= read -r -d '' x; do files+=("$x"); done < <(find "$corpus/$d" -type f -print0)
  done
  # seed/ and regression/ are named by sha1, so flattening (-j) cannot collide.
  (( ${#files[@]} > 0 )) && zip -q -j "$OUT/${f}_seed_corpus.zip" "${files[@]}"
  # The runner image has no Abseil: ship the shared libraries beside the target.
  # (Once copied, ldd resolves them inside $OUT/lib: skip those.)
  ldd "$OUT/$f" | awk -v out="$OUT/lib/" '/libabsl_/ && $3 ~ /^\// && index($3, out) != 1 {print $3}' \
    | xargs -r cp -L -t "$OUT/lib/"
done
ls -l "$OUT"
