#!/usr/bin/env bash
# kernel-inputs.sh: obtain real Linux inputs from Debian's archive (6.12 by
# default, 6.1 on request) and generate the kernel's Rust bindings exactly as
# that version's rust/Makefile does. See docs/kernel-inputs.md.
set -Eeuo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$SCRIPT_DIR/.." && pwd)
KBUILD_TEMPLATE_DIR=$SCRIPT_DIR/kbuild

# Bump when the meaning of an output changes, so stamps from older runs are redone.
STEP_VERSION=1
ALL_FLAVOURS=(amd64 rt-amd64 cloud-amd64)
# Flavours of other Debian architectures, prepared only on request: their
# header packages are downloaded as foreign-architecture packages and Kbuild
# runs with Debian's cross compiler (the one the flavour was built with).
CROSS_FLAVOURS=(arm64)
ALL_SERIES=(6.12 6.1)
LIBCLANG_DIR=/usr/lib/llvm-14/lib
# The Debian uploads the tests and the README's figures are measured on, one
# per kernel series. The one place they are recorded (meta.json repeats them
# for each run). Bump them on purpose, after re-measuring; the archive keeps
# several uploads at once.
PINNED_ABI=6.12.117+deb12
PINNED_ABI_6_1=6.1.0-57

usage() {
  cat <<EOF
Usage: scripts/kernel-inputs.sh [--force] [--flavours LIST] [--versions LIST] [--kbuild-trees LIST]
                               [--resolve-only] [--help]

Downloads Linux packages from Debian's archive (apt-get download, never
install), extracts the needed parts, and for each flavour computes the
kernel's bindgen C flags with Kbuild and runs bindgen 0.60.1 (libclang 14)
the way that version's rust/Makefile does.

Options:
  --force           redo every step, ignoring stamps
  --flavours LIST   comma-separated subset of: $(IFS=,; echo "${ALL_FLAVOURS[*]} ${CROSS_FLAVOURS[*]}")
                    (default: $(IFS=,; echo "${ALL_FLAVOURS[*]}")). arm64 (6.12 only) is Debian's
                    arm64 kernel: its headers are downloaded as a foreign-architecture
                    package (dpkg --add-architecture arm64 and apt-get update when root)
                    and Kbuild runs with Debian's cross compiler (installed when root)
  --versions LIST   comma-separated kernel versions (default: 6.12); each one is
                      6.12    the 6.12 upload chosen below; outputs in \$W/kernel/out/<flavour>
                      6.1     the 6.1 upload chosen below; outputs in \$W/kernel/out/6.1/<flavour>
                      <abi>   exactly that upload, e.g. 6.12.118+deb12 or 6.1.0-56;
                              outputs in \$W/kernel/out/<abi>/<flavour>
  --kbuild-trees LIST  flavours (of those built) that also get a kernel build
                    tree in \$W/kernel/kbuild-tree/<flavour> (6.12 only; default:
                    amd64,rt-amd64; 'none' for none): the kernel's own rust/Makefile
                    rules run by Kbuild, which writes rust/bindings/.bindings_generated.rs.cmd
                    as a CONFIG_RUST=y build does (what bindfuzz --kernel-tree and
                    --kbuild-cmd read); about 20 s of CPU per flavour
  --resolve-only    print which upload would be used (and why) and exit
  -h, --help        this text

Which Debian upload (default: the pinned one, so that every run checks the
same bytes):
  BINDFUZZ_KERNEL_ABI unset      the pinned upload, $PINNED_ABI; if the archive no
                                 longer has it, a warning and the newest instead
  BINDFUZZ_KERNEL_ABI=newest     the newest linux-headers-6.12.*+deb12-amd64 in apt
  BINDFUZZ_KERNEL_ABI=6.12.118+deb12 (or 6.12.118-1~deb12u1)   exactly that upload
                                 (exit 2 if apt does not have it)
  BINDFUZZ_KERNEL_ABI_6_1        the same for 6.1 (pinned: $PINNED_ABI_6_1), e.g.
                                 newest, 6.1.0-56 or its package version 6.1.192-2

Environment:
  BINDFUZZ_WORK        work dir (default: <repo>/work); outputs in \$BINDFUZZ_WORK/kernel
  BINDFUZZ_KERNEL_ABI, BINDFUZZ_KERNEL_ABI_6_1   see above
  BINDFUZZ_KERNEL_PIN, BINDFUZZ_KERNEL_PIN_6_1   override a pinned ABI (for testing the fallback)

Exit status: 0 on success, 2 on any error (message on stderr).
EOF
}

FORCE=0
RESOLVE_ONLY=0
FLAVOURS=("${ALL_FLAVOURS[@]}")
VERSIONS=(6.12)
TREE_FLAVOURS=(amd64 rt-amd64)
while [[ $# -gt 0 ]]; do
  case $1 in
    --force) FORCE=1 ;;
    --resolve-only) RESOLVE_ONLY=1 ;;
    --flavours) [[ $# -ge 2 ]] || { echo "kernel-inputs: --flavours needs a value" >&2; exit 2; }
                IFS=, read -ra FLAVOURS <<<"$2"; shift ;;
    --flavours=*) IFS=, read -ra FLAVOURS <<<"${1#--flavours=}" ;;
    --versions) [[ $# -ge 2 ]] || { echo "kernel-inputs: --versions needs a value" >&2; exit 2; }
                IFS=, read -ra VERSIONS <<<"$2"; shift ;;
    --versions=*) IFS=, read -ra VERSIONS <<<"${1#--versions=}" ;;
    --kbuild-trees) [[ $# -ge 2 ]] || { echo "kernel-inputs: --kbuild-trees needs a value" >&2; exit 2; }
                IFS=, read -ra TREE_FLAVOURS <<<"$2"; shift ;;
    --kbuild-trees=*) IFS=, read -ra TREE_FLAVOURS <<<"${1#--kbuild-trees=}" ;;
    -h|--help) usage; exit 0 ;;
    *) echo "kernel-inputs: unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
[[ ${#FLAVOURS[@]} -gt 0 ]] || { echo "kernel-inputs: empty --flavours" >&2; exit 2; }
for f in "${FLAVOURS[@]}"; do
  case " ${ALL_FLAVOURS[*]} ${CROSS_FLAVOURS[*]} " in *" $f "*) ;; *)
    echo "kernel-inputs: unknown flavour '$f' (known: ${ALL_FLAVOURS[*]} ${CROSS_FLAVOURS[*]})" >&2; exit 2 ;;
  esac
done
[[ ${#VERSIONS[@]} -gt 0 ]] || { echo "kernel-inputs: empty --versions" >&2; exit 2; }
[[ ${TREE_FLAVOURS[*]} == none ]] && TREE_FLAVOURS=()
for f in "${TREE_FLAVOURS[@]}"; do
  case " ${ALL_FLAVOURS[*]} " in *" $f "*) ;; *)
    echo "kernel-inputs: unknown flavour '$f' in --kbuild-trees (known: ${ALL_FLAVOURS[*]}, or none)" >&2; exit 2 ;;
  esac
done

# Several versions: one run of this script per version, in order.
if [[ ${#VERSIONS[@]} -gt 1 ]]; then
  args=()
  [[ $FORCE -eq 1 ]] && args+=(--force)
  [[ $RESOLVE_ONLY -eq 1 ]] && args+=(--resolve-only)
  args+=(--kbuild-trees "$( [[ ${#TREE_FLAVOURS[@]} -eq 0 ]] && echo none || (IFS=,; echo "${TREE_FLAVOURS[*]}"))")
  for v in "${VERSIONS[@]}"; do
    "$BASH" "${BASH_SOURCE[0]}" "${args[@]}" --flavours "$(IFS=,; echo "${FLAVOURS[*]}")" --versions "$v" || exit $?
  done
  exit 0
fi

# The version dimension. A series (6.12, 6.1) decides the Debian package
# names, how an upload is chosen and which rust/Makefile rules are replayed;
# VDIR is where a version's outputs go ("" for 6.12: its paths never change).
VERSION=${VERSIONS[0]}
case $VERSION in
  6.12) SERIES=6.12; VDIR=""; REQUEST=${BINDFUZZ_KERNEL_ABI:-pinned} ;;
  6.1)  SERIES=6.1;  VDIR=6.1; REQUEST=${BINDFUZZ_KERNEL_ABI_6_1:-pinned} ;;
  6.12.*) SERIES=6.12; VDIR=$VERSION; REQUEST=$VERSION ;;
  6.1.*)  SERIES=6.1;  VDIR=$VERSION; REQUEST=$VERSION ;;
  *) echo "kernel-inputs: unknown version '$VERSION' (known: ${ALL_SERIES[*]}, or an upload such as 6.12.118+deb12 or 6.1.0-56)" >&2; exit 2 ;;
esac
[[ $VDIR == */* || $VDIR == *..* ]] && { echo "kernel-inputs: bad version '$VERSION'" >&2; exit 2; }
if [[ $SERIES != 6.12 ]]; then
  for f in "${FLAVOURS[@]}"; do
    case " ${CROSS_FLAVOURS[*]} " in *" $f "*)
      echo "kernel-inputs: flavour '$f' is prepared for 6.12 only (asked for $VERSION)" >&2; exit 2 ;;
    esac
  done
fi
case $SERIES in
  6.12)
    SRCPKG=linux-source-6.12
    PIN=${BINDFUZZ_KERNEL_PIN:-$PINNED_ABI}; PIN_VAR=PINNED_ABI; ABI_VAR=BINDFUZZ_KERNEL_ABI
    # linux-headers-<abi>-amd64, <abi> = 6.12.N+deb12
    ABI_RE='6\.12\.[0-9]+\+deb12'
    HELPERS_C=rust/helpers/helpers.c
    HAS_BTF=1 ;;
  6.1)
    SRCPKG=linux-source-6.1
    PIN=${BINDFUZZ_KERNEL_PIN_6_1:-$PINNED_ABI_6_1}; PIN_VAR=PINNED_ABI_6_1; ABI_VAR=BINDFUZZ_KERNEL_ABI_6_1
    # linux-headers-<abi>-amd64, <abi> = 6.1.0-N (Debian's ABI number, not the upstream release)
    ABI_RE='6\.1\.0-[0-9]+'
    HELPERS_C=rust/helpers.c
    # Debian's 6.1 header packages ship no vmlinux (no BTF).
    HAS_BTF=0 ;;
esac

W=${BINDFUZZ_WORK:-$REPO/work}
mkdir -p "$W" || { echo "kernel-inputs: cannot create work dir $W" >&2; exit 2; }
W=$(cd "$W" && pwd)
K=$W/kernel
DEBS=$K/debs
SRCROOT=$K/src
HDR=$K/headers
# Logs of a version go to LOGS once the upload is known (set_version_dirs).
LOGS=$K/logs
mkdir -p "$DEBS" "$SRCROOT" "$HDR" "$LOGS"

# Per version: source tree, Kbuild dirs, outputs, stamps and logs. An explicit
# upload is filed under its ABI (--versions 6.1.192-2 writes out/6.1.0-56/).
set_version_dirs() {
  [[ -z $VDIR || $VDIR == "$SERIES" ]] || VDIR=$ABI
  if [[ -z $VDIR ]]; then
    SRCPARENT=$SRCROOT; BUILD=$K/build; OUT=$K/out; STAMPS=$K/stamps; LOGS=$K/logs; TREES=$K/kbuild-tree
  else
    if [[ $VDIR == "$SERIES" ]]; then SRCPARENT=$SRCROOT; else SRCPARENT=$SRCROOT/$VDIR; fi
    BUILD=$K/build/$VDIR; OUT=$K/out/$VDIR; STAMPS=$K/stamps/$VDIR; LOGS=$K/logs/$VDIR; TREES=$K/kbuild-tree/$VDIR
  fi
  SRC=$SRCPARENT/$SRCPKG
  mkdir -p "$SRCPARENT" "$BUILD" "$OUT" "$STAMPS" "$LOGS"
}

# ---------------------------------------------------------------- helpers
T0=$EPOCHREALTIME
CURRENT_STEP=setup
log()  { printf '[kernel-inputs %6.1fs] %s\n' "$(elapsed "$T0")" "$*"; }
warn() { printf 'kernel-inputs: warning: %s\n' "$*" >&2; }
die()  { printf 'kernel-inputs: error: %s\n' "$*" >&2; exit 2; }
elapsed() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }

disk_check() {  # $1 = MiB needed under $K
  local avail
  avail=$(df -Pm "$K" | awk 'NR==2 {print $4}')
  if [[ -n $avail && $avail -lt $1 ]]; then
    die "disk full: only ${avail} MiB free under $K, need about $1 MiB (set BINDFUZZ_WORK elsewhere or free space)"
  fi
}

on_err() {
  local rc=$1 line=$2
  trap - ERR
  local avail
  avail=$(df -Pm "$K" 2>/dev/null | awk 'NR==2 {print $4}') || avail=
  if [[ -n $avail && $avail -lt 64 ]]; then
    printf 'kernel-inputs: error: disk full (%s MiB free under %s) during step "%s"\n' "$avail" "$K" "$CURRENT_STEP" >&2
  else
    printf 'kernel-inputs: error: step "%s" failed (exit %s at %s line %s); logs in %s\n' \
      "$CURRENT_STEP" "$rc" "${BASH_SOURCE[0]}" "$line" "$LOGS" >&2
  fi
  exit 2
}
trap 'on_err $? $LINENO' ERR

# Stamps: $STAMPS/<name> holds a key; a step is skipped when the stamp's key
# matches (and --force was not given).
stamp_ok() { [[ $FORCE -eq 0 && -f $STAMPS/$1 && "$(cat "$STAMPS/$1")" == "$2" ]]; }
stamp_set() { printf '%s\n' "$2" > "$STAMPS/$1"; }

# guard NAME PATH...: forget a stamp whose outputs have gone missing.
guard() {
  local name=$1 x; shift
  for x in "$@"; do [[ -e $x ]] || { rm -f "$STAMPS/$name"; return 0; }; done
}

# run_step NAME KEY FUNC [ARGS...]
run_step() {
  local name=$1 key=$2; shift 2
  CURRENT_STEP=$name
  if stamp_ok "$name" "$key"; then
    log "skip  $name (up to date)"
    return 0
  fi
  local t=$EPOCHREALTIME
  log "start $name"
  rm -f "$STAMPS/$name"
  "$@"
  stamp_set "$name" "$key"
  log "done  $name in $(elapsed "$t")s"
}

json_str() {
  local s=$1
  s=${s//\\/\\\\}; s=${s//\"/\\\"}; s=${s//$'\t'/\\t}; s=${s//$'\n'/\\n}; s=${s//$'\r'/\\r}
  printf '"%s"' "$s"
}
json_arr() {  # json_arr ARG...
  local first=1 a
  printf '['
  for a in "$@"; do
    [[ $first -eq 1 ]] || printf ', '
    first=0
    json_str "$a"
  done
  printf ']'
}
shell_join() {  # a copy-pastable shell command line
  local out="" a q="'"
  for a in "$@"; do
    if [[ -n $a && $a =~ ^[A-Za-z0-9_./=:,+@%-]+$ ]]; then out+="$a "; else out+="'${a//$q/$q\\$q$q}' "; fi
  done
  printf '%s' "${out% }"
}

APT_OPTS=()
[[ $EUID -eq 0 ]] && APT_OPTS=(-o APT::Sandbox::User=root)
# Lookups by name (the amd64 header names, arch-"all" sources) read only this
# architecture's lists: with arm64 added for its header package, every
# apt-cache call would otherwise parse both (twice as slow).
APT_HOST=(-o "APT::Architectures::=$(dpkg --print-architecture)")

# deb_file PKG VERSION -> path of the downloaded .deb
deb_file() {
  local v=${2//:/%3a} f
  for f in "$DEBS/${1}_${v}_"*.deb; do
    [[ -f $f ]] && { printf '%s\n' "$f"; return 0; }
  done
  return 1
}

# ---------------------------------------------------------------- ABI
CURRENT_STEP=abi
SRC_VERSIONS=$(apt-cache "${APT_HOST[@]}" madison "$SRCPKG" 2>/dev/null | awk -F'|' '{ gsub(/ /, "", $2); print $2 }')
[[ -n $SRC_VERSIONS ]] || die "apt has no package $SRCPKG (run 'apt-get update'; needs bookworm-security / bookworm-backports in sources)"
AVAILABLE_ABIS=$(apt-cache "${APT_HOST[@]}" search --names-only "^linux-headers-$ABI_RE-amd64\$" 2>/dev/null \
      | awk '{print $1}' | sed -E 's/^linux-headers-(.*)-amd64$/\1/' | sort -V)
[[ -n $AVAILABLE_ABIS ]] || die "apt-cache finds no linux-headers-$SERIES.*-amd64 (run 'apt-get update')"
NEWEST_ABI=$(tail -1 <<<"$AVAILABLE_ABIS")
# A Debian package version names an upload too: 6.12.118-1~deb12u1 is ABI
# 6.12.118+deb12; for 6.1 (ABIs 6.1.0-N) apt says which ABI's headers have it.
if [[ $SERIES == 6.12 && $REQUEST =~ ^(6\.12\.[0-9]+)-[0-9]+~deb12u[0-9]+$ ]]; then
  REQUEST="${BASH_REMATCH[1]}+deb12"
elif [[ $SERIES == 6.1 && $REQUEST =~ ^6\.1\.[1-9][0-9]*-[0-9A-Za-z.~+]+$ ]]; then
  mapped=$(apt-cache "${APT_HOST[@]}" policy $(sed 's/.*/linux-headers-&-amd64/' <<<"$AVAILABLE_ABIS") 2>/dev/null \
    | awk -v want="$REQUEST" '/^[^ ].*:$/ { p = substr($0, 1, length($0) - 1) }
                               /^  Candidate: / && $2 == want { sub(/^linux-headers-/, "", p); sub(/-amd64$/, "", p); print p }' | tail -1)
  [[ -n $mapped ]] && REQUEST=$mapped
fi
case $REQUEST in
  pinned)
    if grep -qxF "$PIN" <<<"$AVAILABLE_ABIS"; then
      ABI=$PIN; SELECTION=pinned
    else
      ABI=$NEWEST_ABI; SELECTION=fallback-newest
      warn "the pinned upload $PIN is no longer in the archive (apt has: $(paste -sd" " <<<"$AVAILABLE_ABIS")); using the newest, $ABI. Results may differ from the figures measured on $PIN; bump $PIN_VAR in scripts/kernel-inputs.sh after re-measuring."
    fi ;;
  newest) ABI=$NEWEST_ABI; SELECTION=newest ;;
  *)
    if [[ -n $VDIR && $VDIR != "$SERIES" ]]; then what="--versions $VERSION"; else what="$ABI_VAR=$REQUEST"; fi
    grep -qxF "$REQUEST" <<<"$AVAILABLE_ABIS" \
      || die "$what: apt has no linux-headers-$REQUEST-amd64 (available: $(paste -sd" " <<<"$AVAILABLE_ABIS")); use 'newest', one of those, or unset it for the pinned $PIN"
    ABI=$REQUEST; SELECTION=explicit ;;
esac
[[ $ABI =~ ^$ABI_RE$ ]] || warn "ABI '$ABI' does not look like a $SERIES ABI"
if [[ $RESOLVE_ONLY -eq 1 ]]; then
  printf 'selection=%s\nabi=%s\npinned=%s\nnewest=%s\nseries=%s\n' "$SELECTION" "$ABI" "$PIN" "$NEWEST_ABI" "$SERIES"
  exit 0
fi
set_version_dirs

# ---------------------------------------------------------------- tools
CURRENT_STEP=tools
for t in apt-get apt-cache dpkg-deb tar xz make sed awk bindgen realpath df; do
  command -v "$t" >/dev/null || die "required tool '$t' not found on PATH (Debian: apt-get install bindgen xz-utils make)"
done
ensure_libclang14() {
  if ! compgen -G "$LIBCLANG_DIR/libclang*.so*" >/dev/null; then
    [[ $EUID -eq 0 ]] || die "libclang 14 is missing in $LIBCLANG_DIR; run: apt-get install libclang1-14"
    log "installing libclang1-14 (bindgen 0.60.1 needs libclang 14)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q libclang1-14 > "$LOGS/apt-libclang14.log" 2>&1 \
      || die "apt-get install libclang1-14 failed, see $LOGS/apt-libclang14.log"
  fi
  compgen -G "$LIBCLANG_DIR/libclang*.so*" >/dev/null || die "no libclang*.so* in $LIBCLANG_DIR after install"
}
ensure_libclang14
BINDGEN_VERSION=$(bindgen --version 2>/dev/null | awk '{print $2}')
[[ $BINDGEN_VERSION == 0.60.1 ]] || warn "bindgen is $BINDGEN_VERSION; this script was measured with Debian's 0.60.1"
# Newest --rust-target this bindgen accepts that is <= the kernel's 1.68.
RUST_TARGET=$(bindgen --help 2>/dev/null | tr -d '\n' | sed -n 's/.*--rust-target <rust-target>.*Valid options are: \[\([^]]*\)\].*/\1/p' \
  | tr -d '" ' | tr ',' '\n' | grep -E '^1\.[0-9]+$' | awk -F. '$2 <= 68' | sort -t. -k2,2n | tail -1)
[[ -n $RUST_TARGET ]] || die "could not determine the --rust-target values bindgen accepts (bindgen --help)"
BINDGEN_DEFAULT_TARGET=$(bindgen --help 2>/dev/null | tr -d '\n' | sed -n 's/.*--rust-target <rust-target>.*Defaults to "\([0-9.]*\)".*/\1/p')
export LIBCLANG_PATH=$LIBCLANG_DIR


# The Debian architecture of a flavour's header package (the flavour's last
# word: amd64, arm64). Only the flavour packages are architecture-specific
# here: -common is arch "all", and linux-kbuild runs on this machine.
HOST_ARCH=$(dpkg --print-architecture)
flavour_arch() { printf '%s\n' "${1##*-}"; }
declare -A PKGARCH
foreign=()
for f in "${FLAVOURS[@]}"; do
  a=$(flavour_arch "$f")
  [[ $a == "$HOST_ARCH" ]] && continue
  PKGARCH[linux-headers-$ABI-$f]=$a
  case " ${foreign[*]} " in *" $a "*) ;; *) foreign+=("$a") ;; esac
done
# apt sees another architecture's packages only once dpkg knows it.
for a in "${foreign[@]}"; do
  dpkg --print-foreign-architectures | grep -qxF "$a" && continue
  [[ $EUID -eq 0 ]] || die "flavour of architecture $a: run 'dpkg --add-architecture $a && apt-get update' as root first"
  log "dpkg --add-architecture $a; apt-get update (to download $a header packages)"
  CURRENT_STEP=add-architecture
  { dpkg --add-architecture "$a" && apt-get "${APT_OPTS[@]}" -q update; } > "$LOGS/apt-add-arch-$a.log" 2>&1 \
    || die "dpkg --add-architecture $a / apt-get update failed, see $LOGS/apt-add-arch-$a.log"
done
# The name apt takes: pkg:arch for another architecture's package.
apt_name() { if [[ -n ${PKGARCH[$1]:-} ]]; then printf '%s:%s\n' "$1" "${PKGARCH[$1]}"; else printf '%s\n' "$1"; fi; }

# linux-kbuild: one package per ABI for 6.12; one package for the whole 6.1
# series, whose headers depend on a version at least theirs.
if [[ $SERIES == 6.12 ]]; then KBUILD_PKG=linux-kbuild-$ABI; else KBUILD_PKG=linux-kbuild-$SERIES; fi
need_common_rt=0
PKGS=("linux-headers-$ABI-common" "$KBUILD_PKG")
for f in "${FLAVOURS[@]}"; do
  PKGS+=("linux-headers-$ABI-$f")
  [[ $f == rt-* ]] && need_common_rt=1
done
[[ $need_common_rt -eq 1 ]] && PKGS+=("linux-headers-$ABI-common-rt")
# One apt-cache call for all candidates ("(none)" or absent: not downloadable).
declare -A PKGVER
apt_names=()
for p in "${PKGS[@]}"; do apt_names+=("$(apt_name "$p")"); done
while read -r p v; do
  [[ $v == "(none)" ]] || PKGVER[${p%:*}]=$v
done < <(apt-cache policy "${apt_names[@]}" 2>/dev/null | awk '/^[^ ].*:$/ { p = substr($0, 1, length($0) - 1) } /^  Candidate: / { print p, $2 }')
for p in "${PKGS[@]}"; do
  [[ -n ${PKGVER[$p]:-} ]] || die "apt has no package $(apt_name "$p") (ABI '$ABI'; list ABIs with: apt-cache search --names-only '^linux-headers-$ABI_RE-amd64\$')"
done
HDRVER=${PKGVER[linux-headers-$ABI-common]}
if [[ $SERIES != 6.12 ]]; then
  # The series-wide kbuild: the headers' own upload when the archive still has it.
  if apt-cache madison "$KBUILD_PKG" 2>/dev/null | awk -F'|' '{ gsub(/ /, "", $2); print $2 }' | grep -qxF "$HDRVER"; then
    PKGVER[$KBUILD_PKG]=$HDRVER
  fi
fi
# Prefer the linux-source version built from the same Debian upload as the headers.
if grep -qxF "$HDRVER" <<<"$SRC_VERSIONS"; then
  SRCVER=$HDRVER
else
  SRCVER=$(sort -V <<<"$SRC_VERSIONS" | tail -1)
  warn "archive has no $SRCPKG=$HDRVER; using $SRCPKG=$SRCVER (rust/ may differ from the headers' source)"
fi
if [[ $SERIES == 6.12 ]]; then KVER=${ABI%%+*}; else KVER=${HDRVER%%-*}; fi
printf '%s\n' "$ABI" > "$OUT/ABI"
log "Linux $SERIES: ABI $ABI ($SELECTION; pinned $PIN) (headers $HDRVER), $SRCPKG $SRCVER, $KBUILD_PKG ${PKGVER[$KBUILD_PKG]}, flavours: ${FLAVOURS[*]}, bindgen $BINDGEN_VERSION, LIBCLANG_PATH=$LIBCLANG_PATH"
log "work dir $K"

# ---------------------------------------------------------------- download
step_download() {
  disk_check 250
  local p v todo=()
  for p in "$SRCPKG" "${PKGS[@]}"; do
    if [[ $p == "$SRCPKG" ]]; then v=$SRCVER; else v=${PKGVER[$p]}; fi
    if [[ $FORCE -eq 1 ]]; then rm -f "$DEBS/${p}_"*.deb; fi
    deb_file "$p" "$v" >/dev/null || todo+=("$(apt_name "$p")=$v")
  done
  if [[ ${#todo[@]} -gt 0 ]]; then
    log "apt-get download ${todo[*]}"
    (cd "$DEBS" && apt-get "${APT_OPTS[@]}" -q download "${todo[@]}") > "$LOGS/download.log" 2>&1 \
      || { tail -5 "$LOGS/download.log" >&2; die "apt-get download failed (see $LOGS/download.log)"; }
  fi
  for p in "$SRCPKG" "${PKGS[@]}"; do
    if [[ $p == "$SRCPKG" ]]; then v=$SRCVER; else v=${PKGVER[$p]}; fi
    deb_file "$p" "$v" >/dev/null || die "download of $p=$v produced no .deb in $DEBS"
  done
}
run_step download "$STEP_VERSION $ABI $SRCVER ${PKGS[*]}" step_download

# ---------------------------------------------------------------- source
# Only these members of linux-source-<series>.tar.xz are extracted.
SRC_MEMBERS=(Makefile rust tools include lib scripts arch/x86/include)
step_source() {
  disk_check 400
  local deb tmp
  deb=$(deb_file "$SRCPKG" "$SRCVER")
  tmp=$(mktemp -d "$K/.srcdeb.XXXXXX")
  dpkg-deb -x "$deb" "$tmp"
  local tarball=$tmp/usr/src/$SRCPKG.tar.xz
  [[ -f $tarball ]] || die "$deb holds no usr/src/$SRCPKG.tar.xz"
  rm -rf "$SRC"
  tar -xJf "$tarball" -C "$SRCPARENT" "${SRC_MEMBERS[@]/#/$SRCPKG/}"
  rm -rf "$tmp"
  [[ -f $SRC/rust/Makefile && -f $SRC/rust/bindings/bindings_helper.h ]] || die "extracted source lacks rust/Makefile"
}
guard source "$SRC/rust/Makefile" "$SRC/scripts/rust_is_available_bindgen_libclang.h" "$SRC/tools" "$SRC/lib/xarray.c"
run_step source "$STEP_VERSION $SRCVER ${SRC_MEMBERS[*]}" step_source

# ---------------------------------------------------------------- headers
common_dir() {  # flavour -> its common headers dir (as the flavour Makefile names it)
  if [[ $1 == rt-* ]]; then echo "$HDR/usr/src/linux-headers-$ABI-common-rt"; else echo "$HDR/usr/src/linux-headers-$ABI-common"; fi
}
flavour_dir() { echo "$HDR/usr/src/linux-headers-$ABI-$1"; }
KBUILD_SCRIPTS=$HDR/usr/lib/$KBUILD_PKG/scripts

step_headers() {
  disk_check 250
  local p deb
  for p in "${PKGS[@]}"; do
    deb=$(deb_file "$p" "${PKGVER[$p]}")
    dpkg-deb -x "$deb" "$HDR"
  done
  # Each flavour's Makefile is one line, 'include /usr/src/linux-headers-...-common/Makefile':
  # re-point it at the extracted common tree.
  local f mk
  for f in "${FLAVOURS[@]}"; do
    mk=$(flavour_dir "$f")/Makefile
    [[ -f $mk ]] || die "missing $mk after extraction"
    sed -i -E "s#^include /usr/src/#include $HDR/usr/src/#" "$mk"
    grep -qF "include $(common_dir "$f")/Makefile" "$mk" || die "unexpected flavour Makefile $mk: $(cat "$mk")"
  done
  # The flavour/common dirs symlink scripts/ and tools/ relatively to
  # ../../lib/linux-kbuild-$ABI (fine inside $HDR); absolute links
  # (lib/modules/*/{build,source}) are made relative to $HDR.
  local l t
  while IFS= read -r -d '' l; do
    t=$(readlink "$l")
    [[ $t == /* ]] || continue
    ln -sfn "$(realpath -m --relative-to="$(dirname "$l")" "$HDR$t")" "$l"
  done < <(find "$HDR" -type l -print0)
  [[ -x $KBUILD_SCRIPTS/basic/fixdep ]] || die "$KBUILD_PKG lacks scripts/basic/fixdep"
  # rust/Makefile probes libclang's version with
  # $(srctree)/scripts/rust_is_available_bindgen_libclang.h, which only the
  # full source tree ships: without it, the CONFIG_INIT_STACK_ALL_ZERO flag is
  # silently dropped.  Copy it from linux-source into the kbuild scripts dir.
  cp "$SRC/scripts/rust_is_available_bindgen_libclang.h" "$KBUILD_SCRIPTS/"
}
for f in "${FLAVOURS[@]}"; do
  guard headers "$(flavour_dir "$f")/.config" "$(common_dir "$f")/Makefile" "$KBUILD_SCRIPTS/rust_is_available_bindgen_libclang.h"
  [[ $HAS_BTF -eq 0 ]] || guard headers "$(flavour_dir "$f")/vmlinux"
  grep -qs "^include $HDR/" "$(flavour_dir "$f")/Makefile" || rm -f "$STAMPS/headers"
done
run_step headers "$STEP_VERSION $ABI $SRCVER ${PKGS[*]}" step_headers

# The C compiler Debian built the flavour with: Kbuild evaluates cc-option
# with it, so a missing compiler silently changes the flags.
CURRENT_STEP=compiler
# Per flavour: "<compiler> <version>", e.g. "aarch64-linux-gnu-gcc-12 12.2.0".
declare -A KERNEL_CC
for f in "${FLAVOURS[@]}"; do
  KVARS=$(flavour_dir "$f")/.kernelvariables
  GCC_NAME=$(sed -n -E 's/^CC = .*\$\(CROSS_COMPILE\)(gcc-[0-9]+).*/\1/p' "$KVARS" | head -1)
  CROSS=$(sed -n -E 's/^override CROSS_COMPILE = (.*)$/\1/p' "$KVARS" | head -1)
  # 6.1 sets CROSS_COMPILE = $(DEB_HOST_GNU_TYPE)- only inside
  # `ifneq ($(DEB_BUILD_ARCH),$(DEB_HOST_ARCH))`, false in a native build (both unset).
  [[ $CROSS != *'$('* ]] || CROSS=""
  [[ -n $GCC_NAME ]] || die "cannot find the CC line in $KVARS"
  # Debian names a cross compiler's package after its triple (gcc-12-aarch64-linux-gnu).
  GCC_PKG=$GCC_NAME
  [[ -z $CROSS || $CROSS == "$(uname -m)-linux-gnu-" ]] || GCC_PKG=$GCC_NAME-${CROSS%-}
  if ! command -v "$CROSS$GCC_NAME" >/dev/null; then
    [[ $EUID -eq 0 ]] || die "$CROSS$GCC_NAME (the kernel's compiler for $f) is missing: apt-get install $GCC_PKG"
    log "installing $GCC_PKG (Kbuild evaluates cc-option with the kernel's compiler)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$GCC_PKG" > "$LOGS/apt-gcc-$f.log" 2>&1 \
      || die "apt-get install $GCC_PKG failed, see $LOGS/apt-gcc-$f.log"
  fi
  KERNEL_CC[$f]="$CROSS$GCC_NAME $("$CROSS$GCC_NAME" -dumpfullversion)"
done

# ---------------------------------------------------------------- the bindgen invocation
# rust/Makefile's cmd_bindgen per series (checked against the extracted
# rust/Makefile below: the script stops when the Makefile says otherwise).
SED_HELPERS='s/pub fn rust_helper_([a-zA-Z0-9_]*)/#[link_name="rust_helper_\1"]\n    pub fn \1/g'
MK_MUST_NOT=()
case $SERIES in
  6.12)
    BINDGEN_FIXED=(--use-core --with-derive-default --ctypes-prefix ffi --no-layout-tests
                   --no-debug '.*' --enable-function-attribute-detection)
    # The kernel passes --rust-target 1.68; this bindgen knows up to RUST_TARGET.
    RUST_TARGET_ARGS=(--rust-target "$RUST_TARGET")
    HELPERS_TARGET_FLAGS=(--blocklist-type '.*' --allowlist-var '' --allowlist-function 'rust_helper_.*')
    SED_CONST='s/pub const RUST_CONST_HELPER_([a-zA-Z0-9_]*)/pub const \1/g'
    MK_WANT=(
      "\$(BINDGEN) \$< \$(bindgen_target_flags) --rust-target 1.68 --use-core --with-derive-default --ctypes-prefix ffi --no-layout-tests --no-debug '.*' --enable-function-attribute-detection -o \$@ -- \$(bindgen_c_flags_final) -DMODULE \$(bindgen_target_cflags) \$(bindgen_target_extra)"
      "bindings_generated.rs: private bindgen_target_flags = \$(shell grep -Ev '^#|^\$\$' \$(src)/bindgen_parameters)"
      "bindings_generated.rs: private bindgen_target_extra = ; sed -Ei '$SED_CONST' \$@"
      "bindings_helpers_generated.rs: private bindgen_target_flags = --blocklist-type '.*' --allowlist-var '' --allowlist-function 'rust_helper_.*'"
      "bindings_helpers_generated.rs: private bindgen_target_cflags = -I\$(objtree)/\$(obj) -Wno-missing-prototypes -Wno-missing-declarations"
      "bindings_helpers_generated.rs: private bindgen_target_extra = ; sed -Ei '$SED_HELPERS' \$@"
      "bindings_helpers_generated.rs: \$(src)/helpers/helpers.c FORCE"
      "bindgen_c_flags_final = \$(bindgen_c_flags_lto) -fno-builtin -D__BINDGEN__") ;;
  6.1)
    # 6.1 names core::ffi directly, passes --size_t-is-usize, no --rust-target
    # (bindgen's default), uses bindgen's old allow/block spellings (0.60.1
    # still accepts them) and post-processes only the helpers' bindings.
    BINDGEN_FIXED=(--use-core --with-derive-default --ctypes-prefix core::ffi --no-layout-tests
                   --no-debug '.*' --size_t-is-usize)
    RUST_TARGET_ARGS=()
    HELPERS_TARGET_FLAGS=(--blacklist-type '.*' --whitelist-var '' --whitelist-function 'rust_helper_.*')
    SED_CONST=""
    MK_WANT=(
      "\$(BINDGEN) \$< \$(bindgen_target_flags) --use-core --with-derive-default --ctypes-prefix core::ffi --no-layout-tests --no-debug '.*' --size_t-is-usize -o \$@ -- \$(bindgen_c_flags_final) -DMODULE \$(bindgen_target_cflags) \$(bindgen_target_extra)"
      "bindings_generated.rs: private bindgen_target_flags = \$(shell grep -v '^\\#\\|^\$\$' \$(srctree)/\$(src)/bindgen_parameters)"
      "bindings_helpers_generated.rs: private bindgen_target_flags = --blacklist-type '.*' --whitelist-var '' --whitelist-function 'rust_helper_.*'"
      "bindings_helpers_generated.rs: private bindgen_target_cflags = -I\$(objtree)/\$(obj) -Wno-missing-prototypes -Wno-missing-declarations"
      "bindings_helpers_generated.rs: private bindgen_target_extra = ; sed -Ei '$SED_HELPERS' \$@"
      "bindings_helpers_generated.rs: \$(src)/helpers.c FORCE"
      "bindgen_c_flags_final = \$(bindgen_c_flags_lto) -D__BINDGEN__")
    MK_MUST_NOT=("bindings_generated.rs: private bindgen_target_extra") ;;
esac

CURRENT_STEP=check-rust-makefile
check_rust_makefile() {
  local mk=$SRC/rust/Makefile flat
  flatten() { tr '\n\t' '  ' | sed 's/\\ / /g; s/  */ /g'; }
  flat=$(flatten < "$mk")
  local want
  for want in "${MK_WANT[@]}"; do
    [[ $flat == *"$(printf '%s' "$want" | flatten)"* ]] || die "$mk: the bindgen rules differ from what this script replays for $SERIES; missing: $want"
  done
  for want in "${MK_MUST_NOT[@]}"; do
    [[ $flat != *"$(printf '%s' "$want" | flatten)"* ]] || die "$mk: the bindgen rules differ from what this script replays for $SERIES; unexpected: $want"
  done
}
check_rust_makefile

# The block of rust/Makefile that computes bindgen_c_flags_final, verbatim.
extract_bindgen_rules() {
  awk '
    /^ifdef CONFIG_CC_IS_CLANG$/ { buf = $0; hold = 1; next }
    hold && !start { if ($0 ~ /^bindgen_c_flags = \$\(c_flags\)$/) { start = 1; print buf; print; next } else hold = 0 }
    start { print; if ($0 ~ /^bindgen_c_flags_final = /) { done = 1; exit } }
    END { if (!done) exit 1 }
  ' "$SRC/rust/Makefile"
}

# Make Kbuild-relative paths absolute: -I./include is relative to the flavour dir.
absolutize_args() {  # $1 = base dir; reads args (one per line) on stdin
  local base=$1 a prev="" p
  abs() { if [[ $1 == /* ]]; then printf '%s' "$1"; else realpath -ms "$base/$1"; fi; }
  while IFS= read -r a; do
    case $prev in
      -I|-include|-imacros|-isystem|-iquote|-idirafter|-o|-MF) a=$(abs "$a") ;;
      *)
        case $a in
          -I?*)         a="-I$(abs "${a#-I}")" ;;
          -isystem?*)   a="-isystem$(abs "${a#-isystem}")" ;;
          -iquote?*)    a="-iquote$(abs "${a#-iquote}")" ;;
          -idirafter?*) a="-idirafter$(abs "${a#-idirafter}")" ;;
          -Wp,-MMD,*)   a="-Wp,-MMD,$(abs "${a#-Wp,-MMD,}")" ;;
          -Wp,-MD,*)    a="-Wp,-MD,$(abs "${a#-Wp,-MD,}")" ;;
        esac ;;
    esac
    printf '%s\n' "$a"
    prev=$a
  done
}

# ---------------------------------------------------------------- per flavour
do_flavour() {
  local f=$1
  ADDED_FLAGS=""
  local fd cd b o
  fd=$(flavour_dir "$f"); cd=$(common_dir "$f")
  b=$BUILD/$f/rust
  o=$OUT/$f
  [[ -f $fd/.config ]] || die "$fd lacks .config"
  [[ $HAS_BTF -eq 0 || -f $fd/vmlinux ]] || die "$fd lacks vmlinux"
  rm -rf "${BUILD:?}/$f" "${o:?}"
  mkdir -p "$b" "$o"

  # 1. Kbuild computes the flags: external-module dir replaying rust/Makefile's rules.
  CURRENT_STEP=$f/kbuild
  local t=$EPOCHREALTIME
  extract_bindgen_rules > "$b/rust_makefile_bindgen_rules.mk" \
    || die "cannot find the bindgen_c_flags block in $SRC/rust/Makefile"
  sed -e "/^@RUST_MAKEFILE_BINDGEN_RULES@\$/{r $b/rust_makefile_bindgen_rules.mk" -e 'd}' \
    "$KBUILD_TEMPLATE_DIR/Kbuild.template" > "$b/Kbuild"
  grep -q '^bindgen_c_flags_final = ' "$b/Kbuild" || die "generating $b/Kbuild failed"
  local make_cmd=(make -C "$fd" M="$b" modules)
  env -i PATH="$PATH" HOME="${HOME:-/root}" LANG=C LC_ALL=C LIBCLANG_PATH="$LIBCLANG_PATH" \
    "${make_cmd[@]}" > "$LOGS/kbuild-$f.log" 2>&1 \
    || { tail -20 "$LOGS/kbuild-$f.log" >&2; die "Kbuild run failed for $f (see $LOGS/kbuild-$f.log)"; }
  local main_raw=$b/bindings/bindings_generated.rs.args helpers_raw=$b/bindings/bindings_helpers_generated.rs.args
  [[ -s $main_raw && -s $helpers_raw ]] || die "Kbuild did not write the flag files in $b/bindings (see $LOGS/kbuild-$f.log)"
  local maj
  maj=$(cat "$b/bindings/bindings_generated.rs.libclang_maj_ver")
  # Only rust/Makefiles that probe libclang's version (6.12, not 6.1) add the zero-init flag.
  if grep -q 'libclang_maj_ver' "$b/rust_makefile_bindgen_rules.mk" && grep -qx 'CONFIG_INIT_STACK_ALL_ZERO=y' "$fd/.config"; then
    [[ $maj =~ ^[0-9]+$ ]] || die "rust/Makefile's libclang version probe gave '$maj' (is scripts/rust_is_available_bindgen_libclang.h in $KBUILD_SCRIPTS?)"
    if [[ $maj -lt 16 ]]; then
      grep -qx -- '-enable-trivial-auto-var-init-zero-knowing-it-will-be-removed-from-clang' "$main_raw" \
        || die "CONFIG_INIT_STACK_ALL_ZERO with libclang $maj but the zero-init flag is missing"
    fi
  fi
  # 6.1's rust/Makefile predates that probe: with CONFIG_INIT_STACK_ALL_ZERO,
  # libclang < 16 rejects -ftrivial-auto-var-init=zero and bindgen stops.
  # Add the flag where 6.12's rules put it (after -w --target=...): layout-neutral,
  # and what the kernel itself later did for the same libclang.
  if ! grep -q 'libclang_maj_ver' "$b/rust_makefile_bindgen_rules.mk" && grep -qx 'CONFIG_INIT_STACK_ALL_ZERO=y' "$fd/.config" \
     && grep -qx -- '-ftrivial-auto-var-init=zero' "$main_raw"; then
    maj=$(bindgen "$SRC/scripts/rust_is_available_bindgen_libclang.h" 2>&1 | sed -ne 's/.*clang version \([0-9]*\).*/\1/p' | head -1)
    [[ $maj =~ ^[0-9]+$ ]] || die "cannot learn libclang's version from bindgen $SRC/scripts/rust_is_available_bindgen_libclang.h"
    if [[ $maj -lt 16 ]]; then
      local raw
      for raw in "$main_raw" "$helpers_raw"; do
        grep -qE -- '^--target=' "$raw" || die "no --target= in $raw"
        sed -i -E '/^--target=/a -enable-trivial-auto-var-init-zero-knowing-it-will-be-removed-from-clang' "$raw"
      done
      ADDED_FLAGS="-enable-trivial-auto-var-init-zero-knowing-it-will-be-removed-from-clang (CONFIG_INIT_STACK_ALL_ZERO, libclang $maj)"
    fi
  fi
  # In-tree, $(modfile) is rust/<target>; the external-module dir gives <M>/<target>.
  # Rewrite that one string (not a path anything reads) to the in-tree value.
  local fix_modfile="s#^-DKBUILD_MODFILE=\"$b/#-DKBUILD_MODFILE=\"rust/#"
  absolutize_args "$fd" < "$main_raw" | sed "$fix_modfile" > "$o/c_flags.txt"
  absolutize_args "$fd" < "$helpers_raw" | sed "$fix_modfile" > "$o/c_flags_helpers.txt"
  local a prev=""
  while IFS= read -r a; do
    case $prev in -I|-include|-imacros|-isystem|-iquote|-idirafter) [[ $a == /* ]] || die "relative path '$a' left in $o/c_flags.txt" ;; esac
    case $a in -I[!/]*) die "relative path '$a' left in $o/c_flags.txt" ;; esac
    prev=$a
  done < "$o/c_flags.txt"
  grep -qx -- '-DKBUILD_MODNAME="bindings_generated"' "$o/c_flags.txt" || die "KBUILD_MODNAME is not the literal \"bindings_generated\" in $o/c_flags.txt"
  log "  $f: Kbuild flags in $(elapsed "$t")s ($(wc -l < "$o/c_flags.txt") args; libclang major ${maj:-not probed})"

  # 2. bindgen, as rust/Makefile's cmd_bindgen (6.12: with --rust-target lowered to what 0.60.1 knows).
  local cflags hcflags params=() line words
  mapfile -t cflags < "$o/c_flags.txt"
  mapfile -t hcflags < "$o/c_flags_helpers.txt"
  while IFS= read -r line; do
    read -ra words <<<"$line"
    params+=("${words[@]}")
  done < <(grep -Ev '^#|^$' "$SRC/rust/bindgen_parameters")
  local header=$SRC/rust/bindings/bindings_helper.h helpers_c=$SRC/$HELPERS_C
  local no_lt=() x
  for x in "${BINDGEN_FIXED[@]}"; do [[ $x == --no-layout-tests ]] || no_lt+=("$x"); done

  local cmd_main=(bindgen "$header" "${params[@]}" "${RUST_TARGET_ARGS[@]}" "${BINDGEN_FIXED[@]}"
                  -o "$o/bindings_generated.rs" -- "${cflags[@]}")
  local cmd_lt=(bindgen "$header" "${params[@]}" "${RUST_TARGET_ARGS[@]}" "${no_lt[@]}"
                -o "$o/bindings_generated_with_layout_tests.rs" -- "${cflags[@]}")
  local cmd_helpers=(bindgen "$helpers_c" "${HELPERS_TARGET_FLAGS[@]}" "${RUST_TARGET_ARGS[@]}" "${BINDGEN_FIXED[@]}"
                     -o "$o/bindings_helpers_generated.rs" -- "${hcflags[@]}")
  # The post-processing of the main bindings, as a shell suffix for meta.json.
  local sed_main="" sed_lt=""
  if [[ -n $SED_CONST ]]; then
    sed_main=" && $(shell_join sed -Ei "$SED_CONST" "$o/bindings_generated.rs")"
    sed_lt=" && $(shell_join sed -Ei "$SED_CONST" "$o/bindings_generated_with_layout_tests.rs")"
  fi
  local s_main s_lt s_helpers
  CURRENT_STEP=$f/bindgen
  t=$EPOCHREALTIME
  "${cmd_main[@]}" > "$LOGS/bindgen-$f.log" 2>&1 \
    || { tail -20 "$LOGS/bindgen-$f.log" >&2; die "bindgen failed for $f (see $LOGS/bindgen-$f.log)"; }
  [[ -z $SED_CONST ]] || sed -Ei "$SED_CONST" "$o/bindings_generated.rs"
  s_main=$(elapsed "$t")
  t=$EPOCHREALTIME
  "${cmd_lt[@]}" > "$LOGS/bindgen-layout-$f.log" 2>&1 \
    || { tail -20 "$LOGS/bindgen-layout-$f.log" >&2; die "bindgen (layout tests) failed for $f"; }
  [[ -z $SED_CONST ]] || sed -Ei "$SED_CONST" "$o/bindings_generated_with_layout_tests.rs"
  s_lt=$(elapsed "$t")
  t=$EPOCHREALTIME
  "${cmd_helpers[@]}" > "$LOGS/bindgen-helpers-$f.log" 2>&1 \
    || { tail -20 "$LOGS/bindgen-helpers-$f.log" >&2; die "bindgen (helpers) failed for $f"; }
  sed -Ei "$SED_HELPERS" "$o/bindings_helpers_generated.rs"
  s_helpers=$(elapsed "$t")
  log "  $f: bindgen ${s_main}s, with layout tests ${s_lt}s, helpers ${s_helpers}s"

  # 3. The rest: vmlinux (BTF only; 6.12), .config, compile_commands.json, meta.json.
  [[ $HAS_BTF -eq 0 ]] || cp "$fd/vmlinux" "$o/vmlinux"
  cp "$fd/.config" "$o/config"
  {
    printf '[\n  {\n    "directory": %s,\n    "file": %s,\n    "arguments": ' "$(json_str "$fd")" "$(json_str "$header")"
    json_arr clang "${cflags[@]}" -c "$header"
    printf '\n  },\n  {\n    "directory": %s,\n    "file": %s,\n    "arguments": ' "$(json_str "$fd")" "$(json_str "$helpers_c")"
    json_arr clang "${hcflags[@]}" -c "$helpers_c"
    printf '\n  }\n]\n'
  } > "$o/compile_commands.json"
  local libclang_ver
  libclang_ver=$(bindgen "$SRC/scripts/rust_is_available_bindgen_libclang.h" 2>&1 | sed -n 's/.*clang version \([0-9.]*\).*/\1/p' | head -1)
  {
    printf '{\n'
    printf '  "series": %s,\n' "$(json_str "$SERIES")"
    printf '  "abi": %s,\n' "$(json_str "$ABI")"
    printf '  "abi_selection": %s,\n' "$(json_str "$SELECTION")"
    printf '  "pinned_abi": %s,\n' "$(json_str "$PIN")"
    printf '  "flavour": %s,\n' "$(json_str "$f")"
    printf '  "arch": %s,\n' "$(json_str "$(flavour_arch "$f")")"
    printf '  "kernel_version": %s,\n' "$(json_str "$KVER")"
    printf '  "kernel_release": %s,\n' "$(json_str "$ABI-$f")"
    printf '  "headers_package_version": %s,\n' "$(json_str "${PKGVER[linux-headers-$ABI-$f]}")"
    printf '  "linux_source_version": %s,\n' "$(json_str "$SRCVER")"
    printf '  "bindgen_version": %s,\n' "$(json_str "$BINDGEN_VERSION")"
    printf '  "rust_target": %s,\n' "$(json_str "${RUST_TARGET_ARGS[1]:-bindgen default $BINDGEN_DEFAULT_TARGET}")"
    printf '  "libclang_path": %s,\n' "$(json_str "$LIBCLANG_PATH")"
    printf '  "libclang_version": %s,\n' "$(json_str "$libclang_ver")"
    printf '  "kernel_cc": %s,\n' "$(json_str "${KERNEL_CC[$f]}")"
    printf '  "flavour_dir": %s,\n' "$(json_str "$fd")"
    printf '  "common_dir": %s,\n' "$(json_str "$cd")"
    printf '  "source_dir": %s,\n' "$(json_str "$SRC")"
    [[ -z $ADDED_FLAGS ]] || printf '  "flags_added_to_the_makefile_rules": %s,\n' "$(json_str "$ADDED_FLAGS")"
    printf '  "bindgen_seconds": {"bindings": %s, "bindings_with_layout_tests": %s, "helpers": %s},\n' "$s_main" "$s_lt" "$s_helpers"
    printf '  "commands": {\n'
    printf '    "kbuild": %s,\n' "$(json_str "LIBCLANG_PATH=$LIBCLANG_PATH $(shell_join "${make_cmd[@]}")")"
    printf '    "bindings": %s,\n' "$(json_str "LIBCLANG_PATH=$LIBCLANG_PATH $(shell_join "${cmd_main[@]}")$sed_main")"
    printf '    "bindings_with_layout_tests": %s,\n' "$(json_str "LIBCLANG_PATH=$LIBCLANG_PATH $(shell_join "${cmd_lt[@]}")$sed_lt")"
    printf '    "helpers": %s\n' "$(json_str "LIBCLANG_PATH=$LIBCLANG_PATH $(shell_join "${cmd_helpers[@]}") && $(shell_join sed -Ei "$SED_HELPERS" "$o/bindings_helpers_generated.rs")")"
    printf '  }\n}\n'
  } > "$o/meta.json"
}

OUT_FILES=(c_flags.txt compile_commands.json bindings_generated.rs bindings_generated_with_layout_tests.rs
           bindings_helpers_generated.rs config meta.json)
[[ $HAS_BTF -eq 0 ]] || OUT_FILES+=(vmlinux)
for f in "${FLAVOURS[@]}"; do
  disk_check 100
  guard "out.$f" "${OUT_FILES[@]/#/$OUT/$f/}"
  run_step "out.$f" "$STEP_VERSION $ABI $SRCVER $BINDGEN_VERSION $RUST_TARGET $(cksum < "$KBUILD_TEMPLATE_DIR/Kbuild.template" | awk '{print $1}')" do_flavour "$f"
done

# ---------------------------------------------------------------- kernel build trees
# A kernel build tree as a CONFIG_RUST=y build leaves it, for `bindfuzz check
# --kernel-tree` and --kbuild-cmd: the flavour's objtree (its entries
# symlinked, nothing written into the headers package) and a copy of
# linux-source's rust/ directory, where Kbuild runs the kernel's own,
# unmodified rust/Makefile rules for the two bindings (scripts/kbuild/rust.Kbuild
# says how). Kbuild's if_changed_dep and fixdep write rust/bindings/.<target>.cmd;
# this script never writes them. Both layouts the kernel has: amd64 is built
# in the source tree (`make`), the other flavours out of it (`make O=build`
# from the source tree: objtree build/, srctree `..`, which Kbuild reaches
# through VPATH as it does for O=).
KBUILD_BINDGEN_DIR=$KBUILD_TEMPLATE_DIR/bin
tree_objdir() {  # flavour -> its tree's objtree
  if [[ $1 == amd64 ]]; then echo "$TREES/$1"; else echo "$TREES/$1/build"; fi
}
do_kbuild_tree() {
  local f=$1 fd tree obj o e
  fd=$(flavour_dir "$f"); tree=$TREES/$f; obj=$(tree_objdir "$f"); o=$OUT/$f
  rm -rf "${tree:?}"
  mkdir -p "$obj"
  for e in "$fd"/* "$fd"/.[!.]*; do
    [[ -e $e || -L $e ]] || continue
    ln -s "$e" "$obj/${e##*/}"
  done
  [[ ! -e $tree/rust ]] || die "$fd has a rust/ entry: not a Debian headers objtree"
  cp -r "$SRC/rust" "$tree/rust"
  cp "$KBUILD_TEMPLATE_DIR/rust.Kbuild" "$tree/rust/Kbuild"
  local vpath=()
  if [[ $obj != "$tree" ]]; then
    mkdir -p "$obj/rust/bindings"
    vpath=(VPATH=..)
  fi
  # The .cmd files record `bindgen` as rust/Makefile spells it; the one on
  # PATH is scripts/kbuild/bin/bindgen (lowers --rust-target 1.68).
  local make_cmd=(make -C "$obj" M=rust "${vpath[@]}" modules)
  env -i PATH="$KBUILD_BINDGEN_DIR:$PATH" HOME="${HOME:-/root}" LANG=C LC_ALL=C LIBCLANG_PATH="$LIBCLANG_PATH" \
    BINDFUZZ_REAL_BINDGEN="$(command -v bindgen)" BINDFUZZ_BINDGEN_RUST_TARGET="$RUST_TARGET" \
    "${make_cmd[@]}" > "$LOGS/kbuild-tree-$f.log" 2>&1 \
    || { tail -20 "$LOGS/kbuild-tree-$f.log" >&2; die "Kbuild run of rust/Makefile failed for $f (see $LOGS/kbuild-tree-$f.log)"; }
  local t cmdf
  for t in bindings_generated.rs bindings_helpers_generated.rs; do
    cmdf=$obj/rust/bindings/.$t.cmd
    [[ -s $cmdf ]] || die "Kbuild wrote no $cmdf (see $LOGS/kbuild-tree-$f.log)"
    # if_changed_dep's record: the command, then fixdep's source_/deps_ lines.
    grep -q "^savedcmd_rust/bindings/$t := bindgen " "$cmdf" && grep -q "^deps_rust/bindings/$t := " "$cmdf" \
      || die "$cmdf is not the savedcmd_/deps_ record if_changed_dep writes"
    # The real rule and this script's replay must produce the same bindings.
    cmp -s "$obj/rust/bindings/$t" "$o/$t" \
      || die "$obj/rust/bindings/$t (rust/Makefile's rule run by Kbuild) differs from $o/$t (this script's replay of it)"
  done
  # How to redo it by hand (Kbuild redoes nothing while the .cmd files match).
  printf '%s\n' "LIBCLANG_PATH=$LIBCLANG_PATH BINDFUZZ_REAL_BINDGEN=$(command -v bindgen) BINDFUZZ_BINDGEN_RUST_TARGET=$RUST_TARGET PATH=$KBUILD_BINDGEN_DIR:\$PATH $(shell_join "${make_cmd[@]}")" > "$tree/.bindfuzz-make-command"
  log "  $f: kernel build tree $tree, objtree $obj (rust/Makefile's bindgen rules run by Kbuild; same bindings as the replay)"
}

if [[ $SERIES == 6.12 ]]; then
  for f in "${TREE_FLAVOURS[@]}"; do
    case " ${FLAVOURS[*]} " in *" $f "*) ;; *) continue ;; esac
    disk_check 50
    guard "kbuild-tree.$f" "$(tree_objdir "$f")/rust/bindings/.bindings_generated.rs.cmd" "$(tree_objdir "$f")/rust/bindings/.bindings_helpers_generated.rs.cmd"
    # Redone whenever the flavour's outputs are (its stamp key is part of this one).
    run_step "kbuild-tree.$f" "$STEP_VERSION $(cat "$STAMPS/out.$f") $(cat "$KBUILD_TEMPLATE_DIR/rust.Kbuild" "$KBUILD_BINDGEN_DIR/bindgen" | cksum | awk '{print $1}')" do_kbuild_tree "$f"
  done
elif [[ ${#TREE_FLAVOURS[@]} -gt 0 ]]; then
  log "no kernel build tree for $SERIES (--kbuild-trees is for 6.12 only)"
fi

# ---------------------------------------------------------------- verify + summary
CURRENT_STEP=verify
count() { grep -cE "$1" "$2" || true; }
printf '\nLinux %s: ABI %s   %s %s   bindgen %s (libclang %s)   outputs %s\n' "$SERIES" "$ABI" "$SRCPKG" "$SRCVER" "$BINDGEN_VERSION" "$LIBCLANG_PATH" "$OUT"
printf '%-12s %8s %11s %10s %8s %10s %9s %8s\n' flavour lines 'pub struct' 'pub union' 'pub fn' 'pub const' helpers 'bindgen s'
fail=0
for f in "${FLAVOURS[@]}"; do
  o=$OUT/$f
  for x in "${OUT_FILES[@]}"; do
    [[ -s $o/$x ]] || { echo "kernel-inputs: error: missing or empty $o/$x" >&2; fail=1; }
  done
  [[ $fail -eq 0 ]] || continue
  rs=$o/bindings_generated.rs
  secs=$(sed -n 's/.*"bindgen_seconds": {"bindings": \([0-9.]*\),.*/\1/p' "$o/meta.json")
  printf '%-12s %8s %11s %10s %8s %10s %9s %8s\n' "$f" "$(wc -l < "$rs")" \
    "$(count '^pub struct ' "$rs")" "$(count '^pub union ' "$rs")" "$(count '^\s*pub fn ' "$rs")" \
    "$(count '^pub const ' "$rs")" "$(count '^\s*pub fn ' "$o/bindings_helpers_generated.rs")" "$secs"
  grep -q 'RUST_CONST_HELPER_' "$rs" && { echo "kernel-inputs: error: RUST_CONST_HELPER_ left in $rs" >&2; fail=1; }
  [[ $(count '^\s*pub fn ' "$rs") -gt 0 && $(count '^pub struct ' "$rs") -gt 0 ]] \
    || { echo "kernel-inputs: error: $rs has no functions or no structs" >&2; fail=1; }
done
[[ $fail -eq 0 ]] || die "verification failed"
log "all done"
