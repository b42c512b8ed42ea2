#include "gui/file_browser.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

namespace loopscope::gui {

namespace fs = std::filesystem;

std::string normal_path(const std::string& path) {
    std::string p = path;
    if ((p == "~" || p.starts_with("~/")) && std::getenv("HOME") != nullptr) p = std::string(std::getenv("HOME")) + p.substr(1);
    std::error_code ec;
    fs::path abs = fs::absolute(p.empty() ? "." : p, ec);
    if (ec) abs = p;
    abs = abs.lexically_normal();
    std::string out = abs.string();
    // "/a/b/" -> "/a/b", but "/" stays.
    while (out.size() > 1 && out.back() == '/') out.pop_back();
    return out;
}

FolderListing list_folder(const std::string& folder) {
    FolderListing out;
    out.folder = normal_path(folder);
    std::error_code ec;
    fs::directory_iterator it(out.folder, fs::directory_options::skip_permission_denied, ec);
    if (ec) {
        out.error = "cannot list " + out.folder + ": " + ec.message();
        return out;
    }
    for (const fs::directory_entry& e : it) {
        const std::string name = e.path().filename().string();
        if (name.empty() || name[0] == '.') continue;
        std::error_code ec2;
        if (e.is_directory(ec2)) out.entries.push_back({name, true});
        else if (e.path().extension() == ".py" && e.is_regular_file(ec2)) out.entries.push_back({name, false});
    }
    std::sort(out.entries.begin(), out.entries.end(), [](const FolderEntry& a, const FolderEntry& b) {
        if (a.is_dir != b.is_dir) return a.is_dir;
        return a.name < b.name;
    });
    return out;
}

PathKind classify_path(const std::string& path) {
    std::error_code ec;
    const fs::path p = normal_path(path);
    const auto st = fs::status(p, ec);
    if (ec || !fs::exists(st)) return PathKind::Missing;
    if (fs::is_directory(st)) return PathKind::Folder;
    return p.extension() == ".py" ? PathKind::PyFile : PathKind::OtherFile;
}

}  // namespace loopscope::gui
