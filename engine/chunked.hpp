// Append-only storage for the trace: ChunkedVector and StringTable, and the
// index iterator that ChunkedVector and TraceEvents share.
//
// A million-task trace holds ten million events. In a std::vector every
// doubling copies all of them and briefly needs three times their size; here
// elements live in fixed-size chunks, so appending never moves anything and
// references stay valid. Both types read like the vectors they replace
// (size, operator[], push_back, range-for), so trace readers need no change.
#pragma once

#include <compare>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace loopscope {

// A random-access iterator over any container read by index, `(*owner)[i]`.
// `Reference` is what that returns: a real reference (ChunkedVector), or a
// value (TraceEvents, whose events are rebuilt on reading), in which case
// operator-> hands out a proxy that holds the value.
template <class Owner, class Value, class Reference>
class IndexIterator {
    struct Arrow {
        Value value;
        const Value* operator->() const noexcept { return &value; }
    };

public:
    using iterator_category = std::random_access_iterator_tag;
    using value_type = Value;
    using difference_type = std::ptrdiff_t;
    using reference = Reference;
    using pointer = std::conditional_t<std::is_reference_v<Reference>, std::remove_reference_t<Reference>*, Arrow>;

    IndexIterator() = default;
    IndexIterator(Owner* v, std::size_t i) : v_(v), i_(i) {}
    reference operator*() const { return (*v_)[i_]; }
    pointer operator->() const {
        if constexpr (std::is_reference_v<Reference>) {
            return &(*v_)[i_];
        } else {
            return Arrow{(*v_)[i_]};
        }
    }
    reference operator[](difference_type d) const { return (*v_)[i_ + static_cast<std::size_t>(d)]; }
    IndexIterator& operator++() { ++i_; return *this; }
    IndexIterator operator++(int) { IndexIterator t = *this; ++i_; return t; }
    IndexIterator& operator--() { --i_; return *this; }
    IndexIterator operator--(int) { IndexIterator t = *this; --i_; return t; }
    IndexIterator& operator+=(difference_type d) { i_ += static_cast<std::size_t>(d); return *this; }
    IndexIterator& operator-=(difference_type d) { i_ -= static_cast<std::size_t>(d); return *this; }
    friend IndexIterator operator+(IndexIterator a, difference_type d) { return a += d; }
    friend IndexIterator operator+(difference_type d, IndexIterator a) { return a += d; }
    friend IndexIterator operator-(IndexIterator a, difference_type d) { return a -= d; }
    friend difference_type operator-(const IndexIterator& a, const IndexIterator& b) {
        return static_cast<difference_type>(a.i_) - static_cast<difference_type>(b.i_);
    }
    friend bool operator==(const IndexIterator& a, const IndexIterator& b) { return a.i_ == b.i_; }
    friend auto operator<=>(const IndexIterator& a, const IndexIterator& b) { return a.i_ <=> b.i_; }

private:
    Owner* v_ = nullptr;
    std::size_t i_ = 0;
};

template <class T, unsigned kChunkBits = 14>
class ChunkedVector {
    static constexpr std::size_t kChunk = std::size_t{1} << kChunkBits;
    static constexpr std::size_t kMask = kChunk - 1;

public:
    template <bool Const>
    using Iter = IndexIterator<std::conditional_t<Const, const ChunkedVector, ChunkedVector>, T,
                               std::conditional_t<Const, const T&, T&>>;
    using iterator = Iter<false>;
    using const_iterator = Iter<true>;
    using value_type = T;
    using size_type = std::size_t;
    using reference = T&;
    using const_reference = const T&;

    ChunkedVector() = default;
    ChunkedVector(ChunkedVector&&) noexcept = default;
    ChunkedVector& operator=(ChunkedVector&&) noexcept = default;
    ChunkedVector(const ChunkedVector& other) { *this = other; }
    ChunkedVector& operator=(const ChunkedVector& other) {
        if (this == &other) return *this;
        clear();
        for (const T& x : other) push_back(x);
        return *this;
    }

    [[nodiscard]] std::size_t size() const noexcept { return size_; }
    [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
    T& operator[](std::size_t i) noexcept { return chunks_[i >> kChunkBits][i & kMask]; }
    const T& operator[](std::size_t i) const noexcept { return chunks_[i >> kChunkBits][i & kMask]; }
    T& back() noexcept { return (*this)[size_ - 1]; }
    const T& back() const noexcept { return (*this)[size_ - 1]; }
    T& front() noexcept { return (*this)[0]; }
    const T& front() const noexcept { return (*this)[0]; }

    void push_back(const T& x) { emplace_back(x); }
    template <class... Args>
    T& emplace_back(Args&&... args) {
        if ((size_ & kMask) == 0 && (size_ >> kChunkBits) == chunks_.size()) chunks_.emplace_back(new T[kChunk]);
        T& slot = (*this)[size_++];
        slot = T{std::forward<Args>(args)...};
        return slot;
    }
    // Grows with value-initialised elements (shrinking is not needed).
    void resize(std::size_t n) {
        while (size_ < n) emplace_back();
    }
    void clear() noexcept {
        chunks_.clear();
        size_ = 0;
    }

    iterator begin() noexcept { return {this, 0}; }
    iterator end() noexcept { return {this, size_}; }
    const_iterator begin() const noexcept { return {this, 0}; }
    const_iterator end() const noexcept { return {this, size_}; }

private:
    std::vector<std::unique_ptr<T[]>> chunks_;
    std::size_t size_ = 0;
};

// The trace's strings: each is stored once in a chunked character arena,
// addressed by its index. str(i) views are valid as long as the table.
class StringTable {
public:
    StringTable() = default;
    StringTable(StringTable&& other) noexcept { *this = std::move(other); }
    StringTable& operator=(StringTable&& other) noexcept {
        blocks_ = std::move(other.blocks_);
        starts_ = std::move(other.starts_);
        cursor_ = std::exchange(other.cursor_, nullptr);
        free_ = std::exchange(other.free_, 0);
        other.clear();
        return *this;
    }
    StringTable(const StringTable& other) { *this = other; }
    StringTable& operator=(const StringTable& other) {
        if (this == &other) return *this;
        clear();
        for (std::size_t i = 0; i < other.size(); ++i) push_back(other[i]);
        return *this;
    }

    [[nodiscard]] std::size_t size() const noexcept { return starts_.size(); }
    [[nodiscard]] bool empty() const noexcept { return starts_.empty(); }
    std::string_view operator[](std::size_t i) const noexcept {
        const std::uint32_t at = starts_[i];
        const char* p = blocks_[at >> kOffsetBits].get() + (at & kOffsetMask);
        std::uint32_t n;
        std::memcpy(&n, p, sizeof n);
        return {p + sizeof n, n};
    }
    // Appends a string (no de-duplication; the recorder interns) and returns its index.
    std::uint32_t push_back(std::string_view s) {
        const std::size_t need = sizeof(std::uint32_t) + s.size();
        if (free_ < need) {
            if (blocks_.size() == kMaxBlocks) throw std::length_error("the trace's strings outgrew 4 GiB");
            const std::size_t block = need > kBlock ? need : kBlock;
            blocks_.emplace_back(new char[block]);
            cursor_ = blocks_.back().get();
            free_ = block;
        }
        const auto n = static_cast<std::uint32_t>(s.size());
        std::memcpy(cursor_, &n, sizeof n);
        if (!s.empty()) std::memcpy(cursor_ + sizeof n, s.data(), s.size());
        // A block bigger than kBlock holds one string, at offset 0.
        const auto offset = static_cast<std::uint32_t>(cursor_ - blocks_.back().get());
        starts_.push_back(static_cast<std::uint32_t>(blocks_.size() - 1) << kOffsetBits | offset);
        cursor_ += need;
        free_ -= need;
        return static_cast<std::uint32_t>(starts_.size() - 1);
    }
    void clear() noexcept {
        blocks_.clear();
        starts_.clear();
        cursor_ = nullptr;
        free_ = 0;
    }

private:
    // A string's place is (block, offset) in 32 bits rather than a pointer:
    // a million-task trace holds two million strings.
    static constexpr unsigned kOffsetBits = 18;
    static constexpr std::size_t kBlock = std::size_t{1} << kOffsetBits;  // 256 KiB
    static constexpr std::uint32_t kOffsetMask = (std::uint32_t{1} << kOffsetBits) - 1;
    static constexpr std::size_t kMaxBlocks = std::size_t{1} << (32 - kOffsetBits);
    std::vector<std::unique_ptr<char[]>> blocks_;
    ChunkedVector<std::uint32_t> starts_;
    char* cursor_ = nullptr;
    std::size_t free_ = 0;
};

}  // namespace loopscope
