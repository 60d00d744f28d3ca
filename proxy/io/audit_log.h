// audit_log.h - the audit log of security violations: a bad or revoked key,
// a key used from an address or site it is not allowed, a non-admin on
// /admin, a forged or expired identity assertion, rate-limit abuse. Each
// record says when, from which address, on which route, which key (its id,
// or for a key gw does not know only its display prefix - never a key) and
// why (a stable reason code).
//
// record() never waits for the disk: it appends to a bounded queue (records
// past kMaxQueued are dropped and counted, so a flood cannot exhaust memory)
// and a job of the housekeeping thread (proxy/io/periodic_worker.h) writes
// batches in one transaction each.
// `gw audit` and GET /admin/audit read it back, newest first.
//
// Thread-safety: record(), flush(), recent() and dropped() may be called from
// any thread. The Database is used under db_mu_ only.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/base/result.h"
#include "proxy/io/database.h"
#include "proxy/io/periodic_worker.h"

namespace gw {

struct AuditRecord {
  int64_t created_ms = 0;  // Unix epoch milliseconds
  std::string ip;          // client address
  std::string key_id;      // a known key's id ("key_..."); "" = none
  std::string key_prefix;  // an unknown key's display prefix ("gw_live_3kF9…"); "" = none
  std::string route;       // "/v1/chat/completions", "/admin/users", "/auth/login"
  std::string reason;      // stable code: invalid_api_key, revoked_api_key, ip_not_allowed,
                           // domain_not_allowed, permission_denied, admin_forbidden,
                           // invalid_assertion, rate_limit_abuse, velocity_mode_on
  std::string detail;      // one human line; never a secret
};

// {"time", "ip", "key_id", "key_prefix", "route", "reason", "detail"}.
nlohmann::json audit_json(const AuditRecord& r);

// The newest `limit` records of a database, newest first.
Result<std::vector<AuditRecord>> read_audit(Database& db, int limit);

class AuditLog {
 public:
  static constexpr size_t kMaxQueued = 10'000;

  // Requires a migrated database (Database::open). Starts the writer job.
  explicit AuditLog(std::unique_ptr<Database> db);
  // Writes what is queued, then stops the job.
  ~AuditLog();
  AuditLog(const AuditLog&) = delete;
  AuditLog& operator=(const AuditLog&) = delete;

  void record(AuditRecord r);
  // Blocks until every record queued before the call is written (or failed).
  void flush();
  // Flushes, then the newest `limit` records.
  Result<std::vector<AuditRecord>> recent(int limit);
  int64_t dropped() const { return dropped_.load(); }

 private:
  void write_queued();

  std::mutex db_mu_;
  std::unique_ptr<Database> db_;  // guarded by db_mu_

  std::mutex mu_;
  std::condition_variable drained_;  // flush() waits here
  std::vector<AuditRecord> queue_;   // guarded by mu_
  int64_t queued_ = 0;               // guarded by mu_: records ever accepted
  int64_t done_ = 0;                 // guarded by mu_: records written or failed
  std::atomic<int64_t> dropped_{0};
  PeriodicWorker writer_;  // last: its job uses the members above
};

}  // namespace gw
