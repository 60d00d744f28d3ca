// gw __complete KIND - the candidates shells complete an argument with, one
// per line (cli/value_kinds.h): models this gw can serve (IDs and aliases),
// saved conversations, providers, users and keys. Users and keys come from
// the running server when one answers, else from the database; models from
// the server's /v1/models, else the catalog and the configured providers.
// Hidden; never prints an error (a shell would show it mid-line).
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <ostream>
#include <set>

#include "cli/admin_client.h"
#include "cli/chat_template.h"
#include "cli/command_table.h"
#include "cli/value_kinds.h"
#include "core/base/clock.h"
#include "core/catalog/catalog.h"
#include "core/catalog/model_query.h"
#include "core/providers/provider_registry.h"
#include "core/providers/provider_table.h"
#include "proxy/io/chat_session_store.h"
#include "proxy/io/paths.h"

namespace gw {
namespace {

constexpr int kSessionsOffered = 200;

std::set<std::string> model_names(AppContext& ctx, const Config& config) {
  std::set<std::string> ids;
  if (auto served = call_server(ctx, {}, "GET", "/v1/models", "", 2000)) {
    for (const auto& m : served->value("data", nlohmann::json::array())) ids.insert(m.value("id", ""));
  } else {
    ProviderRegistry registry(config.providers, [](const char* n) { return std::getenv(n); });
    auto query = parse_model_query(Catalog::builtin(), "", "", "", "");
    if (query)
      for (const CatalogModel* m : select_models(
               Catalog::builtin(), *query, [&](std::string_view s) { return registry.available(s); }, false))
        ids.insert(m->id);
  }
  std::set<std::string> names = ids;
  for (const auto& [alias, target] : Catalog::builtin().aliases())
    if (ids.contains(target)) names.insert(alias);
  names.erase("");
  return names;
}

std::set<std::string> names_from(AppContext& ctx, const std::string& path, const char* field) {
  std::set<std::string> names;
  if (auto r = admin_call(ctx, AdminTarget{}, "GET", path))
    for (const auto& row : r->value("data", nlohmann::json::array())) names.insert(row.value(field, ""));
  names.erase("");
  return names;
}

std::set<std::string> candidates(AppContext& ctx, std::string_view kind) {
  auto config = load_config(ctx.globals.config_path);
  if (!config) return {};
  if (kind == "models") return model_names(ctx, *config);
  if (kind == "providers") {
    std::set<std::string> slugs;
    for (const ProviderInfo& p : provider_table()) slugs.insert(p.slug);
    return slugs;
  }
  if (kind == "templates") {
    auto names = template_names(ctx);
    return {names.begin(), names.end()};
  }
  if (kind == "users") return names_from(ctx, "/admin/users", "name");
  if (kind == "keys") return names_from(ctx, "/admin/keys", "id");
  if (kind == "sessions") {
    std::set<std::string> names;
    auto db = Database::open(db_path(ctx.globals.db_path, *config));
    if (!db) return names;
    ChatSessionStore store(**db, system_clock());
    if (auto list = store.list(kSessionsOffered))
      for (const SessionSummary& s : *list) names.insert(s.name);
    return names;
  }
  return {};
}

}  // namespace

std::vector<std::string> completion_candidates(AppContext& ctx, std::string_view kind) {
  std::set<std::string> found = candidates(ctx, kind);
  return {found.begin(), found.end()};
}

const std::vector<ValueKind>& value_kinds() {
  static const std::vector<ValueKind> kKinds = {
      {"MODEL", "models"}, {"SESSION", "sessions"}, {"PROVIDER", "providers"},
      {"USER", "users"},   {"KEY_ID", "keys"},      {"TEMPLATE", "templates"},
      {"FILE", ""},
  };
  return kKinds;
}

const ValueKind* find_value_kind(std::string_view type_name) {
  for (const ValueKind& k : value_kinds())
    if (k.placeholder == type_name) return &k;
  return nullptr;
}

CLI::App* setup_complete_command(CLI::App& parent, AppContext& ctx) {
  auto kind = std::make_shared<std::string>();
  auto* cmd = parent.add_subcommand("__complete", "List completion candidates of a kind (for shell completion)");
  cmd->group("");  // hidden: the completion scripts call it
  cmd->add_option("kind", *kind, "models, sessions, providers, users or keys")->required();
  cmd->callback([kind, &ctx] {
    for (const std::string& c : completion_candidates(ctx, *kind)) *ctx.out << c << "\n";
    ctx.exit_code = 0;
  });
  return cmd;
}

}  // namespace gw
