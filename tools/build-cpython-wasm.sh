#!/usr/bin/env bash
# Builds CPython for wasm32-emscripten (flavour "browser", no threads) from the toolchain
# root's python3.13 source package (Debian's patches kept) with the root's emcc, and its C
# dependencies (zlib, bzip2, xz-utils' liblzma, sqlite3) from their Debian source packages,
# built with emcc. mpdecimal and expat are CPython's bundled copies. Runs inside the toolchain
# root (./dev.sh puts it there).
#
# The result is cached outside the source tree, under $PYSHELL_CACHE_DIR/cpython-wasm/KEY,
# where KEY hashes the recipe, not this script's text: the pinned versions, the .dsc of each
# Debian source package used (which pin their tarballs' checksums), tools/patches/*, the
# configure arguments and flags below (recipe()), and the root's versions of the packages
# that compile (emscripten, clang, lld, binaryen, python3.13). A second run finds the cache
# and prints its path in well under a second.
#
# Each step leaves a stamp in the work folder ($PYSHELL_CACHE_DIR/work/KEY), so after a
# failure the next run starts again at the step that failed; the work folder goes once the
# build is installed.
#
# The traps met when this was first proven by hand are in ../shared/notes/cpython-wasm-build.md
# and ../shared/notes/toolchain-root.md; each workaround below says why it is there.
#
# Output layout (PREFIX):
#   include/python3.13/      Python headers + the wasm pyconfig.h
#   lib/*.a                  libpython3.13.a, CPython's own static helpers (libmpdec, libexpat,
#                            HACL*), libz, libbz2, liblzma, libsqlite3
#   link.txt                 the archives in link order (what CPython links python.js with)
#   lib/python3.13/          the pure-Python stdlib (Lib/) and the wasm _sysconfigdata module
#   modules.env              MODBUILT_NAMES / MODDISABLED_NAMES / MODMISSING... from the Makefile
#   manifest.txt             what was used (versions, Debian revisions, emcc, the key)
#
# Usage: tools/build-cpython-wasm.sh   (the prefix is always the last line)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

JOBS=${PYSHELL_JOBS:-$(nproc)}
SOURCES_DIR="$PYSHELL_CACHE_DIR/debian-sources"

# Bump when a step below changes in a way the flags do not show.
RECIPE_REVISION=1

# Debian source package name → pinned upstream version (tools/versions.env).
declare -A UPSTREAM=(
    [python$PY_MAJMIN]=$CPYTHON_VERSION
    [zlib]=$ZLIB_VERSION
    [bzip2]=$BZIP2_VERSION
    [xz-utils]=$XZ_VERSION
    [sqlite3]=$SQLITE_VERSION
)
PACKAGES=("python$PY_MAJMIN" zlib bzip2 xz-utils sqlite3)
declare -A DSC=()   # package → path of the .dsc used

# The root's packages whose versions change what is built.
TOOLCHAIN_PACKAGES=(emscripten clang-21 lld-21 binaryen "python$PY_MAJMIN")

DEPS_CFLAGS="-O2"
BZIP2_OBJECTS=(blocksort huffman crctable randtable compress decompress bzlib)
XZ_CONFIGURE=(--disable-shared --enable-static --disable-threads --disable-xz --disable-xzdec
    --disable-lzmadec --disable-lzmainfo --disable-lzma-links --disable-scripts --disable-doc --disable-nls)
SQLITE_DEFINES=(-DSQLITE_OMIT_LOAD_EXTENSION -DSQLITE_THREADSAFE=0 -DSQLITE_ENABLE_FTS5 -DSQLITE_ENABLE_MATH_FUNCTIONS)
# --with-pymalloc: configure turns CPython's small-object allocator off for Emscripten (no
# reason given upstream); with it off every int, float, tuple and frame object goes through
# dlmalloc. README, Benchmarks. --without-system-libmpdec: 3.13 looks for a system
# mpdecimal by default; the cross build has none, the bundled copy is used.
CPYTHON_CONFIGURE=(--host=wasm32-unknown-emscripten --with-emscripten-target=browser
    --disable-test-modules --without-ensurepip --with-pymalloc --without-system-libmpdec
    --without-system-expat)

# Everything that decides what this build produces, one item a line: hashed into KEY.
recipe() {
    echo "revision=$RECIPE_REVISION"
    grep -E '^(CPYTHON|ZLIB|BZIP2|XZ|SQLITE|EMSCRIPTEN)_VERSION=' "$PYSHELL_ROOT/tools/versions.env"
    echo "deps-cflags=$DEPS_CFLAGS"
    echo "bzip2=${BZIP2_OBJECTS[*]}"
    echo "xz=${XZ_CONFIGURE[*]}"
    echo "sqlite=${SQLITE_DEFINES[*]}"
    echo "configure=${CPYTHON_CONFIGURE[*]}"
    local pkg p
    for pkg in "${PACKAGES[@]}"; do echo "$pkg=$(sha256sum "${DSC[$pkg]}" | cut -d' ' -f1)"; done
    for p in "$PYSHELL_ROOT"/tools/patches/cpython-*.patch; do echo "$(basename "$p")=$(sha256sum "$p" | cut -d' ' -f1)"; done
    toolchain_versions "${TOOLCHAIN_PACKAGES[@]}"
}

# The first line of `emcc --version`. Read whole, never through `| head`: under pipefail a
# head that closes the pipe early makes emcc die of EPIPE, and the build with it.
emcc_version_line() {
    local all
    all=$(emcc --version 2>/dev/null)
    printf '%s\n' "${all%%$'\n'*}"
}

check_toolchain() {
    step "toolchain: check emcc and the build python against tools/versions.env"
    command -v emcc >/dev/null || die "emcc not found: run this inside the toolchain root (./dev.sh does)"
    local v
    v=$(emcc_version_line | sed -E 's/.* ([0-9]+\.[0-9]+\.[0-9]+).*/\1/')
    [ "$v" = "$EMSCRIPTEN_VERSION" ] ||
        die "emcc $v found, tools/versions.env pins $EMSCRIPTEN_VERSION (the toolchain root's emscripten package)"
    [ -x "$BUILD_PYTHON" ] || die "$BUILD_PYTHON not found: run this inside the toolchain root (./dev.sh does)"
    v=$("$BUILD_PYTHON" -c 'import platform; print(platform.python_version())')
    [ "$v" = "$CPYTHON_VERSION" ] ||
        die "build python $BUILD_PYTHON is $v; it must be the same version as the one built ($CPYTHON_VERSION)"
    note "emcc $EMSCRIPTEN_VERSION, build python $BUILD_PYTHON $v, $JOBS jobs"
    toolchain_versions "${TOOLCHAIN_PACKAGES[@]}" | sed 's/^/  /' >&2
}

# Debian revisions of PKG whose upstream part is the pinned one, newest first.
candidate_versions() {
    local pkg=$1 up=${UPSTREAM[$1]}
    apt-cache showsrc "$pkg" 2>/dev/null | awk '/^Version:/ {print $2}' | sort -u |
        while read -r ver; do
            local noepoch=${ver#*:}
            case "$noepoch" in "$up"-* | "$up"+*) printf '%s\n' "$ver" ;; esac
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
        [ -n "$candidates" ] || die "apt knows no source of $pkg ${UPSTREAM[$pkg]} (the toolchain root has deb-src entries: is tools/versions.env right?)"
        for ver in $candidates; do
            dsc="$SOURCES_DIR/${pkg}_${ver#*:}.dsc"
            if [ ! -f "$dsc" ]; then
                # A revision can be listed yet not be fetchable (seen: xz-utils 5.8.3 and 5.8.4
                # in forky, whose files 404, while 5.8.1 is served): try the next one.
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

unpack() {   # unpack PKG DEST: dpkg-source applies Debian's patches (security fixes included)
    local pkg=$1 dest=$2
    rm -rf "$dest"
    run dpkg-source --no-check -x "${DSC[$pkg]}" "$dest" >/dev/null
}

# stamped NAME FUNCTION: run FUNCTION unless an earlier run finished step NAME already.
stamped() {
    local name=$1 fn=$2
    if [ -f "$WORK/.done-$name" ]; then
        note "step $name: done in an earlier run"
        return 0
    fi
    "$fn"
    touch "$WORK/.done-$name"
}

build_zlib() {
    step "deps: zlib (emconfigure ./configure --static; emmake make libz.a)"
    unpack zlib "$WORK/zlib"
    (cd "$WORK/zlib" &&
        run env CHOST=wasm32 CFLAGS="$DEPS_CFLAGS" emconfigure ./configure --static --prefix="$DEPS" >/dev/null &&
        run emmake make -s -j"$JOBS" libz.a >/dev/null &&
        install -m644 zlib.h zconf.h "$DEPS/include/" && install -m644 libz.a "$DEPS/lib/")
}

build_bzip2() {
    step "deps: bzip2 (emcc on the library's seven sources; emar)"
    unpack bzip2 "$WORK/bzip2"
    local o objs=()
    for o in "${BZIP2_OBJECTS[@]}"; do objs+=("$o.o"); done
    (cd "$WORK/bzip2" &&
        run emcc $DEPS_CFLAGS -D_FILE_OFFSET_BITS=64 -c "${BZIP2_OBJECTS[@]/%/.c}" &&
        run emar rcs libbz2.a "${objs[@]}" &&
        install -m644 bzlib.h "$DEPS/include/" && install -m644 libbz2.a "$DEPS/lib/")
}

build_xz() {
    step "deps: liblzma from xz-utils (emconfigure ./configure --disable-threads ...; make -C src/liblzma)"
    unpack xz-utils "$WORK/xz"
    (cd "$WORK/xz" &&
        run env CFLAGS="$DEPS_CFLAGS" emconfigure ./configure --host=wasm32-unknown-emscripten --prefix="$DEPS" \
            "${XZ_CONFIGURE[@]}" >/dev/null &&
        run emmake make -s -j"$JOBS" -C src/liblzma >/dev/null &&
        run emmake make -s -C src/liblzma install >/dev/null)
}

build_sqlite() {
    step "deps: sqlite3 (host-generated amalgamation, then emcc ${SQLITE_DEFINES[*]})"
    unpack sqlite3 "$WORK/sqlite"
    mkdir -p "$WORK/sqlite/bld"
    (cd "$WORK/sqlite/bld" &&
        run ../configure --disable-tcl >/dev/null &&
        run make -s sqlite3.c >/dev/null &&
        run emcc $DEPS_CFLAGS "${SQLITE_DEFINES[@]}" -c sqlite3.c -o sqlite3.o &&
        run emar rcs libsqlite3.a sqlite3.o &&
        install -m644 sqlite3.h sqlite3ext.h "$DEPS/include/" && install -m644 libsqlite3.a "$DEPS/lib/")
}

prepare_cpython() {
    step "cpython: unpack Debian's python$PY_MAJMIN and apply tools/patches"
    unpack "python$PY_MAJMIN" "$WORK/cpython"
    local p
    for p in "$PYSHELL_ROOT"/tools/patches/cpython-*.patch; do
        (cd "$WORK/cpython" && run patch -p1 --quiet -i "$p")
    done
}

BUILDDIR() { printf '%s\n' "$WORK/cpython/builddir/emscripten-browser"; }

configure_cpython() {
    step "cpython: configure for wasm32-emscripten (flavour browser)"
    local b
    b=$(BUILDDIR)
    rm -rf "$b"
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
        run env CONFIG_SITE="$WORK/cpython/Tools/wasm/config.site-wasm32-emscripten" \
            emconfigure ../../configure -C --build="$(../../config.guess)" \
            --with-build-python="$BUILD_PYTHON" "${CPYTHON_CONFIGURE[@]}" \
            >"$WORK/configure.log" 2>&1 || { tail -n 40 "$WORK/configure.log"; die "configure failed (log: $WORK/configure.log)"; }
    )
}

make_cpython() {
    step "cpython: make"
    local b
    b=$(BUILDDIR)
    (cd "$b" && run emmake make -j"$JOBS" >"$WORK/make.log" 2>&1) ||
        { tail -n 40 "$WORK/make.log"; die "make failed (log: $WORK/make.log)"; }
    # Every module that needs a C library must have found ours (none may fall back to a port).
    grep -q -- '-sUSE_\(ZLIB\|BZIP2\|SQLITE3\)' "$b/Makefile" && die "configure asked for an Emscripten port (see $b/Makefile)"
    return 0
}

install_cpython() {
    step "cpython: install into the cache"
    local b src="$WORK/cpython" out="$STAGE"
    b=$(BUILDDIR)
    rm -rf "$out"
    mkdir -p "$out/include/python$PY_MAJMIN" "$out/lib/python$PY_MAJMIN"
    run cp -a "$src/Include/." "$out/include/python$PY_MAJMIN/"
    run cp "$b/pyconfig.h" "$out/include/python$PY_MAJMIN/"
    # The archives python.js is linked from, in the Makefile's own order: libpython, then
    # MODLIBS (CPython's bundled helper libraries), then our C libraries.
    local archives
    archives=$(cd "$b" && make -s -f Makefile -f - print-libs <<'MK'
print-libs:
	@echo $(LIBRARY) $(MODLIBS)
MK
    )
    : >"$out/link.txt"
    local a
    for a in $archives; do
        case "$a" in
            *.a) run cp "$b/$a" "$out/lib/"; echo "$(basename "$a")" >>"$out/link.txt" ;;
        esac
    done
    for a in z bz2 lzma sqlite3; do
        run cp "$DEPS/lib/lib$a.a" "$out/lib/"
        echo "lib$a.a" >>"$out/link.txt"
    done
    run cp -a "$src/Lib/." "$out/lib/python$PY_MAJMIN/"
    local sysconfigdata
    sysconfigdata=$(cat "$b/pybuilddir.txt")
    run cp "$b/$sysconfigdata"/_sysconfigdata_*.py "$out/lib/python$PY_MAJMIN/"
    # Which extension modules were built, so the stdlib zip can omit what cannot import.
    awk -F'=' '/^MOD(BUILT|SHARED|DISABLED)_NAMES=|^MODMISSING_NAMES=|^MODNA_NAMES=/ {gsub(/^[ \t]+|[ \t]+$/, "", $2); print $1 "=\"" $2 "\""}' \
        "$b/Makefile" >"$out/modules.env"
    {
        echo "key=$KEY"
        echo "emcc=$(emcc_version_line)"
        local pkg
        for pkg in "${PACKAGES[@]}"; do echo "$pkg=$(basename "${DSC[$pkg]}" .dsc)"; done
        recipe
    } >"$out/manifest.txt"
}

main() {
    [ "$(uname -m)" = x86_64 ] || note "untested host architecture $(uname -m)"
    check_toolchain
    fetch_sources
    KEY=$(recipe | sha256sum | cut -c1-16)
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
    note "building CPython $CPYTHON_VERSION for wasm32-emscripten (key $KEY); this takes about 10 minutes once"
    mkdir -p "$WORK" "$DEPS/include" "$DEPS/lib"
    stamped zlib build_zlib
    stamped bzip2 build_bzip2
    stamped xz build_xz
    stamped sqlite build_sqlite
    stamped cpython-source prepare_cpython
    stamped configure configure_cpython
    stamped make make_cpython
    install_cpython
    touch "$STAGE/.complete"
    rm -rf "$PREFIX"
    mv "$STAGE" "$PREFIX"
    rm -rf "$WORK"
    note "CPython wasm build done in $((SECONDS - t0)) s: $PREFIX"
    printf '%s\n' "$PREFIX"
}

main "$@"
