// usage_writer.h - records finished requests in usage_log, and the ledger
// entries that bill them, off the hot path.
//
// A request's usage row and its ledger entry are written in the SAME
// transaction, so after any crash the ledger and the usage log agree.
// submit() only appends to an in-memory queue and wakes a background thread;
// the thread drains the queue in batches of up to max_batch records and writes
// each batch in ONE transaction with INSERT OR IGNORE, so a request_id is
// stored at most once. Group commit: a thread woken for fewer than max_batch
// records waits up to `linger` (default 10 ms) for more, so light traffic
// also shares transactions (a commit costs as much as ~30 rows). That widens
// what a kill -9 can lose to the answers of the last ~10 ms (never billed
// twice; see the crash test); a clean stop and flush() write at once.
// Back-pressure: when max_pending records (default 2048, ~2 MB) wait for
// the disk, submit() waits for room, so a burst the database cannot absorb
// slows requests down instead of growing memory without bound. On a shared
// database (PostgreSQL) a request must not wait for a database that is
// down: while the writer's batches fail and max_pending records are
// unwritten, refusing() is true and the pipeline answers new requests with
// a 503 before they run (preflight); the requests already past it still
// submit without waiting. The queue's own bound there is twice max_pending:
// the back-pressure wait of a database that is reachable but slower than
// the traffic, and the last resort for more requests in flight than that. A batch that fails is retried once, then
// dropped and counted in failed(); the cause is kept in last_error() (never printed, and never containing record
// contents). On a shared database (PostgreSQL, several instances) a batch is never dropped while the writer runs: it is
// retried with backoff until the database is back, and settles holds and
// charges over the shared balances (proxy/io/ledger_sql.h).
//
// The same transaction adds the rows into the dashboard's rollups
// (proxy/io/rollup_sql.h) and stores bodies when the record carries them
// ([log] store_bodies); only rows inserted now are counted, so a
// resubmitted request_id is not counted twice. On SQLite each row is one
// prepared statement; on a shared database, where each statement is a round
// trip, a batch is a few multi-row statements (usage_row_sql.h,
// shared_ledger_sql.h).
//
// Thread-safety: submit(), flush(), written(), failed() and last_error() may
// be called from any thread. The Database is used only by the writer thread.
// The destructor must not race with submit().
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/base/money.h"
#include "core/base/usage.h"
#include "core/ledger/credit_book.h"
#include "core/ledger/ledger_entry.h"
#include "proxy/io/background_queue.h"
#include "proxy/io/database.h"

namespace gw {

// One row of usage_log.
struct UsageRecord {
  std::string request_id;  // unique per request; a resubmitted id is ignored
  int64_t created_ms = 0;  // Unix epoch milliseconds
  std::string key_id;      // empty: stored as NULL
  std::string user_id;     // empty: stored as NULL
  std::string route;       // e.g. "/v1/chat/completions"
  std::string model;
  std::string provider;
  int status = 0;  // HTTP status returned to the client
  Usage usage;     // tokens, and whether they were estimated
  Money cost;      // exact fixed point; stored as cost.units()
  Money saved;     // a response-cache hit's saving for its caller (usage_log.saved_units); else 0
  int64_t latency_ms = 0;
  int64_t overhead_us = 0;  // time spent in gw itself
  int attempts = 1;         // upstream attempts, including failover
  bool stream = false;
  std::string router;                 // a router:* request's router and tier ("code:auto complex"); empty: NULL
  std::string route_decision;         // its whole decision, as sent in x-gw-route; empty: NULL
  std::string trace_id;               // W3C trace id; empty: NULL
  std::string failover;               // providers tried, "deepinfra:0 openrouter:200"; empty: NULL (one attempt)
  std::string request_body;           // [log] store_bodies: the prompt as sent (capped); empty: not stored
  std::string response_body;          // [log] store_bodies: the answer as sent (capped)
  std::optional<LedgerEntry> ledger;  // the request's charge or refund, if billed
};

// Told about each usage row once its batch is committed (the dashboard's
// live view). Called on the writer thread; must be quick and thread-safe.
class UsageListener {
 public:
  virtual ~UsageListener() = default;
  // False while nobody is watching: the writer then skips written().
  virtual bool listening() const = 0;
  virtual void written(const UsageRecord& record) = 0;
};

class UsageWriter : public LedgerJournal {
 public:
  static constexpr size_t kDefaultMaxBatch = 512;  // records per transaction
  static constexpr std::chrono::milliseconds kDefaultLinger{10};
  static constexpr size_t kDefaultMaxPending = 2048;  // a record queued is ~1 KB

  // Requires a migrated database (Database::open). Starts the writer thread.
  explicit UsageWriter(std::unique_ptr<Database> db, size_t max_batch = kDefaultMaxBatch,
                       std::chrono::milliseconds linger = kDefaultLinger, size_t max_pending = kDefaultMaxPending);
  // Writes everything still queued, then stops the thread.
  ~UsageWriter() override;
  UsageWriter(const UsageWriter&) = delete;
  UsageWriter& operator=(const UsageWriter&) = delete;

  // Queues one record; waits only while max_pending records are queued
  // (twice that on a shared database).
  void submit(UsageRecord record);
  // A shared database whose last batch failed (unreachable), and at least
  // max_pending records not yet written: new requests should be refused
  // (503) until the backlog is written. A database that is only slow is
  // waited for (submit's bound), and SQLite always is: false there.
  bool refusing() const;
  int64_t unfinished() const;  // records and entries queued or being written

  // Queues a ledger entry that has no usage row (allowance resets, holds
  // released without a settle). LedgerJournal.
  void append(LedgerEntry entry) override;
  // Blocks until every record submitted before this call has been written or
  // counted as failed.
  void flush();

  // Before the first submit(): who hears of committed rows (null: nobody),
  // and how long stored bodies are kept (default 7 days; pruned hourly with
  // the minute rollups).
  void set_listener(UsageListener* listener) { listener_.store(listener); }
  void set_body_retention_ms(int64_t ms) { body_retention_ms_.store(ms); }

  int64_t written() const { return written_.load(); }  // records in committed batches
  int64_t failed() const { return failed_.load(); }    // records dropped after the retry
  std::string last_error() const;                      // "" if no batch has failed

 private:
  struct Item {
    std::optional<UsageRecord> usage;
    std::optional<LedgerEntry> entry;  // when usage is empty
  };
  void write(std::vector<Item>& items);  // on the queue's thread
  Status write_batch(std::span<const Item> batch);
  // Once an hour of data time: old minute rollups and expired bodies go.
  Status prune_if_due(int64_t newest_ms);
  Status write_shared(std::span<const Item> batch);  // PostgreSQL: see usage_writer.cc

  std::unique_ptr<Database> db_;  // writer thread only
  const size_t max_batch_;
  const size_t refuse_at_;  // 0: never refuse (SQLite)

  mutable std::mutex mu_;
  std::string last_error_;  // guarded by mu_

  std::atomic<UsageListener*> listener_{nullptr};
  std::atomic<int64_t> body_retention_ms_{7 * 86'400'000LL};
  int64_t last_prune_ms_ = 0;  // writer thread only

  std::atomic<int64_t> written_{0};
  std::atomic<int64_t> failed_{0};
  std::atomic<bool> stopping_{false};
  std::atomic<bool> failing_{false};  // a shared database's batch is being retried
  BackgroundQueue<Item> queue_;       // last: its thread starts after every other member is ready
};

}  // namespace gw
