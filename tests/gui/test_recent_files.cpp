// File > Open Recent: order, duplicates, the cap, missing files, and the
// list surviving a save and load of the settings (gui/recent_files.*,
// gui/settings.*).
#include <doctest/doctest.h>

#include "gui/recent_files.hpp"
#include "gui/settings.hpp"
#include "temp_dir.hpp"

using namespace loopscope;
using namespace loopscope::gui;

TEST_CASE("the most recent file comes first and appears once") {
    std::vector<std::string> recent;
    remember_recent(recent, "/a.py");
    remember_recent(recent, "/b.py");
    remember_recent(recent, "/c.py");
    CHECK(recent == std::vector<std::string>{"/c.py", "/b.py", "/a.py"});
    remember_recent(recent, "/a.py");
    CHECK(recent == std::vector<std::string>{"/a.py", "/c.py", "/b.py"});
    remember_recent(recent, "");
    CHECK(recent.size() == 3);
}

TEST_CASE("the list keeps the ten most recent") {
    std::vector<std::string> recent;
    for (int i = 0; i < 14; ++i) remember_recent(recent, "/f" + std::to_string(i) + ".py");
    REQUIRE(recent.size() == kMaxRecent);
    CHECK(recent.front() == "/f13.py");
    CHECK(recent.back() == "/f4.py");
}

TEST_CASE("files that are gone are dropped") {
    test::TempDir dir;
    const std::string kept = dir.write("kept.py", "print(1)\n");
    std::vector<std::string> recent{(dir.path / "gone.py").string(), kept, dir.path.string()};
    drop_missing_recent(recent);
    CHECK(recent == std::vector<std::string>{kept});
}

TEST_CASE("recent files are saved with the settings, in order") {
    test::TempDir dir;
    Settings s;
    s.last_scenario = "/x/last file.py";
    s.recent_files = {"/x/b=c.py", "/x/a.py"};
    save_settings(dir.path.string(), s);
    const Settings back = load_settings(dir.path.string());
    CHECK(back.last_scenario == "/x/last file.py");
    CHECK(back.recent_files == s.recent_files);
}
