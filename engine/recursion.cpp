#include "engine/recursion.hpp"

#include <pthread.h>

#include <algorithm>
#include <string>
#include <vector>

#include "engine/exception.hpp"

namespace loopscope::recursion {

namespace {
// Room kept below the last checked level: what one level's C++ frames may
// use before the next check (a Python call is a dozen frames, a builtin such
// as sorted() or a traceback's formatting a few more), with a sanitizer's
// frames several times larger.
constexpr std::uintptr_t kStackMargin = std::uintptr_t{1} << 20;

std::uintptr_t find_stack_floor() noexcept {
    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) != 0) return 1;
    void* low = nullptr;
    std::size_t size = 0;
    const int rc = pthread_attr_getstack(&attr, &low, &size);
    pthread_attr_destroy(&attr);
    if (rc != 0 || low == nullptr) return 1;
    const auto base = reinterpret_cast<std::uintptr_t>(low);
    // A small stack still gets half of itself before the guard.
    return base + std::min<std::uintptr_t>(kStackMargin, size / 2);
}

thread_local std::vector<const void*> g_repr_stack;
}  // namespace

State& state() noexcept {
    thread_local State s;
    return s;
}

bool stack_ok() noexcept {
    State& s = state();
    if (s.stack_floor == 0) s.stack_floor = find_stack_floor();
    // The frame address, not a local's: a sanitizer may keep locals on a heap "fake stack".
    return reinterpret_cast<std::uintptr_t>(__builtin_frame_address(0)) > s.stack_floor;
}

bool chain_stack_ok(std::uintptr_t chain_start) noexcept {
    if (!stack_ok()) return false;
    const auto here = reinterpret_cast<std::uintptr_t>(__builtin_frame_address(0));
    const std::uintptr_t used = chain_start > here ? chain_start - here : 0;
    return here - state().stack_floor > 2 * used;
}

void raise_error(const char* where) { raise(exc_types::RecursionError, std::string("maximum recursion depth exceeded") + where); }

ReprGuard::ReprGuard(const void* container) {
    entered_ = std::find(g_repr_stack.begin(), g_repr_stack.end(), container) == g_repr_stack.end();
    if (entered_) g_repr_stack.push_back(container);
}

ReprGuard::~ReprGuard() {
    if (entered_) g_repr_stack.pop_back();
}

}  // namespace loopscope::recursion
