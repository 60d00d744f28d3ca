// dashboard_bench.cc - the dashboard's page APIs at size (docs/dashboard.md).
//
//   build/tests/gw_dashboard_bench [--rows N] [--db PATH] [--reuse]
//
// Seeds a database with N usage rows (default 1,000,000) spread over the
// last 30 days, in time order, through the real UsageWriter (so the
// rollups are built exactly as gw serve builds them): 40 users with 2 keys
// each, 8 models on 4 providers, 2% errors, some routed requests and cache
// hits, latencies from 40 ms to 20 s. Then opens a Gateway on it and times
// every API call the pages make (in-process through Gateway::handle, JSON
// included, no sockets), 7 times each, and prints the median and the worst.
// --reuse skips seeding when PATH already holds rows. Exits 1 when a median
// is over 100 ms. Not a test, not in `all`:
//   cmake --build build --target gw_dashboard_bench
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "core/base/clock.h"
#include "proxy/gateway.h"
#include "proxy/io/usage_writer.h"

using namespace gw;

namespace {

constexpr int64_t kDayMs = 86'400'000;

const char* kModels[][2] = {{"openai/gpt-4o", "openai"},
                            {"openai/gpt-4o-mini", "openai"},
                            {"anthropic/claude-sonnet-4.5", "anthropic"},
                            {"anthropic/claude-haiku-4.5", "anthropic"},
                            {"google/gemini-2.5-flash", "google"},
                            {"google/gemini-2.5-pro", "google"},
                            {"meta-llama/llama-3.3-70b-instruct", "groq"},
                            {"deepseek/deepseek-r1", "groq"}};

void seed(const std::string& path, int64_t rows) {
  auto db = Database::open(path);
  if (!db) {
    std::fprintf(stderr, "cannot open %s: %s\n", path.c_str(), db.error().message.c_str());
    std::exit(2);
  }
  UsageWriter writer(std::move(db).value());
  std::mt19937_64 rng(42);
  std::lognormal_distribution<double> latency(5.5, 0.9);  // median ~245 ms
  const int64_t now = system_clock().now_unix_ms();
  const int64_t start = now - 30 * kDayMs;
  const auto t0 = std::chrono::steady_clock::now();
  for (int64_t i = 0; i < rows; ++i) {
    UsageRecord r;
    r.request_id = "req_seed_" + std::to_string(i);
    r.created_ms = start + (30 * kDayMs) * i / rows;
    const int user = static_cast<int>(rng() % 40);
    r.user_id = "usr_" + std::to_string(user);
    r.key_id = "key_" + std::to_string(user) + "_" + std::to_string(rng() % 2);
    const auto& m = kModels[rng() % 8];
    r.model = m[0];
    r.provider = rng() % 50 == 0 ? "cache" : m[1];
    r.route = "/v1/chat/completions";
    r.status = rng() % 50 == 0 ? (rng() % 2 ? 502 : 429) : 200;
    r.usage.prompt_tokens = 50 + static_cast<int64_t>(rng() % 4000);
    r.usage.completion_tokens = 10 + static_cast<int64_t>(rng() % 800);
    r.cost = Money::from_units((r.usage.prompt_tokens * 25 + r.usage.completion_tokens * 100) * 1000);
    r.latency_ms = std::min<int64_t>(20'000, static_cast<int64_t>(latency(rng)));
    r.overhead_us = 20 + static_cast<int64_t>(rng() % 200);
    r.attempts = r.status == 200 && rng() % 40 == 0 ? 2 : 1;
    if (r.attempts == 2) r.failover = std::string(m[1]) + ":503 openrouter:200";
    if (rng() % 20 == 0) r.router = "general:balanced";
    writer.submit(std::move(r));
  }
  writer.flush();
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("seeded %lld rows through the usage writer in %.1f s (%.0f rows/s, rollups included)\n",
              static_cast<long long>(rows), s, static_cast<double>(rows) / s);
}

double time_ms(Gateway& g, const std::string& path, const std::string& query, int* status) {
  InboundRequest in;
  in.method = "GET";
  in.path = path;
  in.query = query;
  in.remote_addr = "127.0.0.1";
  const auto t0 = std::chrono::steady_clock::now();
  Reply r = g.handle(in);
  *status = r.status;
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  int64_t rows = 1'000'000;
  std::string path;
  bool reuse = false;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--rows") && i + 1 < argc) rows = std::stoll(argv[++i]);
    else if (!std::strcmp(argv[i], "--db") && i + 1 < argc) path = argv[++i];
    else if (!std::strcmp(argv[i], "--reuse")) reuse = true;
    else {
      std::fprintf(stderr, "usage: gw_dashboard_bench [--rows N] [--db PATH] [--reuse]\n");
      return 2;
    }
  }
  const bool temp = path.empty();
  if (temp) path = (std::filesystem::temp_directory_path() / "gw-dashboard-bench.db").string();
  if (!(reuse && std::filesystem::exists(path))) {
    for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(path + ext);
    seed(path, rows);
  }
  GatewayOptions o;
  o.db_path = path;
  auto g = Gateway::create(std::move(o));
  if (!g) {
    std::fprintf(stderr, "gateway: %s\n", g.error().message.c_str());
    return 2;
  }
  std::vector<std::pair<std::string, std::string>> calls;
  for (const char* w : {"1h", "24h", "7d", "30d"})
    for (const char* by : {"model", "provider", "user", "key", "route"})
      calls.emplace_back("/ui/api/overview", std::string("window=") + w + "&by=" + by);
  calls.emplace_back("/ui/api/overview.csv", "window=30d&by=key");
  calls.emplace_back("/ui/api/requests", "limit=50");
  calls.emplace_back("/ui/api/requests", "limit=50&before=" + std::to_string(rows / 2));
  calls.emplace_back("/ui/api/requests", "limit=50&user=usr_7");
  calls.emplace_back("/ui/api/requests", "limit=50&model=deepseek/deepseek-r1&status=error");
  calls.emplace_back("/ui/api/requests", "limit=50&status=429&provider=google");
  calls.emplace_back("/ui/api/requests", "limit=50&user=nobody-at-all");
  calls.emplace_back("/ui/api/requests", "limit=50&key=key_none");
  calls.emplace_back("/ui/api/requests", "limit=50&since=" + std::to_string(system_clock().now_unix_ms() - 3 * kDayMs) +
                                             "&until=" + std::to_string(system_clock().now_unix_ms() - 2 * kDayMs));
  calls.emplace_back("/ui/api/requests/req_seed_" + std::to_string(rows / 3), "");
  calls.emplace_back("/admin/users", "");
  calls.emplace_back("/admin/keys", "");
  std::printf("%-28s %-58s %9s %9s\n", "API", "query", "median ms", "max ms");
  bool slow = false;
  for (const auto& [path_, query] : calls) {
    std::vector<double> t;
    int status = 0;
    for (int i = 0; i < 7; ++i) t.push_back(time_ms(**g, path_, query, &status));
    std::sort(t.begin(), t.end());
    std::printf("%-28s %-58s %9.1f %9.1f%s\n", path_.c_str(), query.c_str(), t[3], t.back(),
                status == 200 ? "" : "  (not 200!)");
    if (t[3] > 100 || status != 200) slow = true;
  }
  if (temp) std::printf("database kept at %s (--db %s --reuse to time it again)\n", path.c_str(), path.c_str());
  return slow ? 1 : 0;
}
