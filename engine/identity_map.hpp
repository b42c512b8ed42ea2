// IdentityMap: a map keyed by object identity (a pointer), for gather()'s
// "each argument once" bookkeeping.
//
// gather(*[w(i) for i in range(10**6)]) checks a million arguments; a
// std::unordered_map would make a node (a malloc) per argument. This is open
// addressing over one array sized up front: no allocation per entry.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace loopscope {

template <class V>
class IdentityMap {
public:
    // Room for `n` keys without growing.
    explicit IdentityMap(std::size_t n) {
        std::size_t cap = 16;
        while (cap < 2 * n) cap *= 2;
        slots_.resize(cap);
    }

    // The value stored for `key`, or nullptr.
    V* find(const void* key) {
        for (std::size_t i = first_slot(key);; i = (i + 1) & (slots_.size() - 1)) {
            Slot& s = slots_[i];
            if (s.key == key) return &s.value;
            if (s.key == nullptr) return nullptr;
        }
    }

    // Stores `value` for a key not yet present (`key` must not be null).
    void insert(const void* key, V value) {
        if (2 * (used_ + 1) > slots_.size()) grow();
        place(key, std::move(value));
    }

private:
    struct Slot {
        const void* key = nullptr;
        V value{};
    };

    [[nodiscard]] std::size_t first_slot(const void* key) const {
        // Objects are 16-byte aligned and gather's arguments were mostly
        // made one after another from the same pool slabs, so nearby
        // addresses take nearby slots: a million inserts walk the table
        // almost in order instead of missing the cache at every one. The
        // second term spreads objects at equal offsets in different 64 KiB
        // slabs apart.
        const auto p = static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(key));
        return static_cast<std::size_t>((p >> 4) ^ (p >> 16) * 0x9E3779B1ULL) & (slots_.size() - 1);
    }

    void place(const void* key, V value) {
        std::size_t i = first_slot(key);
        while (slots_[i].key != nullptr) i = (i + 1) & (slots_.size() - 1);
        slots_[i].key = key;
        slots_[i].value = std::move(value);
        ++used_;
    }

    void grow() {
        std::vector<Slot> old = std::move(slots_);
        slots_.assign(old.size() * 2, Slot{});
        used_ = 0;
        for (Slot& s : old)
            if (s.key != nullptr) place(s.key, std::move(s.value));
    }

    std::vector<Slot> slots_;
    std::size_t used_ = 0;
};

}  // namespace loopscope
