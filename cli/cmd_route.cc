// gw route explain|eval - the routers without a provider call.
//   explain [-m router:...] [--all-providers] [--json] "prompt" (or stdin):
//     the tier, the ranked candidates with their numbers, the pick and the
//     x-gw-route header gw serve would send (latencies are the priors: no
//     server is asked).
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
#include <ostream>

#include "cli/command_table.h"
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
};

Result<std::vector<RouterCandidate>> candidates_for(const Config& config, bool all_providers) {
  auto reg = std::make_shared<ProviderRegistry>(config.providers, [](const char* n) { return std::getenv(n); });
  ModelResolver resolver(Catalog::builtin(), [reg, all_providers](std::string_view slug) {
    return all_providers ? slug != "mock" : reg->available(slug);
  });
  return router_candidates(ScoreTable::builtin(), resolver, Catalog::builtin(), config.router, nullptr, nullptr);
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
  auto candidates = candidates_for(*config, o.all_providers);
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
                        {"header", route_header(*d)}};
    if (d->tier) j["tier"] = code_tier_name(*d->tier), j["tier_reason"] = d->tier_reason;
    j["ranked"] = nlohmann::json::array();
    for (const auto& r : d->ranked)
      j["ranked"].push_back({{"model", r.id},
                             {"score", r.score},
                             {"usd_per_million_blended", blend_per_million(r.blend_units)},
                             {"p50_ms", r.latency_ms},
                             {"measured", r.measured},
                             {"meets_floor", r.meets_floor},
                             {"utility", r.utility}});
    *ctx.out << j.dump(2) << "\n";
    return 0;
  }
  *ctx.out << router_name(*spec);
  if (d->tier) *ctx.out << "  tier " << code_tier_name(*d->tier) << " (" << d->tier_reason << ")";
  *ctx.out << "\nchosen: " << d->chosen << " - " << d->reason << "\n";
  if (!d->runner_up.empty()) *ctx.out << "runner-up: " << d->runner_up << "\n";
  Table table({"#", "MODEL", code ? "SWE-BENCH %" : "ARENA ELO", "$/1M (3:1)", "P50 MS", "FLOOR", "UTILITY"});
  int n = 0;
  for (const auto& r : d->ranked)
    table.add_row({std::to_string(++n), r.id, one_decimal(r.score), blend_per_million(r.blend_units),
                   std::to_string(r.latency_ms) + (r.measured ? "" : " (prior)"), r.meets_floor ? "ok" : "below",
                   spec->mode == RouterMode::kBalanced ? std::to_string(r.utility).substr(0, 5) : "-"});
  *ctx.out << table.render(ctx.stdout_is_tty);
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
