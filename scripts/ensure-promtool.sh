#!/usr/bin/env bash
# Makes sure `promtool` (Prometheus' rule checker) is on the PATH: when it is missing, installs Debian's
# `prometheus` package, which ships it. Used by CI and by gateway-app's PrometheusRulesTests before
# `promtool check rules` / `promtool test rules` on config/prometheus/.
# Needs root or sudo when promtool is missing; fails loudly otherwise (the tests never skip).
set -euo pipefail

if command -v promtool >/dev/null 2>&1; then
  promtool --version 2>&1 | head -n 1
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO="sudo -n"
else
  echo "promtool is missing and cannot be installed: run as root or with passwordless sudo," \
    "or install Debian's 'prometheus' package (apt-get install prometheus)" >&2
  exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "promtool is missing and this is not a Debian-like system (no apt-get): install Prometheus' promtool" >&2
  exit 1
fi

echo "promtool is missing: installing Debian's prometheus package" >&2
export DEBIAN_FRONTEND=noninteractive
# another installation may hold the dpkg lock: wait for it rather than fail
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends prometheus >/dev/null
promtool --version 2>&1 | head -n 1
