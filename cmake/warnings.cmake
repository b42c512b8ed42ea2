# One INTERFACE target carries the project's warnings; targets link it PRIVATE
# so that the flags never leak to consumers.
add_library(loopscope_warnings INTERFACE)
add_library(loopscope::warnings ALIAS loopscope_warnings)
target_compile_options(loopscope_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
  -Wcast-align -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough)
