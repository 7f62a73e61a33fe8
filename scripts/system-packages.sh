#!/usr/bin/env bash
# Install the Debian packages the tests need when they are missing: Chromium (browser
# tests), PostgreSQL and Redis (scale-out tests), and python3-venv when the system's
# python3 is 3.11 without venv support (a fresh Debian 12; make install needs it). Called
# by `make system-packages`, which the test targets depend on, and by .ci/run before
# `make test`; nothing is installed from inside pytest.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  missing+=(postgresql)
fi
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
if [ -x /usr/bin/python3 ] &&
  /usr/bin/python3 -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null &&
  ! /usr/bin/python3 -c 'import ensurepip, venv' 2>/dev/null; then
  missing+=(python3-venv)
fi
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "error: missing ${missing[*]}; install them, e.g. sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "Installing from Debian: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get -o DPkg::Lock::Timeout=600 update -qq
apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
