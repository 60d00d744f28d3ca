#include "proxy/gateway.h"

#include <cstdlib>
#include <optional>

#include "core/circuit_breaker.h"
#include "core/mock_upstream.h"
#include "core/provider_health.h"
#include "core/model_resolver.h"
#include "core/request_id.h"
#include "proxy/io/curl_http_client.h"
#include "proxy/io/database.h"
#include "proxy/io/mock_http_client.h"
#include "proxy/io/usage_writer.h"
#include "proxy/routes/routes.h"
#include "proxy/telemetry/telemetry.h"

namespace gw {

struct Gateway::Owned {
  Config config;
  std::unique_ptr<ProviderRegistry> providers;
  std::unique_ptr<ModelResolver> resolver;
  std::unique_ptr<HttpClient> network;
  MockUpstream mock_upstream;
  std::unique_ptr<MockHttpClient> mock;
  std::unique_ptr<UsageWriter> usage;
  std::unique_ptr<BreakerBoard> breakers;
  ProviderHealth health;
  std::unique_ptr<HttpClient> telemetry_network;
  std::unique_ptr<Telemetry> telemetry;  // after everything it reads at scrape time
};

namespace {

using RouteHandler = Reply (*)(const Services&, const InboundRequest&);

struct Route {
  std::string_view method;
  std::string_view path;
  bool prefix;  // path is a prefix ("/v1/models/" + id)
  RouteHandler handler;
};

// The route table of `gw serve`.
constexpr Route kRoutes[] = {
    {"POST", "/v1/chat/completions", false, handle_chat_completions},
    {"POST", "/v1/messages", false, handle_messages},
    {"POST", "/v1/responses", false, handle_responses},
    {"POST", "/v1/messages/count_tokens", false, handle_count_tokens},
    {"POST", "/v1/embeddings", false, handle_embeddings},
    {"POST", "/v1/images/generations", false, handle_images},
    {"POST", "/v1/audio/transcriptions", false, handle_transcriptions},
    {"GET", "/v1/models", false, handle_list_models},
    {"GET", "/v1/models/", true, handle_get_model},
    {"GET", "/health", false, handle_health},
    {"GET", "/metrics", false, handle_metrics},
    {"GET", "/admin/breakers", false, handle_admin_breakers},
    {"POST", "/admin/breakers/", true, handle_admin_breaker_reset},
    {"POST", "/admin/telemetry/test-error", false, handle_admin_test_error},
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

}  // namespace

Result<std::unique_ptr<Gateway>> Gateway::create(GatewayOptions options) {
  std::unique_ptr<Gateway> g(new Gateway());
  g->owned_ = std::make_unique<Owned>();
  Owned& o = *g->owned_;
  o.config = std::move(options.config);
  Clock* clock = options.clock ? options.clock : &system_clock();
  auto env = options.getenv ? options.getenv : ProviderRegistry::EnvLookup([](const char* n) { return std::getenv(n); });
  o.providers = std::make_unique<ProviderRegistry>(o.config, env);
  const ProviderRegistry* providers = o.providers.get();
  o.resolver = std::make_unique<ModelResolver>(Catalog::builtin(),
                                               [providers](std::string_view slug) { return providers->available(slug); });
  HttpClient* network = options.network;
  if (!network) {
    o.network = std::make_unique<CurlHttpClient>();
    network = o.network.get();
  }
  o.mock = std::make_unique<MockHttpClient>(o.mock_upstream, *clock);
  if (!options.db_path.empty()) {
    auto db = Database::open(options.db_path);
    if (!db) return db.error();
    o.usage = std::make_unique<UsageWriter>(std::move(db).value());
  }
  o.breakers = std::make_unique<BreakerBoard>(o.config.breakers, *clock);
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
  t.routes = route_patterns();
  t.access_log = std::move(options.access_log);
  auto telemetry = Telemetry::create(std::move(t));
  if (!telemetry) return telemetry.error();
  o.telemetry = std::move(telemetry).value();
  g->services_ = Services{&o.config, clock, &Catalog::builtin(), o.providers.get(), o.resolver.get(),
                          network, o.mock.get(), o.usage.get(), o.breakers.get(), &o.health, nullptr,
                          o.config.server.master_key, o.telemetry.get()};
  if (const char* env_key = env("GW_MASTER_KEY"); env_key && *env_key) g->services_.master_key = env_key;
  return g;
}

Gateway::~Gateway() = default;

Reply Gateway::handle(const InboundRequest& in) const {
  size_t route = 0;
  for (; route < std::size(kRoutes); ++route) {
    const Route& r = kRoutes[route];
    if (in.method != r.method) continue;
    bool match = r.prefix ? in.path.size() > r.path.size() && in.path.compare(0, r.path.size(), r.path) == 0
                          : in.path == r.path;
    if (match) break;
  }
  Reply reply;
  if (route == std::size(kRoutes)) {
    reply = edge_error(in, make_error(ErrorKind::kNotFound, "no route for " + in.method + " " + in.path, "unknown_route"));
  } else {
    std::optional<std::string> thrown;  // a bug: answer 500 and report it, never crash
    try {
      reply = kRoutes[route].handler(services_, in);
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
  services_.telemetry->http_request(route, reply.status);
  return reply;
}

void Gateway::flush() {
  if (owned_->usage) owned_->usage->flush();
  owned_->telemetry->flush();
}

}  // namespace gw
