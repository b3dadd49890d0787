# Shared shell helpers for pyshell's build scripts (sourced, not run).
# A build is a list of named steps; each step prints its name, and each command it runs is
# printed before it runs, as CPython's own wasm tooling does.

PYSHELL_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=versions.env
. "$PYSHELL_ROOT/tools/versions.env"

# Where expensive results live: outside the source tree, so a fresh clone reuses them.
PYSHELL_CACHE_DIR=${PYSHELL_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pyshell}

# The toolchain root's CPython (the same 3.13.x as the one built for the web), by its full
# path: the build python of the wasm build, the stdlib zip's compiler (its .pyc magic must
# match), the transcript oracle.
BUILD_PYTHON=/usr/bin/python${CPYTHON_VERSION%.*}
# CPython's short version (3.13) and the stdlib zip's name (python313.zip), as CPython names it.
PY_MAJMIN=${CPYTHON_VERSION%.*}
PY_NODOT=${PY_MAJMIN/./}

step() {   # step NAME: announce a named step
    printf '\n\033[1m== %s\033[0m\n' "$*" >&2
}
run() {    # run CMD ARGS...: print the command, then run it
    printf '$ %s\n' "$*" >&2
    "$@"
}
die() {
    printf 'pyshell: error: %s\n' "$*" >&2
    exit 1
}
note() {
    printf 'pyshell: %s\n' "$*" >&2
}

# The versions of the root's packages that the builds depend on, as Package=Version lines
# (part of the cache keys of what is built with them).
toolchain_versions() {
    dpkg-query -W -f='${Package}=${Version}\n' "$@" 2>/dev/null | sort
}

# The package names of tools/root-packages.txt (one a line there, with why it is there).
root_packages() {
    sed -e 's/#.*//' "$PYSHELL_ROOT/tools/root-packages.txt" | tr -s ' \t' '\n' | sed '/^$/d'
}
