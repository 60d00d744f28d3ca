// migrations.cc - gw's schema, as an ordered list of numbered migrations.
//
// Contract: versions are 1..N with no gaps; a released migration is never
// edited, only followed by a new one (databases in the field have already run
// it). Database::open runs the pending ones, each in its own transaction.
// Pure data; thread-safe.
#include "proxy/io/database.h"
#include "proxy/io/rollup_sql.h"

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

// Users, their API keys, the credit ledger and webhooks. Money columns are
// *_units: exact fixed point in 1e-10 USD. A user's allowance_units and
// purchased_units always equal the sums of their ledger rows' deltas: both
// change in the same transaction.
constexpr std::string_view kAccounts = R"sql(
CREATE TABLE users (
  id                  TEXT PRIMARY KEY,             -- "usr_" + 16 hex
  name                TEXT NOT NULL UNIQUE,
  email               TEXT,
  plan                TEXT NOT NULL,                -- trial | dev | team | enterprise
  tier                TEXT NOT NULL,                -- "basic" for new trial users
  created_ms          INTEGER NOT NULL,
  trial_ends_ms       INTEGER NOT NULL DEFAULT 0,   -- trial plan: when it ends
  allowance_units     INTEGER NOT NULL DEFAULT 0,   -- subscription/trial allowance left
  purchased_units     INTEGER NOT NULL DEFAULT 0,   -- bought credits; never expire
  period_start_ms     INTEGER NOT NULL DEFAULT 0,   -- month the allowance belongs to
  trial_tokens_used   INTEGER NOT NULL DEFAULT 0,
  trial_requests_used INTEGER NOT NULL DEFAULT 0,
  referred_by_code    TEXT,
  partner_code        TEXT,
  auth_subject        TEXT UNIQUE                   -- identity provider's user id (registration)
);
CREATE TABLE api_keys (
  id            TEXT PRIMARY KEY,                   -- "key_" + 12 hex; safe to show and log
  user_id       TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name          TEXT NOT NULL,
  lookup_hash   TEXT NOT NULL UNIQUE,               -- hex HMAC-SHA256 of the key under the server secret
  encrypted_key TEXT NOT NULL,                      -- Fernet token of the key; never the plaintext
  display       TEXT NOT NULL,                      -- "gw_live_AbCd…" for listings
  environment   TEXT NOT NULL,                      -- live | test
  role          TEXT NOT NULL,                      -- admin | team | dev | free
  ip_allowlist  TEXT NOT NULL DEFAULT '',           -- comma-separated CIDRs; '' = any
  domains       TEXT NOT NULL DEFAULT '',           -- comma-separated Origin/Referer hosts; '' = any
  is_primary    INTEGER NOT NULL DEFAULT 0,
  created_ms    INTEGER NOT NULL,
  revoked_ms    INTEGER NOT NULL DEFAULT 0          -- 0 = active
);
CREATE INDEX api_keys_user ON api_keys (user_id);
CREATE TABLE ledger (
  id              INTEGER PRIMARY KEY,
  user_id         TEXT NOT NULL,
  kind            TEXT NOT NULL,                    -- see core/ledger/ledger_entry.h
  created_ms      INTEGER NOT NULL,
  allowance_units INTEGER NOT NULL DEFAULT 0,       -- signed change to the allowance
  purchased_units INTEGER NOT NULL DEFAULT 0,       -- signed change to purchased credits
  request_id      TEXT UNIQUE,                      -- charges/refunds: one row per request
  external_id     TEXT UNIQUE,                      -- purchases: payment event id (idempotency)
  reserved_units  INTEGER NOT NULL DEFAULT 0,
  uncollected_units INTEGER NOT NULL DEFAULT 0,
  note            TEXT NOT NULL DEFAULT ''
);
CREATE INDEX ledger_user_time ON ledger (user_id, created_ms);
CREATE TABLE webhooks (
  id          TEXT PRIMARY KEY,                     -- "whk_" + 12 hex
  url         TEXT NOT NULL,
  secret      TEXT NOT NULL,                        -- signing secret (shown once at creation)
  events      TEXT NOT NULL,                        -- comma-separated event types; '*' = all
  created_ms  INTEGER NOT NULL,
  disabled    INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE webhook_outbox (
  id            INTEGER PRIMARY KEY,
  webhook_id    TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
  event_type    TEXT NOT NULL,
  payload       TEXT NOT NULL,                      -- the exact JSON body that is signed
  created_ms    INTEGER NOT NULL,
  attempts      INTEGER NOT NULL DEFAULT 0,
  next_attempt_ms INTEGER NOT NULL,
  state         TEXT NOT NULL DEFAULT 'pending',    -- pending | delivered | failed
  last_status   INTEGER NOT NULL DEFAULT 0,         -- HTTP status of the last attempt; 0 = no answer
  last_error    TEXT NOT NULL DEFAULT '',
  delivered_ms  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX webhook_outbox_due ON webhook_outbox (state, next_attempt_ms);
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

// Security violations (proxy/io/audit_log.h): never a key, only a known
// key's id or an unknown key's display prefix.
constexpr std::string_view kAuditLog = R"sql(
CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY,
  created_ms  INTEGER NOT NULL,                     -- Unix epoch milliseconds
  ip          TEXT NOT NULL,                        -- client address
  key_id      TEXT NOT NULL DEFAULT '',             -- a known key's id; '' = none
  key_prefix  TEXT NOT NULL DEFAULT '',             -- an unknown key's display prefix; '' = none
  route       TEXT NOT NULL,
  reason      TEXT NOT NULL,                        -- stable code, e.g. invalid_api_key
  detail      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_created_ms ON audit_log (created_ms);
)sql";

// One number that every change to accounts moves: a key created, revoked,
// edited or deleted, a user created, deleted or moved to another plan, and
// credits added by an admin (ledger kinds purchase, grant, adjust,
// plan_change; not the request path's charges and refunds). Triggers bump it
// inside the changing transaction, whoever commits it (a server, the CLI on
// the database, a hand edit), so a running server notices another process's
// changes with one cheap read (proxy/accounts/accounts.h).
constexpr std::string_view kAccountGeneration = R"sql(
CREATE TABLE account_generation (
  id     INTEGER PRIMARY KEY CHECK (id = 1),        -- exactly one row
  value  INTEGER NOT NULL
);
INSERT INTO account_generation (id, value) VALUES (1, 0);
CREATE TRIGGER api_keys_inserted AFTER INSERT ON api_keys
BEGIN UPDATE account_generation SET value = value + 1; END;
CREATE TRIGGER api_keys_updated AFTER UPDATE ON api_keys
BEGIN UPDATE account_generation SET value = value + 1; END;
CREATE TRIGGER api_keys_deleted AFTER DELETE ON api_keys
BEGIN UPDATE account_generation SET value = value + 1; END;
CREATE TRIGGER users_inserted AFTER INSERT ON users
BEGIN UPDATE account_generation SET value = value + 1; END;
CREATE TRIGGER users_deleted AFTER DELETE ON users
BEGIN UPDATE account_generation SET value = value + 1; END;
CREATE TRIGGER users_terms_updated AFTER UPDATE OF plan, trial_ends_ms ON users
BEGIN UPDATE account_generation SET value = value + 1; END;
CREATE TRIGGER ledger_admin_inserted AFTER INSERT ON ledger
WHEN NEW.kind IN ('purchase', 'grant', 'adjust', 'plan_change')
BEGIN UPDATE account_generation SET value = value + 1; END;
)sql";

// What the usage writer pays per request, cut without touching any data:
//   - migration 5's ledger trigger, with the same condition written as
//     equalities: SQLite evaluates `kind IN (4 values)` by building a
//     temporary b-tree of the list, and in a trigger it does so for every
//     inserted row (~57k instructions, two 4 KiB page allocations and a
//     malloc_consolidate per charge; callgrind). Same rows, same effect.
//   - usage_log_model goes: no query of gw reads usage_log by model (usage
//     reports select by time, then group), and keeping it cost every row an
//     index insert (~10% of a row's cost).
constexpr std::string_view kWriterCosts = R"sql(
DROP TRIGGER ledger_admin_inserted;
CREATE TRIGGER ledger_admin_inserted AFTER INSERT ON ledger
WHEN NEW.kind = 'purchase' OR NEW.kind = 'grant' OR NEW.kind = 'adjust' OR NEW.kind = 'plan_change'
BEGIN UPDATE account_generation SET value = value + 1; END;
DROP INDEX IF EXISTS usage_log_model;
)sql";

// Response-cache hits (provider 'cache') say what they saved their caller:
// the exact cost of the request whose answer they replayed, in 1e-10 USD
// units, exact fixed point (0 for every other row, and for a hit billed in
// full: [cache] charge_hits).
constexpr std::string_view kCacheSavings = R"sql(
ALTER TABLE usage_log ADD COLUMN saved_units INTEGER NOT NULL DEFAULT 0;
)sql";

// Requests to a router:* model keep its decision: the router, mode and tier
// ("code:auto complex"; gw usage --by route) and the whole x-gw-route text.
// NULL for every other request.
constexpr std::string_view kRouterDecisions = R"sql(
ALTER TABLE usage_log ADD COLUMN router TEXT;
ALTER TABLE usage_log ADD COLUMN route_decision TEXT;
)sql";

// The dashboard (docs/dashboard.md):
//   - usage_rollup: per-minute, per-hour and per-day sums of usage_log, in
//     total and by model, provider, user, key and router decision, with a
//     latency histogram (h0..h23, bounds in core/dashboard/latency_histogram.h),
//     kept by the usage writer in the transaction of the rows they sum
//     (proxy/io/rollup_sql.h); money in 1e-10 USD units, exact fixed point;
//   - usage_log.trace_id (the request's W3C trace id; NULL without one) and
//     usage_log.failover (the providers tried, "deepinfra:0 openrouter:200",
//     when there was more than one attempt; else NULL);
//   - usage_bodies: prompts and answers, only with [log] store_bodies = true,
//     deleted after [log] body_retention_days.
// The rollups of the rows already in usage_log are built here (rollup_sql.cc).
constexpr std::string_view kDashboard = R"sql(
CREATE TABLE usage_rollup (
  grain_ms          INTEGER NOT NULL,   -- 60000 | 3600000 | 86400000
  dim               TEXT NOT NULL,      -- total | model | provider | user | key | route
  bucket_ms         INTEGER NOT NULL,   -- the bucket's start, Unix epoch milliseconds
  value             TEXT NOT NULL,      -- the model, provider, user id, key id...; '' for total
  requests          INTEGER NOT NULL DEFAULT 0,
  errors            INTEGER NOT NULL DEFAULT 0,   -- answered other than 2xx
  prompt_tokens     INTEGER NOT NULL DEFAULT 0,
  completion_tokens INTEGER NOT NULL DEFAULT 0,
  cost_units        INTEGER NOT NULL DEFAULT 0,   -- 1e-10 USD, exact fixed point
  saved_units       INTEGER NOT NULL DEFAULT 0,   -- response-cache savings, 1e-10 USD
  cache_hits        INTEGER NOT NULL DEFAULT 0,
  latency_ms        INTEGER NOT NULL DEFAULT 0,   -- sum, for the mean
  overhead_us       INTEGER NOT NULL DEFAULT 0,   -- sum, for the mean
  h0 INTEGER NOT NULL DEFAULT 0, h1 INTEGER NOT NULL DEFAULT 0, h2 INTEGER NOT NULL DEFAULT 0,
  h3 INTEGER NOT NULL DEFAULT 0, h4 INTEGER NOT NULL DEFAULT 0, h5 INTEGER NOT NULL DEFAULT 0,
  h6 INTEGER NOT NULL DEFAULT 0, h7 INTEGER NOT NULL DEFAULT 0, h8 INTEGER NOT NULL DEFAULT 0,
  h9 INTEGER NOT NULL DEFAULT 0, h10 INTEGER NOT NULL DEFAULT 0, h11 INTEGER NOT NULL DEFAULT 0,
  h12 INTEGER NOT NULL DEFAULT 0, h13 INTEGER NOT NULL DEFAULT 0, h14 INTEGER NOT NULL DEFAULT 0,
  h15 INTEGER NOT NULL DEFAULT 0, h16 INTEGER NOT NULL DEFAULT 0, h17 INTEGER NOT NULL DEFAULT 0,
  h18 INTEGER NOT NULL DEFAULT 0, h19 INTEGER NOT NULL DEFAULT 0, h20 INTEGER NOT NULL DEFAULT 0,
  h21 INTEGER NOT NULL DEFAULT 0, h22 INTEGER NOT NULL DEFAULT 0, h23 INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (grain_ms, dim, bucket_ms, value)
) WITHOUT ROWID;
ALTER TABLE usage_log ADD COLUMN trace_id TEXT;
ALTER TABLE usage_log ADD COLUMN failover TEXT;
CREATE TABLE usage_bodies (
  request_id  TEXT PRIMARY KEY,
  created_ms  INTEGER NOT NULL,
  request     TEXT NOT NULL,
  response    TEXT NOT NULL
);
CREATE INDEX usage_bodies_created_ms ON usage_bodies (created_ms);
)sql";

// Migration 9 with its backfill, built once (the histogram's columns come
// from core/dashboard/latency_histogram.h, which may never change without a
// new migration).
std::string_view dashboard_migration() {
  static const std::string kSql = std::string(kDashboard) + rollup_backfill_sql();
  return kSql;
}

}  // namespace

const std::vector<Migration>& schema_migrations() {
  static const std::vector<Migration> kMigrations = {
      {1, "usage_log", kUsageLog},
      {2, "accounts", kAccounts},
      {3, "chat_sessions", kChatSessions},
      {4, "audit_log", kAuditLog},
      {5, "account_generation", kAccountGeneration},
      {6, "writer_costs", kWriterCosts},
      {7, "cache_savings", kCacheSavings},
      {8, "router_decisions", kRouterDecisions},
      {9, "dashboard", dashboard_migration()},
  };
  return kMigrations;
}

}  // namespace gw
