#include "engine/future.hpp"

#include <algorithm>

#include "engine/loop.hpp"
#include "engine/recursion.hpp"
#include "engine/task.hpp"

namespace loopscope {

Future::Future(Loop& loop, FutureKind kind)
    : id_(loop.next_future_id()),
      loop_address_(reinterpret_cast<std::uintptr_t>(&loop)),
      kind_(static_cast<std::uint8_t>(kind)) {}
// A million sleeping tasks hold a million of these: keep the size in sight.
static_assert(sizeof(Future) == 64);
Future::~Future() = default;

Value Future::result() {
    if (state() == FutureState::Cancelled) raise(make_cancelled_error());
    if (state() != FutureState::Finished) raise(exc_types::InvalidStateError, "Result is not ready.");
    log_traceback_ = false;
    if (rare_ && rare_->exception) raise(rare_->exception);
    return result_;
}

Exc Future::exception() {
    if (state() == FutureState::Cancelled) raise(make_cancelled_error());
    if (state() != FutureState::Finished) raise(exc_types::InvalidStateError, "Exception is not set.");
    log_traceback_ = false;
    return peek_exception();
}

bool Future::cancel(Value msg) { return cancel_future(std::move(msg)); }

bool Future::cancel_future(Value msg) {
    log_traceback_ = false;
    if (state() != FutureState::Pending) return false;
    set_state(FutureState::Cancelled);
    set_cancel_message(std::move(msg));
    if (Observer* obs = loop().observer()) obs->future_done(*this);
    schedule_callbacks();
    return true;
}

void Future::set_result(Value value) {
    if (state() != FutureState::Pending) raise(exc_types::InvalidStateError, "invalid state");
    result_ = std::move(value);
    set_state(FutureState::Finished);
    if (Observer* obs = loop().observer()) obs->future_done(*this);
    schedule_callbacks();
}

void Future::set_exception(Exc exc) {
    if (state() != FutureState::Pending) raise(exc_types::InvalidStateError, "invalid state");
    rare().exception = std::move(exc);
    set_state(FutureState::Finished);
    if (Observer* obs = loop().observer()) obs->future_done(*this);
    schedule_callbacks();
    log_traceback_ = true;
    loop().note_exception_set(*this);
}

// Done-callbacks are scheduled, never called here: each becomes a call_soon
// with the future as its argument, in registration order. The callback's
// target (mostly the task awaiting this future) runs in the next pass; in a
// big run it is far from the cache, so the load starts now and overlaps the
// rest of this pass (about 10% of a million-task run).
void Future::schedule_callbacks() {
    if (callbacks_.empty()) return;
    CallbackList callbacks = std::move(callbacks_);
    Loop& loop = this->loop();
    callbacks.for_each([&](Callback& cb) {
        __builtin_prefetch(cb.self.get());
        loop.call_soon_unheld(std::move(cb), Value(Ref<Future>(this)));
    });
}

void Future::add_done_callback(Callback cb) {
    if (state() != FutureState::Pending) {
        loop().call_soon_unheld(std::move(cb), Value(Ref<Future>(this)));
    } else {
        callbacks_.push_back(std::move(cb));
    }
}

std::size_t Future::remove_done_callback(const Callback& cb) {
    return callbacks_.remove(cb);
}

Exc Future::make_cancelled_error() {
    if (rare_ && rare_->cancelled_exc) return std::exchange(rare_->cancelled_exc, {});
    const Value& message = cancel_message();
    if (message.is_none()) return make_exception(exc_types::CancelledError);
    return Exc(new ExceptionObject(exc_types::CancelledError, {message}));
}

const Value& Future::cancel_message() const noexcept {
    static const Value none;
    return rare_ ? rare_->cancel_message : none;
}

const Exc& Future::peek_exception() const noexcept {
    static const Exc none;
    return rare_ ? rare_->exception : none;
}

Future::Rare& Future::rare() {
    if (!rare_) rare_ = std::make_unique<Rare>();
    return *rare_;
}

static const char* state_name(FutureState s) {
    switch (s) {
        case FutureState::Pending: return "pending";
        case FutureState::Cancelled: return "cancelled";
        case FutureState::Finished: return "finished";
    }
    return "?";
}

std::string future_repr(const Future& fut) {
    // base_futures._future_repr is @reprlib.recursive_repr(): a future met
    // again inside its own repr (a result that holds it) is "...".
    recursion::ReprGuard guard(&fut);
    if (!guard.entered()) return "...";
    recursion::Scope level(" while getting the repr of an object");
    std::string out = "<";
    if (fut.kind() == FutureKind::Task) {
        const auto& task = static_cast<const Task&>(fut);
        out += "Task " + std::string(state_name(fut.state())) + " name=" + str_repr(task.name()) +
               " coro=<" + std::string(task.function_name()) + "()>";
    } else {
        out += fut.kind() == FutureKind::Gathering ? "_GatheringFuture " : "Future ";
        out += state_name(fut.state());
    }
    if (fut.state() == FutureState::Finished) {
        if (fut.peek_exception()) {
            out += " exception=" + repr(*fut.peek_exception());
        } else {
            out += " result=" + repr(fut.peek_result());
        }
    }
    return out + ">";
}

void set_result_unless_cancelled(Future& fut, const Value& result) {
    if (fut.cancelled()) return;
    fut.set_result(result);
}

}  // namespace loopscope
