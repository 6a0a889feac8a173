#!/usr/bin/env bash
# The side-by-side benchmark: ns-3's NewReno and CUBIC beside the lab's over the
# same link (10 Mbit/s, 20 ms each way, a 100-packet drop-tail queue,
# 1448-octet segments, 0%, 1% and 3% loss on the data direction, 60 s),
# one table, one run. Installs Debian's ns-3 (libns3-dev 3.37, libgsl-dev)
# when it is missing: a benchmark's own dependency, not tools/setup.sh's.
#
#   bench/ns3/run.sh [--seconds N] [--losses "0 0.01 0.03"]
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds=60
losses="0 0.01 0.03"
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --losses) losses=$2; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
case "$seconds" in ''|*[!0-9]*) echo "run.sh: --seconds needs a whole number, got '$seconds'" >&2; exit 2 ;; esac

pkgs="ns3-core ns3-network ns3-internet ns3-point-to-point ns3-applications ns3-traffic-control"
# Without libgsl-dev the link fails on a missing libgsl.so (docs toolchain.md).
if ! pkg-config --exists $pkgs 2>/dev/null || ! ldconfig -p | grep -q 'libgsl\.so '; then
  echo "bench/ns3: installing libns3-dev and libgsl-dev" >&2
  apt-get install -y --no-install-recommends libns3-dev libgsl-dev pkg-config >&2
fi

out=build/bench-ns3
mkdir -p "$out"
if [ ! -x "$out/newreno_bulk" ] || [ bench/ns3/newreno_bulk.cc -nt "$out/newreno_bulk" ]; then
  echo "bench/ns3: building the ns-3 program" >&2
  # shellcheck disable=SC2046
  g++ -std=c++17 -O2 -o "$out/newreno_bulk" bench/ns3/newreno_bulk.cc $(pkg-config --cflags --libs $pkgs)
fi
if [ ! -x build/native/tcplab_bench ]; then
  echo "bench/ns3: building tcplab_bench" >&2
  cmake --preset native >/dev/null
  cmake --build --preset native --target tcplab_bench -j2 >&2
fi

printf '%-14s %-6s %14s %14s %10s %9s %12s\n' stack loss "delivered (B)" goodput packets "retx/RTOs" "packets/wall-s"
# The lab as ns-3's TCP is set up: IW 10, no ACK for a window a read opened,
# and a receive buffer above 65535 octets without window scaling, so the
# window field stays 65535 while unread data waits (ns-3's sender counts a
# duplicate ACK whatever window it carries; RFC 5681's does not: README).
ours="--bandwidth 10 --latency 20 --queue 100 --mss 1448 --profile rfc9293 --initial-window 10"
ours="$ours --quiet-window-updates --receive-buffer 131070 --summary"
field() { echo "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"; }  # KEY SUMMARY-LINE
row() {  # NAME LOSS SUMMARY-LINE
  local extra
  extra=$(field retransmits "$3")
  [ -n "$extra" ] || extra="$(field recoveries "$3")/$(field timeouts "$3")"
  printf '%-14s %-6s %14s %9s Mb/s %10s %9s %12s\n' "$1" "$2" "$(field delivered "$3")" \
    "$(field goodput_mbps "$3")" "$(field packets "$3")" "$extra" "$(field packets_per_wall_s "$3")"
}
for loss in $losses; do
  row ns3-newreno "$loss" "$("$out/newreno_bulk" --loss="$loss" --seconds="$seconds")"
  # shellcheck disable=SC2086
  row tcplab-newreno "$loss" "$(build/native/tcplab_bench "$seconds" $ours --loss "$loss")"
  row ns3-cubic "$loss" "$("$out/newreno_bulk" --loss="$loss" --seconds="$seconds" --cubic=1)"
  # shellcheck disable=SC2086
  row tcplab-cubic "$loss" "$(build/native/tcplab_bench "$seconds" $ours --loss "$loss" --congestion cubic)"
done
echo "ns3: TcpNewReno (or TcpCubic) with classic recovery, no SACK/timestamps, 65535-octet buffers, IW 10."
echo "tcplab: the RFC 9293 profile (NewReno, or CUBIC), no SACK/timestamps, IW 10, no window-update ACKs after"
echo "        reads, a 131070-octet receive buffer unscaled (window field 65535), as ns-3 (see bench/README.md)."
echo "retx/RTOs: tcplab's retransmitted segments; ns-3's fast recoveries/timeouts."
