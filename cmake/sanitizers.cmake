# -DLOOPSCOPE_SANITIZE=ON builds everything with AddressSanitizer and
# UndefinedBehaviorSanitizer; CI runs the unit tests in such a build.
option(LOOPSCOPE_SANITIZE "Build with ASan and UBSan" OFF)
if(LOOPSCOPE_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()
