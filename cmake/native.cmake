# Native build: the shell against Debian's libpython3.13 (python3.13-dev), tests with
# Debian's GoogleTest. Fast to build and to test; the web build shares every source but
# the platform backend.

# the toolchain root's 3.13, never a pyenv/venv python that may be first on PATH (the presets pin
# Python3_EXECUTABLE=/usr/bin/python3.13). The interpreter also builds the stdlib zip, so
# its .pyc magic number matches the libpython we link.
find_package(Python3 ${PYSHELL_CPYTHON_VERSION} EXACT REQUIRED COMPONENTS Interpreter Development.Embed)
if(NOT Python3_VERSION VERSION_EQUAL PYSHELL_CPYTHON_VERSION)
  message(FATAL_ERROR "pyshell: found Python ${Python3_VERSION} (${Python3_EXECUTABLE}); "
                      "tools/versions.env pins ${PYSHELL_CPYTHON_VERSION}: install python3.13-dev")
endif()
execute_process(
  COMMAND "${Python3_EXECUTABLE}" -c "import sysconfig; print(sysconfig.get_config_var('DESTSHARED'))"
  OUTPUT_VARIABLE PYSHELL_NATIVE_DYNLOAD OUTPUT_STRIP_TRAILING_WHITESPACE COMMAND_ERROR_IS_FATAL ANY)
message(STATUS "pyshell: native CPython ${Python3_VERSION} from ${Python3_EXECUTABLE}; lib-dynload ${PYSHELL_NATIVE_DYNLOAD}")

# The stdlib zip beside the binaries, from Debian's Lib/ of the same CPython.
set(PYSHELL_STDLIB_ZIP "${CMAKE_BINARY_DIR}/python313.zip")
add_custom_command(
  OUTPUT "${PYSHELL_STDLIB_ZIP}"
  COMMAND "${Python3_EXECUTABLE}" "${CMAKE_SOURCE_DIR}/python-stdlib/make_stdlib_zip.py"
          --lib "${Python3_STDLIB}" --out "${PYSHELL_STDLIB_ZIP}"
          --extra "${CMAKE_SOURCE_DIR}/src/python/_pyshell_support.py"
          --extra "${CMAKE_SOURCE_DIR}/src/python/_pyshell_inspect.py" --mount "${PYSHELL_STDLIB_ZIP}"
  DEPENDS "${CMAKE_SOURCE_DIR}/python-stdlib/make_stdlib_zip.py" "${CMAKE_SOURCE_DIR}/src/python/_pyshell_support.py"
          "${CMAKE_SOURCE_DIR}/src/python/_pyshell_inspect.py"
  COMMENT "Building the stdlib zip from ${Python3_STDLIB}"
  VERBATIM)
add_custom_target(pyshell_stdlib_zip ALL DEPENDS "${PYSHELL_STDLIB_ZIP}")

set(PYSHELL_CPYTHON_TARGET Python3::Python)
include(cmake/host.cmake)

add_library(pyshell_platform STATIC native/platform_native.cpp)
target_include_directories(pyshell_platform PUBLIC "${CMAKE_SOURCE_DIR}/src")
target_compile_definitions(pyshell_platform PRIVATE PYSHELL_NATIVE_DYNLOAD="${PYSHELL_NATIVE_DYNLOAD}")

# LeakSanitizer's suppression of CPython's own shutdown leaks, inside every native executable defined from here on.
add_library(pyshell_sanitizer_defaults OBJECT native/sanitizer_defaults.cpp)
link_libraries(pyshell_sanitizer_defaults)

add_executable(pyshell-run src/app/run_main.cpp)
target_link_libraries(pyshell-run PRIVATE pyshell_python pyshell_platform)
add_dependencies(pyshell-run pyshell_stdlib_zip)

# pyshell: the interactive shell in a terminal (native/tty backend).
add_executable(pyshell native/tty/main.cpp native/tty/tty.cpp)
target_link_libraries(pyshell PRIVATE pyshell_app pyshell_platform)
add_dependencies(pyshell pyshell_stdlib_zip)

# The inspector panels over Debian's Dear ImGui (libimgui-dev: imgui.pc; its libimgui.a
# also holds the GLFW and OpenGL3 backends pyshell-gui uses).
find_package(PkgConfig REQUIRED)
pkg_check_modules(IMGUI REQUIRED IMPORTED_TARGET imgui)
set(PYSHELL_IMGUI_TARGET PkgConfig::IMGUI)
add_subdirectory(src/inspector)

# pyshell-gui: the shell in a window (GLFW + OpenGL 3 through Debian's Dear ImGui backends,
# which libimgui.a holds; their headers are under imgui/backends), with the inspector panels.
pkg_check_modules(GLFW3 REQUIRED IMPORTED_TARGET glfw3)
find_package(OpenGL REQUIRED)
add_executable(pyshell-gui native/imgui/main.cpp native/imgui/gui_shell.cpp native/imgui/keys.cpp)
target_include_directories(pyshell-gui PRIVATE "${IMGUI_INCLUDEDIR}/backends" "${CMAKE_SOURCE_DIR}/native/imgui")
# Dear ImGui's OpenGL3 backend finds GL functions with dlopen (its own loader).
target_link_libraries(pyshell-gui PRIVATE pyshell_inspector pyshell_app pyshell_platform
                      PkgConfig::GLFW3 OpenGL::GL ${CMAKE_DL_LIBS})
add_dependencies(pyshell-gui pyshell_stdlib_zip)

find_package(GTest REQUIRED)
include(GoogleTest)
add_subdirectory(tests)
