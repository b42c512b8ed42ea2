#include "tests/engine/engine_fixture.hpp"

#include <cstdio>

namespace loopscope::test {

void Log::operator()(const std::vector<Value>& args) {
    char stamp[32];
    std::snprintf(stamp, sizeof stamp, "%.6f ", loop_.time());
    lines.push_back(stamp + print_line(args));
}

std::string Log::text() const {
    std::string out;
    for (const std::string& l : lines) out += l + '\n';
    return out;
}

void EngineRun::run(Coro<Value> main) {
    Ref<Task> task = loop.create_task(make_body(std::move(main)));
    try {
        loop.run_until_complete(task);
    } catch (PyError& e) {
        log({"raised", repr(*e.exc)});
    }
}

std::string run_on_cpython(const std::string& program) {
    const std::string prelude = R"PY(
import asyncio, sys
sys.path.insert(0, ")PY" LOOPSCOPE_SOURCE_DIR R"PY(/tests/conformance")
from vloop import VirtualLoop
_loop = VirtualLoop()
asyncio.set_event_loop(_loop)
_lines = []
def log(*args):
    _lines.append("%.6f " % _loop.time() + " ".join(str(a) for a in args))
)PY";
    const std::string epilogue = R"PY(
try:
    _loop.run_until_complete(main())
except BaseException as e:
    log("raised", repr(e))
print("".join(l + "\n" for l in _lines), end="")
)PY";
    return run_cpython(prelude + program + epilogue);
}

}  // namespace loopscope::test
