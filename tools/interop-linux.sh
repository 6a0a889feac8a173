#!/usr/bin/env bash
# Our stack against the Linux kernel's TCP: makes a network namespace with a
# TUN device (the kernel is 10.77.0.1 there, our stack 10.77.0.2), runs the
# interop binary inside it, then has tshark check every capture.
#   tools/interop-linux.sh LINUX_INTEROP_BINARY OUT_DIR
#   tools/interop-linux.sh LINUX_INTEROP_BINARY OUT_DIR --bulk OCTETS [--only loss|queue] [--check]
# The second form runs the measured transfers under loss instead (see
# bench/interop_loss.sh) and prints bench/interop_loss.py's table; --check
# makes a problem in that table fail the run (the ctest's short version).
# Exits 77 (ctest: skipped) saying why when the machine does not allow it.
set -euo pipefail
bin=$1
out=$2
shift 2
bulk=()
check=
for a in "$@"; do
  if [ "$a" = --check ]; then check=--check; else bulk+=("$a"); fi
done
skip() { echo "SKIPPED Linux interop: $*"; exit 77; }
[ "$(id -u)" = 0 ] || skip "needs root to create a network namespace and a TUN device (run as root, as CI does)"
[ -c /dev/net/tun ] || skip "no /dev/net/tun on this machine"
command -v ip >/dev/null || skip "no 'ip' command (Debian package iproute2)"
ns=tcplab-proof-$$
ip netns add "$ns" 2>/dev/null || skip "'ip netns add' is not permitted here (a container without CAP_SYS_ADMIN?)"
trap 'ip netns delete "$ns" 2>/dev/null || true' EXIT
ip -n "$ns" link set lo up
ip -n "$ns" tuntap add dev tl0 mode tun || skip "cannot create a TUN device in the namespace"
ip -n "$ns" addr add 10.77.0.1/24 dev tl0
ip -n "$ns" link set tl0 up
ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 || true
mkdir -p "$out"
rm -f "$out"/*.pcap "$out"/*.summary "$out"/*-drops.txt
if [ ${#bulk[@]} -gt 0 ]; then
  command -v tshark >/dev/null || { echo "tshark not installed: cannot read the captures"; exit 1; }
  status=0
  timeout 1800 ip netns exec "$ns" "$bin" tl0 "$out" "${bulk[@]}" || status=$?
  python3 "$(dirname "$0")/../bench/interop_loss.py" $check "$out" || status=1
  exit $status
fi
timeout 600 ip netns exec "$ns" "$bin" tl0 "$out"
if command -v tshark >/dev/null; then
  python3 "$(dirname "$0")/check_interop_pcaps.py" "$out"
else
  echo "tshark not installed: captures in $out not dissected"
  exit 1
fi
