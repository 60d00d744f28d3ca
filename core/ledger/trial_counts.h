// trial_counts.h - a trial's lifetime request and token counts kept where
// several `gw serve` instances share them (Redis: proxy/io/
// redis_trial_counts.h), so N instances give a trial user the trial's caps,
// not N times them (docs/scale-out.md). Each instance's CreditBook keeps
// its own counts as well (loaded from the database, raised by its own
// settlements); the shared counts are never below them, because every claim
// raises them to at least what the caller knows.
//
// The pipeline claims one request before the book's reservation (a trial
// user on a billed model): claimed, the request runs; not claimed, a cap is
// reached (402 with the book's message). Then, at settlement, a charged
// request adds its tokens and an uncharged one gives its request back. A
// store that cannot answer gives kUnavailable and the instance decides on
// its own counts, as the rate limiter falls back to its own (CM-2).
//
// Thread-safety: implementations may be called from any thread or fiber.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/base/result.h"

namespace gw {

struct TrialUse {
  int64_t requests = 0;
  int64_t tokens = 0;
};

struct TrialClaim {
  bool claimed = false;  // both counts were below the caps: one request added
  TrialUse used;         // the shared counts after the claim
};

class TrialCounts {
 public:
  virtual ~TrialCounts() = default;

  // Atomically: raises the user's counts to at least `known`, then adds one
  // request if requests < caps.requests and tokens < caps.tokens. The counts
  // are kept until `expires_unix_ms`. kUnavailable: decide alone.
  virtual Result<TrialClaim> claim(std::string_view user_id, TrialUse known, TrialUse caps,
                                   int64_t expires_unix_ms) = 0;
  // A claimed request was charged: adds its tokens.
  virtual void charged(std::string_view user_id, int64_t tokens, int64_t expires_unix_ms) = 0;
  // A claimed request was not charged (refunded, refused later): gives the
  // request back.
  virtual void returned(std::string_view user_id) = 0;
};

}  // namespace gw
