#!/usr/bin/env bash
# Installs the peers of the side-by-side benchmarks (bench/run.sh): NumPy and PyTorch from Debian, with
# OpenBLAS so that both use a real BLAS instead of Debian's slow reference one. PyPI is not reachable
# here, so these are the Debian packages, used through /usr/bin/python3 (the python3 on PATH may be a
# different interpreter that does not see them). Safe to run again: it installs only what is missing.
set -euo pipefail

packages=(python3-numpy python3-torch libopenblas0-pthread)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if ((${#missing[@]} > 0)); then
    sudo=""
    [[ $(id -u) -ne 0 ]] && sudo="sudo"
    echo "install-peers: installing ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${packages[@]}" >/dev/null
else
    echo "install-peers: ${packages[*]} already installed"
fi

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
