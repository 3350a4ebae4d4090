#!/usr/bin/env bash
# Installs Debian's C headers for bindfuzz's non-host targets (see the
# "Targets" section of docs/usage.md), idempotently:
#   libc6-dev-{arm64,armhf,armel,i386,riscv64,ppc64el,s390x,mips64el}-cross
#     glibc 2.36 + Linux UAPI headers under /usr/<gnu triple>/include
#   libc6-dev-x32        the x32 stubs beside the host's glibc headers
#   musl-dev             musl 1.2.3 for x86_64, /usr/include/x86_64-linux-musl
#   mingw-w64-{x86-64,i686}-dev  MinGW-w64 10 under /usr/<arch>-w64-mingw32/include
# Measured on Debian 12: about 50 MB to download, 100 s to install.
#
#   scripts/cross-sysroots.sh          install what is missing (root or sudo)
#   scripts/cross-sysroots.sh --list   print the package names
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

PACKAGES=(
  libc6-dev-arm64-cross libc6-dev-armhf-cross libc6-dev-armel-cross libc6-dev-i386-cross
  libc6-dev-riscv64-cross libc6-dev-ppc64el-cross libc6-dev-s390x-cross libc6-dev-mips64el-cross
  libc6-dev-x32 musl-dev mingw-w64-x86-64-dev mingw-w64-i686-dev
)

case ${1:-} in
  -h|--help) bf_usage; exit 0 ;;
  --list) printf '%s\n' "${PACKAGES[@]}"; exit 0 ;;
  '') ;;
  *) bf_die "unknown argument $1" ;;
esac

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "cross-sysroots.sh: all ${#PACKAGES[@]} sysroot packages present"
  exit 0
fi
SUDO=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || bf_die "must run as root (or have sudo) to install ${missing[*]}"
  SUDO=sudo
fi
echo "cross-sysroots.sh: installing ${#missing[@]} package(s): ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
  { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }
