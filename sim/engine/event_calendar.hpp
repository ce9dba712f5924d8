// The event calendar: a binary min-heap of events keyed by (time, sequence number).
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace ccsim {

// When an event happens, and its place among events of the same time. Events run in
// (time, seq) order, `seq` numbering them in the order they were scheduled: simultaneous
// events run first-in-first-out, so a run never depends on how the calendar stores them. Both
// halves are packed into one unsigned 128-bit integer whose order is exactly that order.
__extension__ using EventKey = unsigned __int128;

inline constexpr int kEventKeyHalfBits = 64;
// Later than every event, even one at time +infinity: the key of "no event".
inline constexpr EventKey kNever = ~EventKey{0};

// The key of the event numbered `seq` at `time`: the time in the high half, mapped to an
// unsigned integer of the same order (non-negative doubles by setting the sign bit, negative
// ones by flipping every bit), the sequence number in the low half. Comparing two keys as
// integers then compares (time, seq), in one cmp/sbb pair and without a branch: inside the heap,
// which of two entries is earlier is a coin toss no branch predictor can learn. -0 is made +0
// first (adding +0 does that and leaves every other value as it is) since the two compare equal
// as doubles. Sequence numbers are unique, so the order is total: whichever way the heap
// arranges its entries, events come out in one and the same order.
inline EventKey make_event_key(double time, std::uint64_t seq) {
  constexpr std::uint64_t kSignBit = std::uint64_t{1} << (kEventKeyHalfBits - 1);
  const std::uint64_t bits = std::bit_cast<std::uint64_t>(time + 0.0);
  // ~bits when the sign bit is set, bits | kSignBit otherwise, without a branch.
  const auto sign_mask =
      static_cast<std::uint64_t>(static_cast<std::int64_t>(bits) >> (kEventKeyHalfBits - 1));
  const std::uint64_t ordered = bits ^ (sign_mask | kSignBit);
  return (static_cast<EventKey>(ordered) << kEventKeyHalfBits) | seq;
}

// The time of an event, exactly as it was scheduled.
inline double time_of(EventKey key) {
  constexpr std::uint64_t kSignBit = std::uint64_t{1} << (kEventKeyHalfBits - 1);
  const auto ordered = static_cast<std::uint64_t>(key >> kEventKeyHalfBits);
  return std::bit_cast<double>((ordered & kSignBit) != 0 ? ordered & ~kSignBit : ~ordered);
}

inline std::uint64_t seq_of(EventKey key) {
  return static_cast<std::uint64_t>(key);
}

// A binary min-heap of entries with a member `key`, written out rather than std::push_heap and
// std::pop_heap: the event just run can hand its slot to the next one (replace_top), and the
// choice between two children is made without a branch. It is 1-based (entry 1 is the top, the
// children of i are 2i and 2i + 1) and walked by byte offsets, so a level costs no index
// scaling. The top holds an entry keyed kNever when the heap is empty, so the earliest event is
// read without a test. Grows by doubling, only at a new maximum of pending events.
template <typename Entry>
class EventHeap {
 public:
  EventHeap() : slots_(kInitialCapacity, never()) {}

  const Entry& top() const { return slots_[1]; }
  std::size_t size() const { return size_; }

  [[gnu::always_inline]] inline void push(const Entry& e) {
    if (size_ + 1 == slots_.size()) [[unlikely]] {
      grow();
    }
    sift_up(reinterpret_cast<unsigned char*>(slots_.data()), ++size_ * kEntryBytes, e);
  }

  // Removes the top and inserts `e` in one pass. Floyd's order: the hole left at the top sinks
  // to a leaf along the earlier children (one comparison per level), then `e` rises from there;
  // a new event usually belongs near the leaves, so it rarely rises far.
  void replace_top(const Entry& e) {
    auto* const heap = reinterpret_cast<unsigned char*>(slots_.data());
    const std::size_t last = size_ * kEntryBytes;
    std::size_t hole = kEntryBytes;
    std::size_t child = 2 * kEntryBytes;
    while (child < last) {  // both children exist
      const bool right_first = at(heap, child + kEntryBytes).key < at(heap, child).key;
      child += kEntryBytes & (std::size_t{0} - static_cast<std::size_t>(right_first));
      at(heap, hole) = at(heap, child);
      hole = child;
      child = 2 * hole;
    }
    if (child == last) {  // a last parent with a single child
      at(heap, hole) = at(heap, child);
      hole = child;
    }
    sift_up(heap, hole, e);
  }

  void pop_top() {
    const Entry last = slots_[size_--];
    if (size_ > 0) {
      replace_top(last);
    } else {
      slots_[1] = never();
    }
  }

 private:
  static constexpr std::size_t kInitialCapacity = 256;
  static constexpr std::size_t kEntryBytes = sizeof(Entry);
  static_assert(std::has_single_bit(kEntryBytes), "offsets are halved by a mask");

  static Entry never() {
    Entry e{};
    e.key = kNever;
    return e;
  }
  static Entry& at(unsigned char* heap, std::size_t offset) {
    return *reinterpret_cast<Entry*>(heap + offset);
  }
  // The offset of the parent of the entry at `offset`.
  static constexpr std::size_t parent_of(std::size_t offset) {
    return (offset / 2) & ~(kEntryBytes - 1);
  }
  // Moves `e` up from the hole at `hole` to its place.
  [[gnu::always_inline]] static inline void sift_up(unsigned char* heap, std::size_t hole,
                                                    const Entry& e) {
    while (hole > kEntryBytes) {
      const std::size_t parent = parent_of(hole);
      if (!(e.key < at(heap, parent).key)) break;
      at(heap, hole) = at(heap, parent);
      hole = parent;
    }
    at(heap, hole) = e;
  }
  // Out of line, away from the hot path.
  [[gnu::noinline]] void grow() { slots_.resize(2 * slots_.size(), never()); }

  std::vector<Entry> slots_;
  std::size_t size_ = 0;
};

}  // namespace ccsim
