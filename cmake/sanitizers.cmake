# LEDGER_SANITIZE builds everything with clang's sanitizers (scripts/test.sh
# --sanitize, docs/testing.md). Values:
#   ""                   off (the default; the Release build)
#   "address,undefined"  ASan + UBSan; also builds the libFuzzer targets
#                        (tests/fuzz/) unless LEDGER_FUZZ is OFF
#   "thread"             TSan; only the concurrency tests are worth building
#                        (target concurrency_tests)
# Any finding stops the process (-fno-sanitize-recover=all), so a test that
# trips one fails instead of printing and passing. -O1 keeps the suite fast
# enough for CI while keeping stacks exact; line tables alone name the file
# and line in a report at a fraction of the cost of full debug info.
set(LEDGER_SANITIZE "" CACHE STRING
  "Sanitizers to build with: empty, address,undefined, or thread")
set_property(CACHE LEDGER_SANITIZE PROPERTY STRINGS "" "address,undefined" "thread")

if(LEDGER_SANITIZE STREQUAL "")
  set(LEDGER_FUZZ OFF)
  return()
endif()

if(NOT LEDGER_SANITIZE MATCHES "^(address,undefined|thread)$")
  message(FATAL_ERROR "LEDGER_SANITIZE must be empty, address,undefined or thread, "
    "not '${LEDGER_SANITIZE}'")
endif()
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "LEDGER_SANITIZE needs clang (configure with "
    "-DCMAKE_CXX_COMPILER=clang++; scripts/test.sh --sanitize does)")
endif()

# Later -O flags win, so -O1 overrides whatever the build type chose.
add_compile_options(-fsanitize=${LEDGER_SANITIZE} -fno-sanitize-recover=all
  -fno-omit-frame-pointer -O1 -gline-tables-only)
add_link_options(-fsanitize=${LEDGER_SANITIZE})

# libFuzzer shares the ASan + UBSan build, so CI pays for one extra build.
# The fuzzers are guided by coverage of the code they drive, so everything
# is compiled with libFuzzer's coverage counters (fuzzer-no-link); only the
# fuzz targets link libFuzzer's main (tests/fuzz/CMakeLists.txt). Outside a
# fuzz target the counters cost the tests a few percent, nothing more.
if(LEDGER_SANITIZE STREQUAL "address,undefined")
  option(LEDGER_FUZZ "Build the libFuzzer targets (tests/fuzz/)" ON)
else()
  set(LEDGER_FUZZ OFF)
endif()
if(LEDGER_FUZZ)
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
