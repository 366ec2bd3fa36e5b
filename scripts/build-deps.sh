#!/usr/bin/env bash
# Installs the C libraries Vigil builds against, when they are missing: libxml2's headers
# (Debian's libxml2-dev, for reading XML scanner reports as a stream, and web pages) and pkg-config;
# and openssl, which the monitoring tests use to make a certificate for their local TLS site.
set -euo pipefail
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
missing=()
[ -f /usr/include/libxml2/libxml/xmlreader.h ] || missing+=(libxml2-dev)
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
if [ ${#missing[@]} -gt 0 ]; then
  echo "build-deps: installing ${missing[*]}" >&2
  as_root apt-get update </dev/null >/dev/null
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y --no-install-recommends "${missing[@]}" </dev/null >/dev/null
fi
