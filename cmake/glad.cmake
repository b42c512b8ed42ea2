# The OpenGL 3.3 core loader, generated at build time by glad (python3-glad).
# --reproducible uses the specification bundled with glad, so the build works
# offline and gives the same loader on every machine.
find_program(GLAD_EXECUTABLE glad REQUIRED)
set(LOOPSCOPE_GLAD_DIR ${CMAKE_BINARY_DIR}/glad)
add_custom_command(
  OUTPUT ${LOOPSCOPE_GLAD_DIR}/src/gl.c ${LOOPSCOPE_GLAD_DIR}/include/glad/gl.h
         ${LOOPSCOPE_GLAD_DIR}/include/KHR/khrplatform.h
  COMMAND ${GLAD_EXECUTABLE} --api gl:core=3.3 --out-path ${LOOPSCOPE_GLAD_DIR} --quiet --reproducible c
  COMMENT "Generating the OpenGL 3.3 core loader with glad"
  VERBATIM)
add_library(loopscope_glad STATIC ${LOOPSCOPE_GLAD_DIR}/src/gl.c)
add_library(loopscope::glad ALIAS loopscope_glad)
target_include_directories(loopscope_glad SYSTEM PUBLIC ${LOOPSCOPE_GLAD_DIR}/include)
set_target_properties(loopscope_glad PROPERTIES LINKER_LANGUAGE C)
