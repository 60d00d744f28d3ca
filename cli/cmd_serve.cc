// gw serve - run the gateway on a local port until SIGINT/SIGTERM. The first
// signal stops accepting and lets in-flight requests finish (up to
// server.shutdown_grace_s); a second signal, or the grace running out, exits
// at once.
#include <CLI/CLI.hpp>
#include <ostream>

#include "cli/command_table.h"
#include "cli/loop_flags.h"
#include "cli/signal_watcher.h"
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
};

int run_serve(const ServeOptions& opts, AppContext& ctx) {
  auto config = load_config(ctx.globals.config_path);
  if (!config) return report_error(ctx, config.error());
  Config& c = *config;
  if (!opts.host.empty()) c.server.host = opts.host;
  if (opts.port >= 0) c.server.port = opts.port;
  if (opts.threads > 0) c.server.threads = opts.threads;
  if (opts.busy_poll_us >= 0) c.server.busy_poll_us = opts.busy_poll_us;

  block_stop_signals();     // before any thread starts
  raise_open_file_limit();  // a descriptor per connection, thousands at once

  GatewayOptions gopts;
  gopts.config = c;
  gopts.db_path = db_path(ctx.globals.db_path, c);
  gopts.deliver_webhooks = true;
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
           << "  providers: " << providers << "\n"
           << "  database:  " << db_path(ctx.globals.db_path, c) << "\n"
           << "  catalog:   "
           << (c.catalog.sync
                   ? "synced from provider listings every " + std::to_string(c.catalog.sync_interval_s) + " s"
                   : std::string("built-in (sync off)"))
           << "\n"
           << "  health:    active checks "
           << (c.health.active_checks ? "on (cap $" + c.health.daily_spend_cap.to_string() + "/day)"
                                      : std::string("off"))
           << "\n";
  ctx.out->flush();
  {
    SignalWatcher watcher(server, c.server.shutdown_grace_s, *ctx.err);
    server.run();
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
  cmd->callback([opts, &ctx] { ctx.exit_code = run_serve(*opts, ctx); });
  return cmd;
}

}  // namespace gw
