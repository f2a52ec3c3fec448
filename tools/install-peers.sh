#!/usr/bin/env bash
# Installs the peers of the side-by-side benchmarks (bench/run.sh): NumPy and PyTorch from Debian, with
# OpenBLAS so that both use a real BLAS instead of Debian's slow reference one. PyPI is not reachable
# here, so these are the Debian packages, used through /usr/bin/python3 (the python3 on PATH may be a
# different interpreter that does not see them). Safe to run again: it installs only what is missing.
set -euo pipefail

packages=(python3-numpy python3-torch libopenblas0-pthread)
source "$(dirname "$0")/apt-missing.sh"
apt_install_missing install-peers "${packages[@]}"

if ! /usr/bin/python3 -c 'import numpy, torch'; then
    echo "install-peers: /usr/bin/python3 still cannot import numpy and torch" >&2
    exit 1
fi
/usr/bin/python3 -c 'import sys, numpy, torch; print(f"python {sys.version.split()[0]}, numpy {numpy.__version__}, torch {torch.__version__}")'
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Package} ${Version}\n' "$package"
done
# Which BLAS libblas.so.3 resolves to: the numbers assume OpenBLAS, not the reference BLAS.
update-alternatives --query libblas.so.3-x86_64-linux-gnu 2>/dev/null | awk '/^Value:/ {print "libblas.so.3 -> " $2}' || true
