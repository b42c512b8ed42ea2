// The evaluator: runs a parsed Module on the engine.
//
// Statements and expressions without `await` run as plain recursive C++
// calls; those with one run on Coro<> frames (engine/coro.hpp), so that an
// `await` deep inside an expression suspends the whole Python coroutine the
// way CPython's frame does, and `await other()` is a child frame in the same
// chain (`yield from`). A Python coroutine object becomes a CoroutineBody
// that a Task drives like any other.
//
// Python exceptions travel as PyError (the engine's carrier), so engine code
// and interpreted code raise and catch the same objects.
//
// Sections: set-up · running code · calls · attributes · the event loops ·
// output.
#pragma once

#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/coro.hpp"
#include "engine/loop.hpp"
#include "engine/py/objects.hpp"
#include "engine/py/parser.hpp"
#include "engine/py_random.hpp"

namespace loopscope::py {

enum class Flow : std::uint8_t { Normal, Return, Break, Continue };
// Lets Coro<Flow> be a root frame (it never is; the engine's template asks).
inline Value to_value(Flow f) { return Value(static_cast<std::int64_t>(f)); }

// Where the interpreter's stdout goes: one call per completed line.
using LineSink = std::function<void(const std::string& line)>;

class Interp {
public:
    explicit Interp(Module module);
    ~Interp();
    Interp(const Interp&) = delete;
    Interp& operator=(const Interp&) = delete;

    // ---- set-up ----
    void set_output(LineSink sink) { sink_ = std::move(sink); }
    void set_random(PyRandom* r) { random_ = r; }
    PyRandom& random() { return *random_; }
    // Runs the module's top-level code with __name__ = `name`.
    void run_module(const std::string& name);
    // Runs library code (the asyncio prelude) in a module of its own and
    // returns that module's globals; the code's tree lives as long as the interpreter.
    Frame& run_library(const std::string& source, const std::string& filename);
    // A module-level name (PARAMS, TARGETS, main); nullptr if unset.
    Value* global(std::string_view name);
    const std::string& filename() const { return module_.filename; }

    // ---- running code ----
    Value eval(const Expr& e, Frame& f);
    Coro<Value> eval_a(const Expr& e, Frame& f);
    Flow exec_block(const Block& b, Frame& f);
    Coro<Flow> exec_block_a(const Block& b, Frame& f);
    // `co_await await_value(v, line)` is Python's `await v`: futures,
    // coroutine objects, engine coroutines (see AwaitValue below).
    class AwaitValue await_value(Value v, int line);
    // A coroutine object as a body a Task can drive.
    std::unique_ptr<CoroutineBody> make_task_body(const Value& coro);
    [[nodiscard]] bool is_coroutine(const Value& v) const;

    // ---- calls ----
    Value call(const Value& callee, Args& args);
    Value call0(const Value& callee) {
        Args a;
        return call(callee, a);
    }
    Value call1(const Value& callee, Value x) {
        Args a;
        a.pos.push_back(std::move(x));
        return call(callee, a);
    }
    Value call_method(const Value& self, Sym name, Args& args);

    // ---- attributes ----
    Value get_attr(const Value& obj, Sym name);
    std::optional<Value> try_get_attr(const Value& obj, Sym name);
    void set_attr(const Value& obj, Sym name, Value v);

    // ---- classes ----
    Ref<ClassObj> class_of_exception(const ExceptionType& t);
    Ref<ClassObj> builtin_class(BuiltinType t) const;
    Value type_of(const Value& v);
    bool isinstance(const Value& v, const Value& cls);
    bool exception_matches(const Exc& e, const Value& cls);

    // ---- the event loops (asyncio.run, get_event_loop, ...) ----
    // new_event_loop(): the interpreter owns its loops; the runner hears of
    // each (to register --cancel timers, as the harness's policy does).
    Loop& create_loop();
    std::function<void(Loop&)> on_new_loop;
    // Future ids, one sequence for all its loops: a script's several loops
    // record into one trace, where ids must not collide. Declared
    // before `loops`, which use it until they go.
    std::uint32_t future_ids = 1;
    std::uint64_t task_numbers = 1;  // tasks.py's _task_name_counter, one per process
    std::vector<std::unique_ptr<Loop>> loops;
    Loop* event_loop = nullptr;  // the policy's current loop (set_event_loop)
    // Whether set_event_loop was ever called (asyncio.run calls it, and
    // set_event_loop(None) at its end): then get_event_loop() with no loop
    // set raises instead of making one, as the default policy does.
    bool event_loop_set_called = false;
    void set_event_loop(Loop* loop) {
        event_loop = loop;
        event_loop_set_called = true;
    }
    Loop& get_event_loop();
    static Loop* running_loop();
    // asyncio.run's shutdown warnings (name, text), for the transcript's `!!` lines.
    std::vector<std::pair<std::string, std::string>> shutdown_reports;
    LoopLimits limits;
    Value loop_object(Loop& loop);
    Value run_until_complete(Loop& loop, const Value& aw);
    Value asyncio_run(const Value& coro);

    // ---- guards ----
    // Python code that never yields to the loop (`while True: pass`) is out
    // of the loop's reach; these stop it like the loop's own guards, with
    // LoopStopped (exit 3 and a one-line reason), checked per statement.
    std::uint64_t max_statements = 200'000'000;
    std::uint64_t max_memory_bytes = std::uint64_t{4} << 30;  // resident set size
    // Real time (seconds) a run may take: the statement count cannot say how
    // slow each statement is, and a run that loops on the event loop only
    // (`while True: await asyncio.sleep(0)`) is stopped here too, within a
    // few seconds rather than at the last of half a billion callbacks.
    double max_wall_seconds = 5.0;  // real seconds; 0: no limit
    [[nodiscard]] std::uint64_t statements() const { return statements_; }
    void count_statement() {
        if (++statements_ >= next_guard_check_) check_guards();
    }
    // One item a builtin steps over (sum(), list(), ...): native loops are
    // steps for the guards as statements are.
    void count_step() { count_statement(); }
    // MemoryError, before the allocation, when one allocation of `bytes`
    // would take the run past max_memory_bytes (CPython's malloc refuses
    // 'a' * 10**12 at once; the resident-size check comes only per statement).
    void check_allocation(std::uint64_t bytes);
    // Before one integer operation builds a result of `bits` bits: the
    // memory check, then the time guard's, which no statement count can
    // give (one `3 ** 10**10` is a single GMP call of minutes). Past
    // kMaxIntegerBits a run with a real-time limit is stopped with a reason.
    static constexpr std::uint64_t kMaxIntegerBits = std::uint64_t{1} << 28;
    void check_integer_size(std::uint64_t bits);

    // ---- output ----
    void write(std::string_view text);
    void flush_output();  // stamps a last line left without newline

    // Values and helpers the builtins share.
    Value make_dict();
    Value iterate_to_list(const Value& v);
    std::vector<Value> to_vector(const Value& v);
    Value make_function(const std::shared_ptr<FuncDef>& def, Frame& f, std::vector<Value> defaults);
    std::vector<Value> eval_decorators(const Stmt& s, Frame& f);
    Value bind_class_attr(const Value& attr, const Value* self, const ClassObj& type, Sym name);
    Value apply_decorators(std::vector<Value> decorators, Value made);
    std::string to_str(const Value& v);
    std::string to_repr(const Value& v);
    ModuleObj* module_named(const std::string& name);
    [[nodiscard]] bool has_module(const std::string& name) const { return modules_.count(name) != 0; }
    [[nodiscard]] Module& module() noexcept { return module_; }
    Value builtin(std::string_view name);
    [[nodiscard]] int current_line() const { return line_; }
    // next(gen): false when the generator is exhausted.
    bool generator_next(GeneratorObj& g, Value& out);
    std::unique_ptr<CoroutineBody> generator_body(GeneratorObj& g);
    std::optional<Value> super_attr(const SuperObj& s, Sym name);

    // ---- tracebacks (traceback.cpp) ----
    // Records that `e` is being raised in frame `f` at `line`, as CPython's
    // PyTraceBack_Here does: once per frame as the exception unwinds
    // (`explicit_raise`: a `raise e` statement, which adds an entry even
    // where one exists).
    void note_frame(const Exc& e, Frame& f, int line, bool explicit_raise = false);
    // `Traceback (most recent call last):`, a `File "NAME", line N, in FUNC`
    // line and the stripped source line per frame of the script (not of the
    // prelude), and `ExcType: message`, as vscript.py prints them from
    // traceback.extract_tb.
    std::vector<std::string> format_traceback(const Exc& e, const std::string& source);

private:
    friend struct Builtins;
    friend class AwaitValue;
    // The evaluator (evaluator.inc), each function twice: plain, and `_a` on Coro frames.
    Flow exec(const Stmt& s, Frame& f);
    Coro<Flow> exec_a(const Stmt& s, Frame& f);
    Flow exec_try(const Stmt& s, Frame& f);
    Coro<Flow> exec_try_a(const Stmt& s, Frame& f);
    Flow exec_with(const Stmt& s, Frame& f, std::size_t item);
    Coro<Flow> exec_with_a(const Stmt& s, Frame& f, std::size_t item);
    Value call_expr(const Expr& e, Frame& f);
    Coro<Value> call_expr_a(const Expr& e, Frame& f);
    Value comprehension(const Expr& e, Frame& f);
    Coro<Value> comprehension_a(const Expr& e, Frame& f);
    Flow comp_loop(const Expr& e, std::size_t level, Frame& cf, Value& out, const Value* iterable);
    Coro<Flow> comp_loop_a(const Expr& e, std::size_t level, Frame& cf, Value& out, const Value* iterable);
    Coro<Value> with_body(const Stmt& s, Frame& f, std::size_t item, Value bound);
    struct ContextProtocol {
        Value enter, exit;
    };
    ContextProtocol context_protocol(const Value& cm, bool is_async);
    Value unary_op(UnaryKind op, const Value& v);
    Coro<Value> run_coroutine(Ref<CoroutineObj> co);
    Coro<Value> run_frame(Ref<Frame> fr, const FuncDef* def);
    Coro<Flow> async_for(const Stmt& s, Frame& f, Value iterable);
    // What `async for` (statement or comprehension) steps: an async
    // generator, or the object __aiter__ returned, whose __anext__ is awaited.
    struct AsyncIteration {
        Value it;                      // keeps the iterator alive
        GeneratorObj* gen = nullptr;  // set for an async generator
    };
    AsyncIteration async_iter(const Value& iterable);
    // The next item; false at the end (StopAsyncIteration).
    Coro<bool> async_next(AsyncIteration& a, Value& item, int line);
    Coro<bool> async_generator_next(GeneratorObj& g, Value& out);
    Value make_super(Frame& f);
    void exec_def(const Stmt& s, Frame& f);
    void exec_class(const Stmt& s, Frame& f);
    void exec_import(const Stmt& s, Frame& f);
    Exc make_raise(const Value& v);
    [[noreturn]] void raise_stmt(const Stmt& s, Frame& f, const Value* v);

    Value lookup(Sym s, Frame& f, const Expr& where);
    // An await's operand, then the await's line as the frame's current one.
    Value eval_then_line(const Expr& e, Frame& f, int line) {
        Value v = eval(e, f);
        line_ = f.line = line;
        return v;
    }
    void store(Sym s, Frame& f, Value v);
    void assign(const Expr& target, Frame& f, Value v);
    void del(const Expr& target, Frame& f);
    Value subscript(const Value& obj, const Value& key);
    void set_item(const Value& obj, const Value& key, Value v);
    Value formatted(const Expr& e, const Value& v, Frame& f);
    Value bind_and_run(FunctionObj& fn, Args& args, const Value* self);
    Ref<Frame> bind_args(FunctionObj& fn, Args& args, const Value* self);
    const Handler* match_handler(const Stmt& s, const Exc& e, Frame& f);
    Value instantiate(ClassObj& cls, Args& args);

    // Argument vectors of finished calls, reused: every call's positional
    // arguments would otherwise be a malloc and a free.
    class SpareVectors {
    public:
        std::vector<Value> take(std::size_t n) {
            std::vector<Value> v;
            if (!spare_.empty()) {
                v = std::move(spare_.back());
                spare_.pop_back();
            }
            v.reserve(n);
            return v;
        }
        // Empties `v` (its values die here, as they would at the caller's
        // scope end) and keeps its storage if it is small.
        void give_back(std::vector<Value>& v) {
            v.clear();
            if (v.capacity() == 0 || v.capacity() > 16 || spare_.size() >= 32) return;
            spare_.push_back(std::move(v));
        }

    private:
        std::vector<std::vector<Value>> spare_;
    };
    SpareVectors spare_args_;

    Module module_;
    Ref<Frame> globals_;
    std::vector<std::unique_ptr<Module>> libraries_;
    std::vector<Ref<Frame>> library_globals_;
    std::unordered_map<Sym, Value> builtins_;
    std::unordered_map<std::string, Value> modules_;

    std::unordered_map<const ExceptionType*, Ref<ClassObj>> exc_classes_;
    std::vector<Ref<ClassObj>> builtin_classes_;
    std::unordered_map<const Loop*, Value> loop_objects_;
    LineSink sink_;
    std::string pending_;
    PyRandom own_random_;
    PyRandom* random_ = &own_random_;
    int line_ = 0;
    void check_guards();
    std::uint64_t statements_ = 0;
    std::uint64_t next_guard_check_ = 0;
    std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
    // Whether the last raise statement was a bare `raise`: an except*
    // clause that re-raises its part that way gives it back to the group,
    // while `raise part` raises it as a new exception, as CPython does.
    bool last_raise_bare_ = false;
    Value super_;    // the builtin super, which a zero-argument call resolves in its frame
};

// `await v` run inline in the awaiting frame, without a frame of its own:
// a future or an asyncio.sleep() suspends the chain directly, a coroutine
// object runs as a child frame (`yield from`). The awaiting frame lives as
// long as the wait anyway; a frame for the await itself would be one more
// allocation, and one more cache miss when a million sleeping tasks wake.
class AwaitValue {
public:
    AwaitValue(Interp& in, Value v, int line) : in_(&in), v_(std::move(v)), line_(line) {}
    class Awaiter {
    public:
        Awaiter(Interp& in, Value v, int line) : in_(&in), line_(line) {
            new (&u_.value) Value(std::move(v));
        }
        ~Awaiter() { destroy(); }
        Awaiter(const Awaiter&) = delete;
        Awaiter& operator=(const Awaiter&) = delete;
        bool await_ready();
        std::coroutine_handle<> await_suspend(std::coroutine_handle<> h) noexcept;
        Value await_resume();

    private:
        // What is awaited: the value until await_ready looks at it, then
        // the engine's awaiter for it (a future's, asyncio.sleep's with its
        // arguments, or a coroutine object's frames as a child). A union:
        // this sits in the awaiting frame of every suspended coroutine, so
        // its size is per task.
        enum class Mode : std::uint8_t { Value, Future, Sleep, Child };
        struct SleepParts {
            explicit SleepParts(aio::Sleep s) : op(std::move(s)), aw(op) {}
            aio::Sleep op;
            aio::SleepAwaiter aw;
        };
        union Storage {
            Storage() {}
            ~Storage() {}
            Value value;
            loopscope::detail::FutureAwaiter future;
            SleepParts sleep;
            loopscope::detail::ChildAwaiter<Value> child;
        };
        void destroy() noexcept;  // the member `mode_` says is alive

        Interp* in_;
        int line_;
        Mode mode_ = Mode::Value;
        bool counted_ = false;  // a Python coroutine's frame: one recursion level until it ends
        Storage u_;
    };
    Awaiter awaiter() && { return {*in_, std::move(v_), line_}; }

private:
    Interp* in_;
    Value v_;
    int line_;
};

inline AwaitValue Interp::await_value(Value v, int line) { return {*this, std::move(v), line}; }

// The interpreter whose code is running (repr() of instances calls back into it).
Interp* current_interp();

// An exception's instance attributes (interpreter-side), created on demand.
DictObj* exception_attrs(const Exc& e, bool create);

// Adds asyncio's Queue, Lock, Semaphore, ... (aio_prelude.cpp) to the asyncio module.
void load_asyncio_prelude(Interp& in, ModuleObj& asyncio);

// Registers the builtins and the modules (asyncio, random, pprint, time, typing, sys, math).
void install_builtins(Interp& in, std::unordered_map<Sym, Value>& builtins,
                      std::unordered_map<std::string, Value>& modules);

// A property's bound .setter method (builtins.cpp).
Value property_setter(const Value& property);

// Adds Python's math module (math_module.cpp).
void install_math_module(std::unordered_map<std::string, Value>& modules);
// functools (engine/py/functools_module.cpp); a partial, and what it holds.
void install_functools_module(std::unordered_map<std::string, Value>& modules);
bool is_partial(const Value& v);
const Value& partial_func(const Value& v);
const std::vector<Value>& partial_args(const Value& v);

// Interp::check_integer_size of the running interpreter (the memory check
// alone without one).
void check_integer_size(std::uint64_t bits);

// Interp::check_allocation of the running interpreter (the 4 GiB default
// without one), for `count` items of `each` bytes: MemoryError also when the
// product overflows.
void check_allocation(std::uint64_t count, std::uint64_t each);

// Python's operators, shared by the evaluator and the builtins.
bool truthy(const Value& v);
Value binary_op(BinOpKind op, const Value& a, const Value& b);
bool compare(CmpKind op, const Value& a, const Value& b);
bool less_than(const Value& a, const Value& b);
std::string format_spec(const Value& v, std::string_view spec);
std::string percent_format(const std::string& fmt, const Value& args);

using exc_types::RecursionError;
extern const ExceptionType NameError, AttributeError, AssertionError, StopIteration, NotImplementedError,
    MemoryError, OverflowError, ImportError, ModuleNotFoundError, UnboundLocalError, LookupError,
    ArithmeticError, StopAsyncIteration, GeneratorExit;
using exc_types::KeyboardInterrupt;  // the engine's: tasks and callbacks re-raise them
using exc_types::SystemExit;

}  // namespace loopscope::py
