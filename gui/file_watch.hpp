// Noticing that the open .py file changed on disk.
//
// Editors save in many ways (in place, or a new file renamed over the old
// one), so the file is looked at by path, not by handle: its modification
// time and size, polled about twice a second. No inotify: this works on
// every file system and costs one stat() per poll.
#pragma once

#include <cstdint>
#include <string>

namespace loopscope::gui {

struct FileStamp {
    bool exists = false;
    std::int64_t mtime_ns = 0;
    std::uintmax_t size = 0;
    friend bool operator==(const FileStamp&, const FileStamp&) = default;
};

FileStamp stamp_of(const std::string& path);

class FileWatcher {
public:
    static constexpr double kInterval = 0.5;  // seconds between two looks

    // Starts watching `path` as it is now (`stamp`: as it was read).
    void watch(const std::string& path, const FileStamp& stamp);
    void stop() { path_.clear(); }
    [[nodiscard]] bool watching() const { return !path_.empty(); }
    [[nodiscard]] const std::string& path() const { return path_; }

    // `now` in seconds on any steady clock. Looks at the file when kInterval
    // has passed since the last look; true once per change (the new stamp
    // becomes the reference).
    bool poll(double now);

private:
    std::string path_;
    FileStamp stamp_;
    double last_look_ = -1e300;
};

}  // namespace loopscope::gui
