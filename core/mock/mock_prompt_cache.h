// mock_prompt_cache.h - the mock provider's prompt cache, as Anthropic's
// works: the prompt is cached up to a block marked with cache_control, in
// the order tools, system, messages, and each marked prefix is remembered
// (keyed by the blocks' JSON with the markers left out). A request reads the
// longest marked prefix seen before and writes the rest, up to its last
// marker - a 1-hour write when that marker says ttl "1h", else a 5-minute
// one. Counts are ~4 characters a token of the prefix's JSON. Remembers at
// most kMaxPrefixes prefixes (then starts over). Thread-safe.
#pragma once

#include <cstdint>
#include <mutex>
#include <nlohmann/json.hpp>
#include <unordered_set>

namespace gw::mock {

struct MockCacheUsage {
  int64_t read = 0;      // cache_read_input_tokens
  int64_t write_5m = 0;  // cache_creation.ephemeral_5m_input_tokens
  int64_t write_1h = 0;  // cache_creation.ephemeral_1h_input_tokens
};

class MockPromptCache {
 public:
  static constexpr size_t kMaxPrefixes = 4096;
  // What an Anthropic Messages request reads from and writes to the cache;
  // remembers its prefix. All zero when nothing is marked.
  MockCacheUsage account(const nlohmann::json& request);
  void clear();

 private:
  std::mutex mu_;
  std::unordered_set<uint64_t> seen_;
};

}  // namespace gw::mock
