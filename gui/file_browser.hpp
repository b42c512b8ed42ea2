// What File > Open's in-app browser shows, without ImGui: a folder's
// sub-folders and .py files, and what a typed path means. The view is
// gui/view_file_browser.cpp. (ImGui has no native file dialog, and a
// portable one would pull a toolkit into the platform layer.)
#pragma once

#include <string>
#include <vector>

namespace loopscope::gui {

struct FolderEntry {
    std::string name;
    bool is_dir = false;
};

struct FolderListing {
    std::string folder;               // absolute, normalised
    std::vector<FolderEntry> entries; // folders first, then .py files; each sorted by name; no hidden ones
    std::string error;                // the folder could not be read
};

FolderListing list_folder(const std::string& folder);

enum class PathKind { Folder, PyFile, OtherFile, Missing };
PathKind classify_path(const std::string& path);

// Absolute and lexically normal ("a/../b" -> "/cwd/b"); "~/" is $HOME.
std::string normal_path(const std::string& path);

}  // namespace loopscope::gui
