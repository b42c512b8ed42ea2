// The interpreter's object model on top of the engine's Value.
//
// Engine values (None, bool, int, float, str, list, tuple, set, exceptions,
// futures and tasks) are Python objects as they are; everything else the
// interpreter needs (dicts, functions, classes, coroutine objects, modules,
// asyncio's Event and TaskGroup) is an Obj, which the engine carries as an
// opaque Value::Kind::Object. Futures can therefore hold any Python value.
//
// Sections: Obj and casts · frames · dict · functions and classes ·
// coroutine objects · asyncio objects · small helpers.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "engine/asyncio.hpp"
#include "engine/py/ast.hpp"

namespace loopscope::py {

class Interp;

enum class OT : std::uint8_t {
    Dict, Function, BoundMethod, Builtin, Module, Class, Instance, Coroutine, AioCoro, Range, Iterator,
    Event, TaskGroup, Timeout, Loop, Typing, Sys, Generator, Super, Handle, Traceback, Descriptor,
};

class Obj : public OpaqueObject {
public:
    explicit Obj(OT t) : type(t) {}
    const OT type;
};

template <class T>
T* as(const Value& v) noexcept {
    OpaqueObject* o = v.object();
    if (o == nullptr || static_cast<Obj*>(o)->type != T::kType) return nullptr;
    return static_cast<T*>(o);
}

inline Value obj_value(Obj* o) { return Value(Ref<OpaqueObject>(o)); }

// ---- frames ------------------------------------------------------------------

// A function's variables: few names, so a linear search beats hashing.
// The first kInline live in the Frame itself (a coroutine that wakes reads
// its locals without another cache miss); more spill to the heap.
class LocalVars {
public:
    using Entry = std::pair<Sym, Value>;
    LocalVars() = default;
    LocalVars(const LocalVars&) = delete;
    LocalVars& operator=(const LocalVars&) = delete;

    Entry* begin() { return data(); }
    Entry* end() { return data() + size_; }
    [[nodiscard]] std::size_t size() const { return size_; }
    void emplace_back(Sym s, Value v) {
        if (size_ == kInline && spill_.empty()) {
            spill_.reserve(2 * kInline);
            for (Entry& e : inline_) spill_.push_back(std::move(e));
        }
        if (!spill_.empty()) {
            spill_.emplace_back(s, std::move(v));
        } else {
            inline_[size_] = Entry(s, std::move(v));
        }
        ++size_;
    }
    void erase(Entry* it) {
        std::move(it + 1, end(), it);
        --size_;
        if (!spill_.empty()) {
            spill_.pop_back();
        } else {
            inline_[size_] = Entry();
        }
    }

private:
    static constexpr std::uint32_t kInline = 4;
    Entry* data() { return spill_.empty() ? inline_ : spill_.data(); }
    std::uint32_t size_ = 0;
    Entry inline_[kInline];
    std::vector<Entry> spill_;  // all entries, once there are more than kInline
};

// The variables of one running function, class body, comprehension or module.
// Functions keep theirs in LocalVars; modules and classes in a hash map.
struct Frame : RefCounted {
    enum class Kind : std::uint8_t { Module, Function, Class, Comprehension };
    Kind kind = Kind::Function;
    // What the call gave (bind_args): vars[0, call_positional) positionally,
    // then *args, then by keyword up to vars[call_given]; the defaults come
    // after. For labelling a task by the call as written (255: at least).
    std::uint8_t call_positional = 0, call_given = 0;
    int line = 0;  // the line this frame is at (its traceback entry)
    LocalVars vars;
    Ref<Frame> parent;           // the enclosing function scope (closures); null for the module
    Frame* module = nullptr;     // the globals
    const FuncDef* def = nullptr;
    Value ret;
    Exc handling;  // the exception an except block is handling (bare `raise`)
    class GeneratorObj* generator = nullptr;  // the generator this frame runs, where `yield` delivers
    const class ClassObj* owner = nullptr;    // the class a method was defined in (zero-argument super())
    // A module's or a class body's names (functions use `vars`). Made on
    // first use: a hash map is 56 bytes, and every coroutine has a Frame.
    std::unordered_map<Sym, Value>& names() {
        if (!names_) names_ = std::make_unique<std::unordered_map<Sym, Value>>();
        return *names_;
    }
    // Hands the names over (a class body's become the class's dict).
    std::unordered_map<Sym, Value> take_names() { return names_ ? std::move(*names_) : std::unordered_map<Sym, Value>{}; }

    Value* find_local(Sym s) {
        if (kind == Kind::Module || kind == Kind::Class) {
            if (!names_) return nullptr;
            auto it = names_->find(s);
            return it == names_->end() ? nullptr : &it->second;
        }
        for (auto& [k, v] : vars)
            if (k == s) return &v;
        return nullptr;
    }
    void set_local(Sym s, Value v) {
        if (kind == Kind::Module || kind == Kind::Class) {
            names()[s] = std::move(v);
            return;
        }
        for (auto& [k, old] : vars) {
            if (k == s) {
                old = std::move(v);
                return;
            }
        }
        vars.emplace_back(s, std::move(v));
    }
    bool erase_local(Sym s) {
        if (kind == Kind::Module || kind == Kind::Class) return names_ && names_->erase(s) > 0;
        for (auto it = vars.begin(); it != vars.end(); ++it) {
            if (it->first == s) {
                vars.erase(it);
                return true;
            }
        }
        return false;
    }

private:
    std::unique_ptr<std::unordered_map<Sym, Value>> names_;
};

// ---- dict ----------------------------------------------------------------------

std::size_t hash_value(const Value& v);  // raises TypeError for unhashable values

struct ValueHash {
    std::size_t operator()(const Value& v) const { return hash_value(v); }
};
struct ValueEq {
    bool operator()(const Value& a, const Value& b) const { return a == b; }
};

// dict: insertion-ordered, as Python's.
class DictObj final : public Obj {
public:
    static constexpr OT kType = OT::Dict;
    DictObj() : Obj(kType) {}

    [[nodiscard]] std::size_t size() const noexcept { return index_.size(); }
    const Value* get(const Value& key) const;
    void set(const Value& key, Value value);
    bool erase(const Value& key);
    void clear();
    // Live entries in insertion order.
    template <class F>
    void for_each(F&& f) const {
        for (const Entry& e : entries_)
            if (e.alive) f(e.key, e.value);
    }
    [[nodiscard]] std::vector<Value> keys() const;
    [[nodiscard]] std::vector<Value> values() const;
    [[nodiscard]] std::vector<Value> items() const;  // tuples

    std::string repr() const override;
    bool equals(const OpaqueObject& other) const override;

    // TARGETS[name] = fut: the harness wants to know.
    std::function<void(const Value&, const Value&)> on_set;

private:
    struct Entry {
        Value key, value;
        bool alive = true;
    };
    std::vector<Entry> entries_;
    std::unordered_map<Value, std::size_t, ValueHash, ValueEq> index_;
};

// ---- functions and classes ----------------------------------------------------------

struct Args {
    std::vector<Value> pos;
    std::vector<std::pair<Sym, Value>> kw;
};

class FunctionObj final : public Obj {
public:
    static constexpr OT kType = OT::Function;
    FunctionObj() : Obj(kType) {}
    std::shared_ptr<FuncDef> def;
    Ref<Frame> closure;             // where the def ran (null: the module)
    Frame* module = nullptr;
    std::vector<Value> defaults;    // one per parameter (None where it has none)
    std::string qualname;
    const class ClassObj* owner = nullptr;  // set for methods (super()); the class outlives its methods' calls
    std::string repr() const override;
};

class BoundMethodObj final : public Obj {
public:
    static constexpr OT kType = OT::BoundMethod;
    BoundMethodObj(Value s, Value f) : Obj(kType), self(std::move(s)), func(std::move(f)) {}
    Value self;
    Value func;
    std::string repr() const override;
};

// property, staticmethod and classmethod: a class attribute that is read
// through its descriptor (descrobject.c, funcobject.c). A property calls
// its getter on the instance (and its setter on assignment); a
// staticmethod is its function; a classmethod binds the class.
class DescriptorObj final : public Obj {
public:
    static constexpr OT kType = OT::Descriptor;
    enum class Kind : std::uint8_t { Property, StaticMethod, ClassMethod };
    DescriptorObj(Kind k, Value f) : Obj(kType), kind(k), fn(std::move(f)) {}
    Kind kind;
    Value fn;      // the function, or the property's getter
    Value setter;  // a property's setter (None: read-only)
    std::string repr() const override;
};

using BuiltinFn = Value (*)(Interp&, const Value& self, Args& args);

// A built-in function, or a built-in method bound to `self`.
class BuiltinObj final : public Obj {
public:
    static constexpr OT kType = OT::Builtin;
    BuiltinObj(std::string n, BuiltinFn f, Value s = {}) : Obj(kType), name(std::move(n)), fn(f), self(std::move(s)) {}
    std::string name;
    BuiltinFn fn;
    Value self;
    Sym method = 0;  // a method of an engine value: dispatched by name
    std::string repr() const override;
};

class ModuleObj final : public Obj {
public:
    static constexpr OT kType = OT::Module;
    explicit ModuleObj(std::string n) : Obj(kType), name(std::move(n)) {}
    std::string name;
    std::unordered_map<Sym, Value> attrs;
    void add(std::string_view n, Value v) { attrs[intern(n)] = std::move(v); }
    std::string repr() const override { return "<module '" + name + "'>"; }
};

// What a class is built on, for isinstance() and constructors.
enum class BuiltinType : std::uint8_t { None, NoneType, Object, Int, Float, Str, Bool, List, Tuple, Set, Dict, Exception, Future, Task, Type, Range, Function, Coroutine };

class ClassObj final : public Obj {
public:
    static constexpr OT kType = OT::Class;
    ClassObj() : Obj(kType) {}
    std::string name;
    std::string module = "builtins";
    std::vector<Ref<ClassObj>> bases;
    std::unordered_map<Sym, Value> dict;
    const ExceptionType* exc_type = nullptr;  // exception classes
    BuiltinType builtin = BuiltinType::None;  // built-in types
    BuiltinFn ctor = nullptr;                 // built-in types' constructor

    const Value* lookup(Sym s) const;  // the class, then its bases depth-first
    bool is_subclass_of(const ClassObj& other) const;
    std::string repr() const override;
};

class InstanceObj final : public Obj {
public:
    static constexpr OT kType = OT::Instance;
    explicit InstanceObj(Ref<ClassObj> c) : Obj(kType), cls(std::move(c)) {}
    Ref<ClassObj> cls;
    std::unordered_map<Sym, Value> attrs;
    std::string repr() const override;
    std::string str() const override;
    bool equals(const OpaqueObject& other) const override;
};

// ---- coroutine objects ----------------------------------------------------------

// What calling an `async def` gives: the frame, its arguments bound, not yet run.
class CoroutineObj final : public Obj {
public:
    static constexpr OT kType = OT::Coroutine;
    CoroutineObj() : Obj(kType) {}
    Ref<FunctionObj> func;
    Ref<Frame> frame;
    bool started = false;
    std::string repr() const override;
};

// What calling a generator function gives (a `def` with `yield`; an
// `async def` with one is an async generator). The body runs on its own
// Coro chain, resumed by next() or `async for`; `yield` suspends the chain
// and leaves its value here.
class GeneratorObj final : public Obj {
public:
    static constexpr OT kType = OT::Generator;
    GeneratorObj() : Obj(kType) {}
    ~GeneratorObj() override;  // a suspended generator is closed, as CPython's finalizer closes it
    Ref<FunctionObj> func;
    Ref<Frame> frame;
    std::unique_ptr<CoroutineBody> body;  // made at the first next()
    bool running = false;
    bool finished = false;
    bool has_yielded = false;  // the last suspension was a `yield` (not an await inside an async generator)
    Value yielded;
    std::string repr() const override;
};

// super(): the rest of the class hierarchy, bound to `self`.
class SuperObj final : public Obj {
public:
    static constexpr OT kType = OT::Super;
    SuperObj(const ClassObj* c, Value s) : Obj(kType), cls(c), self(std::move(s)) {}
    const ClassObj* cls;
    Value self;
    std::string repr() const override;
};

// A coroutine of the engine's asyncio (asyncio.sleep(1), asyncio.wait(...)).
class AioCoroObj final : public Obj {
public:
    static constexpr OT kType = OT::AioCoro;
    AioCoroObj(const char* n, Coro<Value> c) : Obj(kType), name(n), coro(std::move(c)) {}
    // asyncio.sleep(...): `await` runs it inline in the awaiting frame
    // (aio::SleepAwaiter), so the commonest await in asyncio code makes no
    // coroutine frame; anything else that needs it (a task) converts it.
    explicit AioCoroObj(aio::Sleep s) : Obj(kType), name("sleep"), sleep(std::move(s)) {}
    const char* name;  // a literal: asyncio's function names (one per sleep() call, so no string)
    Coro<Value> coro;
    std::optional<aio::Sleep> sleep;
    // Whether the coroutine was already awaited or made a task.
    [[nodiscard]] bool taken() const { return !coro && !sleep; }
    // The coroutine object, taken (a sleep becomes its `sleep` coroutine).
    Coro<Value> take() {
        if (sleep) {
            Coro<Value> c = std::move(*sleep);
            sleep.reset();
            return c;
        }
        return std::move(coro);
    }
    std::string repr() const override { return std::string("<coroutine object ") + name + ">"; }
};

class RangeObj final : public Obj {
public:
    static constexpr OT kType = OT::Range;
    RangeObj(std::int64_t a, std::int64_t b, std::int64_t s) : Obj(kType), start(a), stop(b), step(s) {}
    std::int64_t start, stop, step;
    [[nodiscard]] std::int64_t length() const;
    std::string repr() const override;
    bool equals(const OpaqueObject& other) const override;
};

// for-loop iteration over any iterable, without allocating for lists and ranges.
class Iterator {
public:
    Iterator() = default;
    explicit Iterator(const Value& iterable);  // raises TypeError if not iterable
    bool next(Value& out);

private:
    enum class Mode : std::uint8_t { Seq, Range, Snapshot, Str, Iter, Py } mode_ = Mode::Snapshot;
    Value seq_;
    std::size_t i_ = 0;
    std::int64_t cur_ = 0, stop_ = 0, step_ = 1;
    std::vector<Value> snap_;
};

class IteratorObj final : public Obj {
public:
    static constexpr OT kType = OT::Iterator;
    explicit IteratorObj(Iterator it) : Obj(kType), iter(std::move(it)) {}
    Iterator iter;
    std::string repr() const override { return "<iterator object>"; }
};

// ---- asyncio objects ----------------------------------------------------------------

class EventObj final : public Obj {
public:
    static constexpr OT kType = OT::Event;
    EventObj() : Obj(kType), event(new aio::Event) {}
    Ref<aio::Event> event;
    std::string repr() const override {
        return std::string("<asyncio.locks.Event object [") + (event->is_set() ? "set" : "unset") + "]>";
    }
};

class TaskGroupObj final : public Obj {
public:
    static constexpr OT kType = OT::TaskGroup;
    TaskGroupObj() : Obj(kType), group(new aio::TaskGroup) {}
    Ref<aio::TaskGroup> group;
    std::string repr() const override { return "<TaskGroup>"; }
};

class TimeoutObj final : public Obj {
public:
    static constexpr OT kType = OT::Timeout;
    TimeoutObj(std::optional<double> w, bool at) : Obj(kType), when(w), absolute(at) {}
    std::optional<double> when;
    bool absolute;
    std::string repr() const override { return "<Timeout>"; }
};

class LoopObj final : public Obj {
public:
    static constexpr OT kType = OT::Loop;
    explicit LoopObj(Loop* l) : Obj(kType), loop(l) {}
    Loop* loop;
    bool closed = false;
    std::string repr() const override {
        return std::string("<_UnixSelectorEventLoop running=False closed=") + (closed ? "True" : "False") + " debug=False>";
    }
};

// typing.Optional and friends: accepted, subscriptable, never checked.
class TypingObj final : public Obj {
public:
    static constexpr OT kType = OT::Typing;
    explicit TypingObj(std::string n) : Obj(kType), name(std::move(n)) {}
    std::string name;
    std::string repr() const override { return "typing." + name; }
};

// Iteration over Python-level iterators (generators, objects with __iter__
// and __next__), which runs interpreted code: interp.cpp implements these.
// py_iter returns the iterator for `v`, or nothing when `v` is not one of them.
std::optional<Value> py_iter(const Value& v);
// iter(v): that iterator, else a built-in one over v (TypeError if v is not iterable).
Value iter_object(const Value& v);
bool py_next(const Value& it, Value& out);  // false once exhausted (StopIteration)
void close_generator(GeneratorObj& g);     // gen.close(): GeneratorExit at the yield

// ---- small helpers -----------------------------------------------------------

std::string type_name(const Value& v);
inline Value none() { return {}; }

}  // namespace loopscope::py
