// A FIFO queue as a ring buffer.
#pragma once

#include <cstddef>
#include <vector>

namespace ccsim {

// Grows by doubling, only when a queue reaches a new maximum length, and is then reused: no
// allocation per customer. The capacity is a power of two, so wrapping is a mask.
template <typename T>
class Ring {
 public:
  Ring() : slots_(kInitialCapacity), mask_(kInitialCapacity - 1) {}
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  const T& front() const { return slots_[head_]; }
  void pop() {
    head_ = (head_ + 1) & mask_;
    --size_;
  }
  void push(const T& e) {
    if (size_ == mask_ + 1) [[unlikely]] {
      grow();
    }
    slots_[(head_ + size_) & mask_] = e;
    ++size_;
  }

 private:
  static constexpr std::size_t kInitialCapacity = 256;

  // Unrolls into a buffer twice as large; out of line, away from the customer's path.
  [[gnu::noinline]] void grow() {
    std::vector<T> larger(slots_.size() * 2);
    for (std::size_t i = 0; i < size_; ++i) larger[i] = slots_[(head_ + i) & mask_];
    slots_.swap(larger);
    mask_ = slots_.size() - 1;
    head_ = 0;
  }

  std::vector<T> slots_;
  std::size_t mask_;
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

}  // namespace ccsim
