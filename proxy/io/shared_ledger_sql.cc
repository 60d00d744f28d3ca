// shared_ledger_sql.cc - contracts in shared_ledger_sql.h.
#include "proxy/io/shared_ledger_sql.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "proxy/io/ledger_sql.h"
#include "proxy/io/row_batch_sql.h"

namespace gw {
namespace {

struct Buckets {
  int64_t allowance = 0;
  int64_t purchased = 0;
};

// A charge's split recomputed over `b`, the balance as the database has it.
void rebase_charge(LedgerEntry& e, const Buckets& b) {
  const int64_t cost = -(e.allowance_delta.units() + e.purchased_delta.units()) + e.uncollected.units();
  const int64_t charge = std::clamp<int64_t>(cost, 0, std::max<int64_t>(b.allowance + b.purchased, 0));
  const int64_t from_allowance = std::clamp<int64_t>(charge, 0, std::max<int64_t>(b.allowance, 0));
  e.allowance_delta = Money::from_units(-from_allowance);
  e.purchased_delta = Money::from_units(-(charge - from_allowance));
  e.uncollected = Money::from_units(cost - charge);
}

// One user's row, changed once per batch.
struct UserChange {
  BalanceDelta delta;    // the new ledger rows' sums
  int64_t released = 0;  // the holds ended, in units
};

// `sql` run with `ids` as its parameters (an IN list's).
Result<std::vector<SqlRow>> query_ids(Database& db, const std::string& sql, const std::vector<std::string>& ids) {
  return db.query(sql, std::vector<SqlValue>(ids.begin(), ids.end()));
}

template <class Set>
std::vector<std::string> listed(const Set& s) {
  return std::vector<std::string>(s.begin(), s.end());
}

// The request and external ids of `entries` the ledger already has.
Status find_stored(Database& db, std::span<const LedgerEntry* const> entries, std::set<std::string>& requests,
                   std::set<std::string>& externals) {
  std::set<std::string> rids, xids;
  for (const LedgerEntry* e : entries) {
    if (!e->request_id.empty()) rids.insert(e->request_id);
    if (!e->external_id.empty()) xids.insert(e->external_id);
  }
  if (rids.empty() && xids.empty()) return ok_status();
  std::string where;
  if (!rids.empty()) where = "request_id IN (" + sql_placeholders(rids.size()) + ")";
  if (!xids.empty())
    where += (where.empty() ? "" : " OR ") + std::string("external_id IN (") +
             sql_placeholders(xids.size(), rids.size() + 1) + ")";
  std::vector<std::string> ids = listed(rids);
  ids.insert(ids.end(), xids.begin(), xids.end());
  auto rows = query_ids(db, "SELECT request_id, external_id FROM ledger WHERE " + where, ids);
  if (!rows) return rows.error();
  for (const SqlRow& r : *rows) {
    if (std::string rid = sql_text(r.at(0)); rids.count(rid)) requests.insert(rid);
    if (std::string xid = sql_text(r.at(1)); xids.count(xid)) externals.insert(xid);
  }
  return ok_status();
}

// Deletes the holds of `entries`' requests; adds what each held to its
// user's change.
Status end_holds(Database& db, std::span<const LedgerEntry* const> entries,
                 std::map<std::string, UserChange>& changes) {
  std::map<std::string, std::string> user_of;  // request id -> user id (the first entry's)
  for (const LedgerEntry* e : entries)
    if (!e->request_id.empty())
      user_of.emplace(e->request_id, e->user_id);  // a lease's too: it may have held alone first
  if (user_of.empty()) return ok_status();
  std::vector<std::string> ids;
  for (const auto& [rid, user] : user_of) ids.push_back(rid);
  auto held = query_ids(
      db,
      "DELETE FROM holds WHERE request_id IN (" + sql_placeholders(ids.size()) + ") RETURNING request_id, amount_units",
      ids);
  if (!held) return held.error();
  for (const SqlRow& r : *held) changes[user_of[sql_text(r.at(0))]].released += sql_integer(r.at(1));
  return ok_status();
}

// Locks the users' rows (in id order, as every writer does) and reads their
// balances.
Status lock_users(Database& db, const std::set<std::string>& users, std::map<std::string, Buckets>& balances) {
  auto rows = query_ids(db,
                        "SELECT id, allowance_units, purchased_units FROM users WHERE id IN (" +
                            sql_placeholders(users.size()) + ") ORDER BY id FOR UPDATE",
                        listed(users));
  if (!rows) return rows.error();
  for (const SqlRow& r : *rows) balances[sql_text(r.at(0))] = {sql_integer(r.at(1)), sql_integer(r.at(2))};
  return ok_status();
}

// Lowers each lease's row by the holds of `fresh` entries taken from it (a
// row never below zero), adds what each released to its user's change, and
// deletes a given-back lease's row once it reaches zero. Runs after the
// users' rows are locked (lease_sql.h: users first, then leases). A lease
// released meanwhile (expired, swept) releases nothing.
Status consume_leases(Database& db, const std::vector<LedgerEntry>& fresh, std::map<std::string, UserChange>& changes) {
  std::map<std::string, int64_t> use;  // lease id -> holds taken from it
  for (const LedgerEntry& e : fresh)
    if (!e.lease_id.empty()) use[e.lease_id] += e.reserved.units();
  if (use.empty()) return ok_status();
  std::vector<std::string> finished;
  std::vector<std::pair<std::string, int64_t>> all(use.begin(), use.end());
  for (size_t start = 0; start < all.size(); start += kRowsPerStatement) {
    const size_t n = std::min(kRowsPerStatement, all.size() - start);
    std::vector<SqlValue> args;
    for (size_t i = start; i < start + n; ++i) {
      args.emplace_back(all[i].first);
      args.emplace_back(all[i].second);
    }
    auto rows = db.query(
        "WITH v (id, a) AS (VALUES " + sql_value_rows(2, n) +
            "), o AS (SELECT l.id, l.amount_units AS old FROM leases l JOIN v ON v.id = l.id ORDER BY l.id FOR UPDATE "
            "OF l) UPDATE leases SET amount_units = o.old - least(v.a, o.old) FROM o JOIN v ON v.id = o.id WHERE "
            "leases.id = o.id RETURNING leases.id, leases.user_id, o.old - leases.amount_units, leases.amount_units, "
            "leases.returned",
        args);
    if (!rows) return rows.error();
    for (const SqlRow& r : *rows) {
      changes[sql_text(r.at(1))].released += sql_integer(r.at(2));
      if (sql_integer(r.at(3)) == 0 && sql_integer(r.at(4)) == 1) finished.push_back(sql_text(r.at(0)));
    }
  }
  if (finished.empty()) return ok_status();
  auto dropped = query_ids(db,
                           "DELETE FROM leases WHERE id IN (" + sql_placeholders(finished.size()) +
                               ") AND returned = 1 AND amount_units = 0",
                           finished);
  if (!dropped) return dropped.error();
  return ok_status();
}

// Inserts `fresh`, kRowsPerStatement rows a statement; fails unless every
// row was new.
Status insert_rows(Database& db, const std::vector<LedgerEntry>& fresh) {
  constexpr size_t kColumns = 10;
  for (size_t start = 0; start < fresh.size(); start += kRowsPerStatement) {
    const size_t n = std::min(kRowsPerStatement, fresh.size() - start);
    std::vector<SqlArg> args;
    args.reserve(n * kColumns);
    for (size_t i = start; i < start + n; ++i) {
      const LedgerEntry& e = fresh[i];
      for (SqlArg a :
           {SqlArg(e.user_id), SqlArg(ledger_kind_name(e.kind)), SqlArg(e.created_ms),
            SqlArg(e.allowance_delta.units()), SqlArg(e.purchased_delta.units()), sql_arg_or_null(e.request_id),
            sql_arg_or_null(e.external_id), SqlArg(e.reserved.units()), SqlArg(e.uncollected.units()), SqlArg(e.note)})
        args.push_back(a);
    }
    auto inserted = db.change(
        "INSERT OR IGNORE INTO ledger (" + std::string(kLedgerColumns) + ") VALUES " + sql_value_rows(kColumns, n),
        args);
    if (!inserted) return inserted.error();
    if (*inserted != static_cast<int64_t>(n))
      return make_error(ErrorKind::kIo, "a ledger row of this batch was stored by another writer meanwhile; retrying");
  }
  return ok_status();
}

// Applies every user's change in one UPDATE per kRowsPerStatement users.
Status apply_changes(Database& db, const std::map<std::string, UserChange>& changes) {
  constexpr size_t kColumns = 7;
  std::vector<const std::pair<const std::string, UserChange>*> all;
  for (const auto& c : changes)
    if (c.second.released != 0 || c.second.delta.allowance_units != 0 || c.second.delta.purchased_units != 0 ||
        c.second.delta.trial_tokens != 0 || c.second.delta.trial_requests != 0 || c.second.delta.period_start_ms != 0)
      all.push_back(&c);
  for (size_t start = 0; start < all.size(); start += kRowsPerStatement) {
    const size_t n = std::min(kRowsPerStatement, all.size() - start);
    std::vector<SqlArg> args;
    args.reserve(n * kColumns);
    for (size_t i = start; i < start + n; ++i) {
      const auto& [user_id, c] = *all[i];
      for (SqlArg a : {SqlArg(user_id), SqlArg(c.delta.allowance_units), SqlArg(c.delta.purchased_units),
                       SqlArg(c.delta.trial_tokens), SqlArg(c.delta.trial_requests), SqlArg(c.delta.period_start_ms),
                       SqlArg(c.released)})
        args.push_back(a);
    }
    auto applied = db.change(
        "UPDATE users SET allowance_units = users.allowance_units + v.a, purchased_units = users.purchased_units + "
        "v.p, trial_tokens_used = users.trial_tokens_used + v.tt, trial_requests_used = users.trial_requests_used + "
        "v.tr, period_start_ms = CASE WHEN v.ps > 0 THEN v.ps ELSE users.period_start_ms END, reserved_units = "
        "greatest(users.reserved_units - v.r, 0) FROM (VALUES " +
            sql_value_rows(kColumns, n) + ") AS v (id, a, p, tt, tr, ps, r) WHERE users.id = v.id",
        args);
    if (!applied) return applied.error();
  }
  return ok_status();
}

}  // namespace

Status write_entries_shared(Database& db, std::span<const LedgerEntry* const> entries) {
  if (entries.empty()) return ok_status();
  // Before any user's row is locked: which entries are already stored, and
  // the requests' holds (each request's own row).
  std::set<std::string> stored_requests, stored_externals;
  if (auto st = find_stored(db, entries, stored_requests, stored_externals); !st) return st;
  std::map<std::string, UserChange> changes;
  if (auto st = end_holds(db, entries, changes); !st) return st;
  std::set<std::string> users;
  for (const LedgerEntry* e : entries) users.insert(e->user_id);
  std::map<std::string, Buckets> balances;
  if (auto st = lock_users(db, users, balances); !st) return st;
  // The new entries, in order, each charge split over the balance left by
  // the ones before it.
  std::vector<LedgerEntry> fresh;
  for (const LedgerEntry* original : entries) {
    const std::string& rid = original->request_id;
    const std::string& xid = original->external_id;
    if ((!rid.empty() && stored_requests.count(rid)) || (!xid.empty() && stored_externals.count(xid))) continue;
    if (!rid.empty()) stored_requests.insert(rid);  // a second entry of the request is skipped
    if (!xid.empty()) stored_externals.insert(xid);
    LedgerEntry e = *original;
    Buckets& b = balances[e.user_id];
    if (e.kind == LedgerKind::kCharge) rebase_charge(e, b);
    b.allowance += e.allowance_delta.units();
    b.purchased += e.purchased_delta.units();
    changes[e.user_id].delta.add(e);
    fresh.push_back(std::move(e));
  }
  if (auto st = insert_rows(db, fresh); !st) return st;
  if (auto st = consume_leases(db, fresh, changes); !st) return st;
  return apply_changes(db, changes);
}

}  // namespace gw
