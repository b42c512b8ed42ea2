// Noticing that the open file changed on disk (gui/file_watch.*): a change
// of content (size or mtime) is seen once, looks happen at most twice a
// second, and a deleted file counts as a change.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>

#include "gui/file_watch.hpp"
#include "temp_dir.hpp"

using namespace loopscope;
using namespace loopscope::gui;

namespace {
// Sets the mtime explicitly: two writes within the file system's timestamp
// resolution would otherwise look the same when the size does too.
void touch_later(const std::string& path, int seconds) {
    const auto t = std::filesystem::last_write_time(path);
    std::filesystem::last_write_time(path, t + std::chrono::seconds(seconds));
}
}  // namespace

TEST_CASE("a stamp tells a file's size and time, and whether it exists") {
    test::TempDir dir;
    CHECK_FALSE(stamp_of((dir.path / "none.py").string()).exists);
    CHECK_FALSE(stamp_of(dir.path.string()).exists);  // a folder is no file to run
    const std::string p = dir.write("a.py", "x = 1\n");
    const FileStamp s = stamp_of(p);
    CHECK(s.exists);
    CHECK(s.size == 6);
    CHECK(stamp_of(p) == s);
}

TEST_CASE("the watcher reports a change once, and looks at most every half second") {
    test::TempDir dir;
    const std::string p = dir.write("a.py", "x = 1\n");
    FileWatcher w;
    w.watch(p, stamp_of(p));
    CHECK_FALSE(w.poll(100.0));  // unchanged
    REQUIRE(dir.write("a.py", "x = 22\n") == p);  // rewritten in place
    CHECK_FALSE(w.poll(100.2));  // too soon to look again
    CHECK(w.poll(100.6));
    CHECK_FALSE(w.poll(101.2));  // the same change is not reported twice

    touch_later(p, 5);  // same size, newer time
    CHECK(w.poll(101.8));
}

TEST_CASE("a deleted file is a change, and so is its return") {
    test::TempDir dir;
    const std::string p = dir.write("a.py", "x = 1\n");
    FileWatcher w;
    w.watch(p, stamp_of(p));
    std::filesystem::remove(p);
    CHECK(w.poll(1.0));
    CHECK_FALSE(w.poll(2.0));
    REQUIRE(dir.write("a.py", "x = 1\n") == p);
    CHECK(w.poll(3.0));
}

TEST_CASE("a stopped watcher reports nothing") {
    test::TempDir dir;
    const std::string p = dir.write("a.py", "x = 1\n");
    FileWatcher w;
    w.watch(p, stamp_of(p));
    w.stop();
    REQUIRE(dir.write("a.py", "x = 12345\n") == p);
    CHECK_FALSE(w.watching());
    CHECK_FALSE(w.poll(10.0));
}
