#!/bin/sh
# Installs what dyad needs to build and test on Debian 12, then builds it.
# Run as root (or through sudo). Safe to run again.
set -e
PKGS="build-essential clang pkg-config libutf8proc-dev libjansson-dev libxml2-dev \
libsqlite3-dev wordnet-base iso-codes"
# node and npm run scripts/gen_countries.mjs; a node that is already there (Debian's or
# another packaging, which may bundle npm) is used as it is.
command -v node >/dev/null 2>&1 || PKGS="$PKGS nodejs"
command -v npm >/dev/null 2>&1 || PKGS="$PKGS npm"
if [ "$(id -u)" -ne 0 ]; then
    SUDO=sudo
fi
missing=""
for p in $PKGS; do
    dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -n "$missing" ]; then
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing
fi
# npm's world-countries, pinned by package-lock.json, for the generated dictionaries
(cd "$(dirname "$0")/.." && npm ci --no-audit --no-fund --loglevel=error)
make -j"$(nproc)"
