#!/usr/bin/env bash
# Asks Linux: runs packetdrill scripts against this machine's kernel, each in
# a network namespace of its own (unshare -n; packetdrill brings up its tun
# device there, nothing leaves the machine). A developer's tool for checking
# an expectation about Linux before trusting it; not part of tools/test.sh.
#
#   tools/linux-packetdrill.sh [--build-only] [--allow-cubic] [packetdrill options] SCRIPT.pkt...
#
# --allow-cubic adds cubic to the host's (global) tcp_allowed_congestion_control
# so that a namespace may choose it; without it the kernel's default runs.
#
# Builds Google's packetdrill (/work/shared/tools/packetdrill, or
# $PACKETDRILL_SRC) into /tmp/packetdrill (or $PACKETDRILL_DIR) when the binary
# is missing: apt-installs bison, flex, gcc and make if needed and switches the
# tun device's TSO off first, so the kernel hands over MSS-sized segments.
#
# Per script it prints the kernel (uname -r), the net.ipv4.tcp_* sysctls the
# script ran with (after its own backquoted lines), packetdrill's verdict, and
# a summary. Scripts run from a scratch directory whose ../common/defaults.sh
# sets what the lab's Linux profile models (CUBIC as the congestion control;
# a fresh namespace otherwise has the kernel's defaults). tcplab-only lines
# are handled: '--profile=linux' is dropped, '--profile=rfc9293' scripts are
# skipped (not Linux's behaviour). Each script gets $PACKETDRILL_TIMEOUT
# seconds (180).
set -euo pipefail

src=${PACKETDRILL_SRC:-/work/shared/tools/packetdrill}
# packetdrill waits for a blocking call before the next event (the lab's
# subset lets the script go on), so such a script never ends there: cap it.
limit=${PACKETDRILL_TIMEOUT:-180}
dir=${PACKETDRILL_DIR:-/tmp/packetdrill}
bin=$dir/gtests/net/packetdrill/packetdrill

usage() { echo "usage: tools/linux-packetdrill.sh [--build-only] [--allow-cubic] [packetdrill options] SCRIPT.pkt..."; }

build() {
  [ -x "$bin" ] && return 0
  [ -d "$src/gtests/net/packetdrill" ] || { echo "linux-packetdrill: no packetdrill source in $src (set PACKETDRILL_SRC)" >&2; exit 2; }
  local missing=()
  for tool in bison flex gcc make; do command -v "$tool" >/dev/null || missing+=("$tool"); done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "linux-packetdrill: installing ${missing[*]}" >&2
    apt-get install -y --no-install-recommends "${missing[@]}" >&2
  fi
  # Build in a scratch copy, then move it into place: a half-built tree is never $dir.
  local tmp
  tmp=$(mktemp -d "${dir}.build.XXXXXX")
  cp -r "$src/." "$tmp"
  sed -i 's/TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO6 | TUN_F_TSO_ECN;/TUN_F_CSUM;/' "$tmp/gtests/net/packetdrill/netdev.c"
  grep -q 'TUN_F_TSO4' "$tmp/gtests/net/packetdrill/netdev.c" && echo "linux-packetdrill: warning: TSO is still on in netdev.c" >&2
  (cd "$tmp/gtests/net/packetdrill" && ./configure >/dev/null && make -j2 packetdrill >&2)
  rm -rf "$dir"
  mv "$tmp" "$dir"
  [ -x "$bin" ] || { echo "linux-packetdrill: build failed: no $bin" >&2; exit 1; }
}

opts=()
scripts=()
build_only=0
allow_cubic=0
for a in "$@"; do
  case "$a" in
    -h|--help) usage; exit 0 ;;
    --build-only) build_only=1 ;;
    --allow-cubic) allow_cubic=1 ;;
    --*) opts+=("$a") ;;
    *) scripts+=("$a") ;;
  esac
done

build
[ "$build_only" = 1 ] && { echo "packetdrill: $bin"; exit 0; }
[ ${#scripts[@]} -gt 0 ] || { usage >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "linux-packetdrill: needs root (unshare -n and a tun device)" >&2; exit 2; }

if [ "$allow_cubic" = 1 ]; then
  allowed=$(cat /proc/sys/net/ipv4/tcp_allowed_congestion_control)
  case " $allowed " in
    *" cubic "*) ;;
    *) echo "linux-packetdrill: adding cubic to the host's tcp_allowed_congestion_control ($allowed)" >&2
       sysctl -q -w net.ipv4.tcp_allowed_congestion_control="$allowed cubic" ;;
  esac
fi

work=$(mktemp -d /tmp/linux-packetdrill.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/common" "$work/run"
# What '../common/defaults.sh' means here: the settings the lab's Linux profile
# models, on top of a fresh namespace's kernel defaults.
cat > "$work/common/defaults.sh" <<'DEFAULTS'
#!/bin/sh
# CUBIC needs to be in the host's tcp_allowed_congestion_control (a global
# setting; --allow-cubic adds it). Otherwise the kernel's default stays, and
# the sysctls line of the report says which one ran.
sysctl -q net.ipv4.tcp_congestion_control=cubic 2>/dev/null ||
  echo "note: cubic is not in tcp_allowed_congestion_control; congestion control left at $(sysctl -n net.ipv4.tcp_congestion_control)" >&2
exit 0
DEFAULTS
chmod +x "$work/common/defaults.sh"

echo "kernel: $(uname -r)"
passed=0 failed=0 skipped=0
for script in "${scripts[@]}"; do
  name=$(basename "$script")
  if grep -q '^--profile=rfc9293' "$script"; then
    echo "SKIP $name (--profile=rfc9293: the textbook profile, not Linux)"
    skipped=$((skipped + 1))
    continue
  fi
  # tcplab's own option line; packetdrill would refuse it.
  grep -v '^--profile=linux[[:space:]]*$' "$script" > "$work/run/$name"
  log=$work/$name.log
  # The sysctls are read after the script's run: its backquoted lines set them in this namespace.
  if (cd "$work/run" && PD_LIMIT=$limit unshare -n -- sh -c '
        ip link set lo up
        timeout "$PD_LIMIT" "$0" "$@"; rc=$?
        [ "$rc" = 124 ] && echo "timed out after $PD_LIMIT s (a blocking call the script expects to wait while it injects packets?)"
        echo "sysctls: $(sysctl -a 2>/dev/null | grep -E "^net\.ipv4\.tcp_(congestion_control|sack|dsack|timestamps|window_scaling|rmem|wmem|early_retrans|recovery|syn_retries|synack_retries|retries2|syn_linear_timeouts|frto|ecn|slow_start_after_idle) " | tr "\n" ";" | sed "s/ = /=/g")"
        exit $rc' "$bin" "${opts[@]}" "$name") > "$log" 2>&1; then
    echo "PASS $name"
    passed=$((passed + 1))
  else
    echo "FAIL $name"
    failed=$((failed + 1))
  fi
  sed 's/^/    /' "$log"
done
echo "$passed passed, $failed failed, $skipped skipped (kernel $(uname -r))"
[ "$failed" = 0 ]
