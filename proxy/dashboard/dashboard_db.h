// dashboard_db.h - the dashboard's own database connection: the page APIs
// (overview_report.h, request_log.h) read through it on lane threads, one
// at a time, so they never wait on or delay the connections of the usage
// writer, accounts, webhooks and audit log (WAL readers and the writer do
// not block each other).
//
// Thread-safe: with() holds a mutex for the duration of `fn`.
#pragma once

#include <memory>
#include <mutex>
#include <utility>

#include "proxy/io/database.h"

namespace gw {

class DashboardDb {
 public:
  explicit DashboardDb(std::unique_ptr<Database> db) : db_(std::move(db)) {}

  // Runs fn(Database&) alone on the connection; returns what fn returns.
  template <class Fn>
  auto with(Fn&& fn) {
    std::lock_guard<std::mutex> lock(mu_);
    return fn(*db_);
  }

 private:
  std::mutex mu_;
  std::unique_ptr<Database> db_;  // guarded by mu_
};

}  // namespace gw
