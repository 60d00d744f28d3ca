// audit_log_test.cc - AuditLog: records reach the database off the caller's
// thread and read back newest first; flush() is the synchronisation point.
#include "proxy/io/audit_log.h"

#include <doctest/doctest.h>
#include <stdlib.h>

#include <filesystem>

#include "tests/support/memory_db.h"

namespace gw {
namespace {

AuditRecord violation(int64_t ms, std::string reason) {
  AuditRecord r;
  r.created_ms = ms;
  r.ip = "203.0.113.7";
  r.key_id = "key_0a1b2c3d4e5f";
  r.route = "/admin/users";
  r.reason = std::move(reason);
  r.detail = "this API key's role (dev) may not do this";
  return r;
}

}  // namespace

TEST_CASE("audit log: records read back newest first with every field") {
  AuditLog log(memory_db());
  log.record(violation(1'700'000'000'000, "invalid_api_key"));
  log.record(violation(1'700'000'001'000, "permission_denied"));
  auto records = log.recent(10);
  REQUIRE(records.ok());
  REQUIRE(records->size() == 2);
  const AuditRecord& newest = records->at(0);
  CHECK(newest.reason == "permission_denied");
  CHECK(newest.ip == "203.0.113.7");
  CHECK(newest.key_id == "key_0a1b2c3d4e5f");
  CHECK(newest.route == "/admin/users");
  CHECK(records->at(1).reason == "invalid_api_key");
  auto j = audit_json(newest);
  CHECK(j["time"] == "2023-11-14T22:13:21Z");
  CHECK(j["reason"] == "permission_denied");
}

TEST_CASE("audit log: recent() returns at most `limit` records") {
  AuditLog log(memory_db());
  for (int i = 0; i < 30; ++i) log.record(violation(1'700'000'000'000 + i, "invalid_api_key"));
  auto records = log.recent(5);
  REQUIRE(records.ok());
  CHECK(records->size() == 5);
  CHECK(records->at(0).created_ms == 1'700'000'000'029);
}

TEST_CASE("audit log: what is queued at destruction is still written") {
  // A file database, so a second connection can look after the log is gone.
  std::string dir = (std::filesystem::temp_directory_path() / "gw-audit-test-XXXXXX").string();
  REQUIRE(::mkdtemp(dir.data()));
  const std::string path = dir + "/gw.db";
  {
    auto file_db = Database::open(path);
    REQUIRE(file_db.ok());
    AuditLog log(std::move(file_db).value());
    for (int i = 0; i < 100; ++i) log.record(violation(1'700'000'000'000 + i, "revoked_api_key"));
  }
  auto reader = Database::open(path);
  REQUIRE(reader.ok());
  auto records = read_audit(**reader, 1000);
  REQUIRE(records.ok());
  CHECK(records->size() == 100);
  std::filesystem::remove_all(dir);
}

}  // namespace gw
