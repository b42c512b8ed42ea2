#include "gui/file_watch.hpp"

#include <chrono>
#include <filesystem>

namespace loopscope::gui {

FileStamp stamp_of(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    FileStamp s;
    const auto status = fs::status(path, ec);
    if (ec || !fs::is_regular_file(status)) return s;
    const auto mtime = fs::last_write_time(path, ec);
    if (ec) return s;
    const auto size = fs::file_size(path, ec);
    if (ec) return s;
    s.exists = true;
    s.mtime_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(mtime.time_since_epoch()).count();
    s.size = size;
    return s;
}

void FileWatcher::watch(const std::string& path, const FileStamp& stamp) {
    path_ = path;
    stamp_ = stamp;
    last_look_ = -1e300;
}

bool FileWatcher::poll(double now) {
    if (path_.empty() || now - last_look_ < kInterval) return false;
    last_look_ = now;
    const FileStamp s = stamp_of(path_);
    if (s == stamp_) return false;
    stamp_ = s;
    return true;
}

}  // namespace loopscope::gui
