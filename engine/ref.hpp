// Intrusive, single-threaded reference counting for engine objects.
//
// Why intrusive: futures, tasks, handles and exceptions are shared the way
// CPython shares objects (a task is held by the loop's ready queue, by the
// gather that waits for it and by the scenario). A counter inside the object
// keeps a reference one pointer wide and lets a raw `this` become a Ref again,
// which callbacks need. The engine is single-threaded, so the count is plain.
#pragma once

#include <cstdint>
#include <utility>

#include "engine/pool.hpp"

namespace loopscope {

class RefCounted {
public:
    RefCounted() = default;
    RefCounted(const RefCounted&) = delete;
    RefCounted& operator=(const RefCounted&) = delete;
    virtual ~RefCounted() = default;

    // Engine objects live in the small-object pools (engine/pool.hpp). The
    // sized delete gets the dynamic type's size through the virtual destructor.
    static void* operator new(std::size_t size) { return pool::allocate(size); }
    static void operator delete(void* ptr, std::size_t size) noexcept { pool::release(ptr, size); }

    void add_ref() const noexcept { ++refs_; }
    void release() const noexcept {
        if (--refs_ == 0) destroy(this);
    }
    [[nodiscard]] std::uint32_t ref_count() const noexcept { return refs_; }

private:
    // delete, with the C++ stack kept flat: freeing an object frees what it
    // holds, and data can nest a million deep (x = [x] in a loop); the free
    // goes through engine/teardown.hpp, which bounds the nesting.
    static void destroy(const RefCounted* obj) noexcept;

    mutable std::uint32_t refs_ = 0;
};

template <class T>
class Ref {
public:
    Ref() noexcept = default;
    Ref(std::nullptr_t) noexcept {}
    explicit Ref(T* raw) noexcept : ptr_(raw) {
        if (ptr_) ptr_->add_ref();
    }
    Ref(const Ref& other) noexcept : ptr_(other.ptr_) {
        if (ptr_) ptr_->add_ref();
    }
    Ref(Ref&& other) noexcept : ptr_(std::exchange(other.ptr_, nullptr)) {}
    template <class U>
    Ref(const Ref<U>& other) noexcept : ptr_(other.get()) {
        if (ptr_) ptr_->add_ref();
    }
    template <class U>
    Ref(Ref<U>&& other) noexcept : ptr_(other.detach()) {}
    ~Ref() {
        if (ptr_) ptr_->release();
    }
    // Separate copy and move assignments (not one by-value operator=): a
    // move is then one exchange, with no temporary to construct and destroy,
    // which the timer heap's sifts do millions of times.
    Ref& operator=(const Ref& other) noexcept {
        if (other.ptr_) other.ptr_->add_ref();
        reset_to(other.ptr_);
        return *this;
    }
    Ref& operator=(Ref&& other) noexcept {
        reset_to(other.detach());
        return *this;
    }

    [[nodiscard]] T* get() const noexcept { return ptr_; }
    T* operator->() const noexcept { return ptr_; }
    T& operator*() const noexcept { return *ptr_; }
    explicit operator bool() const noexcept { return ptr_ != nullptr; }
    T* detach() noexcept { return std::exchange(ptr_, nullptr); }

    friend bool operator==(const Ref& a, const Ref& b) noexcept { return a.ptr_ == b.ptr_; }
    friend bool operator==(const Ref& a, std::nullptr_t) noexcept { return a.ptr_ == nullptr; }

private:
    // Takes `p` (already counted for us) and drops the reference held before.
    void reset_to(T* p) noexcept {
        T* old = std::exchange(ptr_, p);
        if (old) old->release();
    }
    T* ptr_ = nullptr;
};

template <class T, class... Args>
Ref<T> make_ref(Args&&... args) {
    return Ref<T>(new T(std::forward<Args>(args)...));
}

}  // namespace loopscope
