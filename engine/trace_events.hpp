// The trace's events: what one event says, and how ten million of them are kept.
//
// An event is read as a TraceEvent (time, kind, flag, subject, other, text)
// but stored in 16 bytes instead of 24. The saving is the time: a pass of the
// loop runs at one virtual time, so events come in runs of equal times (a
// million-task run records ten million events at about two million distinct
// times). Each distinct time is kept once, in order; an event keeps only
// which run it belongs to, counted from its chunk's first run, in two bytes
// that were padding. Reading an event is two indexed loads more than before,
// and gives the same double, bit for bit, that was recorded.
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
    CancelRequested,  // subject = target future, other = requester task (0: loop), text = msg repr
    GroupCreated,     // subject = group future; its children are in Trace::group_children
    GroupFinished,    // subject = group future (wait returned)
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
    static constexpr unsigned kChunkBits = 14;
    static constexpr std::size_t kChunkMask = (std::size_t{1} << kChunkBits) - 1;

    struct Stored {
        EventKind kind;
        std::uint8_t flag;
        std::uint16_t run_in_chunk;  // run index minus the chunk's first run: < 2^kChunkBits
        std::uint32_t subject;
        std::uint32_t other;
        std::uint32_t text;
    };
    static_assert(sizeof(Stored) == 16);

public:
    using const_iterator = IndexIterator<const TraceEvents, TraceEvent, TraceEvent>;  // by value
    using iterator = const_iterator;
    using value_type = TraceEvent;
    using size_type = std::size_t;

    [[nodiscard]] std::size_t size() const noexcept { return stored_.size(); }
    [[nodiscard]] bool empty() const noexcept { return stored_.empty(); }
    TraceEvent operator[](std::size_t i) const noexcept {
        const Stored& s = stored_[i];
        const double time = run_times_[chunk_first_run_[i >> kChunkBits] + s.run_in_chunk];
        return TraceEvent{time, s.kind, s.flag, s.subject, s.other, s.text};
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
        if ((stored_.size() & kChunkMask) == 0) {
            chunk_first_run_.push_back(run);
            chunk_base_run_ = run;
        }
        const auto run_in_chunk = static_cast<std::uint16_t>(run - chunk_base_run_);
        stored_.push_back(Stored{e.kind, e.flag, run_in_chunk, e.subject, e.other, e.text});
    }
    void clear() noexcept {
        stored_.clear();
        run_times_.clear();
        chunk_first_run_.clear();
        last_time_ = 0;
        chunk_base_run_ = 0;
    }

    const_iterator begin() const noexcept { return {this, 0}; }
    const_iterator end() const noexcept { return {this, size()}; }

private:
    ChunkedVector<Stored, kChunkBits> stored_;
    ChunkedVector<double> run_times_;           // one per run of equal times, in recording order
    std::vector<std::size_t> chunk_first_run_;  // per chunk of stored_: the run of its first event
    // Copies of run_times_.back() and chunk_first_run_.back(), which every
    // push_back reads: members read faster than the chunked containers.
    double last_time_ = 0;
    std::size_t chunk_base_run_ = 0;
};

}  // namespace loopscope
