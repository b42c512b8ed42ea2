#include <unordered_map>

#include "engine/asyncio.hpp"
#include "engine/identity_map.hpp"

namespace loopscope::aio {

namespace {

// tasks._GatheringFuture: cancelling it cancels the children; if any child
// accepted, the gather will end with CancelledError whatever
// return_exceptions says (bpo-32684).
class GatheringFuture final : public Future {
public:
    GatheringFuture(Loop& loop, std::vector<Ref<Future>> children)
        : Future(loop, FutureKind::Gathering), children_(std::move(children)) {}

    bool cancel(Value msg) override {
        if (done()) return false;
        if (Observer* obs = loop().observer()) obs->cancel_requested(*this, loop().current_task(), msg);
        bool ret = false;
        const CancelCauseScope passed_on(loop(), {CancelCause::Kind::Group, id(), {}});
        for (const Ref<Future>& child : children_)
            if (child->cancel(msg)) ret = true;
        if (ret) cancel_requested_ = true;
        return ret;
    }

    const std::vector<Ref<Future>>& children() const noexcept { return children_; }
    bool cancel_requested() const noexcept { return cancel_requested_; }

    // The children's done-callback, gather's nested _done_callback.
    void child_done(const Value& arg) {
        Ref<Future> fut = arg.as_future();
        ++nfinished_;
        if (done()) {
            if (!fut->cancelled()) fut->exception();  // mark exception retrieved
            return;
        }
        if (!return_exceptions_) {
            if (fut->cancelled()) {
                // Checked first: exception() would raise CancelledError.
                set_exception(fut->make_cancelled_error());
                return;
            }
            Exc exc = fut->exception();
            if (exc) {
                set_exception(std::move(exc));
                return;
            }
        }
        if (nfinished_ == nfuts_) {
            std::vector<Value> results;
            results.reserve(children_.size());
            for (const Ref<Future>& child : children_) {
                if (child->cancelled()) {
                    const Value& m = child->cancel_message();
                    results.emplace_back(Exc(new ExceptionObject(
                        exc_types::CancelledError, {m.is_none() ? Value(std::string()) : m})));
                } else if (Exc e = child->exception()) {
                    results.emplace_back(std::move(e));
                } else {
                    results.push_back(child->result());
                }
            }
            if (cancel_requested_) {
                // `fut` is the last child to finish, as in CPython.
                set_exception(fut->make_cancelled_error());
            } else {
                set_result(Value::list(std::move(results)));
            }
        }
    }

    std::size_t nfuts_ = 0;
    std::size_t nfinished_ = 0;
    bool return_exceptions_ = false;

private:
    std::vector<Ref<Future>> children_;
    bool cancel_requested_ = false;
};

}  // namespace

Ref<Future> gather(std::vector<Awaitable> arguments, bool return_exceptions) {
    // A parameter of a call inside `co_await gather(...)` lives as long as the
    // await, the whole gather: 16 bytes per argument for nothing. The local
    // goes when gather() returns.
    std::vector<Awaitable> aws = std::move(arguments);
    Loop& loop = get_running_loop();
    if (aws.empty()) {
        Ref<Future> outer = loop.create_future();
        outer->set_result(Value::list());
        return outer;
    }
    // ensure_future each argument once; a repeated future is one child that
    // fills several result slots.
    std::vector<Ref<Future>> children;
    std::vector<Ref<Future>> distinct;
    IdentityMap<Ref<Future>> arg_to_fut(aws.size());
    children.reserve(aws.size());
    for (Awaitable& aw : aws) {
        const Future* identity = aw.future_identity();
        if (identity != nullptr) {
            if (Ref<Future>* known = arg_to_fut.find(identity)) {
                children.push_back(*known);
                continue;
            }
        }
        Ref<Future> fut = aw.ensure_future();
        if (identity != nullptr) arg_to_fut.insert(identity, fut);
        distinct.push_back(fut);
        children.push_back(std::move(fut));
    }
    Ref<GatheringFuture> outer(new GatheringFuture(loop, children));
    outer->nfuts_ = distinct.size();
    outer->return_exceptions_ = return_exceptions;
    // 3.12: children already done are processed right after the outer future
    // exists; the others get the done-callback.
    std::vector<Ref<Future>> done_futs;
    for (const Ref<Future>& fut : distinct) {
        if (fut->done()) {
            done_futs.push_back(fut);
        } else {
            fut->add_done_callback(bind<&GatheringFuture::child_done, CallbackKind::GatherDone>(outer.get()));
        }
    }
    if (Observer* obs = loop.observer()) {
        std::vector<const Future*> kids;
        kids.reserve(children.size());
        for (const Ref<Future>& c : children) kids.push_back(c.get());
        GroupInfo info;
        info.kind = GroupInfo::Kind::Gather;
        info.return_exceptions = return_exceptions;
        obs->group_created(*outer, kids, info);
    }
    for (const Ref<Future>& fut : done_futs) outer->child_done(Value(fut));
    return outer;
}

Ref<Future> gather(const std::vector<Ref<Future>>& futures, bool return_exceptions) {
    return gather(std::vector<Awaitable>(futures.begin(), futures.end()), return_exceptions);
}

}  // namespace loopscope::aio
