// engine/ref and engine/teardown: freeing an object or a coroutine frame
// frees what it holds, iteratively past a fixed depth, so data nested a
// million deep and long chains of frames never overflow the C++ stack.
#include <doctest/doctest.h>

#include "engine/coro.hpp"
#include "engine/value.hpp"

using namespace loopscope;

TEST_CASE("freeing a list nested a million deep keeps the C++ stack flat") {
    Value x = Value::list({});
    for (int i = 0; i < 1'000'000; ++i) x = Value::list({x});  // x = [x]
    CHECK(x.items().size() == 1);
    x = Value{};  // frees the whole nest: a crash here is the failure
    CHECK(x.is_none());
}

TEST_CASE("a freed nest frees everything it held, in any shape") {
    // A wide and deep tree: every list still gets freed (ASan's leak check
    // and the count below would tell otherwise).
    struct Probe : OpaqueObject {
        int* live;
        explicit Probe(int* l) : live(l) { ++*live; }
        ~Probe() override { --*live; }
        std::string repr() const override { return "probe"; }
    };
    int live = 0;
    {
        Value x = Value::list({});
        for (int i = 0; i < 200'000; ++i)
            x = Value::list({x, Value(Ref<OpaqueObject>(new Probe(&live))), Value::tuple({Value(Ref<OpaqueObject>(new Probe(&live)))})});
        CHECK(live == 400'000);
    }
    CHECK(live == 0);
}

namespace {
// A frame that owns the next one (its parameter): destroying the first
// destroys them all, one nested destroy per frame if nothing flattens it.
// Never started, so building the chain does not recurse.
Coro<Value> owner_of([[maybe_unused]] Coro<Value> next) { co_return Value{}; }
}  // namespace

TEST_CASE("freeing a chain of 200,000 coroutine frames keeps the C++ stack flat") {
    Coro<Value> chain = owner_of(Coro<Value>());
    for (int i = 0; i < 200'000; ++i) chain = owner_of(std::move(chain));
    CHECK(static_cast<bool>(chain));
    chain = Coro<Value>();  // frees every frame: a crash here is the failure
    CHECK(!chain);
}
