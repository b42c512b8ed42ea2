#include "engine/callback_kind.hpp"

#include <array>
#include <atomic>

namespace loopscope {

namespace {
// A few dozen bind<> instantiations exist in the whole program: a flat
// array, scanned, is all the lookup needs. Entries are only ever added.
struct Registered {
    std::atomic<CallbackFn> fn{nullptr};
    CallbackKindEntry entry;
};
constexpr std::size_t kMaxRegistered = 128;
std::array<Registered, kMaxRegistered> registered;
std::atomic<std::size_t> registered_count{0};
}  // namespace

bool register_callback_kind(CallbackFn fn, CallbackKind kind, CallbackNamer namer, CallbackTargeter targeter) {
    const std::size_t i = registered_count.fetch_add(1);
    if (i >= kMaxRegistered) return false;  // the lookup then answers Unknown for it
    registered[i].entry = {kind, namer, targeter};
    registered[i].fn.store(fn, std::memory_order_release);
    return true;
}

CallbackKindEntry callback_kind_of(CallbackFn fn) noexcept {
    const std::size_t n = std::min(registered_count.load(std::memory_order_acquire), kMaxRegistered);
    for (std::size_t i = 0; i < n; ++i)
        if (registered[i].fn.load(std::memory_order_acquire) == fn) return registered[i].entry;
    return {};
}

}  // namespace loopscope
