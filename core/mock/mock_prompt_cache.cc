#include "core/mock/mock_prompt_cache.h"

#include <string>

#include "core/base/stable_hash.h"
#include "core/base/usage.h"

namespace gw::mock {
namespace {

using nlohmann::json;

// Walks the cacheable blocks in Anthropic's order, appending each (without
// its marker) to `prefix`; remembers the prefix length and ttl at each marker.
struct Walk {
  std::string prefix;
  size_t marked = 0;  // prefix length at the last marker; 0 = none
  bool hour = false;

  void block(const json& b) {
    if (!b.is_object()) {
      prefix += b.dump();
      return;
    }
    json copy = b;
    copy.erase("cache_control");
    prefix += copy.dump();
    if (!b.contains("cache_control")) return;
    marked = prefix.size();
    const json& cc = b["cache_control"];
    hour = cc.is_object() && cc.contains("ttl") && cc["ttl"] == "1h";
  }
  void blocks(const json& list) {
    if (list.is_array())
      for (const auto& b : list) block(b);
    else if (!list.is_null())
      prefix += list.dump();
  }
};

}  // namespace

MockCacheUsage MockPromptCache::account(const json& request) {
  Walk w;
  if (request.contains("tools")) w.blocks(request["tools"]);
  if (request.contains("system")) w.blocks(request["system"]);
  if (request.contains("messages") && request["messages"].is_array())
    for (const auto& m : request["messages"])
      if (m.is_object() && m.contains("content")) w.blocks(m["content"]);
  MockCacheUsage u;
  if (w.marked == 0) return u;
  const std::string_view prefix(w.prefix.data(), w.marked);
  const int64_t tokens = estimate_tokens(prefix);
  const uint64_t key = stable_hash(prefix);
  std::lock_guard<std::mutex> lock(mu_);
  if (seen_.count(key)) {
    u.read = tokens;
    return u;
  }
  if (seen_.size() >= kMaxPrefixes) seen_.clear();
  seen_.insert(key);
  (w.hour ? u.write_1h : u.write_5m) = tokens;
  return u;
}

void MockPromptCache::clear() {
  std::lock_guard<std::mutex> lock(mu_);
  seen_.clear();
}

}  // namespace gw::mock
