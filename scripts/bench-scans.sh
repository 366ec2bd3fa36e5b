#!/usr/bin/env bash
# Scanner report import (issue 6): a ~100 MB Greenbone/OpenVAS report generated from the samples,
# imported twice into a fresh SQLite data folder with a release `vigil import` (the second time all
# unchanged), timed and with the peak memory of each run; in the same run, reading alone
# (`vigil bench scans`), `xmllint --stream --noout` and Python's `xml.etree.ElementTree.parse`
# on the same file.
#   scripts/bench-scans.sh [megabytes]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
megabytes=${1:-100}
bin=${VIGIL_BIN:-.build/release/vigil}
command -v xmllint >/dev/null || { echo "bench-scans: install xmllint (apt-get install libxml2-utils)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
report="$work/openvas.xml"
python3 Benchmarks/scans/make-openvas-report.py "$report" --megabytes "$megabytes"
export VIGIL_DATA_DIR="$work/data"
province=$("$bin" org create --name "Tỉnh" --kind province)
agency=$("$bin" org create --name "Sở" --parent "$province" --kind agency)
seconds() { /usr/bin/time -f "%e s, peak %M kB" "$@" 2>&1 >/dev/null | tail -1; }
# The machine's speed varies from minute to minute: xmllint before and after the imports says how
# fast it was around them.
echo "== xmllint --stream --noout (before) =="
/usr/bin/time -f "wall %e s, peak %M kB" xmllint --stream --noout "$report"
echo "== vigil import, first (all new) =="
/usr/bin/time -f "wall %e s, peak %M kB" "$bin" import "$report" --org "$agency" --json
echo "== vigil import, again (all unchanged) =="
/usr/bin/time -f "wall %e s, peak %M kB" "$bin" import "$report" --org "$agency" --json
echo "== reading alone (vigil bench scans) =="
"$bin" bench scans "$report"
echo "== xmllint --stream --noout =="
/usr/bin/time -f "wall %e s, peak %M kB" xmllint --stream --noout "$report"
echo "== python3 xml.etree.ElementTree.parse =="
/usr/bin/time -f "wall %e s, peak %M kB" python3 -c "import sys, xml.etree.ElementTree as ET; ET.parse(sys.argv[1])" "$report"
