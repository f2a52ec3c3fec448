#!/usr/bin/env bash
# Installs the peers of the logic benchmark (bench/logic/run.sh): clingo (Debian's `gringo` package, which
# ships the clingo solver too), SWI-Prolog without the GUI, and GNU time for wall time and peak RSS
# (bash's `time` keyword reports no memory). Safe to run again: it installs only what is missing.
set -euo pipefail

packages=(gringo swi-prolog-nox time)
source "$(dirname "$0")/apt-missing.sh"
apt_install_missing install-logic-peers "${packages[@]}"

for tool in clingo swipl /usr/bin/time; do
    if ! command -v "$tool" >/dev/null; then
        echo "install-logic-peers: $tool is still missing" >&2
        exit 1
    fi
done
clingo --version | sed -n 1p   # sed reads it all: head could end clingo by SIGPIPE under pipefail
swipl --version
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Package} ${Version}\n' "$package"
done
