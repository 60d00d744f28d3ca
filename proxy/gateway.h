// gateway.h - the gateway as a library object: everything `gw serve` does,
// minus the socket. Tests and `gw chat` build one in-process and call
// handle(); `gw serve` puts an HttpServer in front of it.
//
// Thread-safety: handle() may be called from any number of threads at once.
#pragma once

#include <memory>
#include <string>

#include "core/config/config.h"
#include "core/providers/provider_registry.h"
#include "core/telemetry/trace_context.h"
#include "proxy/cassette/cassette_player.h"
#include "proxy/pipeline/services.h"
#include "proxy/server/http_server.h"
#include "proxy/telemetry/access_log.h"

namespace gw {

struct GatewayOptions {
  Config config;
  std::string db_path;                      // "" = do not record usage
  Clock* clock = nullptr;                   // null = the system clock
  HttpClient* network = nullptr;            // null = a libcurl client owned by the gateway
  ProviderRegistry::EnvLookup getenv;       // null = the process environment
  EventSink* events = nullptr;              // null = events are dropped (no webhooks)
  bool deliver_webhooks = false;            // true (gw serve): a thread sends the webhook outbox;
                                            // false: events are only queued, for a server to send
  HttpClient* telemetry_network = nullptr;  // OTLP/Sentry posts; null = a libcurl client when either is on
  RandomSource* random = nullptr;           // null = the OS-seeded generator (trace and span ids)
  std::unique_ptr<LogOutput> access_log;    // null = [log] access_log
  CassetteOptions cassettes;                // default off; --record / --replay DIR (proxy/cassette/)
  TrialCounts* trial_counts = nullptr;      // tests: shared trial counts; null = Redis's with [redis] url, else none
};

class Accounts;
class EventSink;
struct BrowserGuard;
class LedgerJournal;

// Opens the accounts in the database at `db_path` (loading or creating the
// server secret beside it). Used by the gateway and by CLI commands that
// manage accounts while no server runs (journal may then be null).
Result<std::unique_ptr<Accounts>> open_accounts(const Config& config, const std::string& db_path, Clock& clock,
                                                const ProviderRegistry::EnvLookup& env, LedgerJournal* journal,
                                                EventSink* events);

class Gateway {
 public:
  static Result<std::unique_ptr<Gateway>> create(GatewayOptions options);
  ~Gateway();

  // Routes one request. Never throws: an exception from a handler becomes a
  // 500 (and an error report); unknown routes get a 404 in the caller's
  // dialect. Every answer is counted in http_requests_total.
  Reply handle(const InboundRequest& request) const;

  // From now on handle() treats requests as coming from the network at
  // `bind_host`:`port` (gw serve calls it once bound, before serving):
  // before routing, the browser guard (proxy/pipeline/browser_guard.h)
  // checks Host against it and [server] allowed_hosts, the Content-Type
  // against the route, and Origin against [server] cors_origins, and answers
  // CORS preflights. Without it (gw chat in-process, tests) none of this runs.
  // Not thread-safe: call before handle() is called.
  void guard_network(std::string_view bind_host, int port);

  const Services& services() const { return services_; }
  // Waits until every finished request has been recorded (usage log, access
  // log) and queued spans and error reports have been sent.
  void flush();
  // The server is stopping: streams that would never end by themselves (the
  // dashboard's live view) end now, so in-flight requests can finish.
  void stop_streams();
  // Starts the background threads `gw serve` runs: the catalog sync (when
  // [catalog] sync = true) and the health monitor (incidents; active checks
  // when [health] active_checks = true). Tests that drive time with a
  // FakeClock do not call it; they call the syncer and monitor directly.
  // The destructor stops them.
  void start_background();

 private:
  Gateway() = default;
  struct Owned;
  std::unique_ptr<Owned> owned_;
  Services services_;
  std::unique_ptr<const BrowserGuard> guard_;  // null = requests are not from the network
};

}  // namespace gw
