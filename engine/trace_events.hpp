// The trace's events: what one event says, and how ten million of them are kept.
//
// An event is read as a TraceEvent (time, kind, flag, subject, other, text)
// but stored in 12 bytes instead of 24.
// - The time: a pass of the loop runs at one virtual time, so events come in
//   runs of equal times (a million-task run records ten million events at
//   about two million distinct times). Each distinct time is kept once, in
//   order; an event keeps only which run it belongs to, counted from its
//   block's first run (a block is 512 events).
// - other and text: no event kind needs both as full numbers. One of them is
//   the event's payload, the other has its usual value (0, kNoString) or is
//   small (a StepEnd's line, a cancel's requester). An event that fits no
//   such shape (a message of a cancel from a task past the 65535th, say)
//   keeps both, and its flag, in a side list.
// Reading an event is a few indexed loads and shifts, and gives back exactly
// what was recorded, the time bit for bit.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/chunked.hpp"

namespace loopscope {

enum class EventKind : std::uint8_t {
    TaskCreated,      // subject = task, other = creator task (0: the loop)
    StepBegin,        // subject = task, text = repr of the thrown exception (or empty)
    StepEnd,          // subject = task, other = awaited future (0: none), flag = 1 if bare yield,
                      // text = the .py line it is suspended at (a number, not a string index)
    FutureDone,       // subject = future, flag = FutureState, text = result/exception repr
                      // (a small int result as the number itself: Trace::text)
    CancelRequested,  // subject = target future, other = index in Trace::cancels (who, why), text = msg repr
    GroupCreated,     // subject = group future, other = index in Trace::groups (children, options)
    GroupFinished,    // subject = group future, other = index in Trace::groups, flag = GroupEnd
    Printed,          // text = the printed line (subject = the running task, 0 if none)
};

constexpr std::uint32_t kNoString = 0xFFFFFFFFu;

struct TraceEvent {
    double time;
    EventKind kind;
    std::uint8_t flag;
    std::uint32_t subject;  // future/task id (Future::id)
    std::uint32_t other;
    std::uint32_t text;     // index into Trace::strings, or kNoString
};

// Append-only, read like a vector of TraceEvent: size, [], back, push_back,
// and random-access iterators (std::lower_bound over times works). Elements
// come back by value, so hold them as `const TraceEvent&` or copies, never
// as pointers into the container.
class TraceEvents {
    // An event's time run is counted from its block's first run, in 9 bits:
    // a block of 512 events has at most 512 runs.
    static constexpr unsigned kBlockBits = 9;
    static constexpr std::size_t kBlockMask = (std::size_t{1} << kBlockBits) - 1;
    // The small field (`small`, below) when it is text == kNoString.
    static constexpr std::uint16_t kSmallNoString = 0xFFFF;

    // head: kind (3 bits) | flag (2) | text_is_payload (1) | spilled (1) | run in block (9).
    // - text_is_payload: other == 0, payload = text, small unused;
    // - otherwise payload = other, small = text (kSmallNoString: kNoString);
    // - spilled: payload indexes spills_, which holds other, text and flag.
    struct Stored {
        std::uint16_t head;
        std::uint16_t small;
        std::uint32_t subject;
        std::uint32_t payload;
    };
    static_assert(sizeof(Stored) == 12);
    static_assert(static_cast<unsigned>(EventKind::Printed) < 8, "kind takes 3 bits of head");
    struct Spill {
        std::uint32_t other;
        std::uint32_t text;
        std::uint8_t flag;
    };
    static constexpr unsigned kFlagShift = 3, kTextIsPayloadBit = 5, kSpilledBit = 6, kRunShift = 7;

public:
    using const_iterator = IndexIterator<const TraceEvents, TraceEvent, TraceEvent>;  // by value
    using iterator = const_iterator;
    using value_type = TraceEvent;
    using size_type = std::size_t;

    [[nodiscard]] std::size_t size() const noexcept { return stored_.size(); }
    [[nodiscard]] bool empty() const noexcept { return stored_.empty(); }
    TraceEvent operator[](std::size_t i) const noexcept {
        const Stored& s = stored_[i];
        const double time = run_times_[block_first_run_[i >> kBlockBits] + (s.head >> kRunShift)];
        TraceEvent e{time, static_cast<EventKind>(s.head & 7), static_cast<std::uint8_t>((s.head >> kFlagShift) & 3),
                     s.subject, 0, kNoString};
        if (s.head & (1u << kSpilledBit)) {
            const Spill& spill = spills_[s.payload];
            e.other = spill.other;
            e.text = spill.text;
            e.flag = spill.flag;
        } else if (s.head & (1u << kTextIsPayloadBit)) {
            e.text = s.payload;
        } else {
            e.other = s.payload;
            e.text = s.small == kSmallNoString ? kNoString : s.small;
        }
        return e;
    }
    [[nodiscard]] TraceEvent back() const noexcept { return (*this)[size() - 1]; }
    [[nodiscard]] TraceEvent front() const noexcept { return (*this)[0]; }

    // The newest event's time, without reading the event (the recorder asks at every event).
    [[nodiscard]] double last_time() const noexcept { return last_time_; }

    void push_back(const TraceEvent& e) {
        // Equal means the same bits, so that a time reads back exactly as given.
        if (run_times_.empty() || std::bit_cast<std::uint64_t>(e.time) != std::bit_cast<std::uint64_t>(last_time_)) {
            run_times_.push_back(e.time);
            last_time_ = e.time;
        }
        const std::size_t run = run_times_.size() - 1;
        if ((stored_.size() & kBlockMask) == 0) {
            block_first_run_.push_back(run);
            block_base_run_ = run;
        }
        auto head = static_cast<std::uint32_t>(static_cast<unsigned>(e.kind) |
                                               (static_cast<std::uint32_t>(run - block_base_run_) << kRunShift));
        std::uint16_t small = 0;
        std::uint32_t payload = 0;
        const bool flag_fits = e.flag < 4;
        if (flag_fits && e.other == 0) {
            head |= e.flag << kFlagShift | 1u << kTextIsPayloadBit;
            payload = e.text;
        } else if (flag_fits && (e.text == kNoString || e.text < kSmallNoString)) {
            head |= e.flag << kFlagShift;
            payload = e.other;
            small = e.text == kNoString ? kSmallNoString : static_cast<std::uint16_t>(e.text);
        } else {
            head |= 1u << kSpilledBit;
            payload = static_cast<std::uint32_t>(spills_.size());
            spills_.push_back(Spill{e.other, e.text, e.flag});
        }
        stored_.push_back(Stored{static_cast<std::uint16_t>(head), small, e.subject, payload});
    }
    void clear() noexcept {
        stored_.clear();
        run_times_.clear();
        block_first_run_.clear();
        spills_.clear();
        last_time_ = 0;
        block_base_run_ = 0;
    }

    const_iterator begin() const noexcept { return {this, 0}; }
    const_iterator end() const noexcept { return {this, size()}; }

private:
    ChunkedVector<Stored> stored_;
    ChunkedVector<double> run_times_;           // one per run of equal times, in recording order
    std::vector<std::size_t> block_first_run_;  // per block of stored_: the run of its first event
    std::vector<Spill> spills_;                 // events whose other and text do not fit Stored
    // Copies of run_times_.back() and block_first_run_.back(), which every
    // push_back reads: members read faster than the chunked containers.
    double last_time_ = 0;
    std::size_t block_base_run_ = 0;
};

}  // namespace loopscope
