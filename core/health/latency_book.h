// latency_book.h - measured answer latency per provider × model, from
// passive health: time to first token (a streamed answer: from sending the
// request to its first event with data) and total time (from sending the
// request to the end of the answer), each the median (p50) of the pair's
// last kWindow complete answers that are at most kMaxAgeMs old. The routers
// rank by these (docs/routers.md): a p50 counts once it has [router]
// latency_samples samples; until then a model's prior stands.
//
// Only complete answers (2xx, read to the end) are recorded: a failure says
// nothing about how fast a model answers, and passive health
// (provider_health.h) already counts it. Memory is bounded: at most
// kMaxPairs pairs (a later pair is not measured) of two rings of kWindow
// samples each. With several instances on one Redis (docs/scale-out.md) a
// background tick sets the other instances' figures (set_others) and
// figures() and rows() merge them with this instance's own
// (core/health/peer_figures.h): the routers rank by the cluster's
// latencies, still read from memory. Pure logic over a Clock; thread-safe
// (one mutex; a read copies at most 2 × kWindow numbers and one figure per
// other instance).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/base/clock.h"
#include "core/base/string_pair_less.h"

namespace gw {

// One pair's figures; a p50 is 0 when it has no sample.
struct AnswerLatency {
  int64_t ttft_p50_ms = 0;
  int64_t ttft_samples = 0;  // streamed answers only
  int64_t total_p50_ms = 0;
  int64_t total_samples = 0;  // every complete answer
};

class LatencyBook {
 public:
  static constexpr size_t kWindow = 64;            // samples behind each p50
  static constexpr int64_t kMaxAgeMs = 3'600'000;  // older samples no longer count (1 hour)
  static constexpr size_t kMaxPairs = 4096;        // provider × model pairs measured

  explicit LatencyBook(const Clock& clock) : clock_(clock) {}

  // One complete answer: `ttft_ms` for a stream, nullopt for a whole answer
  // (it has no first token before its end).
  void record(std::string_view provider, std::string_view model, std::optional<int64_t> ttft_ms, int64_t total_ms);
  // The pair's figures now (zeros when it has none).
  AnswerLatency figures(std::string_view provider, std::string_view model) const;

  struct Row {
    std::string provider;
    std::string model;
    AnswerLatency latency;
  };
  // Every measured pair, in (provider, model) order (this instance's and the others').
  std::vector<Row> rows() const;
  // This instance's own pairs: what it publishes to the others.
  std::vector<Row> own_rows() const;
  // The other live instances' rows (a pair may come once per instance),
  // replacing the last set; an empty vector forgets them.
  void set_others(const std::vector<Row>& rows);

 private:
  struct Ring {
    std::array<int64_t, kWindow> ms{};
    std::array<int64_t, kWindow> at{};  // Unix ms of each sample
    size_t next = 0;
    void add(int64_t value, int64_t now_ms);
    // The median of the samples no older than kMaxAgeMs, and how many.
    std::pair<int64_t, int64_t> p50(int64_t now_ms) const;
  };
  struct Pair {
    Ring ttft;
    Ring total;
  };
  AnswerLatency figures_locked(const Pair& p, int64_t now_ms) const;

  const Clock& clock_;
  mutable std::mutex mu_;
  std::map<std::pair<std::string, std::string>, Pair, StringPairLess> pairs_;
  std::map<std::pair<std::string, std::string>, std::vector<AnswerLatency>, StringPairLess> others_;
};

}  // namespace gw
