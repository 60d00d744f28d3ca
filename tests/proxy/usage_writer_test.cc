// usage_writer_test.cc - UsageWriter: batching, idempotence, flush, shutdown.
// The writer owns its connection; the tests read back through a second one.
// No sleeps: flush() and the destructor are the synchronisation points.
#include "proxy/io/usage_writer.h"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <string>
#include <thread>

namespace gw {
namespace {

// A fresh directory under $TMPDIR for one test (same helper as database_test.cc).
struct TempDir {
  std::string path;
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "gw-usage-test-XXXXXX").string();
    path = ::mkdtemp(tmpl.data()) ? tmpl : std::string();
    REQUIRE(!path.empty());
  }
  ~TempDir() { std::filesystem::remove_all(path); }
};

std::unique_ptr<Database> open_db(const std::string& path) {
  auto db = Database::open(path);
  REQUIRE_MESSAGE(db.ok(), (db.ok() ? "" : db.error().message));
  return std::move(db).value();
}

UsageRecord record(const std::string& request_id) {
  UsageRecord r;
  r.request_id = request_id;
  r.created_ms = 1'700'000'000'000;
  r.route = "/v1/chat/completions";
  r.model = "gpt-4o-mini";
  r.provider = "openai";
  r.status = 200;
  return r;
}

int64_t rows_in(const std::string& path) {
  auto db = open_db(path);
  auto rows = db->query("SELECT count(*) FROM usage_log");
  REQUIRE(rows.ok());
  return std::get<int64_t>(rows->at(0).at(0));
}

// A shared database (as PostgreSQL is) that is unreachable while `down`;
// when up, it takes every transaction (the rows themselves are not kept:
// these tests count what the writer commits).
// With a `gate`, every transaction first waits for it: a database that is
// reachable but slow.
class UnreachableSharedDb : public Database {
 public:
  explicit UnreachableSharedDb(std::atomic<bool>& down, std::shared_future<void> gate = {})
      : down_(down), gate_(std::move(gate)) {}
  bool shared() const override { return true; }
  Status transaction(const std::function<Status()>&) override {
    if (gate_.valid()) gate_.wait();
    if (down_.load()) return make_error(ErrorKind::kUnavailable, "database unreachable: test");
    return ok_status();
  }

 private:
  std::atomic<bool>& down_;
  std::shared_future<void> gate_;
};

// Waits (yielding, at most 10 s) until `done` holds; the writer's thread
// gets there on its own schedule.
template <class F>
bool eventually(F done) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!done() && std::chrono::steady_clock::now() < end) std::this_thread::yield();
  return done();
}

}  // namespace

TEST_CASE("flush makes every submitted usage record visible") {
  TempDir tmp;
  const std::string path = tmp.path + "/gw.db";
  UsageWriter writer(open_db(path), /*max_batch=*/64);
  for (int i = 0; i < 1000; ++i) writer.submit(record("req-" + std::to_string(i)));
  writer.flush();
  CHECK(rows_in(path) == 1000);
  CHECK(writer.written() == 1000);
  CHECK(writer.failed() == 0);
  CHECK(writer.last_error().empty());
}

TEST_CASE("usage records keep every field, with money as exact units") {
  TempDir tmp;
  const std::string path = tmp.path + "/gw.db";
  UsageWriter writer(open_db(path));
  UsageRecord r = record("req-fields");
  r.key_id = "key_123";
  r.usage = Usage{.prompt_tokens = 1200,
                  .completion_tokens = 300,
                  .cached_tokens = 1000,
                  .reasoning_tokens = 50,
                  .estimated = true};
  r.cost = Money::from_units(123'456'789'012);
  r.latency_ms = 850;
  r.overhead_us = 420;
  r.attempts = 2;
  r.stream = true;
  writer.submit(r);
  writer.flush();

  auto db = open_db(path);
  auto rows = db->query(
      "SELECT key_id, user_id, prompt_tokens, completion_tokens, cached_tokens, reasoning_tokens, "
      "usage_estimated, cost_units, latency_ms, overhead_us, attempts, stream, status FROM usage_log "
      "WHERE request_id = ?1",
      {std::string("req-fields")});
  REQUIRE(rows.ok());
  REQUIRE(rows->size() == 1);
  const SqlRow& row = rows->front();
  CHECK(std::get<std::string>(row[0]) == "key_123");
  CHECK(std::holds_alternative<std::nullptr_t>(row[1]));
  CHECK(std::get<int64_t>(row[2]) == 1200);
  CHECK(std::get<int64_t>(row[3]) == 300);
  CHECK(std::get<int64_t>(row[4]) == 1000);
  CHECK(std::get<int64_t>(row[5]) == 50);
  CHECK(std::get<int64_t>(row[6]) == 1);
  CHECK(std::get<int64_t>(row[7]) == 123'456'789'012);
  CHECK(std::get<int64_t>(row[8]) == 850);
  CHECK(std::get<int64_t>(row[9]) == 420);
  CHECK(std::get<int64_t>(row[10]) == 2);
  CHECK(std::get<int64_t>(row[11]) == 1);
  CHECK(std::get<int64_t>(row[12]) == 200);
}

TEST_CASE("a duplicate request_id is stored once") {
  TempDir tmp;
  const std::string path = tmp.path + "/gw.db";
  UsageWriter writer(open_db(path));
  writer.submit(record("req-same"));
  writer.submit(record("req-same"));  // same batch
  writer.flush();
  writer.submit(record("req-same"));  // a later batch
  writer.flush();
  CHECK(rows_in(path) == 1);
  CHECK(writer.failed() == 0);
}

TEST_CASE("one batch of charges for one user: every ledger row, balances changed once by their sum") {
  TempDir tmp;
  const std::string path = tmp.path + "/gw.db";
  {
    auto db = open_db(path);
    REQUIRE(db->query("INSERT INTO users (id, name, plan, tier, created_ms, allowance_units, purchased_units) "
                      "VALUES ('usr_1', 'ann', 'dev', 'basic', 0, 1000, 500)")
                .ok());
  }
  auto charged = [](const std::string& id, int64_t allowance, int64_t purchased, int64_t tokens) {
    UsageRecord r = record(id);
    LedgerEntry e;
    e.user_id = "usr_1";
    e.request_id = id;
    e.allowance_delta = Money::from_units(-allowance);
    e.purchased_delta = Money::from_units(-purchased);
    e.trial_tokens = tokens;
    e.trial_requests = 1;
    r.ledger = e;
    return r;
  };
  UsageWriter writer(open_db(path));
  writer.submit(charged("req-1", 100, 0, 10));
  writer.submit(charged("req-2", 250, 5, 20));
  writer.submit(charged("req-1", 100, 0, 10));  // a duplicate: neither a row nor a balance change
  writer.submit(charged("req-3", 0, 45, 30));
  writer.flush();
  auto db = open_db(path);
  auto user = db->query("SELECT allowance_units, purchased_units, trial_tokens_used, trial_requests_used FROM users");
  REQUIRE(user.ok());
  CHECK(std::get<int64_t>(user->at(0)[0]) == 1000 - 350);
  CHECK(std::get<int64_t>(user->at(0)[1]) == 500 - 50);
  CHECK(std::get<int64_t>(user->at(0)[2]) == 60);
  CHECK(std::get<int64_t>(user->at(0)[3]) == 3);
  auto ledger = db->query("SELECT count(*), sum(allowance_units), sum(purchased_units) FROM ledger");
  REQUIRE(ledger.ok());
  CHECK(std::get<int64_t>(ledger->at(0)[0]) == 3);
  CHECK(std::get<int64_t>(ledger->at(0)[1]) == -350);
  CHECK(std::get<int64_t>(ledger->at(0)[2]) == -50);
}

TEST_CASE("destroying the usage writer writes what is still queued") {
  TempDir tmp;
  const std::string path = tmp.path + "/gw.db";
  {
    UsageWriter writer(open_db(path), /*max_batch=*/7);
    for (int i = 0; i < 100; ++i) writer.submit(record("req-" + std::to_string(i)));
  }
  CHECK(rows_in(path) == 100);
}

TEST_CASE("a shared database down: records wait without blocking submit, new requests are refused, none is lost") {
  std::atomic<bool> down{true};
  UsageWriter writer(std::make_unique<UnreachableSharedDb>(down), /*max_batch=*/4, std::chrono::milliseconds(0),
                     /*max_pending=*/8);
  for (int i = 0; i < 7; ++i) writer.submit(record("req-" + std::to_string(i)));
  CHECK_FALSE(writer.refusing());  // fewer than max_pending wait
  // Past max_pending: submit() still returns (requests already running
  // finish), and refusing() tells the pipeline to answer new ones 503.
  for (int i = 7; i < 12; ++i) writer.submit(record("req-" + std::to_string(i)));
  CHECK(eventually([&] { return writer.refusing(); }));  // once the writer has met the outage
  CHECK(writer.unfinished() == 12);
  CHECK(writer.written() == 0);
  CHECK(writer.failed() == 0);
  down.store(false);
  writer.flush();  // the writer's retry finds the database back
  CHECK(writer.written() == 12);
  CHECK(writer.failed() == 0);
  CHECK_FALSE(writer.refusing());
}

TEST_CASE("a shared database that is slow but reachable is waited for, never refused") {
  std::atomic<bool> down{false};
  std::promise<void> open_gate;
  UsageWriter writer(std::make_unique<UnreachableSharedDb>(down, open_gate.get_future().share()), /*max_batch=*/4,
                     std::chrono::milliseconds(0), /*max_pending=*/8);
  for (int i = 0; i < 12; ++i) writer.submit(record("req-" + std::to_string(i)));
  CHECK(writer.unfinished() == 12);
  CHECK_FALSE(writer.refusing());  // a backlog, not an outage
  open_gate.set_value();
  writer.flush();
  CHECK(writer.written() == 12);
}

TEST_CASE("on SQLite the writer never refuses: submit waits for the disk instead") {
  TempDir tmp;
  const std::string path = tmp.path + "/gw.db";
  UsageWriter writer(open_db(path), /*max_batch=*/1, std::chrono::milliseconds(0), /*max_pending=*/1);
  for (int i = 0; i < 20; ++i) {
    writer.submit(record("req-" + std::to_string(i)));
    CHECK_FALSE(writer.refusing());
  }
  writer.flush();
  CHECK(rows_in(path) == 20);
}

TEST_CASE("a batch that cannot be written is counted as failed, with the cause kept") {
  TempDir tmp;
  auto db = Database::open(tmp.path + "/gw.db", {});  // no usage_log table
  REQUIRE(db.ok());
  UsageWriter writer(std::move(db).value(), /*max_batch=*/2);
  for (int i = 0; i < 5; ++i) writer.submit(record("req-" + std::to_string(i)));
  writer.flush();  // returns although nothing could be written
  CHECK(writer.written() == 0);
  CHECK(writer.failed() == 5);
  CHECK(writer.last_error().find("no such table: usage_log") != std::string::npos);
}

}  // namespace gw
