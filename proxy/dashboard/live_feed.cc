// live_feed.cc - contracts in live_feed.h.
#include "proxy/dashboard/live_feed.h"

namespace gw {

void LiveFeed::written(const UsageRecord& r) {
  LiveRow row{0,
              r.request_id,
              r.model,
              r.provider,
              r.user_id,
              r.key_id,
              r.created_ms,
              r.status,
              r.usage.prompt_tokens,
              r.usage.completion_tokens,
              r.cost,
              r.latency_ms};
  std::lock_guard<std::mutex> lock(mu_);
  row.seq = ++seq_;
  rows_.push_back(std::move(row));
  if (rows_.size() > kCapacity) rows_.pop_front();
}

std::vector<LiveRow> LiveFeed::since(int64_t after_seq, size_t max) const {
  std::vector<LiveRow> out;
  std::lock_guard<std::mutex> lock(mu_);
  for (const LiveRow& row : rows_) {
    if (row.seq <= after_seq) continue;
    if (out.size() == max) break;
    out.push_back(row);
  }
  return out;
}

int64_t LiveFeed::newest_seq() const {
  std::lock_guard<std::mutex> lock(mu_);
  return seq_;
}

}  // namespace gw
