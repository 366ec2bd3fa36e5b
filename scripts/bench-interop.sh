#!/usr/bin/env bash
# Webhook deliveries and Vigil-to-Vigil messages (issue 22) against release `vigil serve`
# processes on fresh SQLite data folders, all on 127.0.0.1 (see scripts/bench-interop.py).
#   scripts/bench-interop.sh [webhooks] [federation]
# Build first: swift build -c release --product vigil --scratch-path .build-release
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec python3 scripts/bench-interop.py "$@"
