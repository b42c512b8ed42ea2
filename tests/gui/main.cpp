// The GUI's headless tests: the pure logic under the views (no window, no GL).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
