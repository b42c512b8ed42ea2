#include <algorithm>
#include <deque>

#include "engine/asyncio.hpp"

namespace loopscope::aio {

namespace {

// The asyncio.Queue as_completed uses (3.12): get() parks a getter future
// while the queue is empty; put_nowait wakes the first getter not done.
struct CompletionQueue : RefCounted {
    std::deque<Ref<Future>> items;  // a done future, or null for "timed out"
    std::deque<Ref<Future>> getters;

    void wakeup_next() {
        while (!getters.empty()) {
            Ref<Future> waiter = std::move(getters.front());
            getters.pop_front();
            if (!waiter->done()) {
                waiter->set_result(Value{});
                break;
            }
        }
    }
    void put_nowait(Ref<Future> f) {
        items.push_back(std::move(f));
        wakeup_next();
    }
};

Coro<Ref<Future>> queue_get(Ref<CompletionQueue> q) {
    while (q->items.empty()) {
        Ref<Future> getter = get_running_loop().create_future();
        q->getters.push_back(getter);
        try {
            co_await getter;
        } catch (...) {
            getter->cancel();
            std::erase(q->getters, getter);
            if (!q->items.empty() && !getter->cancelled()) q->wakeup_next();
            throw;
        }
    }
    Ref<Future> f = std::move(q->items.front());
    q->items.pop_front();
    co_return f;
}

struct AsCompletedState : RefCounted {
    Ref<CompletionQueue> done{new CompletionQueue};
    std::vector<Ref<Future>> todo;
    Ref<Handle> timeout_handle;
    Ref<Future> call;  // the trace's row for the call, when observed (CPython has no object for it)

    void on_timeout(const Value&) {
        for (const Ref<Future>& f : todo) {
            f->remove_done_callback(bind<&AsCompletedState::on_completion, CallbackKind::AsCompletedOnCompletion>(this));
            done->put_nowait(nullptr);  // a dummy value for wait_for_one
        }
        todo.clear();
        finished(GroupEnd::TimedOut);
    }
    void on_completion(const Value& arg) {
        if (todo.empty()) return;  // on_timeout was here first
        Ref<Future> f = arg.as_future();
        std::erase(todo, f);
        done->put_nowait(f);
        if (todo.empty() && timeout_handle) timeout_handle->cancel();
        if (todo.empty()) finished(GroupEnd::Returned);
    }
    void finished(GroupEnd how) {
        if (!call) return;
        if (Observer* obs = call->loop().observer()) obs->group_finished(*call, how, {}, {});
        call = nullptr;
    }
};

Coro<Value> wait_for_one(Ref<AsCompletedState> state) {
    Ref<Future> f = co_await queue_get(state->done);
    if (!f) raise(exc_types::TimeoutError);
    co_return f->result();
}

}  // namespace

// tasks.as_completed (3.12): coroutines that each give the next result to
// complete. Coroutine arguments become tasks in argument order (CPython uses
// a set, so pass tasks where creation order matters).
std::vector<Coro<Value>> as_completed(std::vector<Awaitable> fs, std::optional<double> timeout) {
    Loop& loop = get_running_loop();
    Ref<AsCompletedState> state(new AsCompletedState);
    for (Awaitable& aw : fs) {
        Ref<Future> f = aw.ensure_future();
        if (std::find(state->todo.begin(), state->todo.end(), f) == state->todo.end()) state->todo.push_back(f);
    }
    for (const Ref<Future>& f : state->todo) f->add_done_callback(bind<&AsCompletedState::on_completion, CallbackKind::AsCompletedOnCompletion>(state.get()));
    if (Observer* obs = loop.observer(); obs != nullptr && !state->todo.empty()) {
        state->call = loop.create_future();
        std::vector<const Future*> children;
        for (const Ref<Future>& f : state->todo) children.push_back(f.get());
        GroupInfo info;
        info.kind = GroupInfo::Kind::AsCompleted;
        info.timeout = timeout ? *timeout : -1;
        obs->group_created(*state->call, children, info);
    }
    if (!state->todo.empty() && timeout)
        state->timeout_handle = loop.call_later(*timeout, bind<&AsCompletedState::on_timeout, CallbackKind::AsCompletedOnTimeout>(state.get()));
    std::vector<Coro<Value>> out;
    for (std::size_t i = 0; i < state->todo.size(); ++i) out.push_back(wait_for_one(state));
    return out;
}

}  // namespace loopscope::aio
