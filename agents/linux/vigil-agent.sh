#!/bin/sh
# Vigil agent for Linux: reports this host to Vigil (POST /api/v1/checkins, docs/CHECKIN.md):
# machine id, hostname, addresses, OS, installed packages (dpkg or rpm) and the anti-malware state
# (Microsoft Defender for Endpoint, ClamAV, or another product found running).
#
#   vigil-agent.sh --url https://vigil.example.gov.vn --token vge_...     (or VIGIL_URL, VIGIL_TOKEN)
#   vigil-agent.sh --dry-run                                              prints the report, sends nothing
#
# Install (as root): copy to /usr/local/sbin/vigil-agent.sh, chmod 700, then either
#   cron:    echo '*/30 * * * * root /usr/local/sbin/vigil-agent.sh --url URL --token TOKEN >/dev/null 2>&1' > /etc/cron.d/vigil-agent
#   systemd: install agents/linux/vigil-agent.service and vigil-agent.timer (put URL and TOKEN in
#            /etc/default/vigil-agent as VIGIL_URL=... and VIGIL_TOKEN=...), then
#            systemctl daemon-reload && systemctl enable --now vigil-agent.timer
# Needs: sh, sed, awk, date, and curl or wget.
set -u

url="${VIGIL_URL:-}"
token="${VIGIL_TOKEN:-}"
dry_run=0
while [ $# -gt 0 ]; do
  case "$1" in
    --url) url="${2:-}"; shift 2 ;;
    --token) token="${2:-}"; shift 2 ;;
    --dry-run) dry_run=1; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "vigil-agent: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [ "$dry_run" -eq 0 ] && { [ -z "$url" ] || [ -z "$token" ]; }; then
  echo "vigil-agent: give --url and --token (or VIGIL_URL and VIGIL_TOKEN)" >&2
  exit 2
fi

# A JSON string: backslashes and quotes escaped, tabs kept as \t, other control characters dropped.
json() {
  printf '%s' "$1" | tr -d '\000-\010\013-\037' | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/	/\\t/g' | awk 'BEGIN{ORS=""} {if (NR>1) print "\\n"; print}' \
    | { printf '"'; cat; printf '"'; }
}

# An ISO 8601 UTC time from anything `date -d` understands; empty when it does not.
iso_date() {
  date -u -d "$1" +%Y-%m-%dT%H:%M:%SZ 2>/dev/null || true
}

machine_id=""
# The machine id; on hosts without one, the firmware's product UUID (readable by root).
for file in /etc/machine-id /var/lib/dbus/machine-id /sys/class/dmi/id/product_uuid; do
  if [ -s "$file" ]; then machine_id=$(tr -d ' \n' < "$file"); break; fi
done
if [ -z "$machine_id" ]; then
  echo "vigil-agent: no machine id (/etc/machine-id); run systemd-machine-id-setup" >&2
  exit 1
fi
host=$(hostname 2>/dev/null || uname -n)

# Addresses: global IPv4 and IPv6 ones, without the prefix length.
addresses=""
if command -v ip >/dev/null 2>&1; then
  for address in $(ip -o addr show scope global 2>/dev/null | awk '{print $4}' | cut -d/ -f1); do
    addresses="$addresses${addresses:+,}$(json "$address")"
  done
fi

os_name="Linux"; os_version=$(uname -r)
if [ -r /etc/os-release ]; then
  os_name=$(. /etc/os-release; printf '%s' "${NAME:-Linux}")
  os_version=$(. /etc/os-release; printf '%s' "${VERSION_ID:-$(uname -r)}")
fi

# Installed packages: name, version, vendor (the maintainer on Debian, the vendor on RPM systems).
packages=$(mktemp)
trap 'rm -f "$packages" "$packages.json"' EXIT
if command -v dpkg-query >/dev/null 2>&1; then
  dpkg-query -W -f='${db:Status-Abbrev}\t${Package}\t${Version}\t${Maintainer}\n' 2>/dev/null | awk -F'\t' '$1 ~ /^ii/ {print $2"\t"$3"\t"$4}' > "$packages"
elif command -v rpm >/dev/null 2>&1; then
  rpm -qa --qf '%{NAME}\t%{VERSION}-%{RELEASE}\t%{VENDOR}\n' 2>/dev/null > "$packages"
fi
software=$(awk -F'\t' '
  function esc(s) { gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); gsub(/[\001-\037]/, "", s); return s }
  NF >= 1 && $1 != "" { if (n++) printf ","; printf "{\"name\":\"%s\",\"version\":\"%s\",\"vendor\":\"%s\"}", esc($1), esc($2), esc($3) }
' "$packages")

running() { pgrep -x "$1" >/dev/null 2>&1; }

# Anti-malware products found on this host.
products=""
add_product() { # product version enabled realTime managed signatureDate
  entry="{\"product\":$(json "$1"),\"version\":$(json "$2"),\"enabled\":$3,\"realTime\":$4,\"managed\":$5"
  [ -n "$6" ] && entry="$entry,\"signatureDate\":\"$6\""
  products="$products${products:+,}$entry}"
}

if command -v mdatp >/dev/null 2>&1; then
  health=$(mdatp health 2>/dev/null)
  field() { printf '%s\n' "$health" | awk -F' : ' -v k="$1" '$1 ~ "^"k"[ ]*$" {gsub(/"/, "", $2); print $2; exit}'; }
  enabled=false; [ "$(field healthy)" = "true" ] && enabled=true
  realtime=false; [ "$(field real_time_protection_enabled)" = "true" ] && realtime=true
  managed=false; [ -n "$(field org_id)" ] && managed=true
  updated=$(field definitions_updated)
  add_product "Microsoft Defender for Endpoint" "$(field app_version)" "$enabled" "$realtime" "$managed" "$(iso_date "$updated")"
fi

if command -v clamscan >/dev/null 2>&1 || command -v clamdscan >/dev/null 2>&1; then
  # `clamscan --version`: "ClamAV 1.0.7/27469/Mon Nov 25 08:32:01 2026", the last part the signatures' date.
  banner=$( (clamdscan --version 2>/dev/null || clamscan --version 2>/dev/null) | head -n 1)
  version=$(printf '%s' "$banner" | awk -F'/' '{sub(/^ClamAV /, "", $1); print $1}')
  signatures=$(printf '%s' "$banner" | awk -F'/' '{print $3}')
  enabled=false; { running clamd || systemctl is-active --quiet clamav-daemon 2>/dev/null; } && enabled=true
  # On-access scanning (clamonacc) is ClamAV's real-time protection.
  realtime=false; running clamonacc && realtime=true
  add_product "ClamAV" "$version" "$enabled" "$realtime" false "$(iso_date "$signatures")"
fi

# Other products: known only by their running service; their signature dates are not read here.
for known in "ESET:esets_daemon" "ESET:oaeventd" "Kaspersky Endpoint Security:kesl" "Sophos:sophos_threat_detector" \
             "Trend Micro Deep Security:ds_agent" "Bkav:bkavd" "CMC Antivirus:cmcavd"; do
  name=${known%%:*}; process=${known#*:}
  if running "$process"; then add_product "$name" "" true true true ""; fi
done

# Milliseconds where `date` has them (GNU): two reports in the same second are still in order.
now=$(date -u +%Y-%m-%dT%H:%M:%S.%NZ)
case "$now" in
  *.[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]Z) now="${now%??????Z}Z" ;;
  *) now=$(date -u +%Y-%m-%dT%H:%M:%SZ) ;;
esac
cat > "$packages.json" <<JSON
{"machineId":$(json "$machine_id"),"hostname":$(json "$host"),"sentAt":"$now","addresses":[$addresses],"os":{"name":$(json "$os_name"),"version":$(json "$os_version")},"software":[$software],"antimalware":[$products]}
JSON

if [ "$dry_run" -eq 1 ]; then
  cat "$packages.json"
  exit 0
fi

endpoint="${url%/}/api/v1/checkins"
if command -v curl >/dev/null 2>&1; then
  answer=$(curl -sS --max-time 60 -w '\n%{http_code}' -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    --data-binary @"$packages.json" "$endpoint") || { echo "vigil-agent: cannot reach $endpoint" >&2; exit 1; }
  status=$(printf '%s' "$answer" | tail -n 1)
  body=$(printf '%s' "$answer" | sed '$d')
else
  body=$(wget -q -O - --timeout=60 --header="Authorization: Bearer $token" --header='Content-Type: application/json' \
    --post-file="$packages.json" "$endpoint" 2>/dev/null) && status=200 || status=000
fi
case "$status" in
  200|201) printf '%s\n' "$body"; exit 0 ;;
  *) echo "vigil-agent: Vigil answered $status: $body" >&2; exit 1 ;;
esac
