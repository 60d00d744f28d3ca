// shared_holds.cc - contracts in shared_holds.h.
#include "proxy/accounts/shared_holds.h"

#include "proxy/accounts/lease_sql.h"
#include "proxy/io/blocking_lane.h"
#include "proxy/io/fiber_loop.h"
#include "proxy/io/random.h"

namespace gw {
namespace {

// A request that holds again (a router moved it to another model) replaces
// its own hold: the old amount goes back in the same statement.
constexpr std::string_view kHold =
    "WITH old AS (SELECT coalesce(sum(amount_units), 0) AS units FROM holds WHERE request_id = ?2 AND user_id = ?1), "
    "u AS (UPDATE users SET reserved_units = reserved_units + ?3 - (SELECT units FROM old) WHERE id = ?1 AND "
    "allowance_units + purchased_units - reserved_units + (SELECT units FROM old) >= ?3 RETURNING id) "
    "INSERT INTO holds (request_id, user_id, amount_units, created_ms, expires_ms) "
    "SELECT ?2, id, ?3, ?4, ?5 FROM u "
    "ON CONFLICT (request_id) DO UPDATE SET amount_units = EXCLUDED.amount_units, expires_ms = EXCLUDED.expires_ms";

Error database_unavailable() {
  return make_error(ErrorKind::kUnavailable, "the accounts database is unreachable; billed requests are paused",
                    "database_unavailable");
}

}  // namespace

SharedHolds::SharedHolds(std::string url, Clock& clock, LeaseSettings leases)
    : url_(std::move(url)),
      clock_(clock),
      lease_ttl_ms_(leases.ttl_ms),
      leases_(leases, [] { return random_id("lease_", 12); }),
      lease_worker_([this] { return tick_leases(); }, lease_house_),
      sweeper_([this] { return sweep(); }) {}

SharedHolds::~SharedHolds() { stop(); }

void SharedHolds::start() {
  sweeper_.start();
  if (leases_.enabled()) lease_worker_.start();
}

void SharedHolds::stop() {
  if (stopped_.exchange(true)) return;
  sweeper_.stop();
  lease_worker_.stop();
  std::vector<LeaseReturn> all;
  {
    std::lock_guard<std::mutex> lock(leases_mu_);
    all = leases_.return_all();
  }
  Database* db = all.empty() ? nullptr : lease_db();
  for (const LeaseReturn& back : all)
    if (db) (void)return_lease(*db, back);  // not given back: released when it expires
}

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
  if (idle_.size() < 64) idle_.push_back(std::move(db));
}

std::unique_ptr<Database> SharedHolds::take_idle() {
  std::lock_guard<std::mutex> lock(mu_);
  if (idle_.empty()) return nullptr;
  auto db = std::move(idle_.back());
  idle_.pop_back();
  return db;
}

void SharedHolds::drop_idle() {
  std::vector<std::unique_ptr<Database>> gone;
  std::lock_guard<std::mutex> lock(mu_);
  gone.swap(idle_);
}

Status SharedHolds::hold_blocking(const std::string& user_id, const std::string& request_id, Money amount) {
  auto db = take();
  if (!db) {
    healthy_.store(false);
    return database_unavailable();
  }
  return hold_on(std::move(*db), user_id, request_id, amount);
}

Status SharedHolds::hold_on(std::unique_ptr<Database> db, const std::string& user_id, const std::string& request_id,
                            Money amount) {
  const int64_t now = clock_.now_unix_ms();
  const SqlArg args[] = {user_id, request_id, amount.units(), now, now + kHoldTtlMs};
  auto held = db->change(kHold, args);
  db->set_redial(true);
  healthy_.store(held || held.error().kind != ErrorKind::kUnavailable);
  if (held || held.error().kind != ErrorKind::kUnavailable) give_back(std::move(db));
  if (!held) return held.error().code == "connection_lost" ? held.error() : database_unavailable();
  if (*held == 0)
    return make_error(ErrorKind::kPaymentRequired,
                      "insufficient credits: this request may cost up to $" + amount.to_string() +
                          " and the balance, less what requests in flight on every gw instance hold, does not cover "
                          "it; ask for less (max_tokens, images, audio) or add credits",
                      "insufficient_credits");
  return ok_status();
}

Result<std::string> SharedHolds::hold(const std::string& user_id, const std::string& request_id, Money amount) {
  if (leases_.enabled() && !stopped_.load()) {
    std::string lease;
    bool grow = false;
    {
      std::lock_guard<std::mutex> lock(leases_mu_);
      lease = leases_.take(user_id, amount, clock_.now_unix_ms());
      grow = leases_.growth_queued();
    }
    if (grow) lease_worker_.wake();
    if (!lease.empty()) return lease;
  }
  Status out = ok_status();
  if (FiberLoop::current()) {
    // A pooled connection runs the statement on this fiber, which yields to
    // its loop while PostgreSQL answers (no thread); it is not re-dialled
    // here, so a lost one fails this hold (503) without blocking the loop.
    if (auto db = take_idle()) {
      db->set_redial(false);
      out = hold_on(std::move(db), user_id, request_id, amount);
      if (out) return std::string();
      if (out.error().code != "connection_lost") return out.error();
      drop_idle();  // the server went away: the other pooled connections are as dead; dial on a lane
    }
  }
  // No pooled connection (dialling blocks), or not in a fiber: a lane.
  BlockingLane lane;
  lane.run([&] { out = hold_blocking(user_id, request_id, amount); });
  if (!out) return out.error();
  return std::string();
}

void SharedHolds::finished(const std::string& user_id, const std::string& lease_id) {
  if (lease_id.empty()) return;
  std::lock_guard<std::mutex> lock(leases_mu_);
  leases_.finished(user_id, lease_id);
}

void SharedHolds::put_back(const std::string& user_id, const std::string& lease_id, Money amount) {
  if (lease_id.empty()) return;
  std::lock_guard<std::mutex> lock(leases_mu_);
  leases_.put_back(user_id, lease_id, amount);
}

size_t SharedHolds::open_leases() const {
  std::lock_guard<std::mutex> lock(leases_mu_);
  return leases_.open();
}

Database* SharedHolds::lease_db() {
  if (!lease_db_) {
    auto db = Database::open(url_);
    if (!db) return nullptr;
    lease_db_ = std::move(db).value();
  }
  return lease_db_.get();
}

int64_t SharedHolds::tick_leases() {
  std::vector<LeaseGrowth> growths;
  std::vector<LeaseReturn> returns;
  std::vector<LeaseRenewal> renewals;
  int64_t every = 250;
  {
    std::lock_guard<std::mutex> lock(leases_mu_);
    const int64_t now = clock_.now_unix_ms();
    growths = leases_.take_growths();
    returns = leases_.due_returns(now);
    renewals = leases_.due_renewals(now);
    every = leases_.tick_ms();
  }
  Database* db = lease_db();
  for (const LeaseGrowth& g : growths) {
    const int64_t asked = clock_.now_unix_ms();
    std::string error;
    const GrowthAnswer answer = db ? grow_lease(*db, g, asked, asked + lease_ttl_ms_, &error) : GrowthAnswer::kFailed;
    std::lock_guard<std::mutex> lock(leases_mu_);
    leases_.grown(g, answer, asked, clock_.now_unix_ms());
  }
  for (const LeaseReturn& back : returns)
    if (db) (void)return_lease(*db, back);  // not given back: released when it expires
  for (const LeaseRenewal& r : renewals) {
    const int64_t asked = clock_.now_unix_ms();
    auto found = db ? renew_lease(*db, r, asked + lease_ttl_ms_) : Result<bool>(database_unavailable());
    if (!found) continue;  // unreachable: the lease stops serving once its renewal is overdue
    std::lock_guard<std::mutex> lock(leases_mu_);
    leases_.renewed(r, *found, asked);
  }
  return every;
}

int64_t SharedHolds::sweep() {
  auto db = take();
  if (!db) return kSweepEveryMs;
  auto swept = sweep_holds_and_leases(**db, clock_.now_unix_ms());
  if (swept || swept.error().kind != ErrorKind::kUnavailable) give_back(std::move(*db));
  return kSweepEveryMs;
}

}  // namespace gw
