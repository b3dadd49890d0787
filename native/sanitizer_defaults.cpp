// Sanitizer defaults baked into every native binary of the native-asan preset, so they hold
// however the binary is started (ctest, the transcript runner's clean environment, by hand).
// CPython does not free everything at Py_Finalize (interned strings, static types' caches):
// those leaks are libpython's own, reached from inside libpython3.13.so, and are suppressed.
// Mesa's GL driver (a *_dri.so that pyshell-gui's libGL loads, and keeps loaded in these
// builds) does not free everything either: suppressed the same way.
// Leaks in pyshell's own code are still reported. Compiled to nothing without ASan.
#if defined(__SANITIZE_ADDRESS__)
extern "C" const char* __lsan_default_suppressions() { return "leak:libpython3.13.so\nleak:_dri.so\n"; }
// Quiet about the suppression itself: a program's output stays the program's.
extern "C" const char* __lsan_default_options() { return "print_suppressions=0"; }
#endif
