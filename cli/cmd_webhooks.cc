// gw webhooks add|list|test|deliveries|delete - webhook endpoints. Each
// command calls the running server's admin API (/admin/webhooks...); when no
// server answers (and no --url was given) it runs the same admin function
// (proxy/webhooks/webhook_admin.h) straight on the database, so endpoints can
// be set up before the first `gw serve` (pings queued then are sent once a
// server runs). Single-threaded.
#include <CLI/CLI.hpp>
#include <ostream>

#include "cli/admin_client.h"
#include "cli/command_table.h"
#include "cli/server_client.h"
#include "cli/table.h"
#include "core/base/clock.h"
#include "core/base/events.h"
#include "proxy/io/database.h"
#include "proxy/io/paths.h"
#include "proxy/webhooks/webhook_admin.h"
#include "proxy/webhooks/webhook_store.h"

namespace gw {
namespace {

using nlohmann::json;

struct WebhooksOptions {
  ServerTarget target;
  bool json = false;
  std::string url;
  std::vector<std::string> events;
  std::string secret;
  std::string id;
  int limit = 20;
};

struct Answer {
  json body;
  bool offline = false;  // answered from the database: no server runs
};

// The admin function on the database at --db / the config's path.
Result<json> call_database(AppContext& ctx, const std::string& method, const std::string& target,
                           const std::string& body) {
  auto config = load_config(ctx.globals.config_path);
  if (!config) return config.error();
  auto db = Database::open(db_path(ctx.globals.db_path, *config));
  if (!db) return db.error();
  WebhookStore store(std::move(db).value());
  size_t q = target.find('?');
  std::string path = target.substr(0, q), query = q == std::string::npos ? "" : target.substr(q + 1);
  AdminAnswer a = webhook_admin_call(store, system_clock(), method, path, query, body);
  if (a.status >= 200 && a.status < 300) return a.body;
  std::string message = a.body.contains("error") ? a.body["error"].value("message", "") : "";
  return make_error(kind_for_gw_status(a.status), message.empty() ? "HTTP " + std::to_string(a.status) : message);
}

Result<Answer> call(AppContext& ctx, const WebhooksOptions& o, const std::string& method, const std::string& target,
                    const std::string& body = "") {
  bool offline = false;
  auto r = server_or_database(
      ctx, o.target, method, target, body, [&] { return call_database(ctx, method, target, body); }, &offline);
  if (!r) return r.error();
  return Answer{std::move(r).value(), offline};
}

std::string joined(const json& names) {
  std::string s;
  for (const json& n : names) s += (s.empty() ? "" : ",") + n.get<std::string>();
  return s;
}

int run_add(const WebhooksOptions& o, AppContext& ctx) {
  json body = {{"url", o.url}, {"events", o.events}};
  if (!o.secret.empty()) body["secret"] = o.secret;
  auto r = call(ctx, o, "POST", "/admin/webhooks", body.dump());
  if (!r) return report_error(ctx, r.error());
  const json& w = r->body;
  if (o.json) {
    *ctx.out << w.dump(2) << "\n";
    return 0;
  }
  *ctx.out << w["id"].get<std::string>() << ": " << w["url"].get<std::string>() << " receives " << joined(w["events"])
           << "\n"
           << "signing secret: " << w["secret"].get<std::string>() << "\n"
           << "  (shown only now; receivers check X-Gw-Signature with it)\n";
  return 0;
}

int run_list(const WebhooksOptions& o, AppContext& ctx) {
  auto r = call(ctx, o, "GET", "/admin/webhooks");
  if (!r) return report_error(ctx, r.error());
  const json& data = r->body["data"];
  if (o.json) {
    *ctx.out << data.dump(2) << "\n";
    return 0;
  }
  if (data.empty()) {
    *ctx.out << "no webhooks (add one with 'gw webhooks add URL')\n";
    return 0;
  }
  Table table({"ID", "EVENTS", "URL"});
  for (const json& w : data)
    table.add_row({w["id"].get<std::string>(), joined(w["events"]),
                   w["url"].get<std::string>() + (w["disabled"].get<bool>() ? " (disabled)" : "")});
  *ctx.out << table.render(ctx.stdout_is_tty);
  return 0;
}

int run_test(const WebhooksOptions& o, AppContext& ctx) {
  auto r = call(ctx, o, "POST", "/admin/webhooks/" + o.id + "/test");
  if (!r) return report_error(ctx, r.error());
  if (o.json) {
    *ctx.out << r->body.dump(2) << "\n";
    return 0;
  }
  *ctx.out << "queued webhook.test for " << o.id << " (delivery " << r->body["delivery_id"].get<int64_t>() << ", event "
           << r->body["event_id"].get<std::string>() << ")"
           << (r->offline ? "; no server runs, so it is sent when gw serve starts" : "") << "\n"
           << "see 'gw webhooks deliveries " << o.id << "' for the result\n";
  return 0;
}

int run_deliveries(const WebhooksOptions& o, AppContext& ctx) {
  auto r = call(ctx, o, "GET", "/admin/webhooks/" + o.id + "/deliveries?limit=" + std::to_string(o.limit));
  if (!r) return report_error(ctx, r.error());
  const json& data = r->body["data"];
  if (o.json) {
    *ctx.out << data.dump(2) << "\n";
    return 0;
  }
  Table table({"ID", "TYPE", "STATE", "TRIES", "HTTP", "CREATED", "NEXT TRY / LAST ERROR"});
  for (const json& d : data) {
    std::string state = d["state"].get<std::string>();
    std::string tail = d["last_error"].get<std::string>();
    if (state == "pending" && d["next_attempt"].is_string())
      tail = d["next_attempt"].get<std::string>() + (tail.empty() ? "" : " " + tail);
    table.add_row({std::to_string(d["id"].get<int64_t>()), d["type"].get<std::string>(), state,
                   std::to_string(d["attempts"].get<int>()), std::to_string(d["last_status"].get<int>()),
                   d["created"].get<std::string>(), tail});
  }
  *ctx.out << table.render(ctx.stdout_is_tty);
  return 0;
}

int run_delete(const WebhooksOptions& o, AppContext& ctx) {
  auto r = call(ctx, o, "DELETE", "/admin/webhooks/" + o.id);
  if (!r) return report_error(ctx, r.error());
  if (o.json) *ctx.out << r->body.dump(2) << "\n";
  else *ctx.out << o.id << ": deleted, with its delivery history\n";
  return 0;
}

std::string event_option_help() {
  std::string names;
  for (const EventType& t : event_types()) names += (names.empty() ? "" : ", ") + std::string(t.name);
  return "Event to deliver, repeatable (default: all, '*'): " + names;
}

using RunFn = int (*)(const WebhooksOptions&, AppContext&);

// The subcommands; each also gets --url, --key and --json.
struct Subcommand {
  const char* name;
  const char* about;
  bool takes_id;  // a positional webhook id
  RunFn run;
};
constexpr Subcommand kSubcommands[] = {
    {"add", "Send events to an http(s) URL, signed with HMAC-SHA256", false, run_add},
    {"list", "Every webhook: id, events, URL (never secrets)", false, run_list},
    {"test", "Queue a webhook.test ping to one webhook", true, run_test},
    {"deliveries", "Delivery history of one webhook, newest first", true, run_deliveries},
    {"delete", "Delete a webhook and its delivery history", true, run_delete},
};

}  // namespace

CLI::App* setup_webhooks_command(CLI::App& parent, AppContext& ctx) {
  auto o = std::make_shared<WebhooksOptions>();
  auto* cmd = parent.add_subcommand("webhooks", "Add, list and test webhook endpoints and see their deliveries");
  cmd->require_subcommand(1);
  for (const Subcommand& spec : kSubcommands) {
    auto* sub = cmd->add_subcommand(spec.name, spec.about);
    if (spec.takes_id) sub->add_option("id", o->id, "Webhook id (whk_...)")->required();
    if (spec.run == run_add) {
      sub->add_option("endpoint", o->url, "Receiver URL (http:// or https://)")->required();
      sub->add_option("--event", o->events, event_option_help());
      sub->add_option("--secret", o->secret, "Signing secret, 16-256 characters (default: generated whsec_...)");
    }
    if (spec.run == run_deliveries)
      sub->add_option("--limit", o->limit, "Deliveries to show (default 20)")->check(CLI::Range(1, 1000));
    sub->add_option("--url", o->target.url,
                    "Server to ask (default http://<server.host>:<server.port>; "
                    "without --url and no server, the database is used)")
        ->type_name("URL");
    sub->add_option("--key", o->target.key, "Admin key (default $GW_MASTER_KEY, then [server] master_key)")
        ->type_name("ADMIN_KEY");
    sub->add_flag("--json", o->json, "Print JSON");
    sub->callback([o, &ctx, run = spec.run] { ctx.exit_code = run(*o, ctx); });
  }
  return cmd;
}

}  // namespace gw
