#!/usr/bin/env bash
# Installs what the report tests use to open Vigil's DOCX files independently of Vigil:
# LibreOffice (headless Writer), pdftotext and unzip, when they are missing.
set -euo pipefail
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
missing=()
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
command -v unzip >/dev/null 2>&1 || missing+=(unzip)
if [ ${#missing[@]} -gt 0 ]; then
  echo "office-tools: installing ${missing[*]}" >&2
  as_root apt-get update </dev/null >/dev/null
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y --no-install-recommends "${missing[@]}" </dev/null >/dev/null
fi
