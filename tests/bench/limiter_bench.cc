// limiter_bench.cc - what the rate limiter costs one request, measured on its
// own (SPEC §4 budgets ~60 µs for the whole gateway overhead). Not a test:
// build and run by hand,
//
//   cmake --build build --target gw_limiter_bench && build/tests/gw_limiter_bench
//
// It drives the production chain (MemoryRateLimitStore behind
// FallbackRateLimitStore with the LRU fallback) on the system clock, and
// prints the nanoseconds one request spends in the limiter for each path,
// with 1 and 2 threads (2: two requests at a time, sharing the store):
//   key        admit_key + charge_tokens + finish (a keyed request, start to end)
//   anonymous  admit_anonymous + charge_tokens + finish (IP + anonymous layers)
//   refused    admit_refused_caller (a request with a bad key)
#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "core/limits/fallback_rate_limit_store.h"
#include "core/limits/lru_rate_limit_store.h"
#include "core/limits/memory_rate_limit_store.h"
#include "core/limits/rate_limiter.h"

namespace {

using gw::LimitTicket;
using gw::RateLimiter;

constexpr int kRequestsPerThread = 400'000;

template <class Body>
double ns_per_request(int threads, const Body& body) {
  std::vector<std::thread> pool;
  auto start = std::chrono::steady_clock::now();
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      for (int i = 0; i < kRequestsPerThread; ++i) body(t, i);
    });
  for (auto& th : pool) th.join();
  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start).count();
  return static_cast<double>(ns) / kRequestsPerThread;  // each thread's requests ran one after another
}

}  // namespace

int main() {
  gw::Clock& clock = gw::system_clock();
  gw::MemoryRateLimitStore memory(clock);
  gw::LruRateLimitStore fallback(clock);
  gw::FallbackRateLimitStore chain(memory, fallback, clock);
  gw::LimitSettings settings;
  settings.ip_requests_per_minute = 1'000'000'000;  // measure the work, not refusals
  settings.anonymous.requests_per_minute = 1'000'000'000;
  RateLimiter limiter(settings, chain, clock);
  gw::PlanLimits plan = gw::plan(gw::PlanId::kEnterprise).limits;
  plan.requests_per_minute = plan.tokens_per_day = plan.tokens_per_month = 1'000'000'000'000;

  // 1000 keys and 1000 addresses, as a busy server would see.
  std::vector<std::string> keys, ips;
  for (int i = 0; i < 1000; ++i) {
    keys.push_back("key_" + std::to_string(100000000000 + i));
    ips.push_back("10.0." + std::to_string(i / 256) + "." + std::to_string(i % 256));
  }
  std::printf("%-10s %8s %14s\n", "path", "threads", "ns/request");
  for (int threads : {1, 2}) {
    double key = ns_per_request(threads, [&](int t, int i) {
      LimitTicket ticket;
      limiter.admit_key(keys[(i + t * 7) % 1000], plan, ticket);
      limiter.charge_tokens(ticket, 1200);
      ticket.finish(900);
    });
    double anonymous = ns_per_request(threads, [&](int t, int i) {
      LimitTicket ticket;
      limiter.admit_anonymous(ips[(i + t * 7) % 1000], ticket);
      limiter.charge_tokens(ticket, 1200);
      ticket.finish(900);
    });
    double refused = ns_per_request(threads, [&](int t, int i) { limiter.admit_refused_caller(ips[(i + t) % 1000]); });
    std::printf("%-10s %8d %14.0f\n%-10s %8d %14.0f\n%-10s %8d %14.0f\n", "key", threads, key, "anonymous", threads,
                anonymous, "refused", threads, refused);
  }
  return 0;
}
