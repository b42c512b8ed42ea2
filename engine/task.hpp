// asyncio.Task: a coroutine driven step by step on the loop.
//
// Mirrors tasks.py (3.12): __step sends or throws into the coroutine and
// reacts to what it yields; __wakeup runs when the awaited future is done.
// cancel() is a request: it cancels the awaited future if there is one,
// otherwise it sets _must_cancel and the next __step throws CancelledError.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "engine/coroutine_body.hpp"
#include "engine/future.hpp"

namespace loopscope {

class Task final : public Future {
public:
    // Schedules the first step with call_soon, as Task.__init__ does.
    // `number` is tasks.py's _task_name_counter value: the name is Task-<number>.
    Task(Loop& loop, std::unique_ptr<CoroutineBody> body, std::uint64_t number);
    ~Task() override;

    bool cancel(Value msg = {}) override;
    [[nodiscard]] int cancelling() const noexcept { return num_cancels_requested_; }
    int uncancel() noexcept;

    // "Task-N", made when asked (a million names need not exist up front),
    // or the name given to create_task(name=...) / set_name(), which the
    // loop keeps (few tasks have one; a Task stays 96 bytes).
    [[nodiscard]] std::string name() const;
    // N of the default name "Task-N", or nothing once the task has another name.
    [[nodiscard]] std::optional<std::uint32_t> default_name_number() const noexcept {
        if (named_) return std::nullopt;
        return number_;
    }
    void set_name(std::string name);
    // Whether its first step has begun (a name set before it is the one the
    // task starts running with: asyncio.create_task(name=...)).
    [[nodiscard]] bool started() const noexcept { return started_; }
    [[nodiscard]] std::string_view function_name() const noexcept { return function_name_; }
    // CoroutineBody::call_text, while the body has not started.
    [[nodiscard]] std::string call_text() const { return body_ && !started_ ? body_->call_text() : std::string(); }
    // The future this task is blocked on (Task._fut_waiter), if any.
    [[nodiscard]] const Ref<Future>& awaiting() const noexcept { return fut_waiter_; }
    [[nodiscard]] bool must_cancel() const noexcept { return must_cancel_; }
    // The .py line the coroutine is suspended at (0 when unknown or done).
    [[nodiscard]] int current_line() const noexcept;
    // Drops the coroutine and the awaited future of a task that will never
    // run again (the loop is going away), breaking reference cycles.
    void abandon() noexcept;

private:
    void step(const Value& thrown);     // Task.__step(exc)
    void wakeup(const Value& future);   // Task.__wakeup(future)
    void step_run_and_handle_result(Exc thrown);

    std::unique_ptr<CoroutineBody> body_;
    const char* function_name_;  // the body's name, kept after the body goes (abandon)
    Ref<Future> fut_waiter_;
    int num_cancels_requested_ = 0;
    // The number and the three flags share a word, so that a Task is 96
    // bytes, not 112. A run would need half a billion tasks to overflow it,
    // and the loop's callback limit stops it long before.
    std::uint32_t number_ : 29;
    std::uint32_t started_ : 1 = 0;  // its first step has begun
    std::uint32_t must_cancel_ : 1 = 0;
    std::uint32_t named_ : 1 = 0;  // the loop holds a name for it
};

}  // namespace loopscope
