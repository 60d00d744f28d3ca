// recycling_allocator.h - an allocator for std::allocate_shared that keeps
// the last block a thread freed and gives it to that thread's next
// allocation of the same type, so a thread serving one request after another
// reuses one block instead of asking malloc each time.
//
// For the request context (~1.2 KiB, one per request): glibc serves a block
// of that size neither from its per-thread cache nor its fast bins; each such
// malloc first consolidates the arena's fast bins (malloc_consolidate: about
// 1k instructions a request in callgrind, and the spot perf showed under load).
//
// Thread-safety: each thread keeps its own spare block. A block freed on
// another thread than the one that allocated it becomes that thread's spare
// (or goes back to malloc when it already has one).
#pragma once

#include <cstddef>
#include <memory>
#include <utility>

namespace gw {

template <class T>
class RecyclingAllocator {
 public:
  using value_type = T;

  RecyclingAllocator() = default;
  template <class U>
  RecyclingAllocator(const RecyclingAllocator<U>&) noexcept {}

  T* allocate(std::size_t n) {
    if (n == 1)
      if (T* block = std::exchange(spare().block, nullptr)) return block;
    return std::allocator<T>().allocate(n);
  }

  void deallocate(T* block, std::size_t n) noexcept {
    if (n == 1 && spare().block == nullptr) {
      spare().block = block;
      return;
    }
    std::allocator<T>().deallocate(block, n);
  }

  friend bool operator==(const RecyclingAllocator&, const RecyclingAllocator&) { return true; }

 private:
  struct Spare {
    T* block = nullptr;
    ~Spare() {
      if (block) std::allocator<T>().deallocate(block, 1);
    }
  };
  static Spare& spare() {
    thread_local Spare s;
    return s;
  }
};

}  // namespace gw
