#!/usr/bin/env bash
# Runs Vigil's browser tests (Tests/browser, pytest + Selenium + headless Chromium).
#
# Installs what is missing first: Debian's chromium and chromium-driver, and
# the Python packages selenium, pytest and aiosmtpd (the readiness journey's
# mail server). Works as root without a terminal (CI=true); as another user it
# uses sudo for apt-get.
#
# Environment:
#   VIGIL_BIN          the vigil binary to test (default: .build/debug/vigil)
#   VIGIL_SCREENSHOTS  folder for PNG screenshots of each step (optional)
# Extra arguments are passed to pytest.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

export DEBIAN_FRONTEND=noninteractive
export PYTHONDONTWRITEBYTECODE=1

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  else
    sudo -n "$@"
  fi
}

if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  echo "browser-test: installing chromium and chromium-driver" >&2
  as_root apt-get update </dev/null
  as_root apt-get install -y --no-install-recommends chromium chromium-driver </dev/null
fi

if ! python3 -c 'import selenium, pytest, aiosmtpd' >/dev/null 2>&1; then
  echo "browser-test: installing selenium, pytest and aiosmtpd" >&2
  python3 -m pip install --quiet --disable-pip-version-check selenium pytest aiosmtpd </dev/null \
    || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages selenium pytest aiosmtpd </dev/null
fi

export VIGIL_BIN="${VIGIL_BIN:-.build/debug/vigil}"
case "$VIGIL_BIN" in
  /*) ;;
  *) VIGIL_BIN="$PWD/$VIGIL_BIN" ;;
esac

exec python3 -m pytest -q -p no:cacheprovider Tests/browser "$@" </dev/null
