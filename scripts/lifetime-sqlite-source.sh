#!/usr/bin/env bash
# Fetches Debian bookworm's SQLite source (the version libsqlite3-dev ships)
# with apt, through a private deb-src list (the system's apt configuration is
# not touched), and builds the amalgamation sqlite3.c for the instrumented
# lifetime target (fuzzers/lifetime/sqlite). Nothing fetched is committed:
# everything lands under work/ (ignored by git).
#
#   scripts/lifetime-sqlite-source.sh [OUT]     # default work/sqlite (of the repository)
#
# Prints the directory holding sqlite3.c and sqlite3.h; configure with
# -DBINDFUZZ_SQLITE_SOURCE=<that dir> (fuzzers/lifetime/CMakeLists.txt also
# finds work/sqlite/amalgamation by itself). Without it the target links the
# system libsqlite3 (uninstrumented, lookaside disabled so ASan still sees
# its heap). Needs dpkg-dev and tclsh (the amalgamation is generated). OUT
# is relative to the current directory.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
[[ ${1:-} == -h || ${1:-} == --help ]] && { bf_usage; exit 0; }
[[ ${1:-} != -* ]] || bf_die "unknown option $1"
OUT=$(bf_abspath "${1:-$REPO/work/sqlite}")
cd "$REPO"
mkdir -p "$OUT"
if [[ -f $OUT/amalgamation/sqlite3.c ]]; then echo "$OUT/amalgamation"; exit 0; fi

APT=$OUT/apt
mkdir -p "$APT/lists/partial" "$APT/archives/partial"
cat >"$APT/sources.list" <<'EOF'
deb-src http://deb.debian.org/debian bookworm main
deb-src http://deb.debian.org/debian-security bookworm-security main
deb-src http://deb.debian.org/debian bookworm-updates main
EOF
apt_opts=(-o "Dir::Etc::SourceList=$APT/sources.list" -o "Dir::Etc::SourceParts=/nonexistent"
          -o "Dir::State::Lists=$APT/lists" -o "Dir::Cache::Archives=$APT/archives"
          -o "APT::Sandbox::User=root")
apt-get "${apt_opts[@]}" update >&2
# The version the system library is (e.g. 3.40.1-2+deb12u2).
version=$(dpkg-query -W -f='${source:Version}' libsqlite3-0 2>/dev/null || true)
spec=sqlite3${version:+=$version}
(cd "$OUT" && apt-get "${apt_opts[@]}" source --download-only "$spec" >&2 ||
              apt-get "${apt_opts[@]}" source --download-only sqlite3 >&2)
dsc=$(ls "$OUT"/sqlite3_*.dsc | head -1)
rm -rf "$OUT/src"
dpkg-source -x "$dsc" "$OUT/src" >&2
# Generate the amalgamation (sqlite3.c + sqlite3.h) out of tree.
mkdir -p "$OUT/bld"
(cd "$OUT/bld" && "$OUT/src/configure" --disable-tcl >&2 && make sqlite3.c >&2)
mkdir -p "$OUT/amalgamation"
cp "$OUT/bld/sqlite3.c" "$OUT/bld/sqlite3.h" "$OUT/amalgamation/"
echo "$OUT/amalgamation"
