#include "engine/asyncio.hpp"

namespace loopscope::aio {

namespace {

// The two closures of tasks.shield, sharing inner and outer.
struct ShieldState : RefCounted {
    Ref<Future> inner;
    Ref<Future> outer;

    void inner_done(const Value&) {
        if (outer->cancelled()) {
            if (!inner->cancelled()) inner->exception();  // mark inner's result as retrieved
            return;
        }
        if (inner->cancelled()) {
            outer->cancel();
        } else if (Exc exc = inner->exception()) {
            outer->set_exception(std::move(exc));
        } else {
            outer->set_result(inner->result());
        }
    }
    void outer_done(const Value&) {
        if (!inner->done()) inner->remove_done_callback(bind<&ShieldState::inner_done, CallbackKind::ShieldInnerDone>(this));
    }
};

}  // namespace

Ref<Future> shield(Awaitable aw) {
    Ref<Future> inner = aw.ensure_future();
    if (inner->done()) return inner;
    Ref<ShieldState> state(new ShieldState);
    state->inner = inner;
    state->outer = Ref<Future>(new Future(inner->loop(), FutureKind::Shield));
    inner->add_done_callback(bind<&ShieldState::inner_done, CallbackKind::ShieldInnerDone>(state.get()));
    state->outer->add_done_callback(bind<&ShieldState::outer_done, CallbackKind::ShieldOuterDone>(state.get()));
    return state->outer;
}

}  // namespace loopscope::aio
