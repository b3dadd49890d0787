# Web build: the shell compiled by the toolchain root's Emscripten and linked with CPython built
# for wasm32-emscripten by tools/build-cpython-wasm.sh (cached outside the tree; ./dev.sh
# passes its location in PYSHELL_WASM_PYTHON). Output: build/web/, the folder serve.py serves.

if(NOT EMSCRIPTEN_VERSION VERSION_EQUAL PYSHELL_EMSCRIPTEN_VERSION)
  message(FATAL_ERROR "pyshell: Emscripten ${EMSCRIPTEN_VERSION} found; tools/versions.env pins "
                      "${PYSHELL_EMSCRIPTEN_VERSION} (the toolchain root's emscripten package)")
endif()

set(PYSHELL_WASM_PYTHON "$ENV{PYSHELL_WASM_PYTHON}" CACHE PATH "CPython wasm build prefix (tools/build-cpython-wasm.sh)")
if(NOT EXISTS "${PYSHELL_WASM_PYTHON}/.complete")
  message(FATAL_ERROR "pyshell: no CPython wasm build at '${PYSHELL_WASM_PYTHON}'. Run ./dev.sh build, "
                      "or tools/build-cpython-wasm.sh and pass its last line as PYSHELL_WASM_PYTHON.")
endif()
message(STATUS "pyshell: CPython wasm from ${PYSHELL_WASM_PYTHON}")
set(P "${PYSHELL_WASM_PYTHON}")

find_program(PYSHELL_BUILD_PYTHON NAMES python${PYSHELL_PY_MAJMIN} PATHS /usr/bin NO_DEFAULT_PATH REQUIRED)
find_program(NODE_EXECUTABLE node REQUIRED)

set(PYSHELL_WEB_OUT "${CMAKE_SOURCE_DIR}/build/web" CACHE PATH "The served web folder")
file(MAKE_DIRECTORY "${PYSHELL_WEB_OUT}")
set(CMAKE_RUNTIME_OUTPUT_DIRECTORY "${PYSHELL_WEB_OUT}")

# CPython's archives in the order its own python.js is linked (the build's link.txt).
file(STRINGS "${P}/link.txt" _cpython_archives)
list(TRANSFORM _cpython_archives PREPEND "${P}/lib/")
add_library(cpython_wasm INTERFACE)
target_include_directories(cpython_wasm INTERFACE "${P}/include/python${PYSHELL_PY_MAJMIN}")
target_link_libraries(cpython_wasm INTERFACE ${_cpython_archives})

set(PYSHELL_CPYTHON_TARGET cpython_wasm)
include(cmake/host.cmake)

add_library(pyshell_platform STATIC web/platform_web.cpp)
target_include_directories(pyshell_platform PUBLIC "${CMAKE_SOURCE_DIR}/src")

# The stdlib zip, from the wasm build's own Lib/, leaving out what needs an extension
# module that build does not have; plus the shell's Python half and the wasm-only
# sitecustomize (asyncio's self-pipe without socketpair()). What web/pre.js loads is the
# zip in two parts: python313-start.data (the modules of python-stdlib/start_modules.txt
# and the zip's directory: before the first prompt) and python313-rest.data (the rest: on
# the first import that needs it). The whole zip stays beside them.
set(PYSHELL_STDLIB_ZIP "${PYSHELL_WEB_OUT}/python313.zip")
add_custom_command(
  OUTPUT "${PYSHELL_STDLIB_ZIP}" "${PYSHELL_WEB_OUT}/python313-start.data" "${PYSHELL_WEB_OUT}/python313-rest.data"
  COMMAND "${PYSHELL_BUILD_PYTHON}" "${CMAKE_SOURCE_DIR}/python-stdlib/make_stdlib_zip.py"
          --lib "${P}/lib/python${PYSHELL_PY_MAJMIN}" --modules-env "${P}/modules.env" --out "${PYSHELL_STDLIB_ZIP}"
          --extra "${CMAKE_SOURCE_DIR}/src/python/_pyshell_support.py"
          --extra "${CMAKE_SOURCE_DIR}/src/python/_pyshell_inspect.py"
          --extra "${CMAKE_SOURCE_DIR}/python-stdlib/wasm/sitecustomize.py"
          --start "${CMAKE_SOURCE_DIR}/python-stdlib/start_modules.txt"
  DEPENDS "${CMAKE_SOURCE_DIR}/python-stdlib/make_stdlib_zip.py" "${CMAKE_SOURCE_DIR}/python-stdlib/start_modules.txt"
          "${CMAKE_SOURCE_DIR}/src/python/_pyshell_support.py"
          "${CMAKE_SOURCE_DIR}/src/python/_pyshell_inspect.py"
          "${CMAKE_SOURCE_DIR}/python-stdlib/wasm/sitecustomize.py" "${P}/.complete"
  COMMENT "Building the stdlib zip from the wasm build's Lib/"
  VERBATIM)
add_custom_target(pyshell_stdlib_zip ALL DEPENDS "${PYSHELL_STDLIB_ZIP}")

# Link flags shared by every pyshell wasm program. Why each is there:
set(PYSHELL_WEB_LINK_FLAGS
  -sALLOW_MEMORY_GROWTH=1        # Python allocates as it goes; a fixed heap would run out
  -sINITIAL_MEMORY=33554432      # 32 MiB: CPython's start-up fits without growing
  -sSTACK_SIZE=8388608           # 8 MiB C stack so deep (C-level) recursion is a RecursionError first
  -sWASM_BIGINT=1                # 64-bit C integers cross to JS as BigInt (CPython's build uses it)
  -sENVIRONMENT=web,worker,node  # one artifact for the page, its worker, and Node
  -sFORCE_FILESYSTEM=1           # Python's os/io need the full virtual FS, and pre.js uses FS
  -sEXIT_RUNTIME=1               # main()'s return / sys.exit(n) becomes the process's exit status
  # One program for both transports (web/lib/worker_wasm.js): -sJSPI runs main() through
  # WebAssembly.promising and awaits it; the imports that may wait are wrapped with
  # WebAssembly.Suspending: the shell's read, sleep and output wait (backpressure), and
  # CPython's periodic signal check, the interpreter's yield to the event loop while code
  # runs (fd_read and fd_write are wrapped by the worker). The SAB transport makes both
  # wrappers pass-throughs.
  -sJSPI=1
  -sJSPI_IMPORTS=pyshell_js_read_input,pyshell_js_sleep,pyshell_js_output_wait,_Py_CheckEmscriptenSignals_Helper
  # The worker reaches the virtual FS (the home folder, web/lib/home_fs.js; uploads) and
  # delays main() until the home folder is filled from the browser's storage.
  -sEXPORTED_RUNTIME_METHODS=FS,addRunDependency,removeRunDependency
  # strerror() asks the worker first (web/platform_web.cpp): a write the browser's storage
  # refused says why (full quota, another tab owns the files) in Python's OSError.
  -Wl,--wrap=strerror
  -lnodefs.js                    # host folders mapped into the FS under Node
  "--pre-js=${CMAKE_SOURCE_DIR}/web/pre.js"  # Node fetch fix, stdlib zip mount, /home/user
  -Wl,--error-limit=0
)
if(CMAKE_BUILD_TYPE STREQUAL "Release")
  list(APPEND PYSHELL_WEB_LINK_FLAGS
    -O2                          # optimise, and run wasm-opt over the output
    -g0)                         # no debug info in the shipped artifact
endif()

# pyshell: the web build's one program, run by web/worker.js in a Web Worker or Node worker:
# the interactive shell, and `-c CODE` (pyshell-node's scripts). One full CPython link, not
# two. Relinked when web/pre.js changes, built after the stdlib zip it mounts.
add_executable(pyshell web/shell_main.cpp)
target_link_libraries(pyshell PRIVATE pyshell_app pyshell_platform)
target_link_options(pyshell PRIVATE ${PYSHELL_WEB_LINK_FLAGS})
set_property(TARGET pyshell APPEND PROPERTY LINK_DEPENDS "${CMAKE_SOURCE_DIR}/web/pre.js")
add_dependencies(pyshell pyshell_stdlib_zip)

# ---- The inspector: web/inspector/, a second small wasm module on the page's main thread ----
# Dear ImGui from Debian's source package (tools/fetch-imgui-source.sh; ./dev.sh passes its
# folder in PYSHELL_IMGUI_SRC): the core and the GLFW + OpenGL3 backends, built by em++.
set(PYSHELL_IMGUI_SRC "$ENV{PYSHELL_IMGUI_SRC}" CACHE PATH "Dear ImGui sources (tools/fetch-imgui-source.sh)")
if(NOT EXISTS "${PYSHELL_IMGUI_SRC}/imgui.h" OR NOT EXISTS "${PYSHELL_IMGUI_SRC}/backends/imgui_impl_glfw.cpp")
  message(FATAL_ERROR "pyshell: no Dear ImGui sources at '${PYSHELL_IMGUI_SRC}'. Run ./dev.sh build, "
                      "or tools/fetch-imgui-source.sh and pass its last line as PYSHELL_IMGUI_SRC.")
endif()
file(STRINGS "${PYSHELL_IMGUI_SRC}/imgui.h" _imgui_version REGEX "^#define IMGUI_VERSION +\"")
if(NOT _imgui_version MATCHES "\"${PYSHELL_IMGUI_VERSION}\"")
  message(FATAL_ERROR "pyshell: ${PYSHELL_IMGUI_SRC} holds ${_imgui_version}; tools/versions.env pins "
                      "Dear ImGui ${PYSHELL_IMGUI_VERSION}: run tools/fetch-imgui-source.sh again")
endif()
message(STATUS "pyshell: Dear ImGui from ${PYSHELL_IMGUI_SRC}")

set(_im "${PYSHELL_IMGUI_SRC}")
add_library(pyshell_imgui_web STATIC
  "${_im}/imgui.cpp" "${_im}/imgui_draw.cpp" "${_im}/imgui_tables.cpp" "${_im}/imgui_widgets.cpp"
  "${_im}/backends/imgui_impl_glfw.cpp" "${_im}/backends/imgui_impl_opengl3.cpp")
# SYSTEM: ImGui's headers do not get our -Wall -Wextra -Werror in the code that includes them.
target_include_directories(pyshell_imgui_web SYSTEM PUBLIC "${_im}" "${_im}/backends")
# imgui_impl_opengl3 on GLES3/gl3.h ("#version 300 es" shaders): exactly WebGL2.
target_compile_definitions(pyshell_imgui_web PUBLIC IMGUI_IMPL_OPENGL_ES3)
target_compile_options(pyshell_imgui_web PRIVATE
  -Os                            # the module should be small; ImGui is most of it
  -w)                            # third-party code: its warnings are not ours to fix (-Werror)
# The panels (src/inspector), the same code pyshell-gui draws, over these sources.
set(PYSHELL_IMGUI_TARGET pyshell_imgui_web)
add_subdirectory(src/inspector)
target_compile_options(pyshell_inspector PRIVATE -Os)
target_compile_options(pyshell_inspector_model PRIVATE -Os)

add_executable(inspector web/inspector/inspector_main.cpp web/inspector/drawn_text.cpp)
target_compile_options(inspector PRIVATE -Os)
target_link_libraries(inspector PRIVATE pyshell_inspector pyshell_imgui_web pyshell_core)
# Link flags of the inspector module. Why each is there:
target_link_options(inspector PRIVATE
  -sUSE_GLFW=3                   # Emscripten's built-in GLFW 3 (a JS library, not a port: nothing is downloaded)
  -sMIN_WEBGL_VERSION=2          # WebGL2 only: the ES 3.0 shaders of imgui_impl_opengl3 ...
  -sMAX_WEBGL_VERSION=2          # ... and no WebGL1 code paths in the output
  -sMODULARIZE=1                 # a factory, not a global Module: it shares the page with main.js ...
  -sEXPORT_NAME=createInspector  # ... which web/lib/inspector_page.js calls once the panel is opened
  -sENVIRONMENT=web              # only ever runs on the page's main thread: no worker or Node code
  -sFILESYSTEM=0                 # no files: messages arrive as strings, imgui.ini is off
  -sALLOW_MEMORY_GROWTH=1        # a snapshot of a big namespace may need more than the first 16 MiB
  -sEXPORTED_FUNCTIONS=_main,_malloc,_free   # JS copies message strings into the heap (plus the EMSCRIPTEN_KEEPALIVE functions)
  -sEXPORTED_RUNTIME_METHODS=UTF8ToString,stringToUTF8,lengthBytesUTF8,HEAPU8   # strings and the font's bytes across the boundary (Emscripten 6 puts HEAPU8 on the module only when exported)
  -Os                            # optimise for size, and run wasm-opt over the output
  -g0)                           # no debug info in the shipped artifact

# The panels' font: Debian's DejaVu Sans (fonts-dejavu-core, as pyshell-gui uses) cut by
# fontTools (python3-fonttools) to the ranges web/inspector/inspector_main.cpp names: 86 KB, not 760.
# The page fetches it beside the module, only when the inspector is opened.
set(PYSHELL_DEJAVU_SANS /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf)
if(NOT EXISTS "${PYSHELL_DEJAVU_SANS}")
  message(FATAL_ERROR "pyshell: /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf is missing: run tools/install-deps.sh (Debian package fonts-dejavu-core)")
endif()
execute_process(COMMAND "${PYSHELL_BUILD_PYTHON}" -c "import fontTools" RESULT_VARIABLE _fonttools OUTPUT_QUIET ERROR_QUIET)
if(NOT _fonttools EQUAL 0)
  message(FATAL_ERROR "pyshell: ${PYSHELL_BUILD_PYTHON} has no fontTools: run tools/install-deps.sh (Debian package python3-fonttools)")
endif()
set(PYSHELL_INSPECTOR_FONT "${PYSHELL_WEB_OUT}/inspector-font.ttf")
add_custom_command(
  OUTPUT "${PYSHELL_INSPECTOR_FONT}"
  COMMAND "${PYSHELL_BUILD_PYTHON}" -m fontTools.subset "${PYSHELL_DEJAVU_SANS}"
          "--unicodes=U+0020-024F,U+0370-03FF,U+0400-04FF,U+2000-206F,U+2190-21FF,U+2500-259F,U+FFFD"
          --layout-features= --no-hinting --desubroutinize --drop-tables+=FFTM
          "--output-file=${PYSHELL_INSPECTOR_FONT}"
  DEPENDS "${PYSHELL_DEJAVU_SANS}"
  COMMENT "Cutting DejaVu Sans down for the inspector"
  VERBATIM)
add_custom_target(pyshell_inspector_font ALL DEPENDS "${PYSHELL_INSPECTOR_FONT}")


# The page: web/index.html, its scripts (logic lives in main.js / worker.js / lib/), and
# xterm.js from the locked npm packages, so nothing loads from elsewhere.
file(GLOB PYSHELL_WEB_LIB CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/web/lib/*.js")
foreach(_f index.html main.js worker.js style.css coi-serviceworker.js)
  configure_file("${CMAKE_SOURCE_DIR}/web/${_f}" "${PYSHELL_WEB_OUT}/${_f}" COPYONLY)
endforeach()
foreach(_f IN LISTS PYSHELL_WEB_LIB)
  get_filename_component(_name "${_f}" NAME)
  configure_file("${_f}" "${PYSHELL_WEB_OUT}/lib/${_name}" COPYONLY)
endforeach()
# fflate (npm, UMD build) zips and unzips the home folder in the worker (Export / Import .zip).
set(_fflate "${CMAKE_SOURCE_DIR}/node_modules/fflate/umd/index.js")
if(NOT EXISTS "${_fflate}")
  message(FATAL_ERROR "pyshell: ${_fflate} is missing: run `npm ci` (./dev.sh does)")
endif()
configure_file("${_fflate}" "${PYSHELL_WEB_OUT}/lib/fflate.js" COPYONLY)
set(_xterm "${CMAKE_SOURCE_DIR}/node_modules/@xterm")
foreach(_pair "xterm/lib/xterm.js=xterm.js" "xterm/css/xterm.css=xterm.css"
              "addon-fit/lib/addon-fit.js=addon-fit.js" "addon-web-links/lib/addon-web-links.js=addon-web-links.js"
              "addon-unicode11/lib/addon-unicode11.js=addon-unicode11.js")
  string(REPLACE "=" ";" _pair "${_pair}")
  list(GET _pair 0 _from)
  list(GET _pair 1 _to)
  if(NOT EXISTS "${_xterm}/${_from}")
    message(FATAL_ERROR "pyshell: ${_xterm}/${_from} is missing: run `npm ci` (./dev.sh does)")
  endif()
  configure_file("${_xterm}/${_from}" "${PYSHELL_WEB_OUT}/xterm/${_to}" COPYONLY)
endforeach()

# The single-file build, build/web/pyshell.html: the page with everything it loads inside,
# to open from disk (file://) in a browser with JSPI (tools/single_file.py says how).
file(GLOB PYSHELL_WEB_SOURCES CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/web/*.html" "${CMAKE_SOURCE_DIR}/web/*.js"
     "${CMAKE_SOURCE_DIR}/web/*.css" "${CMAKE_SOURCE_DIR}/web/lib/*.js")
add_custom_command(
  OUTPUT "${PYSHELL_WEB_OUT}/pyshell.html"
  COMMAND "${PYSHELL_BUILD_PYTHON}" "${CMAKE_SOURCE_DIR}/tools/single_file.py" "${PYSHELL_WEB_OUT}"
  DEPENDS "${CMAKE_SOURCE_DIR}/tools/single_file.py" ${PYSHELL_WEB_SOURCES} pyshell pyshell_stdlib_zip inspector
          pyshell_inspector_font "${PYSHELL_STDLIB_ZIP}" "${PYSHELL_INSPECTOR_FONT}"
  COMMENT "Writing the single-file page, pyshell.html"
  VERBATIM)
add_custom_target(pyshell_single_file ALL DEPENDS "${PYSHELL_WEB_OUT}/pyshell.html")

# Precompressed .gz/.br beside every served file, and their sizes, at the end of every build.
add_custom_target(pyshell_web_sizes ALL
  COMMAND "${PYSHELL_BUILD_PYTHON}" "${CMAKE_SOURCE_DIR}/tools/web_dist.py" "${PYSHELL_WEB_OUT}"
  DEPENDS pyshell pyshell_stdlib_zip inspector pyshell_inspector_font pyshell_single_file
  VERBATIM)

add_subdirectory(tests)
