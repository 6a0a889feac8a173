#!/usr/bin/env bash
# The side-by-side benchmark: ns-3's NewReno and the lab's stack over the
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

printf '%-8s %-7s %14s %14s %12s %14s\n' stack loss "delivered (B)" goodput packets "packets/wall-s"
for loss in $losses; do
  ns=$("$out/newreno_bulk" --loss="$loss" --seconds="$seconds")
  # ns-3's TCP as the lab can configure it: IW 10, no ACK for a window a read opened.
  us=$(build/native/tcplab_bench "$seconds" --bandwidth 10 --latency 20 --queue 100 --mss 1448 \
         --loss "$loss" --profile rfc9293 --initial-window 10 --quiet-window-updates --summary)
  for line in "$ns" "$us"; do
    field() { echo "$line" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
    printf '%-8s %-7s %14s %9s Mb/s %12s %14s\n' "${line%% *}" "$loss" "$(field delivered)" "$(field goodput_mbps)" \
      "$(field packets)" "$(field packets_per_wall_s)"
  done
done
echo "ns3: TcpNewReno, classic recovery, no SACK/timestamps, 65535-octet buffers, IW 10 (ns-3's default)."
echo "tcplab: the RFC 9293 profile (NewReno, no SACK/timestamps, 65535-octet buffers) with IW 10 and no"
echo "        window-update ACKs after reads, as ns-3 (see bench/README.md)."
