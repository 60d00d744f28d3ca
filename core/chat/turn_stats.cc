// turn_stats.cc - see turn_stats.h. Pure; thread-compatible.
#include "core/chat/turn_stats.h"

#include <string_view>

namespace gw {
namespace {

constexpr std::string_view kDot = " \xC2\xB7 ";  // " · "

std::string dollars(Money m) { return "$" + m.to_string(); }

}  // namespace

std::string quiet_line(const TurnStats& s) {
  std::string line = s.model.empty() ? "?" : s.model;
  if (!s.provider.empty()) line += " via " + s.provider;
  line += std::string(kDot) + (s.usage.estimated ? "~" : "") + std::to_string(s.usage.prompt_tokens) + "\xE2\x86\x92" +
          std::to_string(s.usage.completion_tokens) + " tokens";  // "→"
  if (s.saved) line += std::string(kDot) + "saved " + dollars(*s.saved);
  else if (s.cost) line += std::string(kDot) + dollars(*s.cost);
  line += std::string(kDot) + std::to_string(s.latency_ms) + " ms";
  return line;
}

void UsageTotals::add(const TurnStats& s) {
  ++answers_;
  prompt_tokens_ += s.usage.prompt_tokens;
  completion_tokens_ += s.usage.completion_tokens;
  PerModel& m = by_model_[s.model.empty() ? "?" : s.model];
  ++m.answers;
  m.tokens += s.usage.total();
  if (s.saved) saved_ = saved_.plus(*s.saved).value_or(saved_);
  if (!s.cost) {
    cost_unknown_ = true;
    return;
  }
  // Overflow would need ~$900M of chat; keep the old total rather than wrap.
  if (auto total = cost_.plus(*s.cost)) cost_ = *total;
  if (auto total = m.cost.plus(*s.cost)) m.cost = *total;
}

std::string UsageTotals::report() const {
  std::string out = "this session: " + std::to_string(answers_) + (answers_ == 1 ? " answer" : " answers") + ", " +
                    std::to_string(prompt_tokens_) + " prompt + " + std::to_string(completion_tokens_) +
                    " completion tokens, " + dollars(cost_) + (cost_unknown_ ? " (some prices unknown)" : "") +
                    (saved_ > Money{} ? ", " + dollars(saved_) + " saved by the cache" : "") + "\n";
  for (const auto& [model, m] : by_model_)
    out += "  " + model + ": " + std::to_string(m.answers) + (m.answers == 1 ? " answer, " : " answers, ") +
           std::to_string(m.tokens) + " tokens, " + dollars(m.cost) + "\n";
  return out;
}

}  // namespace gw
