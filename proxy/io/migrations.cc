// migrations.cc - gw's schema, as an ordered list of numbered migrations.
//
// Contract: versions are 1..N with no gaps; a released migration is never
// edited, only followed by a new one (databases in the field have already run
// it). Database::open runs the pending ones, each in its own transaction.
// Pure data; thread-safe.
#include "proxy/io/database.h"

namespace gw {
namespace {

// One row per finished request, written in batches by UsageWriter.
// request_id is unique so a retried batch cannot double-count.
constexpr std::string_view kUsageLog = R"sql(
CREATE TABLE usage_log (
  id                INTEGER PRIMARY KEY,
  request_id        TEXT NOT NULL UNIQUE,
  created_ms        INTEGER NOT NULL,            -- Unix epoch milliseconds
  key_id            TEXT,                        -- NULL: no API key (local use)
  user_id           TEXT,
  route             TEXT NOT NULL,
  model             TEXT NOT NULL,
  provider          TEXT NOT NULL,
  status            INTEGER NOT NULL,            -- HTTP status returned to the client
  prompt_tokens     INTEGER NOT NULL DEFAULT 0,
  completion_tokens INTEGER NOT NULL DEFAULT 0,
  cached_tokens     INTEGER NOT NULL DEFAULT 0,
  reasoning_tokens  INTEGER NOT NULL DEFAULT 0,
  usage_estimated   INTEGER NOT NULL DEFAULT 0,  -- 1: gw estimated the token counts
  cost_units        INTEGER NOT NULL DEFAULT 0,  -- money in 1e-10 USD units, exact fixed point
  latency_ms        INTEGER NOT NULL DEFAULT 0,
  overhead_us       INTEGER NOT NULL DEFAULT 0,  -- time spent in gw itself, microseconds
  attempts          INTEGER NOT NULL DEFAULT 1,  -- upstream attempts, including failover
  stream            INTEGER NOT NULL DEFAULT 0   -- 1: streamed response
);
CREATE INDEX usage_log_created_ms ON usage_log (created_ms);
CREATE INDEX usage_log_model ON usage_log (model);
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
)sql";

// gw chat conversations (proxy/io/chat_session_store.h): one row per named
// session, its messages in order. Self-contained: references no other table.
constexpr std::string_view kChatSessions = R"sql(
CREATE TABLE chat_sessions (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  model       TEXT NOT NULL,
  system      TEXT NOT NULL DEFAULT '',
  created_ms  INTEGER NOT NULL,                -- Unix epoch milliseconds
  updated_ms  INTEGER NOT NULL
);
CREATE INDEX chat_sessions_updated_ms ON chat_sessions (updated_ms);
CREATE TABLE chat_messages (
  session_id        INTEGER NOT NULL REFERENCES chat_sessions (id) ON DELETE CASCADE,
  seq               INTEGER NOT NULL,          -- 0, 1, 2 ... in conversation order
  role              TEXT NOT NULL,             -- user | assistant
  content           TEXT NOT NULL,
  partial           INTEGER NOT NULL DEFAULT 0,  -- 1: answer stopped early (Ctrl-C)
  model             TEXT NOT NULL DEFAULT '',
  provider          TEXT NOT NULL DEFAULT '',
  prompt_tokens     INTEGER NOT NULL DEFAULT 0,
  completion_tokens INTEGER NOT NULL DEFAULT 0,
  usage_estimated   INTEGER NOT NULL DEFAULT 0,
  cost_units        INTEGER,                   -- money in 1e-10 USD units, exact; NULL = unknown
  latency_ms        INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (session_id, seq)
);
)sql";

}  // namespace

const std::vector<Migration>& schema_migrations() {
  static const std::vector<Migration> kMigrations = {
      {1, "usage_log", kUsageLog},
      {2, "chat_sessions", kChatSessions},
  };
  return kMigrations;
}

}  // namespace gw
