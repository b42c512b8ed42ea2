// Python functions as event-loop callbacks (callbacks.cpp): the methods the
// builtins register on futures, loops and handles.
#pragma once

#include "engine/handle.hpp"
#include "engine/py/interp.hpp"

namespace loopscope::py {

// What loop.call_soon / call_later / call_at return (asyncio.Handle, TimerHandle).
class HandleObj final : public Obj {
public:
    static constexpr OT kType = OT::Handle;
    HandleObj(Ref<Handle> h, bool t) : Obj(kType), handle(std::move(h)), timer(t) {}
    Ref<Handle> handle;
    bool timer;
    std::string repr() const override;
};

Value fut_add_done_callback(Interp& in, const Value& self, Args& a);
Value fut_remove_done_callback(Interp& in, const Value& self, Args& a);
Value loop_call_soon(Interp& in, const Value& self, Args& a);
Value loop_call_later(Interp& in, const Value& self, Args& a);
Value loop_call_at(Interp& in, const Value& self, Args& a);
Value handle_cancel(Interp& in, const Value& self, Args& a);
Value handle_cancelled(Interp& in, const Value& self, Args& a);
Value handle_when(Interp& in, const Value& self, Args& a);

}  // namespace loopscope::py
