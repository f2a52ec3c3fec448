#!/usr/bin/env bash
# Installs the given Debian packages that are not installed yet, and only those (apt-get update first, as
# the package lists of a fresh machine may be empty). Sourced by the peers' install scripts:
#   apt_install_missing NAME PACKAGE...      NAME prefixes the messages
apt_install_missing() {
    local name=$1
    shift
    local missing=() package
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    if ((${#missing[@]} == 0)); then
        echo "$name: $* already installed"
        return
    fi
    local sudo=""
    [[ $(id -u) -ne 0 ]] && sudo="sudo"
    echo "$name: installing ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}
