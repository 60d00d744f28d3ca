// Micro-benchmark of the telemetry hooks one proxied request makes (request
// start, 7 steps, one upstream attempt, first chunk, credits, finish, the
// http counter). Not a test of behaviour, so skipped unless asked for:
//   build-obs/tests/gw_unit_tests -tc="bench: *" --no-skip
// Uses the real clock (it measures time); never sleeps.
#include <doctest/doctest.h>
#include <time.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "core/catalog/catalog.h"
#include "proxy/telemetry/telemetry.h"

namespace gw {
namespace {

struct DiscardLog : LogOutput {
  void write(std::string_view) override {}
};

struct RefusingClient : HttpClient {  // a collector that answers at once
  Result<std::unique_ptr<ResponseStream>> open(const HttpRequest&) override {
    return make_error(ErrorKind::kUnavailable, "bench");
  }
};

struct Cost {
  double wall_ns;      // wall time per request, background threads competing for the CPUs
  double hook_cpu_ns;  // CPU time the request thread itself spent in the hooks
};

int64_t thread_cpu_ns() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return int64_t{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec;
}

// Per-request cost while `threads` threads each run `n` requests at once
// (so 2 threads show contention on shared series).
Cost cost_per_request(Telemetry& t, int n, int threads) {
  std::atomic<int64_t> cpu_ns{0};
  const CatalogModel* echo = Catalog::builtin().find("mock/echo");
  RouteCandidate candidate{find_provider("mock"), "echo"};
  InboundRequest in;
  in.headers.add("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
  auto run = [&] {
    int64_t cpu0 = thread_cpu_ns();
    for (int i = 0; i < n; ++i) {
      RequestContext ctx;
      ctx.request_id = "req_bench";
      ctx.route = "/v1/chat/completions";
      ctx.start_ns = system_clock().steady_ns();
      ctx.resolved.model = echo;
      ctx.chat.stream = true;
      t.request_started(ctx, in);
      for (const char* step : {"authenticate", "apply_limits", "parse", "resolve_route", "preflight", "forward"}) {
        t.step_started(ctx, step);
        if (std::string_view(step) == "forward") {
          Headers upstream;
          ++ctx.attempts;
          t.attempt_started(ctx, upstream);
          t.attempt_ended(ctx, *candidate.provider, 200, 1000);
          ctx.served_by = &candidate;
        }
        t.step_ended(ctx, true);
      }
      t.step_started(ctx, "relay");
      t.sent_to_client(ctx, "data: {}\n\n");
      ctx.usage.prompt_tokens = 10;
      ctx.usage.completion_tokens = 20;
      t.credits_used(ctx, Money{});
      t.request_finished(ctx, Money{});
      t.http_request(0, 200);
    }
    cpu_ns += thread_cpu_ns() - cpu0;
  };
  auto t0 = std::chrono::steady_clock::now();
  std::vector<std::thread> pool;
  for (int i = 0; i < threads; ++i) pool.emplace_back(run);
  for (auto& th : pool) th.join();
  t.flush();  // background work is part of the cost
  auto all_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - t0).count();
  return {static_cast<double>(all_ns) / n, static_cast<double>(cpu_ns.load()) / (static_cast<double>(n) * threads)};
}

std::string show(const Cost& c) {
  return std::to_string(static_cast<int64_t>(c.hook_cpu_ns)) + " ns CPU on the request thread, " +
         std::to_string(static_cast<int64_t>(c.wall_ns)) + " ns wall incl. background work";
}

std::unique_ptr<Telemetry> make(Config& c, HttpClient* exporter, bool log) {
  TelemetryOptions o;
  o.config = &c;
  o.clock = &system_clock();
  o.catalog = &Catalog::builtin();
  o.exporter = exporter;
  o.routes = {"/v1/chat/completions"};
  if (log) o.access_log = std::make_unique<DiscardLog>();
  return std::move(Telemetry::create(std::move(o))).value();
}

}  // namespace

TEST_CASE("bench: telemetry hooks per request" * doctest::skip()) {
  constexpr int kN = 200'000;
  RefusingClient collector;
  Config metrics_only;
  Config traced;
  traced.telemetry.otlp_endpoint = "http://127.0.0.1:1/v1/traces";
  traced.telemetry.queue_spans = 1'000'000;
  for (int threads : {1, 2}) {
    auto a = make(metrics_only, nullptr, false);
    MESSAGE("metrics only, " << threads << " thread(s): " << show(cost_per_request(*a, kN, threads)));
    auto b = make(metrics_only, nullptr, true);
    MESSAGE("metrics + access log, " << threads << " thread(s): " << show(cost_per_request(*b, kN, threads)));
    auto c = make(traced, &collector, true);
    MESSAGE("metrics + access log + tracing, " << threads << " thread(s): " << show(cost_per_request(*c, kN, threads)));
  }
}

}  // namespace gw
