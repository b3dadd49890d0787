# The Python host and the shell every interactive program runs, the same for both builds,
# over the platform's CPython (PYSHELL_CPYTHON_TARGET: Python3::Python natively, the wasm
# build's archives on the web). Included by cmake/native.cmake and cmake/web.cmake.

# src/python: the only code that includes Python.h.
add_library(pyshell_python STATIC src/python/python_host.cpp src/python/python_inspect.cpp)
target_include_directories(pyshell_python PUBLIC "${CMAKE_SOURCE_DIR}/src")
target_link_libraries(pyshell_python PUBLIC pyshell_core ${PYSHELL_CPYTHON_TARGET})

# src/app: InteractiveShell (editor + histories + session + REPL + banner) and the history
# file, shared by the tty, the window and the web program.
add_library(pyshell_app STATIC src/app/interactive_shell.cpp src/app/file_history.cpp)
target_link_libraries(pyshell_app PUBLIC pyshell_python pyshell_core)
