#!/usr/bin/env bash
# Installs what building and testing mdbstudio needs on Debian 12 (as root, or through sudo).
# Safe to run again: it installs only what is missing.
set -euo pipefail

packages=(
  build-essential cmake ccache pkg-config
  qt6-base-dev qt6-base-dev-tools libqt6sql6-psql libqt6sql6-sqlite libgl-dev qtkeychain-qt6-dev libqt6svg6
  sqlite3 libsqlite3-dev postgresql postgresql-contrib  # libsqlite3-dev: the SQLite write path and its baseline
  libpq-dev  # the PostgreSQL write path binds its parameters through libpq
  pgbouncer openssl  # the test cluster's connection pooler, and its throwaway TLS certificates
  gnome-keyring dbus-daemon  # a real system keychain for the tests of saved passwords
  librsvg2-bin dpkg-dev file  # PNG icons at build time; dpkg-shlibdeps and file for CPack's .deb
  desktop-file-utils appstream lintian  # the package checks of scripts/package-test.sh
  clang libclang-rt-14-dev lld  # fuzz targets and sanitizer builds (libFuzzer, ASan, UBSan); lld links them fast
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm fetches the official Message DB for the tests; a Node.js that bundles npm is fine too.
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  echo "Installing: ${missing[*]}"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
