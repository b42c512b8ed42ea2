#include "engine/asyncio.hpp"

namespace loopscope::aio {

Coro<Value> await_body(std::unique_ptr<CoroutineBody> body) {
    Exc thrown;
    for (;;) {
        StepOutcome out = thrown ? body->throw_in(std::exchange(thrown, {})) : body->send();
        switch (out.kind) {
            case StepOutcome::Kind::Returned: co_return std::move(out.value);
            case StepOutcome::Kind::Raised: raise(std::move(out.error));
            case StepOutcome::Kind::Yielded:
                try {
                    co_await bare_yield();
                } catch (PyError& e) {
                    thrown = std::move(e.exc);
                }
                break;
            case StepOutcome::Kind::Awaiting:
                try {
                    co_await out.awaited;
                } catch (PyError& e) {
                    thrown = std::move(e.exc);
                }
                break;
        }
    }
}

}  // namespace loopscope::aio
