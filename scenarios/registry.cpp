#include "scenarios/registry.hpp"

#include "scenarios/mains.hpp"

namespace loopscope {

namespace {

ParamSpec flag(std::string name, std::string help) {
    return ParamSpec{std::move(name), ParamSpec::Type::Bool, Value(false), std::move(help)};
}

ParamSpec count(std::string name, std::int64_t default_value, std::int64_t max, std::string help) {
    return ParamSpec{std::move(name), ParamSpec::Type::Int, Value(default_value), std::move(help), 0,
                     static_cast<double>(max)};
}

ParamSpec return_when(std::string default_value) {
    return ParamSpec{"return_when", ParamSpec::Type::ReturnWhen, Value(std::move(default_value)),
                     "when wait() returns: FIRST_COMPLETED, FIRST_EXCEPTION or ALL_COMPLETED"};
}

std::vector<Scenario> make_scenarios() {
    using namespace scenarios;
    std::vector<Scenario> all;
    all.push_back({"gather_groups",
                   "Three gathered groups (5, 3, 9 tasks) gathered again; main pprints the results.",
                   "gather_groups.py",
                   {flag("return_exceptions", "return_exceptions of the three groups"),
                    flag("outer_return_exceptions", "return_exceptions of the gather over the groups")},
                   {"group1", "group2", "group3", "all_groups"},
                   gather_groups::main});
    all.push_back({"wait_first",
                   "Ten tasks of uniform(0.5, 5) s: wait for the first, then up to a timeout, then the rest.",
                   "wait_first.py",
                   {return_when("FIRST_COMPLETED"),
                    ParamSpec{"timeout", ParamSpec::Type::OptionalFloat, Value(2),
                              "timeout of the second wait, in seconds (none: no timeout)", 0, 60}},
                   {},
                   wait_first::main});
    all.push_back({"flaky_gather",
                   "a_flaky_tsk(i) sleeps i s and odd ones raise ValueError; gathered.",
                   "flaky_gather.py",
                   {count("n", 10, 10000, "how many flaky tasks"),
                    flag("return_exceptions", "gather's return_exceptions: print each caught exception")},
                   {},
                   flaky_gather::main});
    all.push_back({"flaky_wait",
                   "The same flaky tasks, waited: crashes stay inside their tasks until awaited.",
                   "flaky_wait.py",
                   {count("n", 10, 10000, "how many flaky tasks"), return_when("ALL_COMPLETED"),
                    flag("catch", "await each done task and print what it raised")},
                   {},
                   flaky_wait::main});
    all.push_back({"cancel_wait_vs_gather",
                   "Cancelling a waiting wait() leaves the work alone; cancelling a gather() cancels it.",
                   "cancel_wait_vs_gather.py",
                   {},
                   {},
                   cancel_wait_vs_gather::main});
    all.push_back({"wait_any",
                   "The seed's wait_any helper: work done, connection lost, and the waiter cancelled.",
                   "wait_any.py",
                   {},
                   {},
                   wait_any::main});
    all.push_back({"scale",
                   "n tasks sleep uniform(1, 3) then uniform(0, 1) s and return their index; gathered or waited for.",
                   "scale.py",
                   {count("n", 100000, 10'000'000, "how many tasks"),
                    flag("wait", "make tasks and asyncio.wait for them, instead of gathering the coroutines")},
                   {},
                   scale::main});
    return all;
}

}  // namespace

const std::vector<Scenario>& builtin_scenarios() {
    static const std::vector<Scenario> all = make_scenarios();
    return all;
}

const Scenario* find_scenario(std::string_view name) {
    for (const Scenario& s : builtin_scenarios())
        if (s.name == name) return &s;
    return nullptr;
}

}  // namespace loopscope
