#include <unordered_set>

#include "engine/asyncio.hpp"

namespace loopscope::aio {

std::string_view to_string(ReturnWhen rw) noexcept {
    switch (rw) {
        case ReturnWhen::FirstCompleted: return "FIRST_COMPLETED";
        case ReturnWhen::FirstException: return "FIRST_EXCEPTION";
        case ReturnWhen::AllCompleted: return "ALL_COMPLETED";
    }
    return "?";
}

std::optional<ReturnWhen> parse_return_when(std::string_view text) noexcept {
    for (ReturnWhen rw : {ReturnWhen::FirstCompleted, ReturnWhen::FirstException, ReturnWhen::AllCompleted})
        if (to_string(rw) == text) return rw;
    return std::nullopt;
}

namespace {

// tasks._release_waiter(waiter), the timeout's callback, which also notes
// that the timeout released the waiter (wait() then timed out). A state of
// its own: the timer handle holds it, and it must not hold the handle back.
struct ReleaseWaiter : RefCounted {
    Ref<Future> waiter;
    bool released = false;
    void release_waiter(const Value&) {
        if (waiter->done()) return;
        released = true;
        waiter->set_result(Value{});
    }
};

// The state _wait's closure holds: the waiter, the timeout handle and the
// countdown of futures still to complete.
struct WaitState : RefCounted {
    Ref<Future> waiter;
    Ref<Handle> timeout_handle;
    std::size_t counter = 0;
    ReturnWhen return_when = ReturnWhen::AllCompleted;

    // _on_completion(f).
    void on_completion(const Value& arg) {
        Ref<Future> f = arg.as_future();
        --counter;
        if (counter == 0 || return_when == ReturnWhen::FirstCompleted ||
            (return_when == ReturnWhen::FirstException && !f->cancelled() && f->exception())) {
            if (timeout_handle) timeout_handle->cancel();
            if (!waiter->done()) waiter->set_result(Value{});
        }
    }
};

}  // namespace

// tasks.wait + tasks._wait.
Coro<WaitResult> wait(std::vector<Ref<Future>> fs_in, std::optional<double> timeout, ReturnWhen return_when) {
    if (fs_in.empty()) raise(exc_types::ValueError, "Set of Tasks/Futures is empty.");
    // fs = set(fs): duplicates count once. Order is kept (the scenarios sort
    // where Python's set order would show).
    std::vector<Ref<Future>> fs;
    std::unordered_set<const Future*> seen;
    for (Ref<Future>& f : fs_in)
        if (seen.insert(f.get()).second) fs.push_back(std::move(f));

    Loop& loop = get_running_loop();
    Ref<WaitState> state(new WaitState);
    state->waiter = loop.create_future();
    state->return_when = return_when;
    Ref<ReleaseWaiter> on_timeout;
    if (timeout) {
        on_timeout = Ref<ReleaseWaiter>(new ReleaseWaiter);
        on_timeout->waiter = state->waiter;
        state->timeout_handle = loop.call_later(*timeout, bind<&ReleaseWaiter::release_waiter, CallbackKind::ReleaseWaiter>(on_timeout.get()),
                                                  Value(Ref<Future>(state->waiter)));  // _release_waiter(waiter)
    }
    state->counter = fs.size();
    const Callback on_completion = bind<&WaitState::on_completion, CallbackKind::WaitOnCompletion>(state.get());
    for (const Ref<Future>& f : fs) f->add_done_callback(on_completion);

    if (Observer* obs = loop.observer()) {
        std::vector<const Future*> kids;
        for (const Ref<Future>& f : fs) kids.push_back(f.get());
        GroupInfo info;
        info.kind = GroupInfo::Kind::Wait;
        info.return_when = to_string(return_when);
        info.timeout = timeout ? *timeout : -1;
        obs->group_created(*state->waiter, kids, info);
    }

    auto cleanup = [&] {
        if (state->timeout_handle) state->timeout_handle->cancel();
        for (const Ref<Future>& f : fs) f->remove_done_callback(on_completion);
    };
    try {
        co_await state->waiter;
    } catch (...) {
        cleanup();
        if (Observer* obs = loop.observer()) obs->group_finished(*state->waiter, GroupEnd::NeverReturned, {}, {});
        throw;
    }
    cleanup();

    WaitResult result;
    for (Ref<Future>& f : fs) (f->done() ? result.done : result.pending).push_back(std::move(f));
    if (Observer* obs = loop.observer()) {
        std::vector<const Future*> done, pending;
        for (const Ref<Future>& f : result.done) done.push_back(f.get());
        for (const Ref<Future>& f : result.pending) pending.push_back(f.get());
        obs->group_finished(*state->waiter, on_timeout && on_timeout->released ? GroupEnd::TimedOut : GroupEnd::Returned, done, pending);
    }
    co_return result;
}

}  // namespace loopscope::aio

namespace loopscope::aio {

Value to_value(WaitResult r) {
    std::vector<Value> done(r.done.begin(), r.done.end());
    std::vector<Value> pending(r.pending.begin(), r.pending.end());
    return Value::tuple({Value::set(std::move(done)), Value::set(std::move(pending))});
}

}  // namespace loopscope::aio
