# -DLOOPSCOPE_FUZZ=ON (with clang++) builds tests/fuzz/: libFuzzer targets.
# Everything in such a build gets AddressSanitizer and UndefinedBehaviorSanitizer,
# so that a bug in library code the fuzzer reaches is caught where it happens.
# Coverage instrumentation (-fsanitize=fuzzer) goes only on the sources each
# fuzz target compiles itself (tests/fuzz/CMakeLists.txt): clang 14 cannot
# emit it together with ASan for C++ coroutines ("Cannot represent a
# difference across sections"), and the engine's awaitables are coroutines.
# CI runs the fuzzers for a bounded time (scripts/dev test).
option(LOOPSCOPE_FUZZ "Build the libFuzzer targets (needs clang++)" OFF)
if(LOOPSCOPE_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "LOOPSCOPE_FUZZ needs clang++ (libFuzzer): configure with CXX=clang++ CC=clang")
  endif()
  if(LOOPSCOPE_SANITIZE)
    message(FATAL_ERROR "LOOPSCOPE_FUZZ already builds with ASan and UBSan: leave LOOPSCOPE_SANITIZE off")
  endif()
  # -fno-sanitize=function: clang 14's check of indirect calls' types cannot
  # be emitted for some coroutine frames either (the same "difference across
  # sections", e.g. scenarios/flaky_gather.cpp, which the CLI's fuzzer links).
  add_compile_options(-fsanitize=address,undefined -fno-sanitize=function -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()
