#!/usr/bin/env bash
# Runs the lab: sets the machine up if needed, builds the web preset (the
# site in build/web, the one-file lab in build/web-single) and serves
# build/web on http://127.0.0.1:8000 (or --port N / PORT=N).
set -euo pipefail
cd "$(dirname "$0")/.."

port=${PORT:-8000}
while [ $# -gt 0 ]; do
  case "$1" in
    --port) [ $# -ge 2 ] || { echo "run.sh: --port needs a number" >&2; exit 2; }; port=$2; shift 2 ;;
    --port=*) port=${1#--port=}; shift ;;
    -h|--help) echo "usage: tools/run.sh [--port N]"; exit 0 ;;
    *) echo "run.sh: unknown argument '$1' (usage: tools/run.sh [--port N])" >&2; exit 2 ;;
  esac
done
case "$port" in ''|*[!0-9]*) echo "run.sh: the port must be a number, got '$port'" >&2; exit 2 ;; esac

bash tools/setup.sh
export NODE_PATH=/usr/share/nodejs  # emcc needs Debian's acorn (toolchain.md quirk 1)
cmake --preset web >/dev/null
cmake --build --preset web -j2
echo "The lab in one file, to open from disk: build/web-single/tcplab.html"
exec node tools/serve.mjs --port "$port" --dir build/web
