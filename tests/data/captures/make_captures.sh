#!/usr/bin/env bash
# Regenerates the real captures in this folder: Linux sockets over loopback
# in a fresh network namespace (as root), recorded by dumpcap, in the file
# formats and link types a learner brings: pcapng/Ethernet (dumpcap's
# default on lo), classic pcap, Linux cooked SLL and SLL2 (the "any" device),
# IPv6. Each file's tshark analysis is what tests compare ours with.
#   tests/data/captures/make_captures.sh
set -euo pipefail
cd "$(dirname "$0")"
capture() {  # NAME CASE ADDRESS DUMPCAP-ARGS...
  local name=$1 case=$2 addr=$3; shift 3
  unshare -n bash -c "
    ip link set lo up
    dumpcap -q $* -w '$name' >/dev/null 2>&1 &
    pid=\$!
    sleep 1
    python3 peers.py $case $addr
    sleep 0.5
    kill -INT \$pid; wait \$pid || true"
  echo "$name: $(tshark -r "$name" 2>/dev/null | wc -l) frames"
}
capture client-closes.pcapng client-closes 127.0.0.1 -i lo -f tcp
capture server-closes.pcap server-closes 127.0.0.1 -i lo -f tcp -P
capture half-close-sll.pcap half-close 127.0.0.1 -i any -y LINUX_SLL -f tcp -P
capture abort-sll2.pcapng abort 127.0.0.1 -i any -y LINUX_SLL2 -f tcp
capture refused.pcapng refused 127.0.0.1 -i lo -f tcp
capture ipv6.pcapng client-closes ::1 -i lo -f tcp
capture reuse.pcapng reuse 127.0.0.1 -i lo -f tcp
capture bulk.pcapng bulk 127.0.0.1 -i lo -f tcp -s 128
capture challenge.pcapng challenge 127.0.0.1 -i lo -f tcp
# Through a user-space link that loses chosen segments (lossy_link.py): raw
# IP on a TUN device, each segment seen as sent and as received.
lossy() {  # NAME CASE
  local name=$1 case=$2 out
  out=$(mktemp)
  unshare -n bash -c "
    ip link set lo up
    python3 lossy_link.py $case > '$out' & py=\$!
    until ip link show tun0 2>/dev/null | grep -q UP; do sleep 0.1; done
    dumpcap -q -i tun0 -s 128 -w '$name' >/dev/null 2>&1 & dp=\$!
    until grep -q received '$out'; do sleep 0.1; done
    sleep 0.3; kill -INT \$dp; wait \$dp; wait \$py"
  echo "$name: $(cat "$out"), $(tshark -r "$name" 2>/dev/null | wc -l) frames"
  rm -f "$out"
}
lossy fast-retransmit.pcapng fast-retransmit
lossy rto.pcapng rto
lossy reorder.pcapng reorder
lossy zero-window.pcapng zero-window
lossy keep-alive.pcapng keep-alive
chmod 644 ./*.pcap ./*.pcapng
# Damaged and unreadable inputs, made from the files above, for the
# command line's error messages (tests/CMakeLists.txt, cli.replay-*).
python3 - <<'PY'
data = open("server-closes.pcap", "rb").read()
open("bad-linktype.pcap", "wb").write(data[:20] + (147).to_bytes(4, "little") + data[24:])
open("cut-short.pcapng", "wb").write(open("client-closes.pcapng", "rb").read()[:700])
# Every TCP frame turned into UDP (IP protocol 17): a capture with no TCP at all.
out, at = bytearray(data[:24]), 24
while at < len(data):
    incl = int.from_bytes(data[at + 8:at + 12], "little")
    rec = bytearray(data[at:at + 16 + incl])
    rec[16 + 14 + 9] = 17  # past the record header and the 14-byte Ethernet header
    out += rec
    at += 16 + incl
open("udp-only.pcap", "wb").write(bytes(out))
PY
