// turn_stats.h - the quiet line gw chat prints after each answer, and the
// running totals /usage reports. Money stays exact fixed point throughout.
// Pure; thread-compatible.
#pragma once

#include <map>
#include <string>

#include "core/chat/conversation.h"

namespace gw {

// "mock/echo via mock · 12→8 tokens · $0.00 · 142 ms"; parts that are
// unknown are left out ("~" before the tokens when they were estimated). An
// answer the response cache gave for free says what it saved instead of its
// cost: "mock/echo via cache · 12→8 tokens · saved $0.000012 · 0 ms".
std::string quiet_line(const TurnStats& stats);

// Everything answered in one gw chat session (across /clear and /load).
class UsageTotals {
 public:
  void add(const TurnStats& stats);
  int64_t answers() const { return answers_; }
  int64_t prompt_tokens() const { return prompt_tokens_; }
  int64_t completion_tokens() const { return completion_tokens_; }
  Money cost() const { return cost_; }
  Money saved() const { return saved_; }  // by free cache hits
  // Several lines: the totals, then one line per model.
  std::string report() const;

 private:
  struct PerModel {
    int64_t answers = 0;
    int64_t tokens = 0;
    Money cost;
  };
  int64_t answers_ = 0;
  int64_t prompt_tokens_ = 0;
  int64_t completion_tokens_ = 0;
  Money cost_;
  Money saved_;
  bool cost_unknown_ = false;  // some answer had no known price
  std::map<std::string, PerModel> by_model_;
};

}  // namespace gw
