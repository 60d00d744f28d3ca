// memory_db.h - a private, migrated in-memory SQLite database for one test.
// Tests only; the connection is the caller's.
#pragma once

#include <doctest/doctest.h>

#include <memory>

#include "proxy/io/database.h"

namespace gw {

inline std::unique_ptr<Database> memory_db() {
  auto db = Database::open(":memory:");
  REQUIRE(db.ok());
  return std::move(db).value();
}

}  // namespace gw
