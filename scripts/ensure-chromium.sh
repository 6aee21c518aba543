#!/bin/sh
# Makes sure a headless-capable Chromium is installed, for the dashboard's browser test
# (gateway-app DashboardBrowserTests) and for anyone taking a screenshot of the dashboard.
# Idempotent: does nothing when /usr/bin/chromium exists; otherwise installs Debian's `chromium` package
# (needs root, or sudo without a password). Prints the browser's path on success.
set -eu

CHROMIUM=/usr/bin/chromium

if [ ! -x "$CHROMIUM" ]; then
	if [ "$(id -u)" -eq 0 ]; then
		SUDO=""
	elif command -v sudo >/dev/null 2>&1; then
		SUDO="sudo -n"
	else
		echo "ensure-chromium: $CHROMIUM is missing and this user cannot install packages" >&2
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get -o DPkg::Lock::Timeout=600 update -q >&2
	$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends chromium fonts-dejavu-core >&2
fi

if [ ! -x "$CHROMIUM" ]; then
	echo "ensure-chromium: installing chromium did not provide $CHROMIUM" >&2
	exit 1
fi
echo "$CHROMIUM"
