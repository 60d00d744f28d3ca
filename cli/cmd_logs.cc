// gw logs [list] | show NAME | requests - the saved conversations outside
// the REPL (one-shots and REPL sessions alike, cli/cmd_chat.cc saves both),
// like `llm logs`: a list, newest first, searchable with -q; one
// conversation whole with `show`; and the usage log's latest requests
// (`requests`, -q matching the model); --json for scripts. Reads the
// database only.
#include <CLI/CLI.hpp>
#include <ostream>

#include "cli/command_table.h"
#include "cli/table.h"
#include "core/base/calendar.h"
#include "core/base/clock.h"
#include "core/base/money.h"
#include "proxy/io/chat_session_store.h"
#include "proxy/io/paths.h"

namespace gw {
namespace {

struct LogsOptions {
  std::string name;   // show
  std::string query;  // -q
  int limit = 20;
  bool json = false;
};

// Runs `use` with the configured database.
int with_database(AppContext& ctx, const std::function<int(Database&)>& use) {
  auto config = load_config(ctx.globals.config_path);
  if (!config) return report_error(ctx, config.error());
  auto db = Database::open(db_path(ctx.globals.db_path, *config));
  if (!db) return report_error(ctx, db.error());
  return use(**db);
}

// Runs `use` with the session store of the configured database.
int with_store(AppContext& ctx, const std::function<int(ChatSessionStore&)>& use) {
  return with_database(ctx, [&](Database& db) {
    ChatSessionStore store(db, system_clock());
    return use(store);
  });
}

int run_list(const LogsOptions& o, AppContext& ctx, ChatSessionStore& store) {
  auto sessions = store.list(o.limit, o.query);
  if (!sessions) return report_error(ctx, sessions.error());
  if (o.json) {
    nlohmann::json rows = nlohmann::json::array();
    for (const SessionSummary& s : *sessions)
      rows.push_back(
          {{"name", s.name}, {"model", s.model}, {"messages", s.messages}, {"updated", utc_timestamp(s.updated_ms)}});
    *ctx.out << rows.dump(2) << "\n";
    return 0;
  }
  if (sessions->empty()) {
    *ctx.out << (o.query.empty() ? "no saved conversations yet\n" : "no conversation mentions '" + o.query + "'\n");
    return 0;
  }
  Table table({"NAME", "MODEL", "MESSAGES", "UPDATED"});
  for (const SessionSummary& s : *sessions)
    table.add_row({s.name, s.model, std::to_string(s.messages), utc_timestamp(s.updated_ms)});
  *ctx.out << table.render(ctx.stdout_is_tty);
  return 0;
}

int run_show(const LogsOptions& o, AppContext& ctx, ChatSessionStore& store) {
  auto loaded = store.load(o.name);
  if (!loaded) return report_error(ctx, loaded.error());
  if (!*loaded)
    return report_error(ctx, make_error(ErrorKind::kNotFound, "no conversation named '" + o.name + "' (see: gw logs)"));
  const Conversation& c = **loaded;
  if (o.json) {
    nlohmann::json messages = nlohmann::json::array();
    for (const ChatMessage& m : c.messages)
      messages.push_back({{"role", m.role}, {"content", m.content}, {"partial", m.partial}});
    *ctx.out << nlohmann::json{{"name", c.name}, {"model", c.model}, {"system", c.system}, {"messages", messages}}.dump(
                    2)
             << "\n";
    return 0;
  }
  *ctx.out << "# " << c.name << " (" << c.model << ")\n";
  if (!c.system.empty()) *ctx.out << "\nsystem: " << c.system << "\n";
  for (const ChatMessage& m : c.messages)
    *ctx.out << "\n" << m.role << (m.partial ? " (interrupted)" : "") << ":\n" << m.content << "\n";
  return 0;
}

std::string text_of(const SqlValue& v) {
  return std::holds_alternative<std::string>(v) ? std::get<std::string>(v) : "";
}

// The usage log's latest requests, with user names (as every list shows them).
int run_requests(const LogsOptions& o, AppContext& ctx, Database& db) {
  auto rows = db.query(
      "SELECT u.created_ms, u.model, u.provider, coalesce((SELECT name FROM users WHERE users.id = u.user_id), "
      "u.user_id, ''), u.status, u.prompt_tokens, u.completion_tokens, u.cost_units, u.latency_ms, u.request_id "
      "FROM usage_log u WHERE ?2 = '' OR instr(lower(u.model), lower(?2)) > 0 ORDER BY u.created_ms DESC, u.id DESC "
      "LIMIT ?1",
      {int64_t{o.limit}, o.query});
  if (!rows) return report_error(ctx, rows.error());
  nlohmann::json data = nlohmann::json::array();
  Table table({"TIME", "MODEL", "PROVIDER", "USER", "STATUS", "TOKENS", "COST", "LATENCY"});
  for (const SqlRow& r : *rows) {
    const std::string time = utc_timestamp(sql_integer(r[0])), cost = Money::from_units(sql_integer(r[7])).to_string();
    data.push_back({{"time", time},
                    {"model", text_of(r[1])},
                    {"provider", text_of(r[2])},
                    {"user", text_of(r[3])},
                    {"status", sql_integer(r[4])},
                    {"prompt_tokens", sql_integer(r[5])},
                    {"completion_tokens", sql_integer(r[6])},
                    {"cost_usd", cost},
                    {"latency_ms", sql_integer(r[8])},
                    {"request_id", text_of(r[9])}});
    table.add_row({time, text_of(r[1]), text_of(r[2]), text_of(r[3]).empty() ? "-" : text_of(r[3]),
                   std::to_string(sql_integer(r[4])),
                   std::to_string(sql_integer(r[5])) + "\u2192" + std::to_string(sql_integer(r[6])), "$" + cost,
                   std::to_string(sql_integer(r[8])) + " ms"});
  }
  if (o.json) *ctx.out << data.dump(2) << "\n";
  else if (data.empty()) *ctx.out << "no requests logged yet\n";
  else *ctx.out << table.render(ctx.stdout_is_tty);
  return 0;
}

}  // namespace

CLI::App* setup_logs_command(CLI::App& parent, AppContext& ctx) {
  auto o = std::make_shared<LogsOptions>();
  auto* cmd = parent.add_subcommand(
      "logs", "Saved conversations (list, search, show) and the latest requests of the usage log");
  auto add_list_options = [&o](CLI::App* app) {
    app->add_option("-q,--query", o->query, "Only conversations with a message containing TEXT")->type_name("TEXT");
    app->add_option("-n,--limit", o->limit, "How many (default 20)")->check(CLI::Range(1, 10000))->type_name("N");
    app->add_flag("--json", o->json, "Print JSON");
  };
  add_list_options(cmd);  // `gw logs` alone lists
  auto* list = cmd->add_subcommand("list", "Saved conversations, newest first");
  add_list_options(list);
  auto* show = cmd->add_subcommand("show", "One conversation, every message");
  show->add_option("name", o->name, "Conversation name (chat-N or a --session / /save name)")
      ->required()
      ->type_name("SESSION");
  show->add_flag("--json", o->json, "Print JSON");
  auto list_run = [o, &ctx] {
    ctx.exit_code = with_store(ctx, [&](ChatSessionStore& s) { return run_list(*o, ctx, s); });
  };
  list->callback(list_run);
  show->callback(
      [o, &ctx] { ctx.exit_code = with_store(ctx, [&](ChatSessionStore& s) { return run_show(*o, ctx, s); }); });
  auto* requests = cmd->add_subcommand("requests", "The usage log's latest requests: model, user, tokens, cost");
  requests->add_option("-q,--query", o->query, "Only requests whose model contains TEXT")->type_name("TEXT");
  requests->add_option("-n,--limit", o->limit, "How many (default 20)")->check(CLI::Range(1, 10000))->type_name("N");
  requests->add_flag("--json", o->json, "Print JSON");
  requests->callback(
      [o, &ctx] { ctx.exit_code = with_database(ctx, [&](Database& db) { return run_requests(*o, ctx, db); }); });
  cmd->callback([cmd, list_run] {
    if (cmd->get_subcommands().empty()) list_run();
  });
  return cmd;
}

}  // namespace gw
