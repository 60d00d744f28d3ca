// metrics.cc - Metrics over prometheus-cpp (see metrics.h). The only file
// that includes prometheus-cpp headers.
#include "proxy/telemetry/metrics.h"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <map>
#include <mutex>
#include <sstream>

namespace gw {
namespace {

// A family of one unlabelled sample read at scrape time (a counter or a gauge, as the table says).
prometheus::MetricFamily one_sample(MetricId id, int64_t value) {
  const MetricSpec& spec = metric_spec(id);
  const bool gauge = spec.type == MetricType::kGauge;
  prometheus::MetricFamily f{std::string(spec.name),
                             std::string(spec.help),
                             gauge ? prometheus::MetricType::Gauge : prometheus::MetricType::Counter,
                             {}};
  prometheus::ClientMetric m;
  (gauge ? m.gauge.value : m.counter.value) = static_cast<double>(value);
  f.metric.push_back(std::move(m));
  return f;
}

using prometheus::Counter;
using prometheus::Histogram;

constexpr std::string_view kNone = "none";  // provider label when nobody answered
constexpr int kNoAnswer = 1;                // code key for status 0 ("error"); 1 is no HTTP status

// Counters of one label set by status code; lookups of codes seen before are
// lock-free. Inserts happen under the owner's mutex.
class CodeCounters {
 public:
  Counter* find(int code) const {
    for (const Slot& s : slots_) {
      int c = s.code.load(std::memory_order_acquire);
      if (c == code) return s.counter.load(std::memory_order_relaxed);
      if (c == 0) return nullptr;
    }
    return nullptr;
  }
  void insert(int code, Counter* counter) {  // full table: later lookups take the slow path
    for (Slot& s : slots_) {
      if (s.code.load(std::memory_order_relaxed) != 0) continue;
      s.counter.store(counter, std::memory_order_relaxed);
      s.code.store(code, std::memory_order_release);
      return;
    }
  }

 private:
  struct Slot {
    std::atomic<int> code{0};  // 0 = empty
    std::atomic<Counter*> counter{nullptr};
  };
  std::array<Slot, 16> slots_;
};

std::string code_label(int code) { return code == kNoAnswer ? "error" : std::to_string(code); }

// Every series of one (model, provider) pair; members created on first use.
struct Series {
  std::string model;
  std::string provider;
  CodeCounters requests;
  std::atomic<Histogram*> duration{nullptr};
  std::atomic<Histogram*> first_chunk{nullptr};
  std::atomic<Counter*> tokens[4] = {};  // prompt, completion, cached, reasoning
  std::atomic<int64_t> credit_units{0};  // exact Money units
  std::atomic<bool> charged{false};      // credits seen at least once
};

}  // namespace

struct Metrics::Impl {
  const Catalog& catalog;
  std::vector<std::string> routes;
  prometheus::Registry registry;
  // By MetricId (metric_table() order); null where the type differs.
  std::vector<prometheus::Family<Counter>*> counters = std::vector<prometheus::Family<Counter>*>(metric_table().size());
  std::vector<prometheus::Family<Histogram>*> histograms =
      std::vector<prometheus::Family<Histogram>*>(metric_table().size());
  std::vector<std::vector<Counter*>> fixed =
      std::vector<std::vector<Counter*>>(metric_table().size());  // by value index
  static constexpr std::string_view kCacheLayers[] = {"exact", "semantic"};
  std::vector<Counter*> cache_requests[2];  // by layer, then result index
  Histogram* overhead = nullptr;
  std::vector<CodeCounters> route_codes;  // routes.size() + 1 ("unmatched")

  mutable std::mutex mu;                          // guards creation and the lists below
  std::unique_ptr<std::atomic<Series*>[]> slots;  // [model index][provider index, last = none]
  size_t provider_slots = 0;
  std::map<std::pair<std::string, std::string>, Series*> other_series;  // models outside the catalog
  std::vector<std::unique_ptr<Series>> all_series;

  Impl(const Catalog& c, std::vector<std::string> r)
      : catalog(c), routes(std::move(r)), route_codes(routes.size() + 1) {
    for (const MetricSpec& spec : metric_table()) {
      size_t id = static_cast<size_t>(spec.id);
      if (spec.id == MetricId::kCreditsUsed) continue;  // exact sums, rendered at scrape time
      if (spec.type == MetricType::kCounter) {
        auto& family =
            prometheus::BuildCounter().Name(std::string(spec.name)).Help(std::string(spec.help)).Register(registry);
        counters[id] = &family;
        if (!spec.values.empty() && spec.labels.size() == 1)
          for (std::string_view v : spec.values)
            fixed[id].push_back(&family.Add({{std::string(spec.labels[0]), std::string(v)}}));
        if (spec.id == MetricId::kCacheRequests)
          for (size_t layer = 0; layer < 2; ++layer)
            for (std::string_view v : spec.values)
              cache_requests[layer].push_back(
                  &family.Add({{"layer", std::string(kCacheLayers[layer])}, {"result", std::string(v)}}));
      } else if (spec.type == MetricType::kHistogram) {
        histograms[id] =
            &prometheus::BuildHistogram().Name(std::string(spec.name)).Help(std::string(spec.help)).Register(registry);
      }
    }
    overhead = &histogram(MetricId::kOverhead).Add({}, buckets(MetricId::kOverhead));
    provider_slots = provider_table().size() + 1;
    size_t n = catalog.models().size() * provider_slots;
    slots = std::make_unique<std::atomic<Series*>[]>(n);
    for (size_t i = 0; i < n; ++i) slots[i].store(nullptr, std::memory_order_relaxed);
  }

  prometheus::Family<Counter>& counter(MetricId id) { return *counters[static_cast<size_t>(id)]; }
  prometheus::Family<Histogram>& histogram(MetricId id) { return *histograms[static_cast<size_t>(id)]; }

  static Histogram::BucketBoundaries buckets(MetricId id) {
    auto b = metric_spec(id).buckets;
    return {b.begin(), b.end()};
  }

  Series& series(const CatalogModel& model, const ProviderInfo* provider) {
    const auto& models = catalog.models();
    const auto& providers = provider_table();
    bool in_model_table = &model >= models.data() && &model < models.data() + models.size();
    bool in_provider_table =
        !provider || (provider >= providers.data() && provider < providers.data() + providers.size());
    if (in_model_table && in_provider_table) {
      size_t p = provider ? static_cast<size_t>(provider - providers.data()) : providers.size();
      std::atomic<Series*>& slot = slots[static_cast<size_t>(&model - models.data()) * provider_slots + p];
      if (Series* s = slot.load(std::memory_order_acquire)) return *s;
      std::lock_guard<std::mutex> lock(mu);
      if (Series* s = slot.load(std::memory_order_acquire)) return *s;
      Series* s = make_series(model, provider);
      slot.store(s, std::memory_order_release);
      return *s;
    }
    std::lock_guard<std::mutex> lock(mu);  // a catalog other than the one given: rare, tests
    auto key = std::make_pair(model.id, provider ? provider->slug : std::string(kNone));
    auto it = other_series.find(key);
    if (it == other_series.end()) it = other_series.emplace(key, make_series(model, provider)).first;
    return *it->second;
  }

  Series* make_series(const CatalogModel& model, const ProviderInfo* provider) {  // requires mu
    all_series.push_back(std::make_unique<Series>());
    Series* s = all_series.back().get();
    s->model = model.id;
    s->provider = provider ? provider->slug : std::string(kNone);
    return s;
  }

  prometheus::Labels labels(const Series& s) const { return {{"provider", s.provider}, {"model", s.model}}; }

  // The member `slot` of a series, created from `make` on first use.
  template <class T, class Make>
  T& lazy(std::atomic<T*>& slot, Make make) {
    if (T* t = slot.load(std::memory_order_acquire)) return *t;
    std::lock_guard<std::mutex> lock(mu);
    if (T* t = slot.load(std::memory_order_acquire)) return *t;
    T* t = &make();
    slot.store(t, std::memory_order_release);
    return *t;
  }

  // The counter for `code` in `table`; `labels` (without the code) is only
  // called the first time a code is seen.
  template <class Labels>
  Counter& by_code(CodeCounters& table, int code, prometheus::Family<Counter>& family, Labels labels_of,
                   const char* code_name) {
    if (Counter* c = table.find(code)) return *c;
    std::lock_guard<std::mutex> lock(mu);
    if (Counter* c = table.find(code)) return *c;
    prometheus::Labels labels = labels_of();
    labels[code_name] = code_label(code);
    Counter& c = family.Add(labels);
    table.insert(code, &c);
    return c;
  }

  // Families computed at scrape time: credits (exact sums) and breaker states.
  prometheus::MetricFamily credits_family() const {
    const MetricSpec& spec = metric_spec(MetricId::kCreditsUsed);
    prometheus::MetricFamily f{std::string(spec.name), std::string(spec.help), prometheus::MetricType::Counter, {}};
    std::lock_guard<std::mutex> lock(mu);
    for (const auto& s : all_series) {
      if (!s->charged.load()) continue;
      prometheus::ClientMetric m;
      m.label = {{"model", s->model}, {"provider", s->provider}};
      m.counter.value = static_cast<double>(s->credit_units.load()) / static_cast<double>(Money::kUnitsPerDollar);
      f.metric.push_back(std::move(m));
    }
    return f;
  }

  static prometheus::MetricFamily breaker_family(std::span<const BreakerSnapshot> breakers) {
    const MetricSpec& spec = metric_spec(MetricId::kCircuitBreakerState);
    prometheus::MetricFamily f{std::string(spec.name), std::string(spec.help), prometheus::MetricType::Gauge, {}};
    for (const BreakerSnapshot& b : breakers) {
      prometheus::ClientMetric m;
      m.label = {{"provider", b.provider}};
      m.gauge.value = b.state == BreakerState::kClosed ? 0 : b.state == BreakerState::kHalfOpen ? 1 : 2;
      f.metric.push_back(std::move(m));
    }
    return f;
  }
};

Metrics::Metrics(const Catalog& catalog, std::vector<std::string> routes)
    : impl_(std::make_unique<Impl>(catalog, std::move(routes))) {}

Metrics::~Metrics() = default;

void Metrics::upstream_attempt(const CatalogModel& model, const ProviderInfo& provider, int status,
                               int64_t duration_ns) {
  Impl& m = *impl_;
  Series& s = m.series(model, &provider);
  m.by_code(
       s.requests, status == 0 ? kNoAnswer : status, m.counter(MetricId::kInferenceRequests),
       [&] { return m.labels(s); }, "status")
      .Increment();
  m.lazy(s.duration, [&]() -> Histogram& {
     return m.histogram(MetricId::kInferenceDuration).Add(m.labels(s), Impl::buckets(MetricId::kInferenceDuration));
   }).Observe(static_cast<double>(duration_ns) / 1e9);
}

void Metrics::tokens(const CatalogModel& model, const ProviderInfo* provider, const Usage& usage) {
  Impl& m = *impl_;
  Series& s = m.series(model, provider);
  const MetricSpec& spec = metric_spec(MetricId::kTokensUsed);
  const int64_t counts[4] = {usage.prompt_tokens, usage.completion_tokens, usage.cached_tokens, usage.reasoning_tokens};
  for (size_t i = 0; i < 4; ++i) {
    if (counts[i] <= 0) continue;
    m.lazy(s.tokens[i], [&]() -> Counter& {
       auto labels = m.labels(s);
       labels["type"] = std::string(spec.values[i]);
       return m.counter(MetricId::kTokensUsed).Add(labels);
     }).Increment(static_cast<double>(counts[i]));
  }
}

void Metrics::credits(const CatalogModel& model, const ProviderInfo* provider, Money cost) {
  Series& s = impl_->series(model, provider);
  s.credit_units.fetch_add(cost.units(), std::memory_order_relaxed);
  s.charged.store(true, std::memory_order_relaxed);
}

void Metrics::first_chunk(const CatalogModel& model, const ProviderInfo& provider, int64_t ns) {
  Impl& m = *impl_;
  Series& s = m.series(model, &provider);
  m.lazy(s.first_chunk, [&]() -> Histogram& {
     return m.histogram(MetricId::kTimeToFirstChunk).Add(m.labels(s), Impl::buckets(MetricId::kTimeToFirstChunk));
   }).Observe(static_cast<double>(ns) / 1e9);
}

void Metrics::overhead(int64_t ns) { impl_->overhead->Observe(static_cast<double>(std::max<int64_t>(ns, 0)) / 1e9); }

void Metrics::http_request(size_t route, int code) {
  Impl& m = *impl_;
  route = std::min(route, m.routes.size());
  auto labels = [&] {
    return prometheus::Labels{{"route", route < m.routes.size() ? m.routes[route] : std::string("unmatched")}};
  };
  m.by_code(m.route_codes[route], code, m.counter(MetricId::kHttpRequests), labels, "code").Increment();
}

void Metrics::count(MetricId id, std::string_view value, int64_t n) {
  const MetricSpec& spec = metric_spec(id);
  const std::vector<Counter*>& children = impl_->fixed[static_cast<size_t>(id)];
  std::string_view v = bounded_label_value(spec, value);
  auto at = std::find(spec.values.begin(), spec.values.end(), v);
  if (children.empty() || at == spec.values.end()) return;  // not a fixed-value metric, or no "other"
  children[static_cast<size_t>(at - spec.values.begin())]->Increment(static_cast<double>(n));
}

void Metrics::cache_request(std::string_view layer, std::string_view result) {
  const MetricSpec& spec = metric_spec(MetricId::kCacheRequests);
  auto l = std::find(std::begin(Impl::kCacheLayers), std::end(Impl::kCacheLayers), layer);
  auto r = std::find(spec.values.begin(), spec.values.end(), bounded_label_value(spec, result));
  if (l == std::end(Impl::kCacheLayers) || r == spec.values.end()) return;
  impl_->cache_requests[l - std::begin(Impl::kCacheLayers)][static_cast<size_t>(r - spec.values.begin())]->Increment();
}

std::string Metrics::scrape(std::span<const BreakerSnapshot> breakers, std::optional<int64_t> limit_fallbacks,
                            std::optional<int64_t> cluster_leader) const {
  std::vector<prometheus::MetricFamily> families = impl_->registry.Collect();
  families.push_back(impl_->credits_family());
  families.push_back(Impl::breaker_family(breakers));
  if (limit_fallbacks) families.push_back(one_sample(MetricId::kRateLimitFallback, *limit_fallbacks));
  if (cluster_leader) families.push_back(one_sample(MetricId::kClusterLeader, *cluster_leader));
  auto rank = [](const prometheus::MetricFamily& f) {
    auto table = metric_table();
    auto it = std::find_if(table.begin(), table.end(), [&](const MetricSpec& s) { return s.name == f.name; });
    return it - table.begin();
  };
  std::stable_sort(families.begin(), families.end(), [&](const auto& a, const auto& b) { return rank(a) < rank(b); });
  std::ostringstream out;
  prometheus::TextSerializer().Serialize(out, families);
  return out.str();
}

}  // namespace gw
