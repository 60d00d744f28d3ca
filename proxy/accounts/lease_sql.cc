// lease_sql.cc - contracts in lease_sql.h.
#include "proxy/accounts/lease_sql.h"

namespace gw {
namespace {

// users first (the CTE's UPDATE), then the lease row (the INSERT's upsert).
constexpr std::string_view kGrow =
    "WITH u AS (UPDATE users SET reserved_units = reserved_units + ?3 WHERE id = ?2 AND "
    "allowance_units + purchased_units - reserved_units >= 2 * ?3 RETURNING id) "
    "INSERT INTO leases (id, user_id, amount_units, created_ms, expires_ms) SELECT ?1, id, ?3, ?4, ?5 FROM u "
    "ON CONFLICT (id) DO UPDATE SET amount_units = leases.amount_units + excluded.amount_units, "
    "expires_ms = excluded.expires_ms";

// users first: the lease is read (not locked) in the CTE's condition, and
// its own instance's writer, the only other changer of an unexpired lease,
// locks the user's row before the lease's.
constexpr std::string_view kReturn =
    "WITH u AS (UPDATE users SET reserved_units = greatest(reserved_units - ?3, 0) WHERE id = ?2 AND "
    "EXISTS (SELECT 1 FROM leases WHERE id = ?1 AND returned = 0 AND amount_units >= ?3) RETURNING id) "
    "UPDATE leases SET amount_units = leases.amount_units - ?3, returned = 1 FROM u WHERE leases.id = ?1";

constexpr std::string_view kDropReturned = "DELETE FROM leases WHERE id = ?1 AND returned = 1 AND amount_units = 0";

constexpr std::string_view kRenew = "UPDATE leases SET expires_ms = ?2 WHERE id = ?1 AND returned = 0";

constexpr std::string_view kSweep =
    "WITH gone_holds AS (DELETE FROM holds WHERE expires_ms < ?1 RETURNING user_id, amount_units), "
    "gone_leases AS (DELETE FROM leases WHERE expires_ms < ?1 OR (returned = 1 AND amount_units = 0) "
    "RETURNING user_id, amount_units), "
    "gone AS (SELECT user_id, amount_units FROM gone_holds UNION ALL SELECT user_id, amount_units FROM gone_leases) "
    "UPDATE users SET reserved_units = greatest(users.reserved_units - g.total, 0) "
    "FROM (SELECT user_id, sum(amount_units) AS total FROM gone GROUP BY user_id) g WHERE users.id = g.user_id";

}  // namespace

GrowthAnswer grow_lease(Database& db, const LeaseGrowth& growth, int64_t now_ms, int64_t expires_ms,
                        std::string* error) {
  const SqlArg args[] = {growth.lease_id, growth.user_id, growth.amount.units(), now_ms, expires_ms};
  auto grown = db.change(kGrow, args);
  if (!grown) {
    if (error) *error = grown.error().message;
    return GrowthAnswer::kFailed;
  }
  return *grown == 1 ? GrowthAnswer::kGranted : GrowthAnswer::kRefused;
}

Status return_lease(Database& db, const LeaseReturn& back) {
  const SqlArg args[] = {back.lease_id, back.user_id, back.unused.units()};
  auto returned = db.change(kReturn, args);
  if (!returned) return returned.error();
  const SqlArg id[] = {back.lease_id};
  auto dropped = db.change(kDropReturned, id);
  if (!dropped) return dropped.error();
  return ok_status();
}

Result<bool> renew_lease(Database& db, const LeaseRenewal& renewal, int64_t expires_ms) {
  const SqlArg args[] = {renewal.lease_id, expires_ms};
  auto renewed = db.change(kRenew, args);
  if (!renewed) return renewed.error();
  return *renewed == 1;
}

Status sweep_holds_and_leases(Database& db, int64_t now_ms) {
  const SqlArg args[] = {now_ms};
  auto swept = db.change(kSweep, args);
  if (!swept) return swept.error();
  return ok_status();
}

}  // namespace gw
