// File > Open: a small in-app browser (ImGui has no native dialog). The
// current folder's sub-folders and .py files, a path box; Enter or a
// double-click opens a file or goes into a folder. The listing itself is
// gui/file_browser.* (no ImGui).
#include <imgui.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "gui/app.hpp"

namespace loopscope::gui {

namespace {

constexpr const char* kTitle = "Open a .py file";

void set_path_box(FileBrowserState& b, const std::string& text) {
    std::snprintf(b.path, sizeof b.path, "%s", text.c_str());
}

void go_to(FileBrowserState& b, const std::string& folder) {
    b.listing = list_folder(folder);
    b.selected = -1;
    set_path_box(b, b.listing.folder == "/" ? "/" : b.listing.folder + "/");
}

// Enter in the path box, a double-click, or the Open button. Returns true
// when the browser should close.
bool activate(App& app, const std::string& path) {
    FileBrowserState& b = app.browser;
    switch (classify_path(path)) {
        case PathKind::Folder: go_to(b, path); return false;
        case PathKind::PyFile: return open_path(app, path);
        case PathKind::OtherFile: app.open_error = "not a .py file: " + normal_path(path); return false;
        case PathKind::Missing: app.open_error = "no such file or folder: " + normal_path(path); return false;
    }
    return false;
}

std::string entry_path(const FileBrowserState& b, const FolderEntry& e) {
    return (b.listing.folder == "/" ? "" : b.listing.folder) + "/" + e.name;
}

}  // namespace

void open_file_browser(App& app) {
    FileBrowserState& b = app.browser;
    const SourceText* f = app.session.file();
    const std::string here = f ? f->path.substr(0, f->path.find_last_of('/')) : std::string(".");
    go_to(b, here.empty() ? "/" : here);
    b.open = true;
    b.just_opened = true;
}

void draw_file_browser(App& app) {
    FileBrowserState& b = app.browser;
    if (!b.open) return;
    if (b.just_opened) ImGui::OpenPopup(kTitle);
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos(ImVec2(display.x / 2, display.y / 2), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(display.x * 0.5f, display.y * 0.6f), ImGuiCond_Appearing);
    if (!ImGui::BeginPopupModal(kTitle, &b.open)) {
        b.open = false;
        return;
    }
    bool close = false;
    // The path box: a folder to go into or a file to open.
    if (ImGui::Button("Up")) go_to(b, b.listing.folder + "/..");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    if (b.just_opened) ImGui::SetKeyboardFocusHere();
    b.just_opened = false;
    if (ImGui::InputText("##path", b.path, sizeof b.path, ImGuiInputTextFlags_EnterReturnsTrue)) close = activate(app, b.path);
    if (!b.listing.error.empty()) ImGui::TextColored(app.palette.error, "%s", b.listing.error.c_str());
    if (!app.open_error.empty()) ImGui::TextColored(app.palette.error, "%s", app.open_error.c_str());

    const float buttons_h = ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().ItemSpacing.y;
    std::string activated;  // acted on after the loop: going into a folder replaces the listing
    ImGui::BeginChild("entries", ImVec2(0, -buttons_h), true);
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(b.listing.entries.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const FolderEntry& e = b.listing.entries[static_cast<std::size_t>(i)];
            const std::string label = e.is_dir ? e.name + "/" : e.name;
            ImGui::PushID(i);
            if (e.is_dir) ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(app.palette.running));
            if (ImGui::Selectable(label.c_str(), b.selected == i, ImGuiSelectableFlags_AllowDoubleClick)) {
                b.selected = i;
                set_path_box(b, entry_path(b, e));
                if (ImGui::IsMouseDoubleClicked(0)) activated = entry_path(b, e);
            }
            if (e.is_dir) ImGui::PopStyleColor();
            ImGui::PopID();
        }
    }
    if (b.listing.entries.empty() && b.listing.error.empty()) ImGui::TextDisabled("no folders or .py files here");
    ImGui::EndChild();
    if (!activated.empty()) close = activate(app, activated);

    if (ImGui::Button("Open")) close = activate(app, b.path);
    ImGui::SameLine();
    if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
        close = true;
        app.open_error.clear();
    }
    ImGui::SameLine();
    ImGui::TextDisabled("%s", b.listing.folder.c_str());
    if (close) {
        b.open = false;
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

}  // namespace loopscope::gui
