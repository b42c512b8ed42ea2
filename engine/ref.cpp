#include "engine/ref.hpp"

#include "engine/teardown.hpp"

namespace loopscope {

void RefCounted::destroy(const RefCounted* obj) noexcept {
    teardown::run([](void* p) noexcept { delete static_cast<const RefCounted*>(p); }, const_cast<RefCounted*>(obj));
}

}  // namespace loopscope
