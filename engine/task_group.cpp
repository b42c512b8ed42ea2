#include <utility>

#include "engine/asyncio.hpp"

namespace loopscope::aio {

// taskgroups.TaskGroup (3.12), with `async with` spelled as run(body):
// __aenter__, the body, then __aexit__ with whatever the body raised.

Ref<Task> TaskGroup::spawn(std::unique_ptr<CoroutineBody> body) {
    if (!entered_) raise(exc_types::RuntimeError, "TaskGroup has not been entered");
    if (exiting_ && tasks_.empty()) raise(exc_types::RuntimeError, "TaskGroup is finished");
    if (aborting_) raise(exc_types::RuntimeError, "TaskGroup is shutting down");
    Ref<Task> task = get_running_loop().create_task(std::move(body));
    tasks_.push_back(task);
    task->add_done_callback(bind<&TaskGroup::on_task_done, CallbackKind::TaskGroupOnTaskDone>(this));
    return task;
}

bool TaskGroup::is_base_error(const Exc&) const {
    // SystemExit and KeyboardInterrupt: the engine never raises them.
    return false;
}

// TaskGroup._abort(); `why` names what made the group abort: a child's
// error, the body's, or the parent task's cancellation.
void TaskGroup::abort(CancelCause why) {
    aborting_ = true;
    const CancelCauseScope cause(get_running_loop(), std::move(why));
    for (const Ref<Task>& t : tasks_)
        if (!t->done()) t->cancel();
}

void TaskGroup::on_task_done(const Value& arg) {
    Ref<Future> task = arg.as_future();
    std::erase_if(tasks_, [&](const Ref<Task>& t) { return t.get() == task.get(); });
    if (on_completed_fut_ && tasks_.empty() && !on_completed_fut_->done()) on_completed_fut_->set_result(Value(true));
    if (task->cancelled()) return;
    Exc exc = task->exception();
    if (!exc) return;
    errors_.push_back(exc);
    if (parent_task_->done()) return;  // CPython logs "has errored out but its parent ..."
    if (!aborting_ && !parent_cancel_requested_) {
        const CancelCause why{CancelCause::Kind::TaskGroup, task->id(), repr(*exc)};
        abort(why);
        parent_cancel_requested_ = true;
        const CancelCauseScope cause(get_running_loop(), why);
        parent_task_->cancel();
    }
}

Coro<Value> TaskGroup::run(Coro<Value> body) {
    Ref<TaskGroup> self(this);
    if (entered_) raise(exc_types::RuntimeError, "TaskGroup has already been entered");
    parent_task_ = current_task();
    if (parent_task_ == nullptr) raise(exc_types::RuntimeError, "TaskGroup cannot determine the parent task");
    entered_ = true;
    Exc body_error;
    Value result;
    try {
        result = co_await std::move(body);
    } catch (PyError& e) {
        body_error = std::move(e.exc);
    }
    co_await aexit(body_error);
    co_return result;
}

// TaskGroup.__aexit__(et, exc, tb); the body's exception is re-raised when
// __aexit__ does not raise anything else.
Coro<Value> TaskGroup::aexit(Exc exc) {
    exiting_ = true;
    const bool et_is_cancelled = exc && &exc->type() == &exc_types::CancelledError;
    Exc propagate_cancellation_error = et_is_cancelled ? exc : Exc{};
    if (parent_cancel_requested_) {
        if (parent_task_->uncancel() == 0) propagate_cancellation_error = nullptr;
    }
    if (exc && !aborting_) abort({CancelCause::Kind::TaskGroup, parent_task_->id(), repr(*exc)});
    while (!tasks_.empty()) {
        if (!on_completed_fut_) on_completed_fut_ = get_running_loop().create_future();
        try {
            co_await on_completed_fut_;
        } catch (PyError& e) {
            if (!e.exc->is(exc_types::CancelledError)) throw;
            if (!aborting_) {
                propagate_cancellation_error = e.exc;
                abort({CancelCause::Kind::TaskGroup, parent_task_->id(), repr(*e.exc)});
            }
        }
        on_completed_fut_ = nullptr;
    }
    if (base_error_) raise(base_error_);
    if (propagate_cancellation_error && errors_.empty()) raise(propagate_cancellation_error);
    if (exc && !et_is_cancelled) errors_.push_back(exc);
    if (!errors_.empty()) raise(exception_group("unhandled errors in a TaskGroup", std::exchange(errors_, {})));
    if (exc) raise(exc);
    co_return Value{};
}

}  // namespace loopscope::aio
