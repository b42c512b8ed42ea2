# One INTERFACE target carries the project's warnings; targets link it PRIVATE
# so that the flags never leak to consumers.
add_library(loopscope_warnings INTERFACE)
add_library(loopscope::warnings ALIAS loopscope_warnings)
target_compile_options(loopscope_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
  -Wcast-align -Woverloaded-virtual -Wimplicit-fallthrough)
# Not -Wnull-dereference: with optimisation GCC 12 reports it inside
# libstdc++ itself (streambuf, basic_string) and on checked downcasts, so the
# warnings it gives here are noise; UBSan in CI catches real null uses.
