#!/usr/bin/env bash
# Fetches Dear ImGui's sources for the web inspector (web/inspector/, built by em++) from
# Debian's `imgui` source package at the version tools/versions.env pins (IMGUI_VERSION),
# unpacks them with Debian's patches applied, and prints the folder (always the last line).
# cmake/web.cmake reads it from PYSHELL_IMGUI_SRC; ./dev.sh exports it for the web build.
#
# The tree lives outside the source tree, under $PYSHELL_CACHE_DIR/imgui-src/DEBIAN_VERSION/
# (~/.cache/pyshell/imgui-src/1.86+ds-1/), so every clone reuses it. A second run finds it
# and only asks apt which revision is current (well under a second of local work).
#
# Debian's tree is upstream's minus examples/libs/ and misc/fonts/ ("+ds"): the core, the
# imstb_*.h headers and every backend (imgui_impl_glfw.cpp, imgui_impl_opengl3.cpp) are there.
#
# Usage: tools/fetch-imgui-source.sh
set -euo pipefail
. "$(dirname "$0")/lib.sh"

SRC_ROOT="$PYSHELL_CACHE_DIR/imgui-src"
DOWNLOADS="$SRC_ROOT/downloads"

# Debian revisions of imgui whose upstream part is the pinned one, newest first.
candidate_versions() {
    apt-cache showsrc imgui 2>/dev/null | awk '/^Version:/ {print $2}' | sort -u |
        while read -r ver; do
            case "${ver#*:}" in "$IMGUI_VERSION"+* | "$IMGUI_VERSION"-*) printf '%s\n' "$ver" ;; esac
        done | sort -r -V
}

# The tree holds what the web build compiles, at the pinned version.
check_tree() {
    local dir=$1 f
    for f in imgui.h imgui.cpp imgui_draw.cpp imgui_tables.cpp imgui_widgets.cpp imconfig.h \
             imstb_rectpack.h imstb_textedit.h imstb_truetype.h \
             backends/imgui_impl_glfw.cpp backends/imgui_impl_glfw.h \
             backends/imgui_impl_opengl3.cpp backends/imgui_impl_opengl3.h; do
        [ -f "$dir/$f" ] || { note "$dir/$f is missing"; return 1; }
    done
    grep -q "^#define IMGUI_VERSION  *\"$IMGUI_VERSION\"" "$dir/imgui.h" ||
        { note "$dir/imgui.h is not Dear ImGui $IMGUI_VERSION"; return 1; }
}

main() {
    step "versions: which Debian revision of imgui $IMGUI_VERSION apt offers"
    local candidates ver
    candidates=$(candidate_versions)
    [ -n "$candidates" ] ||
        die "apt knows no source of imgui $IMGUI_VERSION (are the deb-src entries there? tools/install-deps.sh --deb-src)"

    # The newest revision already unpacked wins; otherwise fetch the newest fetchable one.
    for ver in $candidates; do
        if [ -f "$SRC_ROOT/${ver#*:}/.complete" ] && check_tree "$SRC_ROOT/${ver#*:}"; then
            note "imgui ${ver#*:}: cached in $SRC_ROOT/${ver#*:}"
            printf '%s\n' "$SRC_ROOT/${ver#*:}"
            return 0
        fi
    done

    step "fetch: apt-get source imgui (into $DOWNLOADS)"
    mkdir -p "$DOWNLOADS"
    local dsc="" got=""
    for ver in $candidates; do
        dsc="$DOWNLOADS/imgui_${ver#*:}.dsc"
        if [ ! -f "$dsc" ]; then
            # A revision can be listed yet not be fetchable (seen with bookworm-security): try the next.
            (cd "$DOWNLOADS" && run apt-get source --download-only -qq "imgui=$ver") >&2 || {
                note "imgui $ver: not fetchable here, trying an older revision"
                rm -f "$dsc"
                continue
            }
        fi
        [ -f "$dsc" ] && { got=$ver; break; }
    done
    [ -n "$got" ] || die "could not fetch any source of imgui $IMGUI_VERSION with apt-get source"

    step "unpack: dpkg-source -x (Debian's patches applied)"
    command -v dpkg-source >/dev/null || die "dpkg-source not found: run tools/install-deps.sh (Debian package dpkg-dev)"
    local dest="$SRC_ROOT/${got#*:}"
    local tmp="$dest.tmp.$$"
    rm -rf "$tmp" "$dest"
    run dpkg-source -x "$DOWNLOADS/imgui_${got#*:}.dsc" "$tmp" >&2
    check_tree "$tmp" || die "the unpacked imgui source in $tmp lacks what the web build needs"
    printf 'imgui=%s\n' "${got#*:}" >"$tmp/.complete"
    mv "$tmp" "$dest"
    note "imgui ${got#*:}: unpacked in $dest"
    printf '%s\n' "$dest"
}

main "$@"
