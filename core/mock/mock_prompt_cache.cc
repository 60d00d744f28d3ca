#include "core/mock/mock_prompt_cache.h"

#include <string>
#include <vector>

#include "core/base/stable_hash.h"
#include "core/base/usage.h"

namespace gw::mock {
namespace {

using nlohmann::json;

// Walks the cacheable blocks in Anthropic's order, appending each (without
// its marker) to `prefix`; remembers the prefix length and ttl at each marker.
struct Walk {
  std::string prefix;
  std::vector<size_t> marks;  // prefix length at each marker, in order
  bool hour = false;          // the last marker's ttl is 1h

  void block(const json& b) {
    if (!b.is_object()) {
      prefix += b.dump();
      return;
    }
    json copy = b;
    copy.erase("cache_control");
    prefix += copy.dump();
    if (!b.contains("cache_control")) return;
    marks.push_back(prefix.size());
    const json& cc = b["cache_control"];
    hour = cc.is_object() && cc.contains("ttl") && cc["ttl"] == "1h";
  }
  void blocks(const json& list) {
    if (list.is_array())
      for (const auto& b : list) block(b);
    else if (!list.is_null()) prefix += list.dump();
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
  if (w.marks.empty()) return u;
  std::vector<uint64_t> keys;
  for (size_t mark : w.marks) keys.push_back(stable_hash(std::string_view(w.prefix.data(), mark)));
  const int64_t total = estimate_tokens(std::string_view(w.prefix.data(), w.marks.back()));
  std::lock_guard<std::mutex> lock(mu_);
  for (size_t i = keys.size(); i-- > 0;) {
    if (!seen_.count(keys[i])) continue;
    u.read = estimate_tokens(std::string_view(w.prefix.data(), w.marks[i]));
    break;
  }
  (w.hour ? u.write_1h : u.write_5m) = total - u.read;
  if (seen_.size() + keys.size() > kMaxPrefixes) seen_.clear();
  seen_.insert(keys.begin(), keys.end());
  return u;
}

void MockPromptCache::clear() {
  std::lock_guard<std::mutex> lock(mu_);
  seen_.clear();
}

}  // namespace gw::mock
