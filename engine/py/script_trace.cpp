#include "engine/py/script_trace.hpp"

#include "engine/asyncio.hpp"
#include "engine/py/interp.hpp"

namespace loopscope::py {

ScriptTrace::~ScriptTrace() {
    for (Loop* loop : loops_) loop->set_observer(nullptr);
}

void ScriptTrace::attach(Loop& loop) {
    recorders_.push_back(std::make_unique<TraceRecorder>(loop, trace_));
    loops_.push_back(&loop);
    loop.set_observer(recorders_.back().get());
    // Nothing ran before the first loop: what it printed happened at time 0.
    for (const std::string& line : early_) recorders_.back()->printed(line);
    early_.clear();
}

void ScriptTrace::printed(const Interp& in, const std::string& line) {
    Loop* loop = aio::running_loop_or_null();
    if (loop == nullptr && !in.loops.empty()) loop = in.loops.back().get();
    if (loop == nullptr || loop->observer() == nullptr) {
        early_.push_back(line);
        return;
    }
    loop->observer()->printed(line);
}

}  // namespace loopscope::py
