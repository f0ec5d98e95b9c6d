// Compiles nothing: the target it belongs to builds the tests' shared
// precompiled header (tests/CMakeLists.txt, ledger_test_pch).
