#!/usr/bin/env bash
# Builds CPython 3.11 for wasm32-emscripten (flavour "browser", no threads) from Debian's
# python3.11 source package with Debian's emscripten, and its C dependencies (zlib, bzip2,
# xz-utils' liblzma, sqlite3) from their Debian source packages, built with emcc.
#
# The result is cached outside the source tree, under $PYSHELL_CACHE_DIR/cpython-wasm/KEY,
# where KEY hashes every input: tools/versions.env, this script, tools/patches/*, the .dsc
# of each Debian source package used (which pin their tarballs' checksums) and emcc's
# version. A second run finds the cache and prints its path in well under a second.
#
# The traps met when this was first proven by hand, and why each fix below is here, are in
# ../shared/notes/cpython-wasm-build.md.
#
# Output layout (PREFIX):
#   include/python3.11/      Python headers + the wasm pyconfig.h
#   lib/*.a                  libpython3.11.a libmpdec.a libexpat.a libz.a libbz2.a liblzma.a libsqlite3.a
#   lib/python3.11/          the pure-Python stdlib (Lib/) and the wasm _sysconfigdata module
#   modules.env              MODBUILT_NAMES / MODDISABLED_NAMES / MODMISSING... from the Makefile
#   manifest.txt             what was used (versions, Debian revisions, emcc)
#
# Usage: tools/build-cpython-wasm.sh [--print-prefix]   (the prefix is always the last line)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

JOBS=${PYSHELL_JOBS:-$(nproc)}
SOURCES_DIR="$PYSHELL_CACHE_DIR/debian-sources"

# Debian source package name → pinned upstream version (tools/versions.env).
declare -A UPSTREAM=(
    [python3.11]=$CPYTHON_VERSION
    [zlib]=$ZLIB_VERSION
    [bzip2]=$BZIP2_VERSION
    [xz-utils]=$XZ_VERSION
    [sqlite3]=$SQLITE_VERSION
)
PACKAGES=(python3.11 zlib bzip2 xz-utils sqlite3)
declare -A DSC=()   # package → path of the .dsc used

# The first line of `emcc --version`. Read whole, never through `| head`: under pipefail a
# head that closes the pipe early makes emcc die of EPIPE, and the build with it.
emcc_version_line() {
    local all
    all=$(emcc --version)
    printf '%s\n' "${all%%$'\n'*}"
}

check_toolchain() {
    step "toolchain: check emcc and the build python against tools/versions.env"
    command -v emcc >/dev/null || die "emcc not found: run tools/install-deps.sh (Debian package emscripten)"
    local v
    v=$(emcc_version_line | sed -E 's/.* ([0-9]+\.[0-9]+\.[0-9]+).*/\1/')
    [ "$v" = "$EMSCRIPTEN_VERSION" ] ||
        die "emcc $v found, tools/versions.env pins $EMSCRIPTEN_VERSION (Debian 12's emscripten package)"
    [ -x "$DEBIAN_PYTHON" ] || die "$DEBIAN_PYTHON not found: run tools/install-deps.sh"
    v=$("$DEBIAN_PYTHON" -c 'import platform; print(platform.python_version())')
    [ "$v" = "$CPYTHON_VERSION" ] ||
        die "build python $DEBIAN_PYTHON is $v; it must be the same version as the one built ($CPYTHON_VERSION)"
    note "emcc $EMSCRIPTEN_VERSION, build python $DEBIAN_PYTHON $v, $JOBS jobs"
}

# Debian revisions of PKG whose upstream part is the pinned one, newest first.
candidate_versions() {
    local pkg=$1 up=${UPSTREAM[$1]}
    apt-cache showsrc "$pkg" 2>/dev/null | awk '/^Version:/ {print $2}' | sort -u |
        while read -r ver; do
            local noepoch=${ver#*:}
            case "$noepoch" in "$up"*) printf '%s\n' "$ver" ;; esac
        done | sort -r -V
}

fetch_sources() {
    step "fetch: Debian source packages (cached in $SOURCES_DIR)"
    mkdir -p "$SOURCES_DIR"
    local pkg ver dsc
    for pkg in "${PACKAGES[@]}"; do
        local got=""
        local candidates
        candidates=$(candidate_versions "$pkg")
        [ -n "$candidates" ] || die "apt knows no source of $pkg ${UPSTREAM[$pkg]} (are the deb-src entries there? tools/install-deps.sh --deb-src)"
        for ver in $candidates; do
            dsc="$SOURCES_DIR/${pkg}_${ver#*:}.dsc"
            if [ ! -f "$dsc" ]; then
                # A revision can be listed yet not be fetchable (seen: bookworm-security's
                # python3.11 sources 404 while bookworm's are there): try the next one.
                (cd "$SOURCES_DIR" && run apt-get source --download-only -qq "$pkg=$ver") >/dev/null 2>&1 || {
                    note "$pkg $ver: not fetchable here, trying an older revision"
                    rm -f "$dsc"
                    continue
                }
            fi
            [ -f "$dsc" ] && { got=$dsc; break; }
        done
        [ -n "$got" ] || die "could not fetch any source of $pkg ${UPSTREAM[$pkg]} with apt-get source"
        DSC[$pkg]=$got
        note "$pkg: $(basename "$got" .dsc)"
    done
}

compute_key() {
    {
        cat "$PYSHELL_ROOT/tools/versions.env" "$PYSHELL_ROOT/tools/build-cpython-wasm.sh"
        cat "$PYSHELL_ROOT"/tools/patches/*
        local pkg
        for pkg in "${PACKAGES[@]}"; do sha256sum "${DSC[$pkg]}" | cut -d' ' -f1; done
        emcc_version_line
    } | sha256sum | cut -c1-16
}

unpack() {   # unpack PKG DEST: dpkg-source applies Debian's patches (security fixes included)
    local pkg=$1 dest=$2
    rm -rf "$dest"
    run dpkg-source --no-check -x "${DSC[$pkg]}" "$dest" >/dev/null
}

build_zlib() {
    step "deps: zlib (emconfigure ./configure --static; emmake make libz.a)"
    unpack zlib "$WORK/zlib"
    (cd "$WORK/zlib" &&
        run env CFLAGS="-O2" emconfigure ./configure --static --prefix="$DEPS" >/dev/null &&
        run emmake make -s -j"$JOBS" libz.a >/dev/null &&
        install -m644 zlib.h zconf.h "$DEPS/include/" && install -m644 libz.a "$DEPS/lib/")
}

build_bzip2() {
    step "deps: bzip2 (emcc -O2 on the library's seven sources; emar)"
    unpack bzip2 "$WORK/bzip2"
    (cd "$WORK/bzip2" &&
        run emcc -O2 -D_FILE_OFFSET_BITS=64 -c blocksort.c huffman.c crctable.c randtable.c compress.c decompress.c bzlib.c &&
        run emar rcs libbz2.a blocksort.o huffman.o crctable.o randtable.o compress.o decompress.o bzlib.o &&
        install -m644 bzlib.h "$DEPS/include/" && install -m644 libbz2.a "$DEPS/lib/")
}

build_xz() {
    step "deps: liblzma from xz-utils (emconfigure ./configure --disable-threads ...; make -C src/liblzma)"
    unpack xz-utils "$WORK/xz"
    (cd "$WORK/xz" &&
        run env CFLAGS="-O2" emconfigure ./configure --host=wasm32-unknown-emscripten --prefix="$DEPS" \
            --disable-shared --enable-static --disable-threads --disable-xz --disable-xzdec \
            --disable-lzmadec --disable-lzmainfo --disable-lzma-links --disable-scripts --disable-doc \
            --disable-nls >/dev/null &&
        run emmake make -s -j"$JOBS" -C src/liblzma >/dev/null &&
        run emmake make -s -C src/liblzma install >/dev/null)
}

build_sqlite() {
    step "deps: sqlite3 (host-generated amalgamation, then emcc -O2 -DSQLITE_THREADSAFE=0)"
    unpack sqlite3 "$WORK/sqlite"
    mkdir -p "$WORK/sqlite/bld"
    (cd "$WORK/sqlite/bld" &&
        run ../configure --disable-tcl >/dev/null &&
        run make -s sqlite3.c >/dev/null &&
        run emcc -O2 -DSQLITE_OMIT_LOAD_EXTENSION -DSQLITE_THREADSAFE=0 -DSQLITE_ENABLE_FTS5 \
            -DSQLITE_ENABLE_MATH_FUNCTIONS -c sqlite3.c -o sqlite3.o &&
        run emar rcs libsqlite3.a sqlite3.o &&
        install -m644 sqlite3.h sqlite3ext.h "$DEPS/include/" && install -m644 libsqlite3.a "$DEPS/lib/")
}

prepare_cpython() {
    step "cpython: unpack Debian's python3.11 and apply tools/patches"
    unpack python3.11 "$WORK/cpython"
    local p
    for p in "$PYSHELL_ROOT"/tools/patches/cpython-*.patch; do
        (cd "$WORK/cpython" && run patch -p1 --quiet -i "$p")
    done
}

configure_cpython() {
    step "cpython: configure for wasm32-emscripten (flavour browser)"
    local b="$WORK/cpython/builddir/emscripten-browser"
    mkdir -p "$b"
    (
        cd "$b"
        # The C dependencies from our private prefix; without these configure asks for
        # Emscripten ports (-sUSE_ZLIB, -sUSE_BZIP2, -sUSE_SQLITE3), which download and fail here.
        export ZLIB_CFLAGS="-I$DEPS/include" ZLIB_LIBS="-L$DEPS/lib -lz"
        export BZIP2_CFLAGS="-I$DEPS/include" BZIP2_LIBS="-L$DEPS/lib -lbz2"
        export LIBLZMA_CFLAGS="-I$DEPS/include" LIBLZMA_LIBS="-L$DEPS/lib -llzma"
        export LIBSQLITE3_CFLAGS="-I$DEPS/include" LIBSQLITE3_LIBS="-L$DEPS/lib -lsqlite3"
        # Keep the host's .pc files out of a cross build.
        export PKG_CONFIG_LIBDIR="$DEPS/lib/pkgconfig" PKG_CONFIG_PATH=
        # wasm-ld-14 emits invalid wasm for configure's `char f();` link probes when the archive
        # comes first, so every sqlite3 feature check "fails" and _sqlite3 is dropped: preseed.
        local f
        for f in bind_double column_decltype column_double complete enable_shared_cache \
                 progress_handler result_double set_authorizer trace_v2 value_double serialize; do
            export "ac_cv_lib_sqlite3_sqlite3_$f=yes"
        done
        export ac_cv_lib_sqlite3_sqlite3_load_extension=no
        # Emscripten 3.1.6's clock_nanosleep(TIMER_ABSTIME) treats the time as relative, so
        # time.sleep() would never return: make CPython use its select()/nanosleep path.
        export ac_cv_func_clock_nanosleep=no ac_cv_lib_rt_clock_nanosleep=no
        # --with-pymalloc: configure turns CPython's small-object allocator off for Emscripten
        # (no reason given upstream); with it off every int, float, tuple and frame object goes
        # through dlmalloc, the largest cost after the eval loop in a profile. README, Benchmarks.
        run env CONFIG_SITE="$WORK/cpython/Tools/wasm/config.site-wasm32-emscripten" \
            emconfigure ../../configure -C --host=wasm32-unknown-emscripten \
            --build="$(../../config.guess)" --with-emscripten-target=browser \
            --with-build-python="$DEBIAN_PYTHON" --disable-test-modules --without-ensurepip \
            --with-pymalloc \
            >"$WORK/configure.log" 2>&1 || { tail -n 40 "$WORK/configure.log"; die "configure failed (log: $WORK/configure.log)"; }
    )
}

make_cpython() {
    step "cpython: make"
    local b="$WORK/cpython/builddir/emscripten-browser"
    (cd "$b" && run emmake make -j"$JOBS" >"$WORK/make.log" 2>&1) ||
        { tail -n 40 "$WORK/make.log"; die "make failed (log: $WORK/make.log)"; }
}

install_cpython() {
    step "cpython: install into the cache"
    local b="$WORK/cpython/builddir/emscripten-browser" src="$WORK/cpython" out="$STAGE"
    mkdir -p "$out/include/python3.11" "$out/lib/python3.11"
    run cp -a "$src/Include/." "$out/include/python3.11/"
    run cp "$b/pyconfig.h" "$out/include/python3.11/"
    run cp "$b/libpython3.11.a" "$b/Modules/_decimal/libmpdec/libmpdec.a" "$b/Modules/expat/libexpat.a" "$out/lib/"
    run cp "$DEPS"/lib/lib{z,bz2,lzma,sqlite3}.a "$out/lib/"
    run cp -a "$src/Lib/." "$out/lib/python3.11/"
    local sysconfigdata
    sysconfigdata=$(cat "$b/pybuilddir.txt")
    run cp "$b/$sysconfigdata"/_sysconfigdata_*.py "$out/lib/python3.11/"
    # Which extension modules were built, so the stdlib zip can omit what cannot import.
    awk -F'=' '/^MOD(BUILT|SHARED|DISABLED)_NAMES=|^MODMISSING_NAMES=|^MODNA_NAMES=/ {gsub(/^[ \t]+|[ \t]+$/, "", $2); print $1 "=\"" $2 "\""}' \
        "$b/Makefile" >"$out/modules.env"
    # Built-in (static) modules and what they import as, for the tests and the zip builder.
    {
        echo "key=$KEY"
        echo "emcc=$(emcc_version_line)"
        local pkg
        for pkg in "${PACKAGES[@]}"; do echo "$pkg=$(basename "${DSC[$pkg]}" .dsc)"; done
        echo "configure=--host=wasm32-unknown-emscripten --with-emscripten-target=browser"
    } >"$out/manifest.txt"
}

main() {
    [ "$(uname -m)" = x86_64 ] || note "untested host architecture $(uname -m)"
    check_toolchain
    fetch_sources
    KEY=$(compute_key)
    PREFIX="$PYSHELL_CACHE_DIR/cpython-wasm/$KEY"
    if [ -f "$PREFIX/.complete" ]; then
        note "CPython wasm build is cached: $PREFIX"
        printf '%s\n' "$PREFIX"
        return 0
    fi
    local t0=$SECONDS
    WORK="$PYSHELL_CACHE_DIR/work/$KEY"
    DEPS="$WORK/deps"
    STAGE="$PREFIX.partial"
    note "building CPython $CPYTHON_VERSION for wasm32-emscripten (key $KEY); this takes about 15 minutes once"
    rm -rf "$STAGE" "$DEPS"
    mkdir -p "$WORK" "$DEPS/include" "$DEPS/lib"
    build_zlib
    build_bzip2
    build_xz
    build_sqlite
    prepare_cpython
    configure_cpython
    make_cpython
    install_cpython
    touch "$STAGE/.complete"
    rm -rf "$PREFIX"
    mv "$STAGE" "$PREFIX"
    rm -rf "$WORK"
    note "CPython wasm build done in $((SECONDS - t0)) s: $PREFIX"
    printf '%s\n' "$PREFIX"
}

main "$@"
