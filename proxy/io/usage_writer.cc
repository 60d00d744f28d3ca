// usage_writer.cc - the batching usage_log writer. Contracts in usage_writer.h.
#include "proxy/io/usage_writer.h"

#include <algorithm>
#include <array>
#include <map>
#include <span>
#include <thread>
#include <utility>

#include "proxy/io/ledger_sql.h"
#include "proxy/io/rollup_sql.h"
#include "proxy/io/shared_ledger_sql.h"
#include "proxy/io/usage_row_sql.h"

namespace gw {

UsageWriter::UsageWriter(std::unique_ptr<Database> db, size_t max_batch, std::chrono::milliseconds linger,
                         size_t max_pending)
    : db_(std::move(db)),
      max_batch_(std::max<size_t>(max_batch, 1)),
      refuse_at_(db_ && db_->shared() ? std::max(max_pending, max_batch_) : 0),
      // On a shared database that fails, the gate is refusing() (the
      // pipeline answers 503); the queue's own wait, at twice that, is the
      // back-pressure of one that is only slow, and the last resort.
      queue_([this](std::vector<Item>& items) { write(items); },
             {.linger = linger,
              .batch_target = max_batch_,
              .max_pending = std::max(max_pending, max_batch_) * (refuse_at_ > 0 ? 2 : 1),
              .thread_name = "gw-usage"}) {}

bool UsageWriter::refusing() const {
  return refuse_at_ > 0 && failing_.load() && queue_.unfinished() >= static_cast<int64_t>(refuse_at_);
}

int64_t UsageWriter::unfinished() const { return queue_.unfinished(); }

UsageWriter::~UsageWriter() {
  stopping_.store(true);
  queue_.stop();  // writes everything still queued
}

void UsageWriter::submit(UsageRecord record) { queue_.push(Item{std::move(record), std::nullopt}); }

void UsageWriter::append(LedgerEntry entry) { queue_.push(Item{std::nullopt, std::move(entry)}); }

void UsageWriter::flush() { queue_.flush(); }

std::string UsageWriter::last_error() const {
  std::lock_guard<std::mutex> lock(mu_);
  return last_error_;
}

// On the queue's thread: write what was queued in chunks of max_batch_.
void UsageWriter::write(std::vector<Item>& items) {
  for (size_t start = 0; start < items.size(); start += max_batch_) {
    size_t end = std::min(items.size(), start + max_batch_);
    std::span<const Item> batch(items.data() + start, end - start);
    Status s = write_batch(batch);
    if (!s) s = write_batch(batch);  // one retry, e.g. after a busy timeout
    // A shared database (PostgreSQL) that is unreachable is waited for:
    // the records stay queued (new requests are refused once max_pending
    // are: refusing()), never dropped, until it is back or the writer is
    // stopping.
    for (int64_t wait_ms = 100; !s && db_ && db_->shared() && !stopping_.load();
         wait_ms = std::min<int64_t>(wait_ms * 2, 2000)) {
      failing_.store(true);
      std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms));
      s = write_batch(batch);
    }
    if (s) failing_.store(false);
    (s ? written_ : failed_).fetch_add(static_cast<int64_t>(batch.size()));
    UsageListener* listener = listener_.load();
    if (s && listener && listener->listening())
      for (const Item& item : batch)
        if (item.usage) listener->written(*item.usage);
    if (!s) {
      std::lock_guard<std::mutex> lock(mu_);
      last_error_ = s.error().message;
    }
  }
}

Status UsageWriter::write_batch(std::span<const Item> batch) {
  if (!db_) return make_error(ErrorKind::kInternal, "usage writer has no database");
  return db_->transaction([&]() -> Status {
    // Balance changes are summed per user and applied once per batch: under
    // load one user's many charges cost one UPDATE, not one each.
    if (db_->shared()) return write_shared(batch);
    std::map<std::string, BalanceDelta, std::less<>> deltas;
    RollupBatch rollups;  // only rows inserted now: a resubmitted request_id is not counted twice
    for (const Item& item : batch) {
      if (item.usage) {
        const UsageRecord& r = *item.usage;
        auto inserted = db_->change(insert_usage_row_sql(), usage_row_args(r));
        if (!inserted) return inserted.error();
        if (*inserted > 0) rollups.add(rollup_input(r));
        if (*inserted > 0 && !r.request_body.empty())
          if (auto st = insert_usage_bodies(*db_, r); !st) return st;
      }
      const std::optional<LedgerEntry>& entry = item.usage ? item.usage->ledger : item.entry;
      if (!entry) continue;
      auto is_new = insert_ledger_row(*db_, *entry);
      if (!is_new) return is_new.error();
      if (*is_new) deltas[entry->user_id].add(*entry);
    }
    for (const auto& [user_id, delta] : deltas)
      if (auto st = apply_balance_delta(*db_, user_id, delta); !st) return st;
    if (auto st = write_rollups(*db_, rollups); !st) return st;
    return prune_if_due(rollups.newest_ms());
  });
}

Status UsageWriter::prune_if_due(int64_t newest_ms) {
  constexpr int64_t kPruneEveryMs = 3'600'000;
  if (newest_ms - last_prune_ms_ < kPruneEveryMs) return ok_status();
  last_prune_ms_ = newest_ms;
  if (auto st = prune_minute_rollups(*db_, newest_ms); !st) return st;
  const std::array<SqlArg, 1> before = {newest_ms - body_retention_ms_.load()};
  auto deleted = db_->change("DELETE FROM usage_bodies WHERE created_ms < ?1", before);
  if (!deleted) return deleted.error();
  return ok_status();
}

// Inside write_batch's transaction, on a shared database: a few round
// trips per batch, whatever its size. The usage rows in multi-row inserts
// (those inserted now are counted: a resubmitted request_id is not), their
// bodies, the rollups of those rows (before any user's row is locked, so
// that a request's hold waits for as little as possible), then the ledger
// entries through write_entries_shared (holds ended, charges split over
// the shared balance).
Status UsageWriter::write_shared(std::span<const Item> batch) {
  std::vector<const UsageRecord*> records;
  std::vector<const LedgerEntry*> entries;
  for (const Item& item : batch) {
    if (item.usage) records.push_back(&*item.usage);
    const std::optional<LedgerEntry>& entry = item.usage ? item.usage->ledger : item.entry;
    if (entry) entries.push_back(&*entry);
  }
  auto inserted = insert_usage_rows(*db_, records);
  if (!inserted) return inserted.error();
  RollupBatch rollups;
  for (const UsageRecord* r : *inserted) {
    rollups.add(rollup_input(*r));
    if (!r->request_body.empty())
      if (auto st = insert_usage_bodies(*db_, *r); !st) return st;
  }
  if (auto st = write_rollups(*db_, rollups); !st) return st;
  if (auto st = write_entries_shared(*db_, entries); !st) return st;
  return prune_if_due(rollups.newest_ms());
}

}  // namespace gw
