// breaker_sync.cc - contracts in breaker_sync.h.
#include "proxy/monitor/breaker_sync.h"

#include <algorithm>
#include <sstream>

#include "proxy/io/random.h"

namespace gw {
namespace {

constexpr std::string_view kHash = "gw:breakers";

}  // namespace

BreakerSync::BreakerSync(BreakerBoard& board, RedisClient& redis, Clock& clock)
    : board_(board), redis_(redis), clock_(clock), instance_(random_id("gw_", 6)), worker_([this] { return tick(); }) {
  board_.set_listener([this](std::string_view provider, BreakerState state, int64_t opened_at_ms) {
    note(provider, state, opened_at_ms);
  });
}

BreakerSync::~BreakerSync() { worker_.stop(); }

void BreakerSync::note(std::string_view provider, BreakerState state, int64_t opened_at_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  pending_.push_back({std::string(provider), state, opened_at_ms, clock_.now_unix_ms()});
  worker_.wake();
}

int64_t BreakerSync::tick() {
  std::vector<Change> out;
  {
    std::lock_guard<std::mutex> lock(mu_);
    out.swap(pending_);
  }
  for (size_t i = 0; i < out.size(); ++i) {
    const Change& c = out[i];
    seen_[c.provider] = std::max(seen_[c.provider], c.changed_ms);
    const std::string value = std::string(c.state == BreakerState::kOpen ? "open" : "closed") + " " +
                              std::to_string(c.opened_at_ms) + " " + std::to_string(c.changed_ms) + " " + instance_;
    if (!redis_.command({"HSET", kHash, c.provider, value})) {  // Redis away: keep it for the next tick
      std::lock_guard<std::mutex> lock(mu_);
      pending_.insert(pending_.begin(), out.begin() + static_cast<long>(i), out.end());
      return kTickMs;
    }
  }
  auto all = redis_.command({"HGETALL", kHash});
  if (!all || all->type != RedisReply::Type::kArray) return kTickMs;
  for (size_t i = 0; i + 1 < all->elements.size(); i += 2) {
    const std::string& provider = all->elements[i].text;
    std::istringstream in(all->elements[i + 1].text);
    std::string state, instance;
    int64_t opened_at = 0, changed = 0;
    if (!(in >> state >> opened_at >> changed >> instance) || instance == instance_) continue;
    auto& seen = seen_[provider];
    if (changed <= seen) continue;
    seen = changed;
    board_.adopt(provider, state == "open" ? BreakerState::kOpen : BreakerState::kClosed, opened_at);
  }
  return kTickMs;
}

}  // namespace gw
