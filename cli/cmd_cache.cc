// gw cache stats|clear - the response cache of a running gw serve (it lives
// in the server's memory, so there is no database to fall back on): its
// counters since start, and removing answers by model and/or user. Talks to
// GET /admin/cache and POST /admin/cache/clear (proxy/routes/admin_cache.cc).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <ostream>

#include "cli/command_table.h"
#include "cli/server_client.h"
#include "cli/table.h"
#include "cli/views.h"

namespace gw {
namespace {

struct CacheOptions {
  ServerTarget target;
  bool json = false;
  std::string model;
  std::string user;
};

std::string number(const nlohmann::json& j, const char* name) { return std::to_string(j.value(name, int64_t{0})); }

// "651 B", "3.4 KiB", "1.5 MiB": memory, for people.
std::string memory_words(int64_t bytes) {
  if (bytes < 1024) return std::to_string(bytes) + " B";
  const bool kib = bytes < (int64_t{1} << 20);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f %s", static_cast<double>(bytes) / (kib ? 1024.0 : 1024.0 * 1024.0),
                kib ? "KiB" : "MiB");
  return buf;
}

int run_stats(const CacheOptions& o, AppContext& ctx) {
  auto r = call_server(ctx, o.target, "GET", "/admin/cache");
  if (!r) return report_error(ctx, r.error());
  if (o.json) {
    *ctx.out << r->dump(2) << "\n";
    return 0;
  }
  *ctx.out << cache_stats_report(*r, ctx.stdout_is_tty);
  return 0;
}

int run_clear(const CacheOptions& o, AppContext& ctx) {
  nlohmann::json body = nlohmann::json::object();
  if (!o.model.empty()) body["model"] = o.model;
  if (!o.user.empty()) body["user"] = o.user;
  auto r = call_server(ctx, o.target, "POST", "/admin/cache/clear", body.dump());
  if (!r) return report_error(ctx, r.error());
  if (o.json) {
    *ctx.out << r->dump(2) << "\n";
    return 0;
  }
  const int64_t removed = r->value("removed", int64_t{0});
  *ctx.out << "removed " << removed << (removed == 1 ? " answer" : " answers");
  if (!o.model.empty()) *ctx.out << " of " << r->value("model", o.model);
  if (!o.user.empty()) *ctx.out << " for " << o.user;
  *ctx.out << "\n";
  return 0;
}

}  // namespace

std::string cache_stats_report(const nlohmann::json& s, bool terminal) {
  if (!s.value("enabled", false)) return "the response cache is off ([cache] mode = \"off\")\n";
  char ratio[16];
  std::snprintf(ratio, sizeof ratio, "%.1f%%", 100.0 * s.value("hit_ratio", 0.0));
  Table table({"CACHE", "VALUE"});
  table.add_row({"mode", s.value("mode", "?")});
  table.add_row({"charge_hits", s.value("charge_hits", "?")});
  table.add_row({"entries", number(s, "entries") + " of " + number(s, "max_entries")});
  table.add_row({"memory", memory_words(s.value("bytes", int64_t{0})) + " of " + number(s, "max_mib") + " MiB"});
  table.add_row({"ttl", number(s, "ttl_s") + " s"});
  table.add_row({"hits", number(s, "hits")});
  table.add_row({"misses", number(s, "misses")});
  table.add_row({"hit_ratio", ratio});
  for (const char* counter : {"stores", "evictions", "expirations", "failures"})
    table.add_row({counter, number(s, counter)});
  if (std::string why = s.value("last_failure", std::string()); !why.empty()) table.add_row({"last_failure", why});
  if (int64_t questions = s.value("semantic_entries", int64_t{0}); questions > 0)
    table.add_row({"semantic_entries", std::to_string(questions)});
  table.add_row({"saved", "$" + s.value("saved_usd", std::string("0.00"))});
  return table.render(terminal);
}

CLI::App* setup_cache_command(CLI::App& parent, AppContext& ctx) {
  auto o = std::make_shared<CacheOptions>();
  auto* cmd = parent.add_subcommand("cache", "Counters of a running server's response cache, and clearing it");
  cmd->require_subcommand(1);
  auto* stats = cmd->add_subcommand(
      "stats", "Entries, memory, hits, misses, hit ratio, stores, evictions, expirations and the cost hits saved");
  add_server_options(stats, o->target, o->json);
  stats->callback([o, &ctx] { ctx.exit_code = run_stats(*o, ctx); });
  auto* clear = cmd->add_subcommand("clear", "Remove cached answers: all, or those of a model and/or a user");
  clear->add_option("--model", o->model, "Only answers of this model (ID or alias)")->type_name("MODEL");
  clear->add_option("--user", o->user, "Only answers of this user (name or id; a key id, owner, anonymous)")
      ->type_name("USER");
  add_server_options(clear, o->target, o->json);
  clear->callback([o, &ctx] { ctx.exit_code = run_clear(*o, ctx); });
  return cmd;
}

}  // namespace gw
