// semantic_index.h - the semantic cache's store: per context
// (semantic_question.h), the embeddings of questions already answered, each
// pointing at the exact cache key (cache_key.h) of its answer, so an answer
// lives once, in the ResponseCache, and a semantic hit is served exactly as
// an exact one. Behind an interface so that a shared store (Redis, later)
// can stand in for the in-process one (memory_semantic_index.h). Like the
// ResponseCache, a store never fails a request: whatever goes wrong inside
// it is a miss.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace gw {

// One answered question.
struct SemanticEntry {
  std::string context;      // semantic_question.h: 64 hex digits
  std::string answer_key;   // the exact cache key of its answer
  std::string prompt;       // the question's text, for the guard (semantic_guard.h)
  std::vector<float> unit;  // its embedding, unit length (unit_vector())
};

// A stored question near the one asked.
struct SemanticCandidate {
  std::string answer_key;
  std::string prompt;
  float similarity = 0;  // cosine, -1..1
};

// `v` scaled to unit length; nullopt when it is empty, zero or not finite
// (a broken embedding: never stored, never searched).
std::optional<std::vector<float>> unit_vector(std::span<const float> v);

class SemanticIndex {
 public:
  virtual ~SemanticIndex() = default;
  // Up to `k` stored questions of `context` whose similarity to `unit` (unit
  // length) is at least `min_similarity`, most similar first. Stored
  // vectors of another length never match.
  virtual std::vector<SemanticCandidate> nearest(const std::string& context, std::span<const float> unit,
                                                 float min_similarity, size_t k) = 0;
  // Stores `entry` (replacing one with the same answer_key).
  virtual void insert(SemanticEntry entry) = 0;
  // Marks the entry of `answer_key` as just used (LRU); a no-op when gone.
  virtual void touch(const std::string& answer_key) = 0;
  // Removes the questions whose answers are gone (`gw cache clear`).
  virtual void forget(std::span<const std::string> answer_keys) = 0;
  virtual size_t size() const = 0;
};

}  // namespace gw
