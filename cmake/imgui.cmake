# Dear ImGui 1.86 as Debian ships it (libimgui-dev): the core is a static
# library, the GLFW and OpenGL 3 backends are sources we compile ourselves.
find_path(IMGUI_INCLUDE_DIR imgui.h PATH_SUFFIXES imgui REQUIRED)
find_library(IMGUI_LIBRARY NAMES imgui REQUIRED)
find_path(IMGUI_BACKENDS_SOURCE_DIR imgui_impl_glfw.cpp
  PATHS /usr/share/doc/libimgui-dev/examples/backends ${IMGUI_INCLUDE_DIR}/backends
  NO_DEFAULT_PATH REQUIRED)
# Debian builds ImGui against the system stb (libstb-dev) instead of its own
# copies of stb_truetype/stb_rect_pack; libstb also has stb_image_write.
find_library(STB_LIBRARY NAMES stb REQUIRED)
find_package(glfw3 REQUIRED)
find_package(OpenGL REQUIRED)

add_library(loopscope_imgui STATIC
  ${IMGUI_BACKENDS_SOURCE_DIR}/imgui_impl_glfw.cpp
  ${IMGUI_BACKENDS_SOURCE_DIR}/imgui_impl_opengl3.cpp)
add_library(loopscope::imgui ALIAS loopscope_imgui)
target_include_directories(loopscope_imgui SYSTEM PUBLIC ${IMGUI_INCLUDE_DIR} ${IMGUI_INCLUDE_DIR}/backends)
target_link_libraries(loopscope_imgui PUBLIC ${IMGUI_LIBRARY} ${STB_LIBRARY} glfw OpenGL::GL ${CMAKE_DL_LIBS})
