#include "engine/task.hpp"

#include "engine/loop.hpp"

namespace loopscope {

// A million sleeping tasks hold a million of these (engine/future.hpp).
static_assert(sizeof(Task) == 96);

Task::Task(Loop& loop, std::unique_ptr<CoroutineBody> body, std::uint64_t number)
    : Future(loop, FutureKind::Task),
      body_(std::move(body)),
      function_name_(body_->function_name().data()),
      number_(static_cast<std::uint32_t>(number)) {
    loop.call_soon_unheld(bind<&Task::step, CallbackKind::TaskStep>(this));
}

Task::~Task() = default;

std::string Task::name() const { return named_ ? loop().task_name(id()) : "Task-" + std::to_string(number_); }

void Task::set_name(std::string name) {
    loop().set_task_name(id(), std::move(name));
    named_ = true;
    if (Observer* obs = loop().observer()) obs->task_renamed(*this);
}

// Task.cancel(msg): a request. If the task is blocked on a future, cancelling
// that future wakes the task with CancelledError; otherwise the next step
// throws it in (_must_cancel).
bool Task::cancel(Value msg) {
    clear_log_traceback();
    if (done()) return false;
    ++num_cancels_requested_;
    if (Observer* obs = loop().observer()) obs->cancel_requested(*this, loop().current_task(), msg);
    if (fut_waiter_) {
        const CancelCauseScope passed_on(loop(), {CancelCause::Kind::Awaiter, id(), {}});
        if (fut_waiter_->cancel(msg)) return true;
    }
    must_cancel_ = true;
    // Future._cancel_message, read by _make_cancelled_error at the next step.
    set_cancel_message(std::move(msg));
    return true;
}

int Task::uncancel() noexcept {
    if (num_cancels_requested_ > 0) --num_cancels_requested_;
    return num_cancels_requested_;
}

void Task::abandon() noexcept {
    body_.reset();
    fut_waiter_ = nullptr;
    drop_callbacks();  // e.g. a gather's callback, which holds the gather
}

int Task::current_line() const noexcept { return body_ ? body_->current_line() : 0; }

// Task.__step(exc).
void Task::step(const Value& thrown_value) {
    if (done()) raise(exc_types::InvalidStateError, "_step(): already done");
    Exc thrown = thrown_value.kind() == Value::Kind::Exception ? thrown_value.as_exception() : Exc{};
    if (must_cancel_) {
        if (!thrown || !thrown->is(exc_types::CancelledError)) thrown = make_cancelled_error();
        must_cancel_ = false;
    }
    fut_waiter_ = nullptr;
    loop().enter_task(*this);
    try {
        step_run_and_handle_result(std::move(thrown));
    } catch (...) {
        loop().leave_task(*this);  // __step's finally: a SystemExit leaves the loop
        throw;
    }
    loop().leave_task(*this);
}

// Task.__step_run_and_handle_result(exc): send or throw, then react to what
// the coroutine answered.
void Task::step_run_and_handle_result(Exc thrown) {
    Loop& lp = loop();
    lp.count_task_step();
    Observer* obs = lp.observer();
    started_ = true;
    if (obs) obs->step_begin(*this, thrown);
    StepOutcome out = thrown ? body_->throw_in(thrown) : body_->send();
    Ref<Task> self(this);  // completing may drop the last other reference
    switch (out.kind) {
        case StepOutcome::Kind::Returned:
            if (obs) obs->step_end(*this, nullptr, false);
            body_.reset();
            if (must_cancel_) {
                // cancel() arrived while the last step ran: the result is
                // dropped and the task ends cancelled.
                must_cancel_ = false;
                cancel_future(cancel_message());
            } else {
                set_result(std::move(out.value));
            }
            lp.task_done();
            break;
        case StepOutcome::Kind::Raised:
            if (obs) obs->step_end(*this, nullptr, false);
            body_.reset();
            if (out.error->is(exc_types::CancelledError)) {
                set_cancelled_exc(out.error);
                cancel_future(Value{});
            } else if (out.error->is(exc_types::SystemExit) || out.error->is(exc_types::KeyboardInterrupt)) {
                // __step: super().set_exception(exc); raise
                Exc exit = out.error;
                set_exception(std::move(out.error));
                lp.task_done();
                raise(std::move(exit));
            } else {
                set_exception(std::move(out.error));
            }
            lp.task_done();
            break;
        case StepOutcome::Kind::Awaiting: {
            Ref<Future>& result = out.awaited;
            if (obs) obs->step_end(*this, result.get(), false);
            if (result.get() == this) {
                lp.call_soon_unheld(bind<&Task::step, CallbackKind::TaskStep>(this),
                                    Value(make_exception(exc_types::RuntimeError, "Task cannot await on itself")));
                break;
            }
            result->add_done_callback(bind<&Task::wakeup, CallbackKind::TaskWakeup>(this));
            fut_waiter_ = result;
            if (must_cancel_) {
                const CancelCauseScope passed_on(lp, {CancelCause::Kind::Awaiter, id(), {}});
                if (fut_waiter_->cancel(cancel_message())) must_cancel_ = false;
            }
            break;
        }
        case StepOutcome::Kind::Yielded:
            if (obs) obs->step_end(*this, nullptr, true);
            lp.call_soon_unheld(bind<&Task::step, CallbackKind::TaskStep>(this));
            break;
    }
}

// Task.__wakeup(future): the awaited future is done; step with its exception
// (thrown in) or with nothing (the coroutine then reads the result itself).
void Task::wakeup(const Value& future) {
    Ref<Future> fut = future.as_future();
    try {
        fut->result();
    } catch (PyError& e) {
        step(Value(std::move(e.exc)));
        return;
    }
    step(Value{});
}

}  // namespace loopscope
