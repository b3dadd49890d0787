#!/usr/bin/env bash
# Installs what pyshell's two README commands need inside the toolchain root, and only what
# is missing: the Debian packages of tools/root-packages.txt (apt), the deb-src entries for
# Debian source packages, and the npm packages of the committed lockfile (npm ci).
# Idempotent: a second run with nothing missing does no network work and takes well under a
# second. ./dev.sh runs it inside the root, where the packages and deb-src entries are there
# already; on a host that is the pinned suite itself (PYSHELL_NO_ROOT=1) it installs them.
#
#   tools/install-deps.sh
set -euo pipefail
. "$(dirname "$0")/lib.sh"

# The packages of tools/root-packages.txt (one a line there, with why it is here). Inside the
# toolchain root they are all installed when the root is made; on a host that is the suite
# itself (PYSHELL_NO_ROOT=1) the missing ones are installed here.
mapfile -t DEB_PACKAGES < <(root_packages)

missing_debs() {
    local p
    for p in "$@"; do
        dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null | grep -q '^ii' || printf '%s\n' "$p"
    done
}

apt_updated=0
apt_update_once() {
    if [ "$apt_updated" = 0 ]; then
        run apt-get update -qq
        apt_updated=1
    fi
}

apt_install() {
    [ "$#" -gt 0 ] || return 0
    [ "$(id -u)" = 0 ] || die "missing Debian packages ($*); run as root or install them: apt-get install $*"
    apt_update_once
    run env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

# deb-src entries, written the way the machine's own `deb` entries are (same URIs, suites,
# components and keys), so no host name is ever written by this repository.
ensure_deb_src() {
    local out822=/etc/apt/sources.list.d/pyshell-deb-src.sources
    local outlist=/etc/apt/sources.list.d/pyshell-deb-src.list
    if grep -rqsE '^(Types:.*deb-src|deb-src )' /etc/apt/sources.list /etc/apt/sources.list.d/; then
        return 0
    fi
    [ "$(id -u)" = 0 ] || die "apt has no deb-src entries; run as root so they can be added"
    step "deb-src: add source entries mirroring the existing deb entries"
    local f wrote=0
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -e "$f" ] || continue
        grep -q '^URIs:.*debian' "$f" || continue
        note "from $f"
        sed -e 's/^Types:.*$/Types: deb-src/' "$f" >>"$out822"
        printf '\n' >>"$out822"
        wrote=1
    done
    if [ -f /etc/apt/sources.list ] && grep -qE '^deb .*debian' /etc/apt/sources.list; then
        note "from /etc/apt/sources.list"
        grep -E '^deb .*debian' /etc/apt/sources.list | sed -e 's/^deb /deb-src /' >"$outlist"
        wrote=1
    fi
    [ "$wrote" = 1 ] || die "found no Debian deb entries in /etc/apt to mirror as deb-src"
    apt_updated=0
    apt_update_once
}

check_node() {
    local major
    major=$(node -p 'process.versions.node.split(".")[0]')
    [ "$major" -ge "$NODE_MIN_MAJOR" ] || die "node $major found; pyshell needs node >= $NODE_MIN_MAJOR"
}

npm_ci() {
    local stamp="$PYSHELL_ROOT/node_modules/.package-lock.json"
    if [ -f "$stamp" ] && [ "$stamp" -nt "$PYSHELL_ROOT/package-lock.json" ]; then
        return 0
    fi
    step "npm: install the locked JavaScript packages"
    (cd "$PYSHELL_ROOT" && run npm ci --no-audit --no-fund --loglevel=error)
}

main() {
    # shellcheck disable=SC2046
    local missing
    missing=$(missing_debs "${DEB_PACKAGES[@]}")
    if [ -n "$missing" ]; then
        step "apt: install missing Debian packages"
        # shellcheck disable=SC2086
        apt_install $missing
    fi
    check_node
    ensure_deb_src
    npm_ci
    return 0
}

main "$@"
