// File > Open's listing (gui/file_browser.*): folders first, then .py
// files, by name; no hidden entries, no other files; what a typed path is.
#include <doctest/doctest.h>

#include <filesystem>

#include "gui/file_browser.hpp"
#include "temp_dir.hpp"

using namespace loopscope;
using namespace loopscope::gui;

TEST_CASE("a folder lists its sub-folders, then its .py files, each sorted") {
    test::TempDir dir;
    (void)dir.write("zeta.py", "");
    (void)dir.write("alpha.py", "");
    (void)dir.write("notes.txt", "");
    (void)dir.write(".hidden.py", "");
    (void)dir.write("pkg/inner.py", "");
    (void)dir.write("b_folder/x.txt", "");
    std::filesystem::create_directories(dir.path / ".git");
    const FolderListing l = list_folder(dir.path.string());
    CHECK(l.error.empty());
    REQUIRE(l.entries.size() == 4);
    CHECK((l.entries[0].name == "b_folder" && l.entries[0].is_dir));
    CHECK((l.entries[1].name == "pkg" && l.entries[1].is_dir));
    CHECK((l.entries[2].name == "alpha.py" && !l.entries[2].is_dir));
    CHECK((l.entries[3].name == "zeta.py" && !l.entries[3].is_dir));
}

TEST_CASE("a folder that cannot be listed says so") {
    test::TempDir dir;
    const FolderListing l = list_folder((dir.path / "missing").string());
    CHECK(l.entries.empty());
    CHECK(l.error.find("cannot list") == 0);
}

TEST_CASE("a typed path is a folder, a .py file, another file, or nothing") {
    test::TempDir dir;
    CHECK(classify_path(dir.write("a.py", "")) == PathKind::PyFile);
    CHECK(classify_path(dir.write("a.txt", "")) == PathKind::OtherFile);
    CHECK(classify_path(dir.path.string()) == PathKind::Folder);
    CHECK(classify_path((dir.path / "b.py").string()) == PathKind::Missing);
}

TEST_CASE("paths are made absolute and normal") {
    test::TempDir dir;
    const std::string base = dir.path.string();
    CHECK(normal_path(base + "/x/../a.py") == base + "/a.py");
    CHECK(normal_path(base + "/") == base);
    CHECK(normal_path("/") == "/");
    CHECK(normal_path("rel.py") == (std::filesystem::current_path() / "rel.py").string());
}
