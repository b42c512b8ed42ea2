// Coro<T>: C++20 coroutines that behave like Python coroutines.
//
// A Python coroutine is lazy (nothing runs until the first send), awaits
// futures by yielding them to the Task, and awaits other coroutines inline
// (`await other()` is `yield from`: same task, no new step). Coro<T> does the
// same: frames that await each other form one chain; the innermost frame
// (the leaf) is where send/throw resume, and the chain hands the Task a
// StepOutcome when it blocks, yields or finishes.
//
// Sections: the chain · awaiters · Coro<T> · CoroBody (the Task adapter).
#pragma once

#include <coroutine>
#include <cstdint>
#include <exception>
#include <memory>
#include <optional>
#include <string_view>
#include <utility>

#include "engine/coroutine_body.hpp"
#include "engine/future.hpp"
#include "engine/recursion.hpp"
#include "engine/teardown.hpp"

namespace loopscope {

// ---- the chain -------------------------------------------------------------

// State shared by the frames of one coroutine chain.
struct CoroChain {
    std::coroutine_handle<> leaf;  // where the next send/throw resumes
    int line = 0;                  // the .py line the chain is at
    bool started = false;          // resumed at least once
    // The chain's share of the recursion depth (engine/recursion.hpp): the
    // Python frames it holds while suspended, counted again while it runs,
    // on top of whoever resumes it (the loop, or next() for a generator).
    std::uint16_t depth = 0;
};

namespace detail {

// The resumption under way: which chain runs, what it reports to its
// driver (how it blocked, yielded or ended) and what the driver throws in.
// Only a running chain needs these, so they live on the driver's stack, and
// a frame or an awaiter finds its chain here instead of keeping a pointer
// to it: a million sleeping chains carry none of it. One per thread at a
// time, stacked: a body driven from inside another chain's resumption
// (await_body) pushes its own and restores the outer one when it returns.
//
// A finishing frame leaves its outcome here too, for the one reader that
// comes right after it in the same resumption (the awaiting frame, or the
// root's final awaiter): what it raised, and what it returned if that is a
// Value. So no frame keeps 24 bytes for an outcome it only has at its end.
struct Resumption {
    CoroChain* chain;
    StepOutcome outcome;
    Exc throw_in;   // coro.throw(exc): raised at the leaf's await
    Exc raised;     // a finishing frame's uncaught exception
    Value returned; // a finishing Coro<Value> frame's result
    // The driver's frame address: how much C++ stack the chain's frames
    // use is measured from here (recursion::chain_stack_ok).
    std::uintptr_t stack_start;
};
inline constinit thread_local Resumption* current_resumption = nullptr;

// The chain being resumed (a frame's code only runs inside a resumption).
inline CoroChain& running_chain() noexcept { return *current_resumption->chain; }
// Records where the running chain suspends and how it stopped (awaiters).
inline void suspend_at(std::coroutine_handle<> leaf, StepOutcome outcome) noexcept {
    current_resumption->chain->leaf = leaf;
    current_resumption->outcome = std::move(outcome);
}
// Records how the running chain ended (the root's final awaiter).
inline void report(StepOutcome outcome) noexcept { current_resumption->outcome = std::move(outcome); }

}  // namespace detail

// `co_await bare_yield();` is `await asyncio.sleep(0)`'s bare `yield`.
struct BareYield {};
inline BareYield bare_yield() { return {}; }

// `at_line(12);` records the .py line of the await that follows (the C++
// twins tell the engine where their Python twin is). A plain call, not an
// await: GCC gives every co_await's operand and awaiter a slot of their own
// in the frame, which a million sleeping workers pay for. Only a coroutine's
// code calls it, and only while its chain runs.
inline void at_line(int line) noexcept { detail::running_chain().line = line; }

// Converts a coroutine's result into the Value a Task stores as its result.
inline Value to_value(Value v) { return v; }

// ---- awaiters ------------------------------------------------------------

namespace detail {

// Throws the exception the driver asked to throw in, if any (at the leaf's
// await, where the resumption arrives).
inline void deliver_throw() {
    if (current_resumption->throw_in) raise(std::exchange(current_resumption->throw_in, {}));
}

struct FutureAwaiter {
    Ref<Future> fut;
    // Future.__await__: a done future gives its result without yielding.
    bool await_ready() const noexcept { return fut->done(); }
    void await_suspend(std::coroutine_handle<> h) noexcept { suspend_at(h, StepOutcome::awaiting(fut)); }
    Value await_resume() {
        deliver_throw();
        return fut->result();
    }
};

struct YieldAwaiter {
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h) noexcept { suspend_at(h, StepOutcome::yielded()); }
    void await_resume() { deliver_throw(); }
};

}  // namespace detail

// ---- Coro<T> -----------------------------------------------------------------

template <class T>
class [[nodiscard]] Coro;

namespace detail {

// The coroutine function's name, captured where the promise is built (the
// coroutine's own ramp function), so that tasks can show `coro()` as Python
// does. A distinct type, so that no coroutine parameter can bind to it.
struct FunctionName {
    explicit FunctionName(const char* n) : name(n) {}
    const char* name;
};

struct PromiseBase {
    explicit PromiseBase(FunctionName fn = FunctionName(__builtin_FUNCTION())) : function_name(fn.name) {}
    const char* function_name;
    std::coroutine_handle<> parent;  // the frame awaiting this one; null for the root

    std::suspend_always initial_suspend() noexcept { return {}; }

    // Coroutine frames come from the small-object pools (engine/pool.hpp).
    static void* operator new(std::size_t size) { return pool::allocate(size); }
    static void operator delete(void* ptr, std::size_t size) noexcept { pool::release(ptr, size); }

    void unhandled_exception() {
        try {
            throw;
        } catch (PyError& e) {
            current_resumption->raised = std::move(e.exc);
        } catch (const std::exception& e) {
            // A C++ failure inside scenario code becomes a Python RuntimeError
            // rather than tearing the loop down.
            current_resumption->raised = make_exception(exc_types::RuntimeError, e.what());
        }
    }

    FutureAwaiter await_transform(Ref<Future> fut) { return {std::move(fut)}; }
    template <class F>
        requires std::is_base_of_v<Future, F>
    FutureAwaiter await_transform(const Ref<F>& fut) {
        return {Ref<Future>(fut)};
    }
    YieldAwaiter await_transform(BareYield) { return {}; }
    // An operation that awaits inline without a frame of its own (aio::Sleep)
    // makes its own awaiter.
    template <class Op>
        requires requires(Op&& op) { std::move(op).awaiter(); }
    auto await_transform(Op&& op) {
        return std::move(op).awaiter();
    }
    template <class U>
    decltype(auto) await_transform(Coro<U>&& child);
    template <class U>
    decltype(auto) await_transform(Coro<U>& child) {
        return await_transform(std::move(child));
    }
};

// A frame's result, read once by whoever comes right after the frame ends
// (take()). Most frames return a Value (every task body of the C++ twins),
// and those leave it in the resumption; others keep it in the frame.
template <class T>
struct Promise : PromiseBase {
    explicit Promise(FunctionName fn = FunctionName(__builtin_FUNCTION())) : PromiseBase(fn) {}
    std::optional<T> value;
    Coro<T> get_return_object();
    void return_value(T v) { value.emplace(std::move(v)); }
    T take() { return std::move(*value); }
    auto final_suspend() noexcept;
};

template <>
struct Promise<Value> : PromiseBase {
    explicit Promise(FunctionName fn = FunctionName(__builtin_FUNCTION())) : PromiseBase(fn) {}
    Coro<Value> get_return_object();
    void return_value(Value v) { current_resumption->returned = std::move(v); }
    Value take() { return std::exchange(current_resumption->returned, {}); }
    auto final_suspend() noexcept;
};

template <>
struct Promise<void> : PromiseBase {
    explicit Promise(FunctionName fn = FunctionName(__builtin_FUNCTION())) : PromiseBase(fn) {}
    Coro<void> get_return_object();
    void return_void() {}
    auto final_suspend() noexcept;
};

// At the end of a frame: hand control to the awaiting frame, or, for the
// root, record the outcome and return to the Task's send/throw.
template <class P>
struct FinalAwaiter {
    bool await_ready() const noexcept { return false; }
    std::coroutine_handle<> await_suspend(std::coroutine_handle<P> h) noexcept {
        P& p = h.promise();
        if (p.parent) return p.parent;  // which reads the outcome (ChildAwaiter)
        if (current_resumption->raised) {
            report(StepOutcome::raised(std::exchange(current_resumption->raised, {})));
        } else if constexpr (requires { p.take(); }) {
            report(StepOutcome::returned(to_value(p.take())));
        } else {
            report(StepOutcome::returned(Value{}));
        }
        return std::noop_coroutine();
    }
    void await_resume() const noexcept {}
};

template <class T>
auto Promise<T>::final_suspend() noexcept {
    return FinalAwaiter<Promise<T>>{};
}
inline auto Promise<Value>::final_suspend() noexcept { return FinalAwaiter<Promise<Value>>{}; }
inline auto Promise<void>::final_suspend() noexcept { return FinalAwaiter<Promise<void>>{}; }

}  // namespace detail

template <class T>
class [[nodiscard]] Coro {
public:
    using promise_type = detail::Promise<T>;
    using handle_type = std::coroutine_handle<promise_type>;

    Coro() = default;
    explicit Coro(handle_type h) : handle_(h) {}
    Coro(Coro&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
    Coro& operator=(Coro&& other) noexcept {
        if (this != &other) {
            reset();
            handle_ = std::exchange(other.handle_, {});
        }
        return *this;
    }
    ~Coro() { reset(); }

    [[nodiscard]] handle_type handle() const noexcept { return handle_; }
    handle_type release() noexcept { return std::exchange(handle_, {}); }
    explicit operator bool() const noexcept { return static_cast<bool>(handle_); }

private:
    // Destroying a suspended frame destroys the child it awaits, and a chain
    // can be tens of thousands of frames long: the free goes through
    // engine/teardown.hpp, which keeps the C++ stack flat.
    void reset() {
        if (handle_) {
            teardown::run([](void* frame) noexcept { std::coroutine_handle<>::from_address(frame).destroy(); },
                          handle_.address());
        }
        handle_ = {};
    }
    handle_type handle_;
};

namespace detail {

template <class T>
Coro<T> Promise<T>::get_return_object() {
    return Coro<T>(std::coroutine_handle<Promise<T>>::from_promise(*this));
}
inline Coro<Value> Promise<Value>::get_return_object() {
    return Coro<Value>(std::coroutine_handle<Promise<Value>>::from_promise(*this));
}
inline Coro<void> Promise<void>::get_return_object() {
    return Coro<void>(std::coroutine_handle<Promise<void>>::from_promise(*this));
}

// `co_await child()`: run the child inline in this chain (yield from).
template <class U>
struct ChildAwaiter {
    Coro<U> child;
    bool await_ready() const noexcept { return false; }
    std::coroutine_handle<> await_suspend(std::coroutine_handle<> h) noexcept {
        child.handle().promise().parent = h;
        running_chain().leaf = child.handle();
        return child.handle();
    }
    U await_resume() {
        // The child just ended, in this resumption: its outcome is fresh.
        if (current_resumption->raised) raise(std::exchange(current_resumption->raised, {}));
        if constexpr (!std::is_void_v<U>) return child.handle().promise().take();
    }
};

template <class U>
decltype(auto) PromiseBase::await_transform(Coro<U>&& child) {
    return ChildAwaiter<U>{std::move(child)};
}

}  // namespace detail

// ---- CoroBody: the Task's view of a Coro chain ------------------------------

// What a body does when its coroutine ends, before the frames go (the .py
// interpreter takes the function's return value from its Frame here).
struct NoFrameEnd {
    void operator()(StepOutcome& /*returned or raised*/) const noexcept {}
};

template <class T, class FrameEnd = NoFrameEnd>
class CoroBody final : public CoroutineBody {
public:
    explicit CoroBody(Coro<T> coro, FrameEnd end = {}) : coro_(std::move(coro)), end_(std::move(end)) {
        chain_.leaf = coro_.handle();
    }

    StepOutcome send() override { return resume({}); }

    StepOutcome throw_in(Exc exc) override {
        if (!chain_.started) {
            // Throwing into a coroutine that never ran raises at its first
            // line: no statement of the body executes (coro.throw on a
            // just-created coroutine).
            coro_ = Coro<T>();
            return StepOutcome::raised(std::move(exc));
        }
        return resume(std::move(exc));
    }

    // The root promise's name (a literal, or a name that outlives the task).
    // The Task asks before the first step, while the frames exist.
    [[nodiscard]] std::string_view function_name() const override {
        return coro_ ? std::string_view(coro_.handle().promise().function_name) : std::string_view("");
    }
    [[nodiscard]] int current_line() const override { return chain_.line; }
    // The frame-end policy knows the call when it holds the Python frame.
    [[nodiscard]] std::string call_text() const override {
        if constexpr (requires { end_.call_text(); }) {
            return end_.call_text();
        } else {
            return {};
        }
    }
    // The Python frames the chain starts with (1: a coroutine's own frame).
    void set_depth(std::uint16_t frames) noexcept { chain_.depth = frames; }

private:
    StepOutcome resume(Exc thrown) {
        chain_.started = true;
        detail::Resumption here{&chain_, {}, std::move(thrown), {}, {},
                                reinterpret_cast<std::uintptr_t>(__builtin_frame_address(0))};
        recursion::State& rs = recursion::state();
        struct Restore {
            detail::Resumption* outer;
            recursion::State& rs;
            int base;
            CoroChain& chain;
            ~Restore() {
                detail::current_resumption = outer;
                chain.depth = static_cast<std::uint16_t>(rs.depth - base);
                rs.depth = base;
            }
        } restore{std::exchange(detail::current_resumption, &here), rs, rs.depth, chain_};
        rs.depth += chain_.depth;
        chain_.leaf.resume();
        StepOutcome& out = here.outcome;
        if (out.kind == StepOutcome::Kind::Returned || out.kind == StepOutcome::Kind::Raised) {
            end_(out);
            coro_ = Coro<T>();  // free the frames as soon as the coroutine is done
        }
        return std::move(out);
    }

    Coro<T> coro_;
    CoroChain chain_;
    [[no_unique_address]] FrameEnd end_;
};

template <class T>
std::unique_ptr<CoroutineBody> make_body(Coro<T> coro) {
    return std::make_unique<CoroBody<T>>(std::move(coro));
}

}  // namespace loopscope
