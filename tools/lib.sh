# Shared shell helpers for pyshell's build scripts (sourced, not run).
# A build is a list of named steps; each step prints its name, and each command it runs is
# printed before it runs, as CPython's own wasm tooling does.

PYSHELL_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=versions.env
. "$PYSHELL_ROOT/tools/versions.env"

# Where expensive results live: outside the source tree, so a fresh clone reuses them.
PYSHELL_CACHE_DIR=${PYSHELL_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pyshell}

# Debian's emcc runs acorn through node; NodeSource's node does not look in Debian's folder.
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}

# Debian's own interpreter (3.11.2), never a pyenv or venv python3 that may be first on PATH.
DEBIAN_PYTHON=/usr/bin/python3.11

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
