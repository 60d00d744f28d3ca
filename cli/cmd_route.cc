// gw route explain|eval - the routers without a provider call.
//   explain [-m router:...] [--all-providers] [--url URL [--key KEY]] [--json] "prompt" (or stdin):
//     the tier, the ranked candidates with their numbers (score with its
//     date, "~" when approximate; price; p50 total and TTFT with their sample
//     counts), the pick and the x-gw-route header gw serve would send.
//     Latencies are the priors unless --url names a running gw serve: then
//     its measured p50s (GET /admin/latency) and open breakers (GET
//     /admin/breakers) are used as the server would use them.
//   eval FILE [-m router:...] [--show-misses]: labelled JSONL (route_eval.h)
//     -> tier accuracy, confusion matrix, model accuracy, and the cost of the
//     routed choices against always-best and always-cheapest. Every catalog
//     provider counts as configured, so the figures do not depend on the
//     local config.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <istream>
#include <iterator>
#include <map>
#include <ostream>
#include <set>

#include "cli/command_table.h"
#include "cli/server_client.h"
#include "cli/table.h"
#include "core/catalog/model_scores.h"
#include "core/providers/provider_registry.h"
#include "core/router/route_eval.h"
#include "core/router/router_candidates.h"
#include "proxy/io/paths.h"

namespace gw {
namespace {

struct RouteOptions {
  std::string router = "router:code:auto";
  std::string prompt;
  std::string file;
  bool all_providers = false;
  bool json = false;
  bool show_misses = false;
  ServerTarget server;  // explain --url: measured latencies and breakers from a running gw serve
};

// What a running gw serve knows that explain needs: measured latency per
// provider x model and the providers whose breaker is open.
struct ServerView {
  std::map<std::pair<std::string, std::string>, AnswerLatency> latency;
  std::set<std::string, std::less<>> open;
};

Result<ServerView> ask_server(AppContext& ctx, const ServerTarget& target) {
  ServerView v;
  auto lat = call_server(ctx, target, "GET", "/admin/latency");
  if (!lat) return lat.error();
  for (const auto& r : (*lat)["data"])
    v.latency[{r.value("provider", ""), r.value("model", "")}] =
        AnswerLatency{r.value("ttft_p50_ms", int64_t{0}), r.value("ttft_samples", int64_t{0}),
                      r.value("total_p50_ms", int64_t{0}), r.value("total_samples", int64_t{0})};
  auto br = call_server(ctx, target, "GET", "/admin/breakers");
  if (!br) return br.error();
  for (const auto& b : (*br)["data"])
    if (b.value("state", "") == "open" && b.value("seconds_until_half_open", int64_t{0}) > 0)
      v.open.insert(b.value("provider", ""));
  return v;
}

Result<std::vector<RouterCandidate>> candidates_for(const Config& config, bool all_providers,
                                                    const ServerView* server = nullptr) {
  auto reg = std::make_shared<ProviderRegistry>(config.providers, [](const char* n) { return std::getenv(n); });
  ModelResolver resolver(Catalog::builtin(), [reg, all_providers](std::string_view slug) {
    return all_providers ? slug != "mock" : reg->available(slug);
  });
  CandidateCheck usable;
  LatencyLookup latency;
  if (server) {
    usable = [server](const ResolvedModel& r) {
      for (const auto& c : r.candidates)
        if (!server->open.count(c.provider->slug)) return true;
      return false;
    };
    latency = [server](std::string_view provider, std::string_view model) {
      auto it = server->latency.find({std::string(provider), std::string(model)});
      return it == server->latency.end() ? AnswerLatency{} : it->second;
    };
  }
  return router_candidates(ScoreTable::builtin(), resolver, Catalog::builtin(), config.router, usable, latency);
}

// "1450 (2025-09)", "74.9~ (2025-08)": the score, "~" when approximate, and its date.
std::string score_cell(const RankedModel& r, bool code) {
  const ModelScores* m = ScoreTable::builtin().find(r.id);
  const auto& q = m ? (code ? m->code : m->general) : std::nullopt;
  char buf[48];
  std::snprintf(buf, sizeof buf, r.score == double(int64_t(r.score)) ? "%.0f" : "%.1f", r.score);
  return std::string(buf) + (r.approx ? "~" : "") + (q ? " (" + q->date + ")" : "");
}

// "850 (n=12)", "4000 (prior)", "4000 (prior, n=2<5)".
std::string latency_cell(const RankedModel& r, int64_t needed) {
  if (r.measured) return std::to_string(r.latency_ms) + " (n=" + std::to_string(r.samples) + ")";
  if (r.samples > 0)
    return std::to_string(r.latency_ms) + " (prior, n=" + std::to_string(r.samples) + "<" + std::to_string(needed) +
           ")";
  return std::to_string(r.latency_ms) + " (prior)";
}

// The sources of the scores shown, one line each.
std::vector<std::string> score_sources(const RouteDecision& d, bool code) {
  std::set<std::string> seen;
  std::vector<std::string> out;
  for (const auto& r : d.ranked) {
    const ModelScores* m = ScoreTable::builtin().find(r.id);
    const auto& q = m ? (code ? m->code : m->general) : std::nullopt;
    if (q && seen.insert(q->source).second) out.push_back(q->source);
  }
  return out;
}

std::string pct(int hits, int of) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%d/%d (%.1f%%)", hits, of, of ? 100.0 * hits / of : 0.0);
  return buf;
}

std::string one_decimal(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

int run_explain(RouteOptions o, AppContext& ctx) {
  auto spec = parse_router_spec(o.router);
  if (!spec) return report_error(ctx, spec.error());
  if (o.prompt.empty() && ctx.in && !ctx.stdin_is_tty)
    o.prompt.assign(std::istreambuf_iterator<char>(*ctx.in), std::istreambuf_iterator<char>());
  if (o.prompt.empty()) return report_error(ctx, make_error(ErrorKind::kUsage, "give a prompt, or pipe one on stdin"));
  auto config = load_config(ctx.globals.config_path);
  if (!config) return report_error(ctx, config.error());
  std::optional<ServerView> server;
  if (!o.server.url.empty()) {
    auto v = ask_server(ctx, o.server);
    if (!v) return report_error(ctx, v.error());
    server = std::move(v).value();
  }
  auto candidates = candidates_for(*config, o.all_providers, server ? &*server : nullptr);
  if (!candidates) return report_error(ctx, candidates.error());
  RequestSignals signals = read_prompt_signals(o.prompt);
  auto d = decide_route(*spec, signals, *candidates, config->router);
  if (!d) return report_error(ctx, d.error());
  const bool code = spec->kind == RouterKind::kCode;
  if (o.json) {
    nlohmann::json j = {{"router", router_name(*spec)},
                        {"chosen", d->chosen},
                        {"runner_up", d->runner_up},
                        {"reason", d->reason},
                        {"latency_samples", config->router.latency_samples},
                        {"measured_from", server ? o.server.url : ""},
                        {"header", route_header(*d)}};
    if (d->tier) j["tier"] = code_tier_name(*d->tier), j["tier_reason"] = d->tier_reason;
    j["ranked"] = nlohmann::json::array();
    for (const auto& r : d->ranked) {
      const ModelScores* m = ScoreTable::builtin().find(r.id);
      const auto& q = m ? (code ? m->code : m->general) : std::nullopt;
      j["ranked"].push_back({{"model", r.id},
                             {"score", r.score},
                             {"score_approx", r.approx},
                             {"score_source", q ? q->source : ""},
                             {"score_date", q ? q->date : ""},
                             {"usd_per_million_blended", blend_per_million(r.blend_units)},
                             {"p50_ms", r.latency_ms},
                             {"measured", r.measured},
                             {"samples", r.samples},
                             {"ttft_p50_ms", r.ttft_ms},
                             {"ttft_samples", r.ttft_samples},
                             {"meets_floor", r.meets_floor},
                             {"utility", r.utility}});
    }
    *ctx.out << j.dump(2) << "\n";
    return 0;
  }
  *ctx.out << router_name(*spec);
  if (d->tier) *ctx.out << "  tier " << code_tier_name(*d->tier) << " (" << d->tier_reason << ")";
  *ctx.out << "\nchosen: " << d->chosen << " - " << d->reason << "\n";
  if (!d->runner_up.empty()) *ctx.out << "runner-up: " << d->runner_up << "\n";
  Table table(
      {"#", "MODEL", code ? "SWE-BENCH %" : "ARENA ELO", "$/1M (3:1)", "P50 MS", "TTFT MS", "FLOOR", "UTILITY"});
  int n = 0;
  for (const auto& r : d->ranked)
    table.add_row({std::to_string(++n), r.id, score_cell(r, code), blend_per_million(r.blend_units),
                   latency_cell(r, config->router.latency_samples),
                   r.ttft_samples ? std::to_string(r.ttft_ms) + " (n=" + std::to_string(r.ttft_samples) + ")" : "-",
                   r.meets_floor ? "ok" : "below",
                   spec->mode == RouterMode::kBalanced ? std::to_string(r.utility).substr(0, 5) : "-"});
  *ctx.out << table.render(ctx.stdout_is_tty);
  for (const auto& src : score_sources(*d, code)) *ctx.out << "scores: " << src << "\n";
  *ctx.out << "~ = approximate score. P50 MS is the whole answer: measured once a model has "
           << config->router.latency_samples
           << " complete answers in the last hour on one provider, its prior until then"
           << (server ? " (measured by " + o.server.url + ")" : std::string(" (no server asked: --url)")) << ".\n";
  *ctx.out << "x-gw-route: " << route_header(*d) << "\n";
  return 0;
}

int run_eval(const RouteOptions& o, AppContext& ctx) {
  auto spec = parse_router_spec(o.router);
  if (!spec) return report_error(ctx, spec.error());
  std::ifstream in(o.file);
  if (!in) return report_error(ctx, make_error(ErrorKind::kIo, "cannot read " + o.file));
  std::vector<EvalCase> cases;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto c = parse_eval_line(line, n);
    if (!c) return report_error(ctx, c.error());
    cases.push_back(std::move(c).value());
  }
  auto config = load_config(ctx.globals.config_path);
  if (!config) return report_error(ctx, config.error());
  auto candidates = candidates_for(*config, /*all_providers=*/true);
  if (!candidates) return report_error(ctx, candidates.error());
  auto r = evaluate_router(*spec, cases, *candidates, config->router);
  if (!r) return report_error(ctx, r.error());
  *ctx.out << router_name(*spec) << " over " << r->cases << " prompts (" << candidates->size()
           << " candidate models, every catalog provider counted as configured)\n";
  if (r->tier_cases) {
    *ctx.out << "tier accuracy: " << pct(r->tier_hits, r->tier_cases) << "\n";
    Table m({"EXPECTED \\ GOT", "simple", "moderate", "complex", "agentic"});
    for (int e = 0; e < 4; ++e) {
      std::vector<std::string> row{std::string(code_tier_name(static_cast<CodeTier>(e)))};
      for (int g = 0; g < 4; ++g) row.push_back(std::to_string(r->confusion[e][g]));
      m.add_row(row);
    }
    *ctx.out << m.aligned();
  }
  if (r->model_cases) *ctx.out << "acceptable-model accuracy: " << pct(r->model_hits, r->model_cases) << "\n";
  auto ratio = [](Money a, Money b) {
    return b.units() ? one_decimal(100.0 * double(a.units()) / double(b.units())) + "%" : std::string("-");
  };
  *ctx.out << "cost (prompt estimate + " << kEvalCompletionTokens << " completion tokens each):\n"
           << "  routed         $" << r->routed_cost.to_string() << "  (" << ratio(r->routed_cost, r->best_cost)
           << " of always-best)\n"
           << "  always-best    $" << r->best_cost.to_string() << "\n"
           << "  always-cheapest $" << r->cheapest_cost.to_string() << "\n"
           << "mean score of the pick: routed " << one_decimal(r->cases ? r->routed_score_sum / r->cases : 0)
           << ", always-best " << one_decimal(r->cases ? r->best_score_sum / r->cases : 0) << "\n";
  if (o.show_misses)
    for (const auto& m : r->misses) *ctx.out << "  miss " << m << "\n";
  return 0;
}

}  // namespace

CLI::App* setup_route_command(CLI::App& parent, AppContext& ctx) {
  auto o = std::make_shared<RouteOptions>();
  auto* cmd = parent.add_subcommand("route", "Explain and evaluate the router:* models without calling a provider");
  cmd->require_subcommand(1);
  auto* explain = cmd->add_subcommand("explain", "The decision for a prompt: tier, ranked candidates, pick, header");
  explain->add_option("-m,--model", o->router, "Router (default router:code:auto)")->type_name("ROUTER");
  explain->add_flag("--all-providers", o->all_providers, "Count every catalog provider as configured");
  explain->add_flag("--json", o->json, "The decision as JSON");
  explain->add_option("--url", o->server.url, "A running gw serve: rank with its measured latencies and breakers")
      ->type_name("URL");
  explain->add_option("--key", o->server.key, "Its master key (default: GW_MASTER_KEY, [server] master_key)")
      ->type_name("KEY");
  explain->add_option("prompt", o->prompt, "The prompt (default: stdin)");
  explain->callback([o, &ctx] { ctx.exit_code = run_explain(*o, ctx); });
  auto* eval = cmd->add_subcommand("eval", "Accuracy, confusion matrix and cost of a router over labelled JSONL");
  eval->add_option("file", o->file, "JSONL: {\"prompt\"|\"messages\", \"tier\", \"acceptable\"} per line")
      ->required()
      ->type_name("FILE");
  eval->add_option("-m,--model", o->router, "Router (default router:code:auto)")->type_name("ROUTER");
  eval->add_flag("--show-misses", o->show_misses, "List each case the router got wrong");
  eval->callback([o, &ctx] { ctx.exit_code = run_eval(*o, ctx); });
  return cmd;
}

}  // namespace gw
