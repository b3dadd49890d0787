#!/usr/bin/env bash
# pyshell's developer entry point. The README's two commands are `./dev.sh serve` and
# `./dev.sh test`; both install what is missing (debootstrap and bubblewrap on the host, the
# cached toolchain root, npm packages, the cached CPython wasm build) and are safe to run again.
# Every command runs inside the toolchain root (tools/toolchain-root.sh: Debian forky with
# Emscripten 6, CPython 3.13, Node 24, Chromium), entered with bubblewrap; PYSHELL_NO_ROOT=1
# runs it directly on a host that already is that suite.
#
#   ./dev.sh serve [serve.py options]  build what the page needs, then serve build/web on
#                                      127.0.0.1 and print the URL (--port, --host, --open)
#   ./dev.sh test                      build everything and run every test suite: ctest for
#                                      the native, native-asan, fuzz and web presets, then
#                                      node --test for the JS glue, the page in Chromium,
#                                      and the bench's smoke run (tests/bench/)
#   ./dev.sh build                     build everything, run nothing
#   ./dev.sh bench [bench/run.mjs options]
#                                      build the web folder, then measure pyshell against
#                                      native python3.13 and Pyodide (bench/run.mjs): prints
#                                      the table, writes bench/results.json, bench/speed.svg
#                                      and README.md's results section (--smoke: one quick
#                                      iteration, writes nothing; --only, --runs, --help)
#   ./dev.sh python-wasm               only the cached CPython wasm build; prints its prefix
#   ./dev.sh imgui-src                 only Dear ImGui's Debian sources (web inspector); prints their folder
#   ./dev.sh root [CMD...]             a shell (or CMD) inside the toolchain root
set -euo pipefail
cd "$(dirname "$0")"
. tools/lib.sh

# Outside the root: make sure it exists (cached), then run this same command inside it.
if [ -z "${PYSHELL_IN_ROOT:-}" ] && [ -z "${PYSHELL_NO_ROOT:-}" ]; then
    exec tools/toolchain-root.sh run ./dev.sh "$@"
fi

deps() {
    tools/install-deps.sh
    step "toolchain: $TOOLCHAIN_SUITE root, $(emcc --version 2>/dev/null | sed -n '1s/.* \([0-9][0-9.]*\) .*/emcc \1/p'), node $(node --version), $("$BUILD_PYTHON" --version)"
}

python_wasm() {
    local prefix
    prefix=$(tools/build-cpython-wasm.sh | tail -n 1)
    [ -f "$prefix/.complete" ] || die "the CPython wasm build did not finish"
    export PYSHELL_WASM_PYTHON=$prefix
}

imgui_src() {
    local dir
    dir=$(tools/fetch-imgui-source.sh | tail -n 1)
    [ -f "$dir/.complete" ] || die "Dear ImGui's sources were not fetched"
    export PYSHELL_IMGUI_SRC=$dir
}

cmake_build() {   # cmake_build PRESET: configure (first time or when the cache is stale) and build
    local preset=$1
    step "cmake: $preset"
    run cmake --preset "$preset" >/dev/null
    run cmake --build --preset "$preset"
}

build_web() {
    python_wasm
    imgui_src
    cmake_build web
}

build_all() {
    deps
    cmake_build native
    cmake_build native-asan
    cmake_build fuzz
    build_web
}

failed=()
passed=()
suite() {   # suite NAME CMD...: run one test suite, remember how it went, go on either way
    local name=$1
    shift
    step "test: $name"
    if run "$@"; then passed+=("$name"); else failed+=("$name"); fi
}

run_tests() {
    local t0=$SECONDS
    build_all
    suite native ctest --preset native -j2
    suite native-asan ctest --preset native-asan -j2
    suite fuzz ctest --preset fuzz
    suite web ctest --preset web
    suite node node --test "tests/node/*.test.mjs"
    suite page node --test "tests/page/*.test.mjs"
    suite bench-smoke node --test "tests/bench/*.test.mjs"
    step "summary ($((SECONDS - t0)) s)"
    [ "${#failed[@]}" -eq 0 ] || note "failed: ${failed[*]}"
    echo "suites: ${#passed[@]} passed, ${#failed[@]} failed"
    [ "${#failed[@]}" -eq 0 ]
}

case "${1:-}" in
    serve)
        shift
        deps
        build_web
        step "serve: build/web"
        exec "$BUILD_PYTHON" serve.py --root build/web "$@"
        ;;
    test) run_tests ;;
    build) build_all ;;
    bench)
        shift
        deps
        build_web
        step "bench: bench/run.mjs $*"
        exec node bench/run.mjs "$@"
        ;;
    python-wasm) deps && python_wasm && echo "$PYSHELL_WASM_PYTHON" ;;
    root)
        shift
        if [ "$#" -eq 0 ]; then exec bash -i; else exec "$@"; fi
        ;;
    imgui-src) deps && imgui_src && echo "$PYSHELL_IMGUI_SRC" ;;
    *)
        sed -n '2,/^set -euo/p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'
        exit 2
        ;;
esac
