// engine/timer_heap: equal deadlines come out in heapq's order, not FIFO.
#include <doctest/doctest.h>

#include <string>

#include "engine/timer_heap.hpp"
#include "tests/engine/engine_fixture.hpp"

using namespace loopscope;
using loopscope::test::EngineRun;

namespace {

Coro<Value> sleeper(EngineRun& r, int index) {
    co_await aio::sleep(1);
    r.log({index});
    co_return Value{};
}

Coro<Value> seven_sleepers(EngineRun& r) {
    std::vector<Ref<Future>> tasks;
    for (int i = 0; i < 7; ++i) tasks.push_back(aio::create_task(sleeper(r, i)));
    co_await aio::gather(tasks);
    co_return Value{};
}

void noop(RefCounted&, const Value&) {}

}  // namespace

TEST_CASE("seven tasks that sleep(1) wake in heapq's order 0, 2, 5, 6, 4, 1, 3") {
    EngineRun r;
    r.run(seven_sleepers(r));
    std::string order;
    for (const std::string& line : r.log.lines) order += line.substr(line.size() - 1);
    CHECK(order == "0256413");
    CHECK(r.log.text() == test::run_on_cpython(R"PY(
async def sleeper(i):
    await asyncio.sleep(1)
    log(i)
async def main():
    await asyncio.gather(*[sleeper(i) for i in range(7)])
)PY"));
}

TEST_CASE("TimerHeap pops exactly as heapq over a long run of ties, pushes and pops") {
    // A deterministic mix: deadlines from a tiny set (many ties), a pop after
    // every third push. The Python side replays the same operations on heapq
    // with objects compared by `when` only, as TimerHandle is.
    Loop loop;
    TimerHeap heap;
    std::vector<Ref<Handle>> made;
    std::string ops_py = "ops = [";
    std::string ids;
    auto record_pop = [&] {
        const Scheduled popped = heap.pop();
        for (std::size_t k = 0; k < made.size(); ++k)
            if (made[k].get() == popped.handle()) ids += std::to_string(k) + " ";
    };
    std::uint32_t x = 12345;
    for (int i = 0; i < 600; ++i) {
        x = x * 1103515245u + 12345u;
        const int when = static_cast<int>((x >> 16) % 4);
        made.emplace_back(new Handle(loop, Callback{&noop, nullptr}, Value{}, when, true));
        heap.push(made.back());
        ops_py += "(" + std::to_string(i) + "," + std::to_string(when) + "),";
        if (i % 3 == 2) {
            record_pop();
            ops_py += "None,";
        }
    }
    while (!heap.empty()) record_pop();
    ops_py += "]";
    const std::string expected = test::run_cpython(ops_py + R"PY(
import heapq
class H:
    def __init__(self, i, when): self.i, self.when = i, when
    def __lt__(self, other): return self.when < other.when
heap, out = [], []
for op in ops:
    if op is None:
        out.append(heapq.heappop(heap).i)
    else:
        heapq.heappush(heap, H(*op))
while heap:
    out.append(heapq.heappop(heap).i)
print(" ".join(map(str, out)) + " ", end="")
)PY");
    CHECK(ids == expected);
}

TEST_CASE("heapify orders a rebuilt heap as heapq.heapify does") {
    Loop loop;
    TimerHeap heap;
    std::vector<Ref<Handle>> made;
    std::string whens;
    for (int i = 0; i < 40; ++i) {
        const double when = static_cast<double>((i * 7) % 5);
        made.emplace_back(new Handle(loop, Callback{&noop, nullptr}, Value{}, when, true));
        heap.append_unordered(made.back());
        whens += std::to_string(static_cast<int>(when)) + ",";
    }
    heap.heapify();
    std::string ids;
    while (!heap.empty()) {
        const Scheduled popped = heap.pop();
        for (std::size_t k = 0; k < made.size(); ++k)
            if (made[k].get() == popped.handle()) ids += std::to_string(k) + " ";
    }
    const std::string expected = test::run_cpython("whens = [" + whens + R"PY(]
import heapq
class H:
    def __init__(self, i, when): self.i, self.when = i, when
    def __lt__(self, other): return self.when < other.when
heap = [H(i, w) for i, w in enumerate(whens)]
heapq.heapify(heap)
out = []
while heap:
    out.append(heapq.heappop(heap).i)
print(" ".join(map(str, out)) + " ", end="")
)PY");
    CHECK(ids == expected);
}
