#!/usr/bin/env bash
# Our stack against the Linux kernel under loss (issue 13, "Measured"):
# OCTETS (default 10 MB) each way at once, through a lab link with 1% loss
# each way, then through a 10 Mbit/s link with a 50-packet drop-tail queue
# each way; prints bench/interop_loss.py's table. Needs root (a network
# namespace and a TUN device, as tools/interop-linux.sh says) and tshark.
#   bench/interop_loss.sh [OCTETS] [--only loss|queue]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
octets=${1:-10485760}
shift || true
cmake --build "$root/build/native" --target linux_interop >/dev/null
exec bash "$root/tools/interop-linux.sh" "$root/build/native/tests/linux_interop" "$root/build/interop-loss" --bulk "$octets" "$@"
