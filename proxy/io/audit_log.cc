// audit_log.cc - contracts in audit_log.h.
#include "proxy/io/audit_log.h"

#include "core/base/calendar.h"

namespace gw {
namespace {

constexpr std::string_view kInsertSql =
    "INSERT INTO audit_log (created_ms, ip, key_id, key_prefix, route, reason, detail) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
constexpr std::string_view kSelectSql =
    "SELECT created_ms, ip, key_id, key_prefix, route, reason, detail FROM audit_log "
    "ORDER BY created_ms DESC, id DESC LIMIT ?1";

std::string text_of(const SqlValue& v) {
  const auto* s = std::get_if<std::string>(&v);
  return s ? *s : std::string();
}

Status write_batch(Database& db, const std::vector<AuditRecord>& batch) {
  return db.transaction([&]() -> Status {
    for (const AuditRecord& r : batch) {
      auto done = db.query(kInsertSql, {r.created_ms, r.ip, r.key_id, r.key_prefix, r.route, r.reason, r.detail});
      if (!done) return done.error();
    }
    return ok_status();
  });
}

}  // namespace

nlohmann::json audit_json(const AuditRecord& r) {
  return {{"time", utc_timestamp(r.created_ms)},
          {"ip", r.ip},
          {"key_id", r.key_id},
          {"key_prefix", r.key_prefix},
          {"route", r.route},
          {"reason", r.reason},
          {"detail", r.detail}};
}

Result<std::vector<AuditRecord>> read_audit(Database& db, int limit) {
  auto rows = db.query(kSelectSql, {int64_t{limit}});
  if (!rows) return rows.error();
  std::vector<AuditRecord> out;
  for (const SqlRow& row : *rows) {
    const auto* ms = std::get_if<int64_t>(&row[0]);
    out.push_back({ms ? *ms : 0, text_of(row[1]), text_of(row[2]), text_of(row[3]), text_of(row[4]), text_of(row[5]),
                   text_of(row[6])});
  }
  return out;
}

AuditLog::AuditLog(std::unique_ptr<Database> db)
    : db_(std::move(db)), writer_([this] {
        write_queued();
        return int64_t{3'600'000};  // idle until record() wakes it
      }) {
  writer_.start();
}

AuditLog::~AuditLog() {
  writer_.stop();
  write_queued();  // what came after the last pass
}

void AuditLog::record(AuditRecord r) {
  bool first;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (queue_.size() >= kMaxQueued) {
      dropped_.fetch_add(1);
      return;
    }
    first = queue_.empty();
    queue_.push_back(std::move(r));
    ++queued_;
  }
  if (first) writer_.wake();  // later records ride along with the pass it starts
}

void AuditLog::flush() {
  std::unique_lock<std::mutex> lock(mu_);
  const int64_t target = queued_;
  drained_.wait(lock, [&] { return done_ >= target; });
}

Result<std::vector<AuditRecord>> AuditLog::recent(int limit) {
  flush();
  std::lock_guard<std::mutex> lock(db_mu_);
  return read_audit(*db_, limit);
}

// One pass of the writer: take the whole queue and write it in one
// transaction (failures are not retried: an audit row is not worth blocking
// on), until the queue is empty.
void AuditLog::write_queued() {
  std::vector<AuditRecord> batch;
  std::unique_lock<std::mutex> lock(mu_);
  while (!queue_.empty()) {
    batch.clear();
    batch.swap(queue_);
    lock.unlock();
    {
      std::lock_guard<std::mutex> db_lock(db_mu_);
      (void)write_batch(*db_, batch);
    }
    lock.lock();
    done_ += static_cast<int64_t>(batch.size());
    drained_.notify_all();
  }
}

}  // namespace gw
