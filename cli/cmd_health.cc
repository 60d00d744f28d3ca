// gw health - how a running gw serve is doing: status, incidents by
// severity, and each provider's passive health (GET /health).
#include <CLI/CLI.hpp>
#include <ostream>

#include "cli/command_table.h"
#include "cli/server_client.h"
#include "cli/table.h"
#include "cli/views.h"

namespace gw {
namespace {

struct HealthOptions {
  ServerTarget target;
  bool json = false;
};

int run_health(const HealthOptions& opts, AppContext& ctx) {
  auto r = call_server(ctx, opts.target, "GET", "/health");
  if (!r) return report_error(ctx, r.error());
  if (opts.json) {
    *ctx.out << r->dump(2) << "\n";
  } else {
    *ctx.out << health_report(*r, ctx.stdout_is_tty);
  }
  return r->value("status", "") == "ok" ? 0 : error_info(ErrorKind::kUnavailable).exit_code;
}

}  // namespace

std::string health_report(const nlohmann::json& h, bool terminal) {
  std::string out = "status:  " + h.value("status", "?") + "  (gw " + h.value("version", "?") + ")\n";
  const auto& incidents = h.value("incidents", nlohmann::json::array());
  if (incidents.empty()) out += "incidents: none\n";
  for (const auto& i : incidents)
    out += "incident: [" + i.value("severity", "?") + "] " + i.value("provider", "?") + ": " + i.value("summary", "") +
           "\n";
  nlohmann::json traffic = nlohmann::json::object();
  if (h.contains("subsystems") && h["subsystems"].contains("providers"))
    traffic = h["subsystems"]["providers"].value("traffic", nlohmann::json::object());
  Table table({"PROVIDER", "REQUESTS", "FAILURES", "SUCCESS", "AVG LATENCY"});
  for (const auto& [provider, t] : traffic.items()) {
    int64_t bp = t.value("success_rate_bp", int64_t{10000});
    table.add_row({provider, std::to_string(t.value("requests", int64_t{0})),
                   std::to_string(t.value("failures", int64_t{0})),
                   std::to_string(bp / 100) + "." + std::to_string(bp / 10 % 10) + "%",
                   std::to_string(t.value("avg_latency_ms", int64_t{0})) + " ms"});
  }
  out += table.render(terminal);
  if (traffic.empty() && terminal) out += "(no provider traffic yet)\n";
  return out;
}

CLI::App* setup_health_command(CLI::App& parent, AppContext& ctx) {
  auto opts = std::make_shared<HealthOptions>();
  auto* cmd = parent.add_subcommand("health", "Status, incidents and provider health of a running server");
  cmd->add_option("--url", opts->target.url, "Server to ask (default http://<server.host>:<server.port>)");
  cmd->add_flag("--json", opts->json, "Print the whole /health document");
  cmd->callback([opts, &ctx] { ctx.exit_code = run_health(*opts, ctx); });
  return cmd;
}

}  // namespace gw
