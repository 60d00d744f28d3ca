// memory_semantic_index.h - the in-process semantic index: per context, the
// questions' unit vectors in one contiguous float matrix, searched by brute
// force (a dot product per row; see docs/serve.md for the measured times:
// fine up to tens of thousands of entries in one context). Bounded like the
// exact cache: the least recently used entry goes first once it holds
// `max_entries`, and an entry older than `ttl_ms` is never returned (and is
// dropped when met). Time comes from a Clock (fake in tests).
//
// Thread-safety: every member may be called from any thread (one mutex,
// held for a search).
#pragma once

#include <list>
#include <mutex>
#include <unordered_map>

#include "core/base/clock.h"
#include "core/cache/semantic_index.h"

namespace gw {

struct MemorySemanticSettings {
  size_t max_entries = 20'000;
  int64_t ttl_ms = 60 * 60 * 1000;
};

class MemorySemanticIndex final : public SemanticIndex {
 public:
  MemorySemanticIndex(const Clock& clock, MemorySemanticSettings settings);

  std::vector<SemanticCandidate> nearest(const std::string& context, std::span<const float> unit, float min_similarity,
                                         size_t k) override;
  void insert(SemanticEntry entry) override;
  void touch(const std::string& answer_key) override;
  void forget(std::span<const std::string> answer_keys) override;
  size_t size() const override;

 private:
  struct Use {  // one entry in LRU order
    std::string context;
    std::string answer_key;
    size_t row = 0;  // its row in the context's shelf
  };
  using Order = std::list<Use>;  // most recently used first
  struct Row {
    std::string answer_key;
    std::string prompt;
    int64_t stored_ms = 0;
    Order::iterator use;
  };
  struct Shelf {  // one context
    size_t dims = 0;
    std::vector<float> matrix;  // rows.size() x dims, row-major
    std::vector<Row> rows;
  };

  void erase(Order::iterator it);  // mu_ held

  const Clock& clock_;
  const MemorySemanticSettings settings_;
  mutable std::mutex mu_;
  Order order_;
  std::unordered_map<std::string, Order::iterator> by_key_;
  std::unordered_map<std::string, Shelf> shelves_;
};

}  // namespace gw
