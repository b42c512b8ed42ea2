// Python's functools (Lib/functools.py) as asyncio examples use it:
// partial, above all to hand a loop callback its arguments
// (loop.call_soon(partial(cb, x)), fut.add_done_callback(partial(...))), and
// reduce. A partial is a built-in bound to [func, args, keywords], so that
// the loop's trace names it by its function, as CPython's harness does.
#include <string>
#include <utility>

#include "engine/py/interp.hpp"

namespace loopscope::py {

namespace {

#define FTFN(name) Value name([[maybe_unused]] Interp& in, [[maybe_unused]] const Value& self, [[maybe_unused]] Args& a)

// partial(...)(*more, **kw): func(*args, *more, **keywords | kw).
FTFN(call_partial) {
    const std::vector<Value>& parts = self.items();
    Args call;
    call.pos = parts[1].items();
    call.pos.insert(call.pos.end(), a.pos.begin(), a.pos.end());
    for (const Value& kv : parts[2].items()) {
        const Sym name = intern(kv.items()[0].as_str());
        bool overridden = false;
        for (const auto& [k, v] : a.kw) overridden = overridden || k == name;
        if (!overridden) call.kw.emplace_back(name, kv.items()[1]);
    }
    call.kw.insert(call.kw.end(), a.kw.begin(), a.kw.end());
    return in.call(parts[0], call);
}

FTFN(f_partial) {
    if (a.pos.empty()) raise(exc_types::TypeError, "type 'partial' takes at least one argument");
    const Value& func = a.pos[0];
    if (!(as<FunctionObj>(func) || as<BuiltinObj>(func) || as<BoundMethodObj>(func) || as<ClassObj>(func)))
        raise(exc_types::TypeError, "the first argument must be callable");
    std::vector<Value> args(a.pos.begin() + 1, a.pos.end());
    std::vector<Value> keywords;
    for (const auto& [k, v] : a.kw) keywords.push_back(Value::list({Value(sym_name(k)), v}));
    // partial(partial(f, 1), 2) is partial(f, 1, 2), as functools flattens it.
    if (const BuiltinObj* inner = as<BuiltinObj>(func); inner != nullptr && inner->fn == call_partial) {
        const std::vector<Value>& parts = inner->self.items();
        std::vector<Value> flat = parts[1].items();
        flat.insert(flat.end(), args.begin(), args.end());
        std::vector<Value> kw = parts[2].items();
        kw.insert(kw.end(), keywords.begin(), keywords.end());
        return obj_value(new BuiltinObj("partial", call_partial,
                                        Value::list({parts[0], Value::list(std::move(flat)), Value::list(std::move(kw))})));
    }
    return obj_value(new BuiltinObj("partial", call_partial,
                                    Value::list({func, Value::list(std::move(args)), Value::list(std::move(keywords))})));
}

// reduce(function, iterable[, initial]).
FTFN(f_reduce) {
    if (a.pos.size() < 2 || a.pos.size() > 3 || !a.kw.empty())
        raise(exc_types::TypeError, "reduce expected at least 2 arguments, got " + std::to_string(a.pos.size()));
    Iterator it(a.pos[1]);
    Value acc, v;
    if (a.pos.size() == 3) {
        acc = a.pos[2];
    } else if (!it.next(acc)) {
        raise(exc_types::TypeError, "reduce() of empty iterable with no initial value");
    }
    while (it.next(v)) {
        in.count_step();
        Args pair;
        pair.pos = {acc, v};
        acc = in.call(a.pos[0], pair);
    }
    return acc;
}

}  // namespace

bool is_partial(const Value& v) {
    const BuiltinObj* b = as<BuiltinObj>(v);
    return b != nullptr && b->fn == call_partial;
}

const Value& partial_func(const Value& v) { return as<BuiltinObj>(v)->self.items()[0]; }
const std::vector<Value>& partial_args(const Value& v) { return as<BuiltinObj>(v)->self.items()[1].items(); }

void install_functools_module(std::unordered_map<std::string, Value>& modules) {
    auto* functools = new ModuleObj("functools");
    modules["functools"] = obj_value(functools);
    functools->add("partial", obj_value(new BuiltinObj("partial", f_partial)));
    functools->add("reduce", obj_value(new BuiltinObj("reduce", f_reduce)));
}

}  // namespace loopscope::py
