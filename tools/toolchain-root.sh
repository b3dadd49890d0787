#!/usr/bin/env bash
# The toolchain root: a minimal Debian root of the suite that tools/versions.env pins
# (TOOLCHAIN_SUITE, forky) with every package of tools/root-packages.txt, made with
# debootstrap and entered with bubblewrap. Every build and test of ./dev.sh runs inside it,
# so the host (Debian 12) needs only debootstrap and bubblewrap.
#
#   tools/toolchain-root.sh ensure       make the root if it is not cached; print its folder (last line)
#   tools/toolchain-root.sh run CMD...   run CMD inside it (the checkout and the cache bound at
#                                        the same paths inside and out, so logs and caches agree)
#   tools/toolchain-root.sh versions     print the root's package versions (Package=Version lines)
#
# Cached under $PYSHELL_CACHE_DIR/root/KEY, KEY = hash(suite, architecture, package list,
# ROOT_REVISION: bumped when make_root below changes what a root holds). The mirror is read
# from the host's own apt sources at run time: no host name is written into this repository.
# The suite's Release file may be past its Valid-Until on the mirror, so apt inside the root
# runs with Acquire::Check-Valid-Until=false.
#
# PYSHELL_NO_ROOT=1: the host already is the pinned suite with the packages installed; run
# everything directly (./dev.sh then never calls this script's `run`).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

ROOTS="$PYSHELL_CACHE_DIR/root"
ROOT_REVISION=1

root_key() {
    { echo "$TOOLCHAIN_SUITE"; dpkg --print-architecture; root_packages; echo "revision=$ROOT_REVISION"; } | sha256sum | cut -c1-16
}

# The Debian mirror of the host's apt sources (the main archive, not -security): the first
# URIs: of a deb822 .sources file, or the first `deb` line of sources.list.
host_mirror() {
    local f uri=""
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -e "$f" ] || continue
        uri=$(awk '/^URIs:/ {for (i = 2; i <= NF; i++) if ($i !~ /security/) {print $i; exit}}' "$f")
        [ -n "$uri" ] && break
    done
    if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
        uri=$(awk '$1 == "deb" && $0 !~ /security/ {for (i = 2; i <= NF; i++) if ($i ~ /:\/\//) {print $i; exit}}' /etc/apt/sources.list)
    fi
    [ -n "$uri" ] || die "found no Debian mirror in the host's apt sources (/etc/apt/sources.list.d/*.sources, /etc/apt/sources.list)"
    printf '%s\n' "${uri%/}"
}

host_tools() {   # debootstrap and bubblewrap on the host: the only packages it needs
    local missing=()
    command -v debootstrap >/dev/null || missing+=(debootstrap)
    command -v bwrap >/dev/null || missing+=(bubblewrap)
    [ "${#missing[@]}" -eq 0 ] && return 0
    [ "$(id -u)" = 0 ] || die "missing on the host: ${missing[*]}; run as root or: apt-get install ${missing[*]}"
    step "host: install ${missing[*]}"
    run apt-get update -qq
    run env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# bwrap arguments for a root at $1: the root as /, a fresh /proc, /dev (with shm and pts,
# which Chromium needs), a private /tmp, the host's DNS and trusted certificates (a machine
# whose registries are reached through a TLS proxy trusts that proxy's CA), and the
# checkout and the cache at the same paths as outside.
bwrap_args() {
    local root=$1
    mkdir -p "$PYSHELL_CACHE_DIR"
    BWRAP=(bwrap --bind "$root" / --proc /proc --dev /dev --tmpfs /tmp
        --ro-bind /etc/resolv.conf /etc/resolv.conf --ro-bind /etc/ssl/certs /etc/ssl/certs
        --bind "$PYSHELL_ROOT" "$PYSHELL_ROOT" --bind "$PYSHELL_CACHE_DIR" "$PYSHELL_CACHE_DIR"
        --die-with-parent
        --setenv HOME /root --setenv PATH /usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
        --setenv PYSHELL_IN_ROOT 1 --setenv PYSHELL_CACHE_DIR "$PYSHELL_CACHE_DIR"
        --setenv LANG C.UTF-8 --unsetenv NODE_PATH --unsetenv PYTHONPATH --unsetenv PYENV_ROOT
        --unsetenv VIRTUAL_ENV --chdir "$PWD")
    # A folder the checkout's tests reach beside it (../shared, read-only in CI), if present.
    if [ -d "$PYSHELL_ROOT/../shared" ]; then
        local shared
        shared=$(cd "$PYSHELL_ROOT/../shared" && pwd)
        BWRAP+=(--ro-bind "$shared" "$shared")
    fi
}

in_root() {   # in_root ROOT CMD...: as `run` does inside the root
    local root=$1
    shift
    bwrap_args "$root"
    "${BWRAP[@]}" "$@"
}

make_root() {
    local dest=$1 mirror
    mirror=$(host_mirror)
    local stage="$dest.partial"
    rm -rf "$stage"
    step "root: debootstrap $TOOLCHAIN_SUITE (minbase) from the host's mirror into $stage"
    # Debian 12's debootstrap has no script for the testing suite by name; sid's is the same.
    run debootstrap --variant=minbase --include=ca-certificates "$TOOLCHAIN_SUITE" "$stage" "$mirror" \
        /usr/share/debootstrap/scripts/sid >"$ROOTS/debootstrap.log" 2>&1 ||
        { tail -n 30 "$ROOTS/debootstrap.log"; die "debootstrap failed (log: $ROOTS/debootstrap.log)"; }
    step "root: apt sources (deb and deb-src of $TOOLCHAIN_SUITE), then install tools/root-packages.txt"
    cat >"$stage/etc/apt/sources.list.d/debian.sources" <<SRC
Types: deb deb-src
URIs: $mirror
Suites: $TOOLCHAIN_SUITE
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
    rm -f "$stage/etc/apt/sources.list"
    cat >"$stage/etc/apt/apt.conf.d/90pyshell" <<'CONF'
// The testing suite's Release file can be past its Valid-Until on the mirror.
Acquire::Check-Valid-Until "false";
// bubblewrap gives no second user to drop to.
APT::Sandbox::User "root";
APT::Install-Recommends "false";
Dpkg::Use-Pty "false";
CONF
    # Documentation is not needed to build or test: keep the root small.
    cat >"$stage/etc/dpkg/dpkg.cfg.d/90pyshell-nodoc" <<'CONF'
path-exclude /usr/share/doc/*
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
CONF
    local pkgs
    pkgs=$(root_packages | tr '\n' ' ')
    in_root "$stage" apt-get update -qq >"$ROOTS/apt.log" 2>&1 ||
        { tail -n 30 "$ROOTS/apt.log"; die "apt-get update inside the root failed (log: $ROOTS/apt.log)"; }
    # shellcheck disable=SC2086
    in_root "$stage" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $pkgs >>"$ROOTS/apt.log" 2>&1 ||
        { tail -n 30 "$ROOTS/apt.log"; die "installing the root's packages failed (log: $ROOTS/apt.log)"; }
    in_root "$stage" apt-get clean
    in_root "$stage" dpkg-query -W -f='${Package}=${Version}\n' >"$stage/.pyshell-versions"
    touch "$stage/.complete"
    rm -rf "$dest"
    mv "$stage" "$dest"
}

ensure() {
    host_tools
    local key dest
    key=$(root_key)
    dest="$ROOTS/$key"
    if [ ! -f "$dest/.complete" ]; then
        mkdir -p "$ROOTS"
        local t0=$SECONDS
        note "making the $TOOLCHAIN_SUITE toolchain root (key $key); this takes about 3 minutes once"
        make_root "$dest"
        note "toolchain root ready in $((SECONDS - t0)) s: $dest"
        # Older roots (another package list) are no longer used.
        find "$ROOTS" -mindepth 1 -maxdepth 1 -type d ! -name "$key" -exec rm -rf {} +
    fi
    printf '%s\n' "$dest"
}

case "${1:-}" in
    ensure) ensure | tail -n 1 ;;
    run)
        shift
        root=$(ensure | tail -n 1)
        in_root "$root" "$@"
        ;;
    versions)
        root=$(ensure | tail -n 1)
        cat "$root/.pyshell-versions"
        ;;
    *)
        sed -n '2,/^set -euo/p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'
        exit 2
        ;;
esac
