// engine/future: the PENDING -> CANCELLED | FINISHED state machine.
#include <doctest/doctest.h>

#include <functional>
#include <string>
#include <vector>

#include "tests/engine/engine_fixture.hpp"

using namespace loopscope;

namespace {

struct Counter : RefCounted {
    int calls = 0;
    void hit(const Value&) { ++calls; }
};

// Appends its name to a shared log when called.
struct Named : RefCounted {
    Named(std::string n, std::vector<std::string>& l) : name(std::move(n)), log(&l) {}
    std::string name;
    std::vector<std::string>* log;
    void hit(const Value&) { log->push_back(name); }
};

std::string raised_repr(const std::function<void()>& f) {
    try {
        f();
    } catch (PyError& e) {
        return repr(*e.exc);
    }
    return "nothing raised";
}

}  // namespace

TEST_CASE("a pending future refuses result() and exception()") {
    Loop loop;
    Ref<Future> f = loop.create_future();
    CHECK_FALSE(f->done());
    CHECK(raised_repr([&] { f->result(); }) == "InvalidStateError('Result is not ready.')");
    CHECK(raised_repr([&] { f->exception(); }) == "InvalidStateError('Exception is not set.')");
}

TEST_CASE("set_result finishes the future once; a second set raises InvalidStateError") {
    Loop loop;
    Ref<Future> f = loop.create_future();
    f->set_result(Value(42));
    CHECK(f->done());
    CHECK_FALSE(f->cancelled());
    CHECK(f->result() == Value(42));
    CHECK(raised_repr([&] { f->set_result(Value(1)); }).starts_with("InvalidStateError("));
    CHECK(raised_repr([&] { f->set_exception(make_exception(exc_types::ValueError)); }).starts_with("InvalidStateError("));
    CHECK_FALSE(f->cancel());
}

TEST_CASE("done-callbacks are scheduled with call_soon, never called inline") {
    Loop loop;
    Ref<Future> f = loop.create_future();
    Ref<Counter> c(new Counter);
    f->add_done_callback(bind<&Counter::hit>(c.get()));
    f->set_result(Value{});
    CHECK(c->calls == 0);
    loop.run_once();
    CHECK(c->calls == 1);
    // Added after completion: still scheduled, not called.
    f->add_done_callback(bind<&Counter::hit>(c.get()));
    CHECK(c->calls == 1);
    loop.run_once();
    CHECK(c->calls == 2);
}

TEST_CASE("remove_done_callback removes every registration of that bound method") {
    Loop loop;
    Ref<Future> f = loop.create_future();
    Ref<Counter> a(new Counter), b(new Counter);
    f->add_done_callback(bind<&Counter::hit>(a.get()));
    f->add_done_callback(bind<&Counter::hit>(b.get()));
    f->add_done_callback(bind<&Counter::hit>(a.get()));
    CHECK(f->remove_done_callback(bind<&Counter::hit>(a.get())) == 2);
    f->set_result(Value{});
    loop.run_once();
    CHECK(a->calls == 0);
    CHECK(b->calls == 1);
}

TEST_CASE("done-callbacks run in registration order, however many there are") {
    // The first callback lives inline and the rest move to a list when a
    // second one comes: the order must survive that, and a removal.
    Loop loop;
    std::vector<std::string> log;
    Ref<Future> f = loop.create_future();
    std::vector<Ref<Named>> callbacks;
    for (const char* name : {"a", "b", "c", "d"}) {
        callbacks.emplace_back(new Named(name, log));
        f->add_done_callback(bind<&Named::hit>(callbacks.back().get()));
    }
    CHECK(f->remove_done_callback(bind<&Named::hit>(callbacks[1].get())) == 1);
    f->set_result(Value{});
    loop.run_once();
    CHECK(log == std::vector<std::string>{"a", "c", "d"});

    // Down to one again, then a second: still in order.
    log.clear();
    Ref<Future> g = loop.create_future();
    g->add_done_callback(bind<&Named::hit>(callbacks[0].get()));
    g->add_done_callback(bind<&Named::hit>(callbacks[2].get()));
    CHECK(g->remove_done_callback(bind<&Named::hit>(callbacks[0].get())) == 1);
    g->add_done_callback(bind<&Named::hit>(callbacks[3].get()));
    g->set_result(Value{});
    loop.run_once();
    CHECK(log == std::vector<std::string>{"c", "d"});
}

TEST_CASE("an exception is logged unless retrieved by result() or exception()") {
    Loop loop;
    Ref<Future> f = loop.create_future();
    f->set_exception(make_exception(exc_types::ValueError, "boom"));
    CHECK(f->log_traceback());
    CHECK(repr(*f->exception()) == "ValueError('boom')");
    CHECK_FALSE(f->log_traceback());

    Ref<Future> g = loop.create_future();
    g->set_exception(make_exception(exc_types::ValueError));
    CHECK(raised_repr([&] { g->result(); }) == "ValueError()");
    CHECK_FALSE(g->log_traceback());
}

TEST_CASE("cancel(msg) ends pending futures only, and result() raises CancelledError(msg)") {
    Loop loop;
    Ref<Future> f = loop.create_future();
    CHECK(f->cancel(Value("stop")));
    CHECK(f->cancelled());
    CHECK(f->done());
    CHECK_FALSE(f->cancel());
    CHECK(raised_repr([&] { f->result(); }) == "CancelledError('stop')");
    CHECK(raised_repr([&] { f->exception(); }) == "CancelledError('stop')");
    Ref<Future> g = loop.create_future();
    g->cancel();
    CHECK(raised_repr([&] { g->result(); }) == "CancelledError()");
}
