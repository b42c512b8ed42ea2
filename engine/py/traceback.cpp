// Tracebacks of uncaught exceptions, in the format vscript.py prints on
// CPython from traceback.extract_tb (frames of the script's own file only):
//
//     Traceback (most recent call last):
//       File "NAME.py", line N, in FUNC
//         <the source line, stripped>
//     ExcType: message
//
// CPython adds a traceback entry each time an exception is raised in a frame
// (PyTraceBack_Here): when a `raise` runs there, or when a call made there
// fails; a bare `raise` and the implicit re-raise at the end of `finally` or
// `with` add none. The entry's line is where the frame was. The interpreter
// notes the same events (note_frame) where it sees them: at an explicit
// `raise`, when a try or with statement catches, and when an exception
// leaves a function, a coroutine, a generator or the module.
//
// One known difference: CPython stores a future's exception with the
// traceback it had then and re-raises it from there each time it is awaited;
// here entries accumulate on the exception object, so an exception awaited
// twice shows both awaits.
#include <sstream>

#include "engine/py/interp.hpp"

namespace loopscope::py {

namespace {

struct TracebackObj final : Obj {
    static constexpr OT kType = OT::Traceback;
    TracebackObj() : Obj(kType) {}
    struct Entry {
        int line;
        std::string name;
        bool in_script;
    };
    std::vector<Entry> entries;  // innermost first
    const Frame* head = nullptr;  // the frame of the last entry
    std::string repr() const override { return "<traceback object>"; }
};

// The traceback lives in the exception's attribute dict under a key no
// attribute name can be (an int).
const Value& tb_key() {
    static const Value key(std::int64_t{-1});
    return key;
}

TracebackObj* traceback_of(const Exc& e, bool create) {
    DictObj* attrs = exception_attrs(e, create);
    if (attrs == nullptr) return nullptr;
    if (const Value* v = attrs->get(tb_key())) return static_cast<TracebackObj*>(v->object());
    if (!create) return nullptr;
    auto* tb = new TracebackObj;
    attrs->set(tb_key(), obj_value(tb));
    return tb;
}

// Python's co_name: the function's name, `<module>` at the top level, the
// class name in a class body, `<lambda>` for lambdas.
std::string frame_name(const Frame& f, const std::string& class_name) {
    if (f.kind == Frame::Kind::Module) return "<module>";
    if (f.kind == Frame::Kind::Class) return class_name;
    return f.def != nullptr ? f.def->name : "<module>";
}

std::string strip(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r\f\v");
    if (b == std::string::npos) return "";
    const auto e = s.find_last_not_of(" \t\r\f\v");
    return s.substr(b, e - b + 1);
}

std::string source_line(const std::string& source, int line) {
    std::istringstream in(source);
    std::string text;
    for (int i = 1; std::getline(in, text); ++i)
        if (i == line) return strip(text);
    return "";
}

// traceback.format_exception_only's type name: the module is shown unless
// it is __main__ or builtins.
std::string exception_type_name(Interp& in, const Exc& e) {
    const std::string name(e->type().name);
    if (name == "CancelledError" || name == "InvalidStateError") return "asyncio.exceptions." + name;
    Ref<ClassObj> cls = in.class_of_exception(e->type());
    if (cls->module != "__main__" && cls->module != "builtins") return cls->module + "." + name;
    return name;
}

}  // namespace

void Interp::note_frame(const Exc& e, Frame& f, int line, bool explicit_raise) {
    Frame* fr = &f;
    while (fr->kind == Frame::Kind::Comprehension && fr->parent) fr = fr->parent.get();
    TracebackObj* tb = traceback_of(e, true);
    if (!explicit_raise && tb->head == fr) return;
    tb->entries.push_back({line, frame_name(*fr, ""), fr->module == globals_.get()});
    tb->head = fr;
}

std::vector<std::string> Interp::format_traceback(const Exc& e, const std::string& source) {
    std::vector<std::string> out;
    const TracebackObj* tb = traceback_of(e, false);
    const std::string file = module_.filename.substr(module_.filename.find_last_of('/') + 1);
    bool any = false;
    if (tb != nullptr) {
        for (auto it = tb->entries.rbegin(); it != tb->entries.rend(); ++it) {
            if (!it->in_script) continue;
            if (!any) out.emplace_back("Traceback (most recent call last):");
            any = true;
            out.push_back("  File \"" + file + "\", line " + std::to_string(it->line) + ", in " + it->name);
            std::string text = source_line(source, it->line);
            if (!text.empty()) out.push_back("    " + text);
        }
    }
    if (!any) out.emplace_back("Traceback (most recent call last):");
    const std::string type = exception_type_name(*this, e);
    std::string message;
    try {
        message = to_str(Value(e));
    } catch (PyError&) {
        message = "<exception str() failed>";
    }
    out.push_back(message.empty() ? type : type + ": " + message);
    return out;
}

}  // namespace loopscope::py
