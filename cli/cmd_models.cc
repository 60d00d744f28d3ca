// gw models list|show|sync - the compiled-in catalog, as this gw can serve
// it (a model is listed when a configured provider offers it; --all lists
// every model), filtered by provider, capability and price and sorted
// (core/catalog/model_query.h); tables on a terminal, tab-separated otherwise, JSON
// with --json (cli/table.h). `sync` asks a running gw serve to refresh its
// catalog from the providers' model listings now (POST /admin/catalog/sync).
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/command_table.h"
#include "cli/server_client.h"
#include "cli/table.h"
#include "core/catalog/catalog.h"
#include "core/catalog/catalog_view.h"
#include "core/catalog/model_query.h"
#include "core/catalog/model_resolver.h"
#include "core/providers/provider_registry.h"
#include "proxy/io/paths.h"

namespace gw {
namespace {

struct ModelsOptions {
  ServerTarget target;  // sync
  bool json = false;
  bool all = false;
  bool full = false;
  std::string id;
  std::string provider;    // --provider; "" = any
  std::string capability;  // --capability; "" = any
  std::string max_price;   // --max-price, USD per 1M tokens as typed; "" = no limit
  std::string sort;        // --sort price|context|name; "" = catalog order
};

ProviderAvailable available_in(const ProviderRegistry& reg) {
  return [&reg](std::string_view slug) { return reg.available(slug); };
}

std::string joined(const std::vector<std::string>& words, const char* sep) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : sep) + w;
  return out;
}

// The price columns of `models list`: per 1M tokens for a model with a
// context window; a media model's price per image or per minute of audio in
// the first (a dash when it has none) and a dash in the second.
std::pair<std::string, std::string> list_prices(const CatalogModel& m) {
  if (m.has_context_window()) return {m.prompt_price.per_million_string(), m.completion_price.per_million_string()};
  if (m.image_price != Money{}) return {m.image_price.to_string() + "/image", "-"};
  if (m.audio_minute_price != Money{}) return {m.audio_minute_price.to_string() + "/min", "-"};
  return {"-", "-"};
}

// The aliases that resolve to `id`, in alphabetical order.
std::vector<std::string> aliases_of(const Catalog& catalog, const std::string& id) {
  std::vector<std::string> names;
  for (const auto& [alias, target] : catalog.aliases())
    if (target == id) names.push_back(alias);
  return names;
}

int run_list(const ModelsOptions& opts, AppContext& ctx) {
  auto config = load_config(ctx.globals.config_path);
  if (!config) return report_error(ctx, config.error());
  ProviderRegistry reg(config->providers, [](const char* n) { return std::getenv(n); });
  const Catalog& catalog = Catalog::builtin();
  auto query = parse_model_query(catalog, opts.provider, opts.capability, opts.max_price, opts.sort);
  if (!query) return report_error(ctx, query.error());
  auto models = select_models(catalog, *query, available_in(reg), opts.all);
  if (opts.json) {
    *ctx.out << catalog_view(models, available_in(reg), opts.full, opts.all).dump(2) << "\n";
    return 0;
  }
  Table table({"MODEL", "CONTEXT", "PROMPT$/M", "COMPLETION$/M", "CAPABILITIES", "PROVIDERS"});
  for (const CatalogModel* m : models) {
    std::vector<std::string> providers;
    for (const auto& of : m->offers)
      if (opts.all || reg.available(of.provider)) providers.push_back(of.provider);
    auto [prompt, completion] = list_prices(*m);
    table.add_row({m->id, m->has_context_window() ? std::to_string(m->context_length) : "-", prompt, completion,
                   joined(m->capabilities, ","), joined(providers, ",")});
  }
  *ctx.out << table.render(ctx.stdout_is_tty);
  if (ctx.stdout_is_tty)
    *ctx.out << "(" << models.size() << " of " << catalog.models().size() << " models"
             << (opts.all ? "" : " with a configured provider")
             << "; prices in USD per 1M tokens, media per image or minute"
             << (opts.all ? "" : "; --all lists every model") << ")\n";
  return 0;
}

int run_show(const ModelsOptions& opts, AppContext& ctx) {
  auto config = load_config(ctx.globals.config_path);
  if (!config) return report_error(ctx, config.error());
  ProviderRegistry reg(config->providers, [](const char* n) { return std::getenv(n); });
  ModelResolver resolver(Catalog::builtin(), [&reg](std::string_view s) { return reg.available(s); });
  std::string id = resolver.canonical_id(opts.id);
  if (id.empty()) {
    auto near = resolver.close_matches(opts.id);
    std::string msg = "unknown model '" + opts.id + "'";
    if (!near.empty()) msg += "; did you mean " + near.front() + "?";
    return report_error(ctx, make_error(ErrorKind::kNotFound, msg));
  }
  const CatalogModel& m = *Catalog::builtin().find(id);
  const std::vector<std::string> aliases = aliases_of(Catalog::builtin(), m.id);
  if (opts.json) {
    nlohmann::json view = model_view(m, available_in(reg));
    view["aliases"] = aliases;
    *ctx.out << view.dump(2) << "\n";
    return 0;
  }
  std::ostream& o = *ctx.out;
  o << m.id << "  (" << m.name << ")\n"
    << "  context:      "
    << (m.has_context_window() ? std::to_string(m.context_length) + " tokens" : "- (" + m.modality + ")") << "\n"
    << "  modality:     " << m.modality << "\n"
    << "  aliases:      " << (aliases.empty() ? "-" : joined(aliases, ", ")) << "\n";
  // Each price the model has, one a line: tokens (unless a media model has
  // none), per image, per minute of audio; "-" when it has none at all.
  std::vector<std::string> prices;
  if (m.prompt_price != TokenPrice{} || m.completion_price != TokenPrice{} || m.has_context_window())
    prices.push_back("$" + m.prompt_price.per_million_string() + " prompt, $" +
                     m.completion_price.per_million_string() + " completion per 1M tokens");
  if (m.image_price != Money{}) prices.push_back("$" + m.image_price.to_string() + " per image");
  if (m.audio_minute_price != Money{})
    prices.push_back("$" + m.audio_minute_price.to_string() + " per minute of audio");
  if (prices.empty()) prices.push_back("-");
  for (size_t i = 0; i < prices.size(); ++i)
    o << (i == 0 ? "  price:        " : "                ") << prices[i] << "\n";
  std::string caps;
  for (const auto& c : m.capabilities) caps += (caps.empty() ? "" : ", ") + c;
  o << "  capabilities: " << caps << "\n  providers:\n";
  for (const auto& of : m.offers) {
    const ProviderEndpoint* ep = reg.find(of.provider);
    o << "    " << std::left << std::setw(12) << of.provider << std::setw(50) << of.native_id << " "
      << (ep && ep->enabled ? "ready"
          : ep              ? ep->why_disabled
                            : "unknown provider")
      << "\n";
  }
  return 0;
}

// A sync fetches one listing per provider, each bounded by 30 s.
constexpr int kSyncTimeoutMs = 300'000;

int run_sync(const ModelsOptions& opts, AppContext& ctx) {
  if (!opts.json) {
    *ctx.out << "syncing the catalog from the providers' model listings ...\n";
    ctx.out->flush();
  }
  auto r = call_server(ctx, opts.target, "POST", "/admin/catalog/sync", "{}", kSyncTimeoutMs);
  if (!r) return report_error(ctx, r.error());
  if (opts.json) {
    *ctx.out << r->dump(2) << "\n";
    return 0;
  }
  std::ostream& o = *ctx.out;
  int failed = 0;
  const auto& fetched = (*r)["fetched"];
  const auto& providers = (*r)["catalog"]["sync"]["providers"];
  for (const auto& f : fetched) {
    std::string slug = f.value("provider", "?");
    o << "  " << std::left << std::setw(12) << slug;
    if (!f.value("ok", false)) {
      ++failed;
      o << "failed: " << f.value("error", "?") << " (its last good listing stays in use)\n";
      continue;
    }
    nlohmann::json offers =
        providers.contains(slug) ? providers[slug].value("offers", nlohmann::json::object()) : nlohmann::json::object();
    o << f.value("models", 0) << " models listed; " << offers.value("listed", 0) << " catalog offers confirmed, "
      << offers.value("unlisted", 0) << " not listed (" << f.value("duration_ms", 0) << " ms)\n";
  }
  o << "catalog synced: " << fetched.size() - failed << " of " << fetched.size() << " providers answered\n";
  return failed ? error_info(ErrorKind::kUnavailable).exit_code : 0;
}

}  // namespace

CLI::App* setup_models_command(CLI::App& parent, AppContext& ctx) {
  auto opts = std::make_shared<ModelsOptions>();
  auto* cmd = parent.add_subcommand("models", "List and inspect the model catalog");
  cmd->require_subcommand(1);
  auto* list = cmd->add_subcommand("list", "List the models this gw can serve");
  list->add_flag("--json", opts->json, "Print JSON");
  list->add_flag("--all", opts->all, "Include models with no configured provider");
  list->add_flag("--full", opts->full, "With --json: one row per model x provider, with each provider's model ID");
  list->add_option("--provider", opts->provider, "Only models this provider serves (slug, e.g. groq)")
      ->type_name("PROVIDER");
  list->add_option("--capability", opts->capability,
                   "Only models with this capability (streaming, tools, vision, json, reasoning)");
  list->add_option("--max-price", opts->max_price,
                   "Only models whose prompt and completion prices are at most USD_PER_M per 1M tokens");
  list->add_option("--sort", opts->sort,
                   "Order: price (cheapest first), context (largest first) or name (default: catalog order)")
      ->check(CLI::IsMember({"price", "context", "name"}));
  list->callback([opts, &ctx] { ctx.exit_code = run_list(*opts, ctx); });
  auto* show = cmd->add_subcommand("show", "Show one model: prices, context, providers");
  show->add_option("model", opts->id, "Model ID or alias")->required()->type_name("MODEL");
  show->add_flag("--json", opts->json, "Print JSON");
  show->callback([opts, &ctx] { ctx.exit_code = run_show(*opts, ctx); });
  auto* sync = cmd->add_subcommand("sync", "Refresh a running server's catalog from the providers' model listings now");
  sync->add_option("--url", opts->target.url, "Server to ask (default http://<server.host>:<server.port>)")
      ->type_name("URL");
  sync->add_option("--key", opts->target.key, "Admin key (default $GW_MASTER_KEY, then [server] master_key)")
      ->type_name("ADMIN_KEY");
  sync->add_flag("--json", opts->json, "Print the server's JSON answer");
  sync->callback([opts, &ctx] { ctx.exit_code = run_sync(*opts, ctx); });
  return cmd;
}

}  // namespace gw
