#!/bin/sh
# Installs what dyad needs to build and test on Debian 12, then builds it.
# Run as root (or through sudo). Safe to run again.
set -e
PKGS="build-essential clang pkg-config libutf8proc-dev libjansson-dev libxml2-dev \
libsqlite3-dev wordnet-base"
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
make -j"$(nproc)"
