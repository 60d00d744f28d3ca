// gw serve - run the gateway on a local port until SIGINT/SIGTERM. The first
// signal stops accepting and lets in-flight requests finish (up to
// server.shutdown_grace_s); a second signal, or the grace running out, exits
// at once.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <ostream>

#include "cli/command_table.h"
#include "cli/loop_flags.h"
#include "cli/signal_watcher.h"
#include "core/http/http_url.h"
#include "proxy/gateway.h"
#include "proxy/io/paths.h"
#include "proxy/io/process_limits.h"

namespace gw {
namespace {

constexpr int kLoopThreadNice = 0;

struct ServeOptions {
  std::string host;
  int port = -1;
  int threads = -1;
  int busy_poll_us = -1;
  std::string record_dir;  // --record DIR
  std::string replay_dir;  // --replay DIR
  bool record_missing = false;
  double replay_speed = 0;
  std::vector<std::string> ignored;  // --match-ignore: added to [cassette] match_ignore
};

// The cassette mode the flags ask for; the members matching leaves out are
// [cassette] match_ignore's (default user, metadata) and the flags' besides.
Result<CassetteOptions> cassette_options(const ServeOptions& opts, const CassetteSettings& settings) {
  CassetteOptions c;
  c.ignored = settings.match_ignore;
  for (const std::string& name : opts.ignored) {
    if (Status st = check_ignored_member(name); !st)
      return make_error(ErrorKind::kUsage, "--match-ignore: " + st.error().message);
    if (std::find(c.ignored.begin(), c.ignored.end(), name) == c.ignored.end()) c.ignored.push_back(name);
  }
  c.replay_speed = opts.replay_speed;
  if (opts.record_missing && opts.replay_dir.empty())
    return make_error(ErrorKind::kUsage, "--record-missing needs --replay DIR");
  if (!opts.record_dir.empty() && !opts.replay_dir.empty())
    return make_error(ErrorKind::kUsage,
                      "--record and --replay cannot go together (--replay DIR --record-missing does both)");
  if (!opts.record_dir.empty()) {
    c.mode = CassetteMode::kRecord;
    c.dir = opts.record_dir;
  } else if (!opts.replay_dir.empty()) {
    c.mode = opts.record_missing ? CassetteMode::kReplayAndRecord : CassetteMode::kReplay;
    c.dir = opts.replay_dir;
  }
  return c;
}

std::string cassette_banner(const CassetteOptions& c) {
  switch (c.mode) {
    case CassetteMode::kRecord:
      return "recording every provider exchange into " + c.dir;
    case CassetteMode::kReplay:
      return "replaying from " + c.dir + " (no provider is called; a miss is a 404)";
    case CassetteMode::kReplayAndRecord:
      return "replaying from " + c.dir + ", recording what is missing";
    case CassetteMode::kOff:
      break;
  }
  return "off";
}

int run_serve(const ServeOptions& opts, AppContext& ctx) {
  auto config = load_config(ctx.globals.config_path);
  if (!config) return report_error(ctx, config.error());
  Config& c = *config;
  if (!opts.host.empty()) c.server.host = opts.host;
  if (opts.port >= 0) c.server.port = opts.port;
  if (opts.threads > 0) c.server.threads = opts.threads;
  if (opts.busy_poll_us >= 0) c.server.busy_poll_us = opts.busy_poll_us;

  auto cassettes = cassette_options(opts, c.cassette);
  if (!cassettes) return report_error(ctx, cassettes.error());

  block_stop_signals();     // before any thread starts
  raise_open_file_limit();  // a descriptor per connection, thousands at once

  GatewayOptions gopts;
  gopts.config = c;
  gopts.db_path = db_path(ctx.globals.db_path, c);
  gopts.deliver_webhooks = true;
  gopts.cassettes = *cassettes;
  auto gateway = Gateway::create(std::move(gopts));
  if (!gateway) return report_error(ctx, gateway.error());
  Gateway& g = **gateway;

  ServerOptions sopts;
  sopts.host = c.server.host;
  sopts.port = c.server.port;
  sopts.threads = c.server.threads;
  sopts.busy_poll_us = c.server.busy_poll_us;
  sopts.max_body_bytes = c.server.max_body_bytes;
  sopts.max_connections = c.server.max_connections;
  sopts.max_buffered_body_bytes = c.server.max_buffered_body_bytes;
  sopts.head_timeout_ms = c.server.head_timeout_s * 1000;
  sopts.body_timeout_ms = c.server.body_timeout_s * 1000;
  // Loop threads run at the usage writer's priority: there are only as many
  // as CPU cores, so the writer gets its share. (Under thread-per-connection,
  // 64 request threads starved it unless they ran at nice +5.)
  sopts.worker_nice = kLoopThreadNice;
  HttpServer server(sopts, [&g](const InboundRequest& in) { return g.handle(in); });
  auto port = server.bind();
  if (!port) return report_error(ctx, port.error());
  // Requests now come from the network: Host, Origin and Content-Type are checked.
  g.guard_network(c.server.host, *port);

  std::string providers;
  for (const auto& [slug, ep] : g.services().providers->endpoints())
    if (ep.enabled) providers += (providers.empty() ? "" : ", ") + slug;
  // Background work: catalog sync (if on) and the health monitor.
  g.start_background();
  *ctx.out << "gw serve listening on http://" << c.server.host << ":" << *port << "\n"
           << "  dashboard: http://" << c.server.host << ":" << *port << "/ui"
           << "\n"
           << "  providers: " << providers << "\n"
           << "  database:  " << url_without_password(db_path(ctx.globals.db_path, c)) << "\n"
           << "  catalog:   "
           << (c.catalog.sync
                   ? "synced from provider listings every " + std::to_string(c.catalog.sync_interval_s) + " s"
                   : std::string("built-in (sync off)"))
           << "\n"
           << "  health:    active checks "
           << (c.health.active_checks ? "on (cap $" + c.health.daily_spend_cap.to_string() + "/day)"
                                      : std::string("off"))
           << "\n";
  if (cassettes->mode != CassetteMode::kOff) *ctx.out << "  cassettes: " << cassette_banner(*cassettes) << "\n";
  ctx.out->flush();
  {
    server.start();
    SignalWatcher watcher(server, c.server.shutdown_grace_s, *ctx.err, [&g] { g.stop_streams(); });
    watcher.wait_for_stop();  // the main thread waits for signals; the loops serve
    server.wait();
  }
  g.flush();
  *ctx.err << "gw: stopped\n";
  return 0;
}

}  // namespace

CLI::App* setup_serve_command(CLI::App& parent, AppContext& ctx) {
  auto opts = std::make_shared<ServeOptions>();
  auto* cmd = parent.add_subcommand("serve", "Run the local gateway (OpenAI- and Anthropic-compatible HTTP API)");
  cmd->add_option("--host", opts->host, "Address to bind (default 127.0.0.1; config server.host)");
  cmd->add_option("--port", opts->port, "Port to listen on (default 8080; 0 picks a free port)")
      ->check(CLI::Range(0, 65535));
  add_loop_flags(cmd, opts->threads, opts->busy_poll_us, ServerSettings{}.busy_poll_us);
  cmd->add_option("--record", opts->record_dir,
                  "Forward as usual and write every provider exchange to DIR (one JSON file each)")
      ->type_name("DIR");
  cmd->add_option("--replay", opts->replay_dir,
                  "Answer from the cassettes in DIR and never call a provider; a request with no recording gets a "
                  "404 cassette_miss naming the nearest recording")
      ->type_name("DIR");
  cmd->add_flag("--record-missing", opts->record_missing, "With --replay: record what has no recording yet");
  cmd->add_option("--replay-speed", opts->replay_speed,
                  "Stream pacing in replay: 0 = frames at once (default), 1 = as recorded, 2 = twice as fast")
      ->check(CLI::NonNegativeNumber)
      ->type_name("X");
  cmd->add_option("--match-ignore", opts->ignored,
                  "Request body member left out of replay matching, repeatable; dots reach inside; added to "
                  "[cassette] match_ignore (default: user, metadata)")
      ->type_name("FIELD");
  cmd->callback([opts, &ctx] { ctx.exit_code = run_serve(*opts, ctx); });
  return cmd;
}

}  // namespace gw
