// Hand-made traces for the GUI's headless tests: what the recorder would
// write, without running the engine.
#pragma once

#include <string>
#include <vector>

#include "engine/trace.hpp"

namespace loopscope::gui::test {

struct TraceBuilder {
    Trace t;

    TraceBuilder() { t.futures.emplace_back(); }  // id 0 is never a future

    std::uint32_t str(const std::string& s) {
        t.strings.push_back(s);
        return static_cast<std::uint32_t>(t.strings.size() - 1);
    }
    std::uint32_t future(FutureKind kind, const std::string& name, const std::string& function = {}) {
        TraceFuture f;
        const auto id = static_cast<std::uint32_t>(t.futures.size());
        f.kind = kind;
        f.name = str(name);
        if (!function.empty()) f.function = str(function);
        t.futures.push_back(f);
        return id;
    }
    std::uint32_t task(const std::string& name, const std::string& function = "coro") {
        return future(FutureKind::Task, name, function);
    }
    std::uint32_t gather(std::vector<std::uint32_t> children, const std::string& label = {}, std::uint32_t owner = 0) {
        const std::uint32_t id = future(FutureKind::Gathering, "gather");
        TraceGroup g;
        g.group = id;
        g.owner = owner;
        g.children = std::move(children);
        if (!label.empty()) g.label = str(label);
        t.groups.push_back(g);
        return id;
    }
    std::uint32_t ev(double time, EventKind kind, std::uint32_t subject, std::uint32_t other = 0,
                     std::uint32_t text = kNoString, std::uint8_t flag = 0) {
        t.events.push_back(TraceEvent{time, kind, flag, subject, other, text});
        return static_cast<std::uint32_t>(t.events.size() - 1);
    }
    // A CancelRequested with its cause, as the recorder writes it.
    std::uint32_t cancel(double time, std::uint32_t target, CancelCause::Kind cause, std::uint32_t source = 0,
                         std::uint32_t requester = 0) {
        TraceCancel c;
        c.cause = cause;
        c.source = source;
        c.requester = requester;
        t.cancels.push_back(c);
        return ev(time, EventKind::CancelRequested, target, static_cast<std::uint32_t>(t.cancels.size() - 1));
    }
    std::uint32_t done(double time, std::uint32_t subject, FutureState state, const std::string& text = {}, bool crashed = false) {
        return ev(time, EventKind::FutureDone, subject, 0, text.empty() ? kNoString : str(text),
                  crashed ? std::uint8_t{3} : static_cast<std::uint8_t>(state));
    }
};

// main (Task-1) gathers outer = gather(a, b); a = gather(Task-2, Task-3),
// b = gather(Task-5, Task-6): the shape of gather_groups, smaller.
struct NestedGroups {
    TraceBuilder b;
    std::uint32_t main = 0, t2 = 0, t3 = 0, a = 0, t5 = 0, t6 = 0, g_b = 0, outer = 0;

    NestedGroups() {
        main = b.task("Task-1", "main");
        t2 = b.task("Task-2");
        t3 = b.task("Task-3");
        a = b.gather({t2, t3}, "group1", main);
        t5 = b.task("Task-5");
        t6 = b.task("Task-6");
        g_b = b.gather({t5, t6}, "group2", main);
        outer = b.gather({a, g_b}, "all_groups", main);
    }
};

}  // namespace loopscope::gui::test
