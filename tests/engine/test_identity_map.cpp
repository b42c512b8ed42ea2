// IdentityMap: gather's "each argument once" map by object identity.
#include <doctest/doctest.h>

#include <memory>
#include <vector>

#include "engine/identity_map.hpp"

using loopscope::IdentityMap;

TEST_CASE("IdentityMap finds what was inserted, by address, and nothing else") {
    std::vector<std::unique_ptr<int>> objects;
    for (int i = 0; i < 1000; ++i) objects.push_back(std::make_unique<int>(i));
    IdentityMap<int> map(10);  // sized for 10: grows several times on the way
    for (int i = 0; i < 1000; i += 2) map.insert(objects[i].get(), i * 3);
    for (int i = 0; i < 1000; ++i) {
        const int* found = map.find(objects[i].get());
        if (i % 2 == 0) {
            REQUIRE(found != nullptr);
            CHECK(*found == i * 3);
        } else {
            CHECK(found == nullptr);
        }
    }
    int same_value = 7;  // equal contents, other address: not found
    CHECK(map.find(&same_value) == nullptr);
}

TEST_CASE("IdentityMap values can be updated through find") {
    int a = 0, b = 0;
    IdentityMap<int> map(2);
    map.insert(&a, 1);
    map.insert(&b, 2);
    *map.find(&a) += 10;
    CHECK(*map.find(&a) == 11);
    CHECK(*map.find(&b) == 2);
}
