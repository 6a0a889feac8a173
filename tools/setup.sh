#!/usr/bin/env bash
# Takes a fresh Debian 12 machine to ready for building and testing TCP Lab.
# Idempotent: every step checks first, so a ready machine passes in seconds.
# Run as root (or with sudo available); both README commands call it.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

log() { printf '[setup] %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Debian packages, by the command or file that proves each is there.
declare -A NEED=(
  [emscripten]=/usr/bin/em++
  [catch2]=/usr/include/catch2/catch.hpp
  [libimgui-dev]=/usr/include/imgui/imgui.h
  [chromium]=/usr/bin/chromium
  [tshark]=/usr/bin/tshark
  [xz-utils]=/usr/bin/xz
  [dpkg-dev]=/usr/bin/dpkg-source
  [cmake]=/usr/bin/cmake
  [ninja-build]=/usr/bin/ninja
  [clang]=/usr/bin/clang++
  [libclang-rt-14-dev]=/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.asan-x86_64.a
  [python3]=/usr/bin/python3
  [iproute2]=/usr/sbin/ip
  [fonttools]=/usr/bin/pyftsubset
  [fonts-dejavu-core]=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
  # Chinese (zh-CN): Noto Sans CJK, cut to the glyphs the Chinese strings use;
  # fontTools read by the font test (tests/ui/check_zh_font.py) with Debian's python3.
  [fonts-noto-cjk]=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
  [python3-fonttools]=/usr/lib/python3/dist-packages/fontTools/__init__.py
  [node-typescript]=/usr/bin/tsc   # type-checks web/tcplab.d.ts (tests/node/api_types.test.mjs)
)
missing=()
for pkg in "${!NEED[@]}"; do
  [ -e "${NEED[$pkg]}" ] || missing+=("$pkg")
done

# The ImGui core sources come from Debian's source package, which needs deb-src.
SRC_LIST=/etc/apt/sources.list.d/tcplab-src.sources
need_src=0
[ -f third_party/imgui/imgui.cpp ] || need_src=1
# lwIP 2.1.3, the interop peer, is built from source as NO_SYS (tests/interop/lwip).
need_lwip=0
[ -f third_party/lwip/src/core/tcp.c ] || need_lwip=1

if [ ${#missing[@]} -gt 0 ] || { { [ $need_src = 1 ] || [ $need_lwip = 1 ]; } && [ ! -f "$SRC_LIST" ]; }; then
  if [ ! -f "$SRC_LIST" ]; then
    log "adding a deb-src entry ($SRC_LIST) for Debian source packages"
    as_root tee "$SRC_LIST" >/dev/null <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  fi
  log "apt-get update"
  as_root apt-get update -qq
fi
if [ ${#missing[@]} -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  # tshark asks whether non-root users may capture; answer for it.
  echo "wireshark-common wireshark-common/install-setuid boolean false" | as_root debconf-set-selections
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Unpacks the upstream tarball of a Debian source package into DEST and
# checks that FILE (relative to DEST) is there.
fetch_source() {
  local pkg=$1 version=$2 dest=$3 file=$4 tmp orig
  log "fetching $pkg $version sources (Debian source package $pkg) into $dest"
  tmp=$(mktemp -d)
  (cd "$tmp" && apt-get source --download-only -qq "$pkg" >/dev/null)
  orig=$(ls "$tmp/${pkg}_${version}"*.orig.tar.* | head -n 1)
  mkdir -p "$dest"
  tar -xf "$orig" -C "$dest" --strip-components=1
  rm -rf "$tmp"
  [ -f "$dest/$file" ] || { echo "setup: $file not found in $dest after unpacking $orig" >&2; exit 1; }
}
[ $need_src = 1 ] && fetch_source imgui 1.86 third_party/imgui imgui.cpp
[ $need_lwip = 1 ] && fetch_source lwip 2.1.3 third_party/lwip src/core/tcp.c

# npm packages (playwright-core; scorm-again, the LMS runtime the SCORM test plays) from the committed lock file.
if [ -f package-lock.json ]; then
  if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/scorm-again ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "npm ci"
    npm ci --no-audit --no-fund --loglevel=error
  fi
fi
log "ready"
