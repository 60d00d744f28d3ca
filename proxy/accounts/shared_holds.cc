// shared_holds.cc - contracts in shared_holds.h.
#include "proxy/accounts/shared_holds.h"

#include "proxy/io/blocking_lane.h"

namespace gw {
namespace {

constexpr std::string_view kHold =
    "WITH u AS (UPDATE users SET reserved_units = reserved_units + ?3 WHERE id = ?1 AND "
    "allowance_units + purchased_units - reserved_units >= ?3 RETURNING id) "
    "INSERT INTO holds (request_id, user_id, amount_units, created_ms, expires_ms) "
    "SELECT ?2, id, ?3, ?4, ?5 FROM u";

constexpr std::string_view kSweep =
    "WITH gone AS (DELETE FROM holds WHERE expires_ms < ?1 RETURNING user_id, amount_units) "
    "UPDATE users SET reserved_units = greatest(users.reserved_units - g.total, 0) "
    "FROM (SELECT user_id, sum(amount_units) AS total FROM gone GROUP BY user_id) g WHERE users.id = g.user_id";

}  // namespace

SharedHolds::SharedHolds(std::string url, Clock& clock)
    : url_(std::move(url)), clock_(clock), sweeper_([this] { return sweep(); }) {}

SharedHolds::~SharedHolds() { sweeper_.stop(); }

Result<std::unique_ptr<Database>> SharedHolds::take() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!idle_.empty()) {
      auto db = std::move(idle_.back());
      idle_.pop_back();
      return db;
    }
  }
  return Database::open(url_);
}

void SharedHolds::give_back(std::unique_ptr<Database> db) {
  std::lock_guard<std::mutex> lock(mu_);
  if (idle_.size() < 32) idle_.push_back(std::move(db));
}

Status SharedHolds::hold_blocking(const std::string& user_id, const std::string& request_id, Money amount) {
  auto db = take();
  if (!db) {
    healthy_.store(false);
    return make_error(ErrorKind::kUnavailable, "the accounts database is unreachable; billed requests are paused",
                      "database_unavailable");
  }
  const int64_t now = clock_.now_unix_ms();
  const SqlArg args[] = {user_id, request_id, amount.units(), now, now + kHoldTtlMs};
  auto held = (*db)->change(kHold, args);
  healthy_.store(held || held.error().kind != ErrorKind::kUnavailable);
  if (held || held.error().kind != ErrorKind::kUnavailable) give_back(std::move(*db));
  if (!held)
    return make_error(ErrorKind::kUnavailable, "the accounts database is unreachable; billed requests are paused",
                      "database_unavailable");
  if (*held == 0)
    return make_error(ErrorKind::kPaymentRequired,
                      "insufficient credits: this request may cost up to $" + amount.to_string() +
                          " and the balance, less what requests in flight on every gw instance hold, does not cover "
                          "it; ask for less (max_tokens, images, audio) or add credits",
                      "insufficient_credits");
  return ok_status();
}

Status SharedHolds::hold(const std::string& user_id, const std::string& request_id, Money amount) {
  Status out = ok_status();
  BlockingLane lane;
  lane.run([&] { out = hold_blocking(user_id, request_id, amount); });
  return out;
}

int64_t SharedHolds::sweep() {
  auto db = take();
  if (!db) return kSweepEveryMs;
  const SqlArg args[] = {clock_.now_unix_ms()};
  auto swept = (*db)->change(kSweep, args);
  if (swept || swept.error().kind != ErrorKind::kUnavailable) give_back(std::move(*db));
  return kSweepEveryMs;
}

}  // namespace gw
