// gw health - how a running gw serve is doing: status, incidents by
// severity, and each provider's passive health (GET /health).
#include <CLI/CLI.hpp>
#include <iomanip>
#include <ostream>

#include "cli/command_table.h"
#include "cli/server_client.h"

namespace gw {
namespace {

struct HealthOptions {
  ServerTarget target;
  bool json = false;
};

int run_health(const HealthOptions& opts, AppContext& ctx) {
  auto r = call_server(ctx, opts.target, "GET", "/health");
  if (!r) return report_error(ctx, r.error());
  const auto& h = *r;
  if (opts.json) {
    *ctx.out << h.dump(2) << "\n";
    return 0;
  }
  std::ostream& o = *ctx.out;
  o << "status:  " << h.value("status", "?") << "  (gw " << h.value("version", "?") << ")\n";
  const auto& incidents = h.value("incidents", nlohmann::json::array());
  if (incidents.empty()) o << "incidents: none\n";
  for (const auto& i : incidents)
    o << "incident: [" << i.value("severity", "?") << "] " << i.value("provider", "?") << ": "
      << i.value("summary", "") << "\n";
  const auto& traffic = h["subsystems"]["providers"].value("traffic", nlohmann::json::object());
  o << std::left << std::setw(14) << "PROVIDER" << std::setw(10) << "REQUESTS" << std::setw(10) << "FAILURES"
    << std::setw(10) << "SUCCESS" << "AVG LATENCY\n";
  for (const auto& [provider, t] : traffic.items()) {
    int64_t bp = t.value("success_rate_bp", int64_t{10000});
    o << std::setw(14) << provider << std::setw(10) << t.value("requests", int64_t{0}) << std::setw(10)
      << t.value("failures", int64_t{0}) << std::setw(10)
      << (std::to_string(bp / 100) + "." + std::to_string(bp / 10 % 10) + "%")
      << t.value("avg_latency_ms", int64_t{0}) << " ms\n";
  }
  if (traffic.empty()) o << "(no provider traffic yet)\n";
  return h.value("status", "") == "ok" ? 0 : error_info(ErrorKind::kUnavailable).exit_code;
}

}  // namespace

CLI::App* setup_health_command(CLI::App& parent, AppContext& ctx) {
  auto opts = std::make_shared<HealthOptions>();
  auto* cmd = parent.add_subcommand("health", "Status, incidents and provider health of a running server");
  cmd->add_option("--url", opts->target.url, "Server to ask (default http://<server.host>:<server.port>)");
  cmd->add_flag("--json", opts->json, "Print the whole /health document");
  cmd->callback([opts, &ctx] { ctx.exit_code = run_health(*opts, ctx); });
  return cmd;
}

}  // namespace gw
