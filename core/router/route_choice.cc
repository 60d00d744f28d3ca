#include "core/router/route_choice.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace gw {
namespace {

constexpr double kTierFloor[] = {0, 45, 60, 65};  // SWE-bench % per CodeTier
constexpr int64_t kAgenticContext = 128000;

int64_t blend(const CatalogModel& m) {
  return (3 * m.prompt_price.units_per_token() + m.completion_price.units_per_token()) / 4;
}

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, v == std::floor(v) ? "%.0f" : "%.1f", v);
  return buf;
}

std::string three(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  return buf;
}

// The order a mode ranks by; false = keep looking.
enum class Order { kScore, kCheapAboveFloor, kLatency, kUtility, kAgentic };

Order order_for(const RouterSpec& spec, std::optional<CodeTier> tier) {
  switch (spec.mode) {
    case RouterMode::kQuality:
      return Order::kScore;
    case RouterMode::kCost:
    case RouterMode::kPrice:
      return Order::kCheapAboveFloor;
    case RouterMode::kLatency:
      return Order::kLatency;
    case RouterMode::kBalanced:
      return Order::kUtility;
    case RouterMode::kAgentic:
      return Order::kAgentic;
    case RouterMode::kAuto:
      if (*tier == CodeTier::kAgentic) return Order::kAgentic;
      return *tier == CodeTier::kComplex ? Order::kScore : Order::kCheapAboveFloor;
  }
  return Order::kScore;
}

// Where `v` sits between the candidates' best (1) and worst (0) on a log
// scale, lower being better; 1 when they are all equal.
double log_position(int64_t v, int64_t lo, int64_t hi) {
  const double top = std::log1p(double(hi)), bottom = std::log1p(double(lo));
  return top > bottom ? (top - std::log1p(double(v))) / (top - bottom) : 1.0;
}

void fill_utility(std::vector<RankedModel>& ranked, const RouterSettings& settings) {
  double qmin = ranked[0].score, qmax = ranked[0].score;
  int64_t pmin = ranked[0].blend_units, pmax = pmin, lmin = ranked[0].latency_ms, lmax = lmin;
  for (const auto& r : ranked) {
    qmin = std::min(qmin, r.score), qmax = std::max(qmax, r.score);
    pmin = std::min(pmin, r.blend_units), pmax = std::max(pmax, r.blend_units);
    lmin = std::min(lmin, r.latency_ms), lmax = std::max(lmax, r.latency_ms);
  }
  const double wq = double(settings.balanced_quality), wc = double(settings.balanced_price),
               wl = double(settings.balanced_latency), sum = wq + wc + wl;
  for (auto& r : ranked) {
    double q = qmax > qmin ? (r.score - qmin) / (qmax - qmin) : 1.0;
    double c = log_position(r.blend_units, pmin, pmax);
    double l = log_position(r.latency_ms, lmin, lmax);
    // Rounded to 1e-6 so the same inputs give the same order on every platform.
    r.utility = sum > 0 ? std::round((wq * q + wc * c + wl * l) / sum * 1e6) / 1e6 : 0.0;
  }
}

bool agentic_fit(const CatalogModel& m) { return m.has_capability("tools") && m.context_length >= kAgenticContext; }

std::string why(Order order, const RouteDecision& d, const RankedModel& a, bool floor_met) {
  const std::string score = d.spec.kind == RouterKind::kCode ? "code" : "elo";
  switch (order) {
    case Order::kScore:
      return "highest " + score + " " + number(a.score);
    case Order::kAgentic:
      return "best " + score + " " + number(a.score) + " among tool-using long-context models";
    case Order::kLatency:
      return "lowest p50 " + std::to_string(a.latency_ms) + "ms" +
             (a.measured ? " (measured over " + std::to_string(a.samples) + " answers)"
                         : " (prior: " + std::to_string(a.samples) + " of " + std::to_string(d.latency_samples) +
                               " answers measured)");
    case Order::kUtility:
      return "highest utility " + three(a.utility);
    case Order::kCheapAboveFloor:
      if (!floor_met) return "no candidate reaches " + score + ">=" + number(d.floor) + "; cheapest of the rest";
      return "cheapest $" + blend_per_million(a.blend_units) + "/M with " + score + ">=" + number(d.floor);
  }
  return "";
}

}  // namespace

Result<RouteDecision> decide_route(const RouterSpec& spec, const RequestSignals& signals,
                                   const std::vector<RouterCandidate>& candidates, const RouterSettings& settings,
                                   const std::optional<StickyChoice>& previous) {
  RouteDecision d;
  d.spec = spec;
  const bool code = spec.kind == RouterKind::kCode;
  if (code) {
    TierVerdict v = classify_code_tier(signals);
    d.tier = v.tier;
    d.tier_reason = std::move(v.reason);
    d.floor = kTierFloor[static_cast<int>(v.tier)];
  } else {
    d.floor = static_cast<double>(settings.general_floor);
  }
  d.latency_samples = settings.latency_samples;
  const Order order = order_for(spec, d.tier);
  std::vector<const RouterCandidate*> agentic;  // for Order::kAgentic: fit first
  for (const auto& c : candidates) {
    const auto& score = code ? c.scores->code : c.scores->general;
    if (!score) continue;
    RankedModel r;
    r.id = c.model->id;
    r.score = score->value;
    r.approx = score->approx;
    r.blend_units = blend(*c.model);
    r.samples = c.measured.total_samples;
    r.measured = r.samples >= settings.latency_samples && c.measured.total_p50_ms > 0;
    r.latency_ms = r.measured ? c.measured.total_p50_ms : c.scores->latency_prior_ms;
    r.ttft_ms = c.measured.ttft_p50_ms;
    r.ttft_samples = c.measured.ttft_samples;
    r.meets_floor = r.score >= d.floor;
    d.ranked.push_back(std::move(r));
    if (agentic_fit(*c.model)) agentic.push_back(&c);
  }
  if (d.ranked.empty())
    return make_error(
        ErrorKind::kUnavailable,
        "no model can serve " + router_name(spec) + ": none with a " + (code ? "code" : "general") +
            " score is served by a configured provider whose breaker is closed and that this caller may use",
        "no_router_candidate");
  if (order == Order::kUtility) fill_utility(d.ranked, settings);
  auto fits = [&](const RankedModel& r) {
    return std::any_of(agentic.begin(), agentic.end(), [&](const RouterCandidate* c) { return c->model->id == r.id; });
  };
  auto better = [&](const RankedModel& a, const RankedModel& b) {
    switch (order) {
      case Order::kScore:
        break;
      case Order::kAgentic:
        if (fits(a) != fits(b)) return fits(a);
        break;
      case Order::kCheapAboveFloor:
        if (a.meets_floor != b.meets_floor) return a.meets_floor;
        if (a.blend_units != b.blend_units) return a.blend_units < b.blend_units;
        break;
      case Order::kLatency:
        if (a.latency_ms != b.latency_ms) return a.latency_ms < b.latency_ms;
        break;
      case Order::kUtility:
        if (a.utility != b.utility) return a.utility > b.utility;
        break;
    }
    if (a.score != b.score) return a.score > b.score;
    if (a.blend_units != b.blend_units) return a.blend_units < b.blend_units;
    return a.id < b.id;
  };
  std::sort(d.ranked.begin(), d.ranked.end(), better);
  d.chosen = d.ranked[0].id;
  if (d.ranked.size() > 1) d.runner_up = d.ranked[1].id;
  d.reason = why(order, d, d.ranked[0], d.ranked[0].meets_floor);
  if (previous) {
    const bool rose = d.tier && previous->tier && *d.tier > *previous->tier;
    auto kept = std::find_if(d.ranked.begin(), d.ranked.end(),
                             [&](const RankedModel& r) { return r.id == previous->model_id; });
    if (!rose && kept != d.ranked.end()) {
      if (kept->id != d.chosen) d.runner_up = d.chosen;
      d.chosen = kept->id;
      d.sticky = true;
      d.reason = "kept for this conversation (sticky); fresh pick: " + d.reason;
    }
  }
  return d;
}

std::optional<std::string> fall_back(RouteDecision& d, const std::string& why) {
  if (static_cast<int>(d.fell_back.size()) >= kMaxRouteFallbacks) return std::nullopt;
  auto tried = [&](const std::string& id) {
    if (id == d.chosen) return true;
    for (const auto& f : d.fell_back)
      if (f.compare(0, id.size() + 1, id + " ") == 0) return true;
    return false;
  };
  const RankedModel* next = nullptr;
  const RankedModel* after = nullptr;
  for (const auto& r : d.ranked) {
    if (tried(r.id)) continue;
    if (!next) next = &r;
    else if (!after) after = &r;
  }
  if (!next) return std::nullopt;
  if (d.fell_back.empty()) d.reason = "fell back down the ranking; first pick " + d.chosen + ": " + d.reason;
  d.fell_back.push_back(d.chosen + " (" + why + ")");
  d.chosen = next->id;
  d.runner_up = after ? after->id : "";
  d.sticky = false;
  return d.chosen;
}

std::string blend_per_million(int64_t blend_units) {
  // units per token * 1e6 tokens / 1e10 units per dollar = units / 1e4
  char buf[48];
  std::snprintf(buf, sizeof buf, "%lld.%04lld", static_cast<long long>(blend_units / 10000),
                static_cast<long long>(blend_units % 10000));
  return buf;
}

namespace {

// "a/b code=77.2 $6.0000/M p50=2500ms(prior)", "... elo~1450 ... p50=850ms(n=12) ttft=310ms(n=9)":
// "~" marks an approximate score; "(prior)" a latency prior, with how many
// answers were measured when some were but fewer than the threshold.
std::string describe(const RouteDecision& d, const std::string& id) {
  for (const auto& r : d.ranked) {
    if (r.id != id) continue;
    std::string out = id + " " + (d.spec.kind == RouterKind::kCode ? "code" : "elo") + (r.approx ? "~" : "=") +
                      number(r.score) + " $" + blend_per_million(r.blend_units) +
                      "/M p50=" + std::to_string(r.latency_ms) + "ms";
    if (r.measured) out += "(n=" + std::to_string(r.samples) + ")";
    else if (r.samples > 0)
      out += "(prior, n=" + std::to_string(r.samples) + "<" + std::to_string(d.latency_samples) + ")";
    else out += "(prior)";
    if (r.ttft_samples > 0)
      out += " ttft=" + std::to_string(r.ttft_ms) + "ms(n=" + std::to_string(r.ttft_samples) + ")";
    if (d.spec.mode == RouterMode::kBalanced) out += " u=" + three(r.utility);
    return out;
  }
  return id;
}

std::string no_semicolons(std::string s) {
  std::replace(s.begin(), s.end(), ';', ',');
  return s;
}

std::string header_safe(std::string s) {
  for (char& c : s)
    if (c < 0x20 || c > 0x7e) c = ' ';
  return s;
}

}  // namespace

std::string route_header(const RouteDecision& d) {
  std::string out =
      "router=" + std::string(router_kind_name(d.spec.kind)) + ":" + std::string(router_mode_name(d.spec.mode));
  if (d.tier) out += "; tier=" + std::string(code_tier_name(*d.tier)) + " (" + no_semicolons(d.tier_reason) + ")";
  out += "; chosen=" + d.chosen + "; runner_up=" + (d.runner_up.empty() ? "-" : d.runner_up);
  out += "; why=" + no_semicolons(d.reason);
  for (const auto& f : d.fell_back) out += "; fell_back_from=" + no_semicolons(f);
  out += "; " + describe(d, d.chosen);
  if (!d.runner_up.empty()) out += "; " + describe(d, d.runner_up);
  out += std::string("; sticky=") + (d.sticky ? "yes" : "no");
  return header_safe(out).substr(0, 1024);
}

std::string route_summary(const RouteDecision& d) {
  std::string out = std::string(router_kind_name(d.spec.kind)) + ":" + std::string(router_mode_name(d.spec.mode));
  if (d.tier) out += " " + std::string(code_tier_name(*d.tier));
  return out;
}

}  // namespace gw
