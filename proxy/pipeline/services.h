// services.h - what the request pipeline works with, passed explicitly to
// every step (no globals). Owned by Gateway; every member is thread-safe.
#pragma once

#include <string>

#include "core/base/clock.h"
#include "core/cache/cache_directive.h"
#include "core/cache/hit_charge.h"
#include "core/cache/response_cache.h"
#include "core/cache/semantic_index.h"
#include "core/cache/single_flight.h"
#include "core/cache/text_embedder.h"
#include "core/catalog/catalog.h"
#include "core/catalog/model_resolver.h"
#include "core/config/config.h"
#include "core/http/http_types.h"
#include "core/providers/provider_registry.h"

namespace gw {

class Accounts;
class AuditLog;
class CassettePlayer;
class BreakerBoard;
class CatalogCache;
class CatalogSyncer;
class ClusterSync;
class DashboardDb;
class LiveFeed;
class LoginSessions;
class EventSink;
class FallbackRateLimitStore;
class RedisClient;
class SharedHolds;
class TrialCounts;
class HealthMonitor;
class LanePool;
class LatencyBook;
class ProviderHealth;
class ScoreTable;
class StickyRoutes;
class RateLimiter;
class Telemetry;
class UsageWriter;
class WebhookStore;

struct Services {
  const Config* config = nullptr;
  Clock* clock = nullptr;
  const Catalog* catalog = nullptr;
  const ProviderRegistry* providers = nullptr;
  const ModelResolver* resolver = nullptr;
  HttpClient* network = nullptr;          // real providers (libcurl)
  HttpClient* mock = nullptr;             // the built-in mock provider, in-process
  UsageWriter* usage = nullptr;           // null: usage is not recorded
  BreakerBoard* breakers = nullptr;       // null: no circuit breaking
  ProviderHealth* health = nullptr;       // null: no passive health tracking
  EventSink* events = nullptr;            // null: events are dropped (no webhooks)
  std::string master_key;                 // admin key (secret; never log). "" = admin from loopback only
  Accounts* accounts = nullptr;           // null: no database, every caller is the local owner
  bool require_key = false;               // [auth] require_key
  CatalogCache* catalog_cache = nullptr;  // null: /v1/models is rendered per request, unsynced
  CatalogSyncer* catalog_sync = nullptr;  // null: no catalog sync (the admin sync answers 503)
  HealthMonitor* monitor = nullptr;       // null: /health derives incidents per call; no active checks
  WebhookStore* webhooks = nullptr;       // null: no database, no webhook admin API
  RateLimiter* limiter = nullptr;         // null: no rate limits ([limits] enabled = false)
  const FallbackRateLimitStore* shared_limits = nullptr;  // the Redis chain ([redis] url); null: none
  const RedisClient* redis = nullptr;                     // [redis] url; null: none
  const ClusterSync* cluster = nullptr;                   // [redis] url: the shared catalog/health snapshot; null: none
  SharedHolds* shared_holds = nullptr;                    // PostgreSQL: holds across instances; null: SQLite
  TrialCounts* trial_counts = nullptr;                    // [redis] url: trial counts across instances; null: none
  AuditLog* audit = nullptr;                              // null: violations are not recorded (no database)
  Telemetry* telemetry = nullptr;                         // null: no metrics, traces, error reports or access log
  LanePool* lanes = nullptr;       // blocking route work (on_lane.h); null: it runs on the caller
  ResponseCache* cache = nullptr;  // null: no response cache ([cache] mode = "off")
  CacheMode cache_mode = CacheMode::kOff;
  SingleFlight* flights = nullptr;            // null: identical requests in flight each go upstream
  int64_t flight_wait_ms = 0;                 // how long a follower waits for the leader's answer
  SemanticIndex* semantic = nullptr;          // null: no semantic cache ([cache.semantic] enabled = false)
  TextEmbedder* embedder = nullptr;           // the semantic cache's embeddings; set with `semantic`
  HitCharge cache_charge = HitCharge::kFree;  // [cache] charge_hits
  const ScoreTable* scores = nullptr;         // the routers' quality priors; null: router:* models are unavailable
  StickyRoutes* sticky = nullptr;             // null: routed conversations are not sticky ([router] sticky_ttl_s = 0)
  LatencyBook* latencies = nullptr;           // complete answers' p50 TTFT and total per provider x model; null: none
  const CassettePlayer* cassettes = nullptr;  // null: no --record/--replay; else in front of network and mock
  // The dashboard (/ui, docs/dashboard.md): its read connection, live feed
  // and login sessions. Null without a database (the pages answer 503).
  DashboardDb* dashboard_db = nullptr;
  LiveFeed* live = nullptr;
  LoginSessions* sessions = nullptr;  // null: no logins (admin by key or loopback only)

  // The client for a provider: its cassette client when recording or
  // replaying, else the in-process mock for mock:// URLs, else the network.
  HttpClient& client_for(const ProviderEndpoint& endpoint) const;
};

}  // namespace gw
