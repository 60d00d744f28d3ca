#include "proxy/gateway.h"

#include <cstdlib>
#include <optional>

#include "core/base/request_id.h"
#include "core/cache/memory_response_cache.h"
#include "core/cache/memory_semantic_index.h"
#include "core/catalog/catalog_cache.h"
#include "core/catalog/model_resolver.h"
#include "core/catalog/model_scores.h"
#include "core/dashboard/login_sessions.h"
#include "core/health/circuit_breaker.h"
#include "core/health/latency_book.h"
#include "core/health/provider_health.h"
#include "core/json/json_depth.h"
#include "core/json/json_parse.h"
#include "core/limits/fallback_rate_limit_store.h"
#include "core/limits/lru_rate_limit_store.h"
#include "core/limits/memory_rate_limit_store.h"
#include "core/limits/rate_limiter.h"
#include "core/mock/mock_upstream.h"
#include "core/router/sticky_routes.h"
#include "proxy/accounts/accounts.h"
#include "proxy/accounts/shared_holds.h"
#include "proxy/dashboard/dashboard_db.h"
#include "proxy/dashboard/live_feed.h"
#include "proxy/io/audit_log.h"
#include "proxy/io/curl_http_client.h"
#include "proxy/io/database.h"
#include "proxy/io/lane_pool.h"
#include "proxy/io/mock_http_client.h"
#include "proxy/io/redis_client.h"
#include "proxy/io/redis_rate_limit_store.h"
#include "proxy/io/redis_response_cache.h"
#include "proxy/io/redis_trial_counts.h"
#include "proxy/io/server_secret.h"
#include "proxy/io/upstream_http_client.h"
#include "proxy/io/usage_writer.h"
#include "proxy/monitor/breaker_sync.h"
#include "proxy/monitor/catalog_syncer.h"
#include "proxy/monitor/cluster_sync.h"
#include "proxy/monitor/health_monitor.h"
#include "proxy/monitor/redis_cluster_store.h"
#include "proxy/pipeline/browser_guard.h"
#include "proxy/pipeline/on_lane.h"
#include "proxy/pipeline/security_audit.h"
#include "proxy/routes/route_embedder.h"
#include "proxy/routes/routes.h"
#include "proxy/telemetry/telemetry.h"
#include "proxy/webhooks/webhook_dispatcher.h"
#include "proxy/webhooks/webhook_outbox.h"
#include "proxy/webhooks/webhook_store.h"

namespace gw {

struct Gateway::Owned {
  Config config;
  std::unique_ptr<ProviderRegistry> providers;
  std::unique_ptr<ModelResolver> resolver;
  std::unique_ptr<HttpClient> network;
  MockUpstream mock_upstream;
  std::unique_ptr<MockHttpClient> mock;
  std::unique_ptr<CassettePlayer> cassettes;  // null: no --record/--replay; in front of network and mock
  std::unique_ptr<RedisClient> redis;         // null: no [redis] url
  std::unique_ptr<BreakerBoard> breakers;
  std::unique_ptr<BreakerSync> breaker_sync;  // with redis: breakers shared by every instance
  std::unique_ptr<StickyRoutes> sticky;       // routed conversations' models ([router] sticky_*)
  // Telemetry reads the breakers at scrape time, and everything below
  // (webhook dispatcher, pipeline) reports into it.
  std::unique_ptr<HttpClient> telemetry_network;
  std::unique_ptr<Telemetry> telemetry;
  // The dashboard: the live feed outlives the usage writer that feeds it.
  std::unique_ptr<LiveFeed> live;
  std::unique_ptr<LoginSessions> sessions;
  std::unique_ptr<DashboardDb> dashboard_db;
  std::unique_ptr<UsageWriter> usage;
  // Webhooks, in dependency order: the outbox wakes the dispatcher, and
  // accounts (below) emit into the outbox, so they are destroyed first.
  std::unique_ptr<WebhookStore> webhooks;
  std::unique_ptr<WebhookDispatcher> dispatcher;
  std::unique_ptr<WebhookOutbox> outbox;
  ProviderHealth health;
  std::unique_ptr<LatencyBook> latencies;  // the routers' measured p50s
  std::unique_ptr<Accounts> accounts;      // after usage: holds release into the writer
  // With [database] url = "postgres://...": holds on the shared balances,
  // and the accounts' look at other instances' changes, off the request path.
  std::unique_ptr<SharedHolds> shared_holds;
  std::unique_ptr<PeriodicWorker> accounts_refresh;
  std::unique_ptr<AuditLog> audit;
  std::unique_ptr<RedisTrialCounts> trial_counts;  // with redis: trial counts shared by every instance
  // The limiter's counters: Redis or memory, then the bounded fallback, then allow.
  std::unique_ptr<RedisRateLimitStore> limit_redis;
  std::unique_ptr<MemoryRateLimitStore> limit_memory;
  std::unique_ptr<LruRateLimitStore> limit_fallback;
  std::unique_ptr<FallbackRateLimitStore> limit_store;
  std::unique_ptr<RateLimiter> limiter;
  std::unique_ptr<ResponseCache> cache;     // null: [cache] mode = "off"
  std::unique_ptr<SingleFlight> flights;    // with the cache
  std::unique_ptr<SemanticIndex> semantic;  // null: [cache.semantic] off
  std::unique_ptr<TextEmbedder> embedder;   // with `semantic`
  // Background work last: destroyed (and stopped) before what it uses.
  std::unique_ptr<CatalogCache> catalog_cache;
  std::unique_ptr<CatalogSyncer> catalog_sync;
  std::unique_ptr<HealthMonitor> monitor;
  // With redis: one leader for the periodic provider work, and the snapshot
  // every instance reads (proxy/monitor/cluster_sync.h). Stopped before the above.
  std::unique_ptr<RedisClusterStore> cluster_store;
  std::unique_ptr<ClusterSync> cluster;
  // Destroyed first: its destructor runs the jobs still queued, which use
  // everything above.
  std::unique_ptr<LanePool> lanes;
};

namespace {

using RouteHandler = Reply (*)(const Services&, const InboundRequest&);

// Where a route's handler runs: on the connection's fiber (work in memory and
// sockets that yield), or on a thread of the bounded LanePool
// (pipeline/on_lane.h) because it waits on the database or holds a lock
// across the network, either of which would stall every other connection of
// the fiber's loop thread (or, for a lock that a second fiber of the thread
// asks for, hang it). A full pool answers 503 with Retry-After. Routes with
// a rate-limit door (/auth/*) run on the loop: they count the caller on the
// fiber and take a lane only once admitted.
enum class RunsOn { kLoop, kLane };

// How gw's own https connections and every curl transfer to a provider are
// set up; a ca_file that cannot be read or holds no CA is refused at start
// rather than failing each https request.
Result<std::unique_ptr<UpstreamHttpClient>> upstream_client(const UpstreamSettings& upstream,
                                                            const ProviderRegistry::EnvLookup& env) {
  auto tls = TlsClient::create(upstream.ca_file);
  if (!tls) return tls.error();
  CurlOptions curl{.ca_file = upstream.ca_file, .http2 = upstream.http2};
  return std::make_unique<UpstreamHttpClient>(env, curl, std::move(tls).value());
}

struct Route {
  std::string_view method;
  std::string_view path;
  bool prefix;  // path is a prefix ("/v1/models/" + id)
  RouteHandler handler;
  RunsOn runs_on = RunsOn::kLoop;
  BodyType body = BodyType::kJson;  // the Content-Type a body must have (requests from the network)
};

// The route table of `gw serve`.
constexpr Route kRoutes[] = {
    {"POST", "/v1/chat/completions", false, handle_chat_completions},
    {"POST", "/v1/messages", false, handle_messages},
    {"POST", "/v1/responses", false, handle_responses},
    {"POST", "/v1/messages/count_tokens", false, handle_count_tokens},
    {"POST", "/v1/embeddings", false, handle_embeddings},
    {"POST", "/v1/images/generations", false, handle_images},
    {"POST", "/v1/audio/transcriptions", false, handle_transcriptions, RunsOn::kLoop, BodyType::kMultipart},
    {"GET", "/v1/models", false, handle_list_models},
    {"GET", "/v1/models/", true, handle_get_model},
    {"GET", "/health", false, handle_health},
    {"POST", "/auth/register", false, handle_auth_register},  // door, then a lane
    {"POST", "/auth/login", false, handle_auth_login},        // door, then a lane
    {"GET", "/admin/audit", false, handle_admin_audit, RunsOn::kLane},
    {"GET", "/metrics", false, handle_metrics},
    {"GET", "/admin/breakers", false, handle_admin_breakers},
    {"GET", "/admin/latency", false, handle_admin_latency},
    {"POST", "/admin/catalog/sync", false, handle_admin_catalog_sync, RunsOn::kLane},
    {"POST", "/admin/breakers/", true, handle_admin_breaker_reset},
    {"POST", "/api/stripe/webhook", false, handle_stripe_webhook, RunsOn::kLane},
    {"GET", "/admin/webhooks", false, handle_admin_webhooks, RunsOn::kLane},
    {"POST", "/admin/webhooks", false, handle_admin_webhooks, RunsOn::kLane},
    {"GET", "/admin/webhooks/", true, handle_admin_webhooks, RunsOn::kLane},
    {"POST", "/admin/webhooks/", true, handle_admin_webhooks, RunsOn::kLane},
    {"DELETE", "/admin/webhooks/", true, handle_admin_webhooks, RunsOn::kLane},
    {"POST", "/admin/telemetry/test-error", false, handle_admin_test_error},
    {"GET", "/admin/cache", false, handle_admin_cache},
    {"POST", "/admin/cache/clear", false, handle_admin_cache_clear, RunsOn::kLane},  // may read accounts
    // The dashboard (docs/dashboard.md): pages, login, and the numbers they show.
    {"GET", "/ui", false, handle_ui_page, RunsOn::kLane},  // may read accounts (an admin key's check)
    {"GET", "/ui/login", false, handle_ui_login_page},
    {"GET", "/ui/assets/", true, handle_ui_asset},
    {"POST", "/ui/login", false, handle_ui_login},  // door, then a lane
    {"POST", "/ui/logout", false, handle_ui_logout},
    {"GET", "/ui/api/session", false, handle_ui_session, RunsOn::kLane},
    {"GET", "/ui/api/overview", false, handle_ui_overview, RunsOn::kLane},
    {"GET", "/ui/api/overview.csv", false, handle_ui_overview_csv, RunsOn::kLane},
    {"GET", "/ui/api/requests", false, handle_ui_requests, RunsOn::kLane},
    {"GET", "/ui/api/requests/", true, handle_ui_request_detail, RunsOn::kLane},
    {"GET", "/ui/api/live", false, handle_ui_live},  // a stream: waits on the fiber
    {"GET", "/ui/", true, handle_ui_page, RunsOn::kLane},
    // Last: the accounts API owns the rest of /admin/.
    {"GET", "/admin/", true, handle_admin_accounts, RunsOn::kLane},
    {"POST", "/admin/", true, handle_admin_accounts, RunsOn::kLane},
    {"DELETE", "/admin/users/", true, handle_admin_accounts, RunsOn::kLane},
};

// The route's label in http_requests_total: its path, "*" for the variable
// part of a prefix route ("/v1/models/*").
std::vector<std::string> route_patterns() {
  std::vector<std::string> out;
  for (const Route& r : kRoutes) out.push_back(std::string(r.path) + (r.prefix ? "*" : ""));
  return out;
}

// An error answered at the gateway's edge (no handler, or one that threw), in
// the dialect the path suggests.
Reply edge_error(const InboundRequest& in, const Error& e) {
  Reply r;
  r.status = e.http_status();
  r.body = in.path.rfind("/v1/messages", 0) == 0 ? anthropic_error_body(e) : openai_error_body(e);
  r.headers.add("x-request-id", new_request_id());
  return r;
}

// Every secret value gw knows, by the name a cassette shows in its place:
// each provider's key (its environment variable's name), the variables a
// base URL takes (a key in its query: "?key={GEMINI_API_KEY}"), the master
// key, the server secret and a GW_API_KEY in the environment.
std::vector<std::pair<std::string, std::string>> cassette_secrets(const Config& config,
                                                                  const ProviderRegistry& providers,
                                                                  const ProviderRegistry::EnvLookup& env) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [slug, ep] : providers.endpoints())
    if (!ep.api_key.empty())
      out.emplace_back(ep.info && !ep.info->key_env.empty() ? ep.info->key_env : slug + "_api_key", ep.api_key);
  auto url_variables = [&](const std::string& url) {
    for (size_t open = url.find('{'); open != std::string::npos; open = url.find('{', open + 1)) {
      size_t close = url.find('}', open);
      if (close == std::string::npos) break;
      std::string name = url.substr(open + 1, close - open - 1);
      if (const char* value = env(name.c_str()); value && *value) out.emplace_back(name, value);
    }
  };
  for (const ProviderInfo& info : provider_table()) url_variables(info.base_url);
  for (const auto& [slug, settings] : config.providers) url_variables(settings.base_url);
  out.emplace_back("GW_MASTER_KEY", config.server.master_key);
  out.emplace_back("server.secret_key", config.server.secret_key);
  for (const char* name : {"GW_MASTER_KEY", "GW_API_KEY", "GW_SECRET_KEY"})
    if (const char* value = env(name); value && *value) out.emplace_back(name, value);
  return out;
}

}  // namespace

Result<std::unique_ptr<Accounts>> open_accounts(const Config& config, const std::string& db_path, Clock& clock,
                                                const ProviderRegistry::EnvLookup& env, LedgerJournal* journal,
                                                EventSink* events) {
  const char* env_secret = env("GW_SECRET_KEY");
  if (is_postgres_url(db_path) && config.server.secret_key.empty() && !(env_secret && *env_secret))
    return make_error(ErrorKind::kConfig,
                      "[database] url is PostgreSQL: set [server] secret_key (or GW_SECRET_KEY) to the same key on "
                      "every instance, so each can recognise the API keys the others issued");
  auto secret = load_server_secret(config.server.secret_key, db_path, env);
  if (!secret) return secret.error();
  auto db = Database::open(db_path);
  if (!db) return db.error();
  auto store = std::make_unique<AccountStore>(std::move(db).value(), std::move(secret).value(), clock);
  CreditSettings settings;
  settings.low_balance = Money::parse(config.credits.low_balance_usd).value_or(settings.low_balance);
  return Accounts::open(std::move(store), clock, settings, journal, events);
}

Result<std::unique_ptr<Gateway>> Gateway::create(GatewayOptions options) {
  std::unique_ptr<Gateway> g(new Gateway());
  g->owned_ = std::make_unique<Owned>();
  Owned& o = *g->owned_;
  o.config = std::move(options.config);
  Clock* clock = options.clock ? options.clock : &system_clock();
  auto env =
      options.getenv ? options.getenv : ProviderRegistry::EnvLookup([](const char* n) { return std::getenv(n); });
  o.providers = std::make_unique<ProviderRegistry>(o.config.providers, env);
  HttpClient* network = options.network;
  if (!network) {
    auto upstream = upstream_client(o.config.upstream, env);
    if (!upstream) return upstream.error();
    o.network = std::move(upstream).value();
    network = o.network.get();
  }
  o.mock = std::make_unique<MockHttpClient>(o.mock_upstream, *clock);
  if (options.cassettes.mode != CassetteMode::kOff) {
    auto player = CassettePlayer::create(options.cassettes, *o.providers, *network, *o.mock, *clock,
                                         cassette_secrets(o.config, *o.providers, env));
    if (!player) return player.error();
    o.cassettes = std::move(player).value();
    // Strict replay calls no provider: one the cassettes recorded is used
    // even without its key here (the recordings hold none). Recording, and
    // --record-missing, still need the key.
    if (options.cassettes.mode == CassetteMode::kReplay)
      o.providers = std::make_unique<ProviderRegistry>(o.config.providers, env, o.cassettes->recorded_providers());
  }
  const ProviderRegistry* providers = o.providers.get();
  o.resolver = std::make_unique<ModelResolver>(
      Catalog::builtin(), [providers](std::string_view slug) { return providers->available(slug); });
  o.breakers = std::make_unique<BreakerBoard>(o.config.breakers, *clock);
  if (!o.config.redis.url.empty()) {
    auto address = parse_redis_url(o.config.redis.url);
    if (!address) return address.error();
    o.redis = std::make_unique<RedisClient>(std::move(address).value(), o.config.redis.timeout_ms);
    o.breaker_sync = std::make_unique<BreakerSync>(*o.breakers, *o.redis, *clock);
  }
  TelemetryOptions t;
  t.config = &o.config;
  t.clock = clock;
  t.catalog = &Catalog::builtin();
  t.random = options.random;
  t.exporter = options.telemetry_network;
  if (!t.exporter && (!o.config.telemetry.otlp_endpoint.empty() || !o.config.telemetry.sentry_dsn.empty())) {
    o.telemetry_network = std::make_unique<CurlHttpClient>();
    t.exporter = o.telemetry_network.get();
  }
  t.breakers = o.breakers.get();
  t.limit_fallbacks = [&o]() -> int64_t { return o.limit_store ? o.limit_store->fallback_decisions() : 0; };
  if (o.redis)
    t.cluster_leader = [&o]() -> int64_t { return o.cluster && o.cluster->role() == ClusterRole::kLeader ? 1 : 0; };
  t.routes = route_patterns();
  t.access_log = std::move(options.access_log);
  auto telemetry = Telemetry::create(std::move(t));
  if (!telemetry) return telemetry.error();
  o.telemetry = std::move(telemetry).value();
  if (!options.db_path.empty()) {
    auto db = Database::open(options.db_path);
    if (!db) return db.error();
    o.usage = std::make_unique<UsageWriter>(std::move(db).value());
    o.live = std::make_unique<LiveFeed>();
    o.usage->set_listener(o.live.get());
    o.usage->set_body_retention_ms(int64_t{o.config.log.body_retention_days} * 86'400'000);
    auto dashboard_db = Database::open(options.db_path);
    if (!dashboard_db) return dashboard_db.error();
    o.dashboard_db = std::make_unique<DashboardDb>(std::move(dashboard_db).value());
    o.sessions = std::make_unique<LoginSessions>(*clock);
    auto webhook_db = Database::open(options.db_path);
    if (!webhook_db) return webhook_db.error();
    o.webhooks = std::make_unique<WebhookStore>(std::move(webhook_db).value());
    o.dispatcher =
        std::make_unique<WebhookDispatcher>(*o.webhooks, *network, *clock, o.config.webhooks, o.telemetry.get());
    WebhookDispatcher* dispatcher = o.dispatcher.get();
    o.outbox = std::make_unique<WebhookOutbox>(*o.webhooks, *clock, [dispatcher] { dispatcher->wake(); });
    if (options.deliver_webhooks) o.dispatcher->start();
    auto accounts = open_accounts(o.config, options.db_path, *clock, env, o.usage.get(), o.outbox.get());
    if (!accounts) return accounts.error();
    o.accounts = std::move(accounts).value();
    if (is_postgres_url(options.db_path)) {
      LeaseSettings leases;
      leases.requests = o.config.database_lease_requests;
      leases.ttl_ms = int64_t{o.config.database_lease_ttl_s} * 1000;
      o.shared_holds = std::make_unique<SharedHolds>(options.db_path, *clock, leases);
      o.accounts->set_background_refresh();
      Accounts* accounts_ptr = o.accounts.get();
      o.accounts_refresh = std::make_unique<PeriodicWorker>([accounts_ptr] {
        accounts_ptr->refresh_now();
        return int64_t{250};
      });
    }
    auto audit_db = Database::open(options.db_path);
    if (!audit_db) return audit_db.error();
    o.audit = std::make_unique<AuditLog>(std::move(audit_db).value());
  }
  EventSink* events = o.outbox ? static_cast<EventSink*>(o.outbox.get()) : options.events;
  if (o.config.limits.enabled.value_or(true)) {
    o.limit_fallback = std::make_unique<LruRateLimitStore>(*clock);
    if (o.redis) {
      o.limit_redis = std::make_unique<RedisRateLimitStore>(*o.redis);
      o.limit_store =
          std::make_unique<FallbackRateLimitStore>(*o.limit_redis, *o.limit_fallback, *clock, o.config.redis.retry_ms);
    } else {
      o.limit_memory = std::make_unique<MemoryRateLimitStore>(*clock);
      o.limit_store = std::make_unique<FallbackRateLimitStore>(*o.limit_memory, *o.limit_fallback, *clock);
    }
    o.limiter = std::make_unique<RateLimiter>(o.config.limits, *o.limit_store, *clock, events);
  }
  g->services_ = Services{&o.config,
                          clock,
                          &Catalog::builtin(),
                          o.providers.get(),
                          o.resolver.get(),
                          network,
                          o.mock.get(),
                          o.usage.get(),
                          o.breakers.get(),
                          &o.health,
                          events,
                          o.config.server.master_key,
                          o.accounts.get(),
                          o.config.auth.require_key.value_or(false)};
  g->services_.webhooks = o.webhooks.get();
  g->services_.cassettes = o.cassettes.get();
  g->services_.telemetry = o.telemetry.get();
  g->services_.dashboard_db = o.dashboard_db.get();
  g->services_.live = o.live.get();
  g->services_.sessions = o.sessions.get();
  if (const char* env_key = env("GW_MASTER_KEY"); env_key && *env_key) g->services_.master_key = env_key;
  o.catalog_cache = std::make_unique<CatalogCache>(
      Catalog::builtin(), [providers](std::string_view slug) { return providers->available(slug); }, o.config.catalog,
      *clock);
  o.catalog_sync = std::make_unique<CatalogSyncer>(g->services_, *o.catalog_cache);
  o.monitor = std::make_unique<HealthMonitor>(g->services_, o.config.health);
  g->services_.catalog_cache = o.catalog_cache.get();
  g->services_.catalog_sync = o.catalog_sync.get();
  g->services_.monitor = o.monitor.get();
  g->services_.limiter = o.limiter.get();
  g->services_.redis = o.redis.get();
  g->services_.shared_holds = o.shared_holds.get();
  if (o.redis) o.trial_counts = std::make_unique<RedisTrialCounts>(*o.redis, *clock, o.config.redis.retry_ms);
  g->services_.trial_counts = options.trial_counts ? options.trial_counts : o.trial_counts.get();
  if (o.redis) g->services_.shared_limits = o.limit_store.get();
  g->services_.scores = &ScoreTable::builtin();
  o.latencies = std::make_unique<LatencyBook>(*clock);
  g->services_.latencies = o.latencies.get();
  if (o.redis) {
    o.cluster_store = std::make_unique<RedisClusterStore>(*o.redis);
    ClusterSync::Parts parts{.health = &o.health,
                             .latencies = o.latencies.get(),
                             .catalog = o.catalog_cache.get(),
                             .publish_catalog = o.config.catalog.sync,
                             .checks = &o.monitor->checks(),
                             .publish_checks = o.config.health.active_checks};
    o.cluster = std::make_unique<ClusterSync>(*o.cluster_store, *clock, parts);
    const ClusterSync* cluster = o.cluster.get();
    o.catalog_sync->set_gate([cluster] { return cluster->may_work(); });
    o.monitor->set_cluster(cluster, o.cluster_store.get());
    g->services_.cluster = cluster;
  }
  if (o.config.router.sticky_ttl_s > 0) {
    o.sticky = std::make_unique<StickyRoutes>(*clock, static_cast<size_t>(o.config.router.sticky_entries),
                                              o.config.router.sticky_ttl_s * 1000);
    g->services_.sticky = o.sticky.get();
  }
  if (auto mode = parse_cache_mode(o.config.cache.mode); mode && *mode != CacheMode::kOff) {
    MemoryCacheSettings cache;
    cache.max_entries = static_cast<size_t>(o.config.cache.max_entries);
    cache.max_bytes = static_cast<size_t>(o.config.cache.max_mib) << 20;
    cache.ttl_ms = o.config.cache.ttl_s * 1000;
    // With [redis] url the answers are shared by every instance.
    if (o.redis) o.cache = std::make_unique<RedisResponseCache>(*o.redis, *clock, cache, o.config.redis.retry_ms);
    else o.cache = std::make_unique<MemoryResponseCache>(*clock, cache);
    g->services_.cache = o.cache.get();
    g->services_.cache_mode = *mode;
    o.flights = std::make_unique<SingleFlight>();
    g->services_.flights = o.flights.get();
    g->services_.flight_wait_ms = o.config.cache.flight_wait_s * 1000;
    if (const SemanticCacheSettings& semantic = o.config.cache.semantic; semantic.enabled) {
      o.semantic = std::make_unique<MemorySemanticIndex>(
          *clock, MemorySemanticSettings{static_cast<size_t>(semantic.max_entries), cache.ttl_ms});
      o.embedder = std::make_unique<RouteEmbedder>(g->services_, semantic.model, static_cast<int>(semantic.timeout_ms));
      g->services_.semantic = o.semantic.get();
      g->services_.embedder = o.embedder.get();
    }
    if (auto charge = parse_hit_charge(o.config.cache.charge_hits)) g->services_.cache_charge = *charge;
  }
  g->services_.audit = o.audit.get();
  o.lanes = std::make_unique<LanePool>(o.config.server.lane_threads, o.config.server.lane_queue);
  g->services_.lanes = o.lanes.get();
  return g;
}

Gateway::~Gateway() {
  // The background threads read services_, which goes before owned_.
  if (!owned_) return;
  if (owned_->cluster) owned_->cluster->stop();
  if (owned_->catalog_sync) owned_->catalog_sync->stop();
  if (owned_->monitor) owned_->monitor->stop();
  if (owned_->breaker_sync) owned_->breaker_sync->stop();
  if (owned_->accounts_refresh) owned_->accounts_refresh->stop();
}

void Gateway::start_background() {
  if (owned_->cluster) owned_->cluster->start();
  if (owned_->config.catalog.sync) owned_->catalog_sync->start();
  owned_->monitor->start();
  if (owned_->breaker_sync) owned_->breaker_sync->start();
  if (owned_->shared_holds) owned_->shared_holds->start();
  if (owned_->accounts_refresh) owned_->accounts_refresh->start();
}

void Gateway::guard_network(std::string_view bind_host, int port) {
  guard_ = std::make_unique<BrowserGuard>(BrowserGuard{HostCheck(bind_host, port, owned_->config.server.allowed_hosts),
                                                       OriginPolicy(owned_->config.server.cors_origins)});
}

Reply Gateway::handle(const InboundRequest& in) const {
  size_t route = 0;
  for (; route < std::size(kRoutes); ++route) {
    const Route& r = kRoutes[route];
    if (in.method != r.method) continue;
    bool match =
        r.prefix ? in.path.size() > r.path.size() && in.path.compare(0, r.path.size(), r.path) == 0 : in.path == r.path;
    if (match) break;
  }
  GuardVerdict guard;
  if (guard_)
    guard = guard_request(*guard_, in,
                          route == std::size(kRoutes) ? std::nullopt : std::optional<BodyType>(kRoutes[route].body));
  Reply reply;
  if (guard.refusal) {
    // A foreign Host or a web page's Origin is someone trying the gateway
    // from a browser: a security event, like a bad key. (A wrong
    // Content-Type is a client's mistake, not audited.)
    if (guard.refusal->code == "host_not_allowed" || guard.refusal->code == "origin_not_allowed")
      audit_violation(services_, in, guard.refusal->code, guard.refusal->message);
    reply = edge_error(in, *guard.refusal);
  } else if (guard.preflight) {
    reply = preflight_reply(in);
  } else if (route == std::size(kRoutes)) {
    reply =
        edge_error(in, make_error(ErrorKind::kNotFound, "no route for " + in.method + " " + in.path, "unknown_route"));
  } else if (starts_with_bom(in.body)) {
    // RFC 8259 §8.1. nlohmann would skip the mark, but the depth check below
    // would not see JSON: refused here, like any other invalid JSON.
    reply = edge_error(
        in, make_error(ErrorKind::kInvalidRequest, "request body is not valid JSON: it starts with a byte order mark"));
  } else if (looks_like_json(in.body) && json_nesting_exceeds(in.body, kMaxRequestJsonDepth)) {
    // Refused before any parser sees it: JSON code recurses once per level.
    reply =
        edge_error(in, make_error(ErrorKind::kInvalidRequest, "request body nests JSON deeper than " +
                                                                  std::to_string(kMaxRequestJsonDepth) + " levels"));
  } else {
    std::optional<std::string> thrown;  // a bug: answer 500 and report it, never crash
    try {
      const Route& r = kRoutes[route];
      if (r.runs_on == RunsOn::kLoop) {
        reply = r.handler(services_, in);
      } else if (auto st = run_on_lane(services_, [&] { reply = r.handler(services_, in); }); !st) {
        reply = edge_error(in, st.error());
        reply.headers.add("Retry-After", std::to_string(st.error().retry_after_s));
      }
    } catch (const std::exception& e) {
      thrown = e.what();
    } catch (...) {
      thrown = "unknown exception";
    }
    if (thrown) {
      services_.telemetry->report_error("exception", *thrown, {{"route", route_patterns()[route]}});
      reply = edge_error(in, make_error(ErrorKind::kInternal, "internal error"));
    }
  }
  if (!guard.cors_origin.empty()) add_cors_headers(reply.headers, guard.cors_origin);
  services_.telemetry->http_request(route, reply.status);
  return reply;
}

void Gateway::stop_streams() {
  if (owned_->live) owned_->live->close();
}

void Gateway::flush() {
  if (owned_->cassettes) (void)owned_->cassettes->flush();  // a failure was reported on stderr
  if (owned_->usage) owned_->usage->flush();
  if (owned_->outbox) owned_->outbox->flush();
  if (owned_->audit) owned_->audit->flush();
  owned_->telemetry->flush();
}

}  // namespace gw
