// gw health - how a running gw serve is doing (GET /health): status, open
// incidents by severity, one line per subsystem (database, catalog sync,
// breakers, active checks) and each provider's passive health. --json prints
// the whole /health document. Exit 0 when operational, 69 when degraded.
#include <CLI/CLI.hpp>
#include <iomanip>
#include <ostream>
#include <sstream>

#include "cli/color.h"
#include "cli/command_table.h"
#include "cli/server_client.h"
#include "cli/views.h"
#include "core/health/provider_health.h"
#include "core/terminal/ansi.h"

namespace gw {
namespace {

using nlohmann::json;

struct HealthOptions {
  ServerTarget target;
  bool json = false;
};

// "42 s", "7 min", "3 h" for an age in seconds.
std::string age(int64_t s) {
  if (s < 120) return std::to_string(s) + " s";
  if (s < 7200) return std::to_string(s / 60) + " min";
  return std::to_string(s / 3600) + " h";
}

std::string catalog_line(const json& c) {
  const json sync = c.value("sync", json::object());
  std::string line = c.value("status", "?") + ", " + std::to_string(c.value("models", 0)) + " models, " +
                     c.value("source", "built-in");
  line += sync.value("enabled", false) ? "; sync on" : "; sync off";
  if (sync.contains("age_s") && sync["age_s"].is_number())
    line += ", last listing " + age(sync["age_s"].get<int64_t>()) + " ago";
  const json providers = sync.value("providers", json::object());
  for (const auto& [provider, p] : providers.items())
    if (p.value("status", "") == "failing" || p.value("status", "") == "stale")
      line += "; " + provider + " " + p.value("status", "") +
              (p.contains("last_error") ? ": " + p["last_error"].get<std::string>() : "");
  return line;
}

std::string checks_line(const json& a) {
  if (!a.value("enabled", false)) return "off ([health] active_checks = true turns them on)";
  std::string line = "on, $" + a.value("spend_today", "0") + " of $" + a.value("daily_spend_cap", "0") +
                     " spent today, " + std::to_string(a.value("checks_today", 0)) + " checks";
  if (int64_t skipped = a.value("skipped_over_cap_today", int64_t{0}))
    line += ", " + std::to_string(skipped) + " skipped (cap)";
  const json tiers = a.value("tiers", json::object());
  line += "; tiers " + std::to_string(tiers.value("critical", 0)) + " critical, " +
          std::to_string(tiers.value("popular", 0)) + " popular, " + std::to_string(tiers.value("standard", 0)) +
          " standard";
  return line;
}

void print_providers(std::ostream& o, const json& providers, int64_t now) {
  const json traffic = providers.value("traffic", json::object());
  o << std::left << std::setw(14) << "PROVIDER" << std::setw(10) << "REQUESTS" << std::setw(10) << "FAILURES"
    << std::setw(10) << "SUCCESS" << std::setw(10) << "P50"
    << "AVG LATENCY\n";
  for (const auto& [provider, t] : traffic.items())
    o << std::setw(14) << provider << std::setw(10) << t.value("requests", int64_t{0}) << std::setw(10)
      << t.value("failures", int64_t{0}) << std::setw(10) << percent_from_bp(t.value("success_rate_bp", int64_t{10000}))
      << std::setw(10) << (std::to_string(t.value("p50_latency_ms", int64_t{0})) + " ms")
      << t.value("avg_latency_ms", int64_t{0}) << " ms\n";
  if (traffic.empty()) o << "(no provider traffic yet)\n";
  if (providers.contains("as_of") && providers["as_of"].is_number())
    o << "(provider figures as of " << age(now - providers["as_of"].get<int64_t>()) << " ago)\n";
}

int run_health(const HealthOptions& opts, AppContext& ctx) {
  auto r = call_server(ctx, opts.target, "GET", "/health");
  if (!r) return report_error(ctx, r.error());
  const json& h = *r;
  if (opts.json) *ctx.out << h.dump(2) << "\n";
  else *ctx.out << health_report(h, use_color(ColorMode::kAuto, ctx.stdout_is_tty));
  // The exit code says the same with or without --json.
  return h.value("status", "?") == "operational" ? 0 : error_info(ErrorKind::kUnavailable).exit_code;
}

}  // namespace

std::string health_report(const json& h, bool color) {
  std::ostringstream o;
  std::string status = h.value("status", "?");
  o << "status:  " << ansi::paint(status, status == "operational" ? ansi::kGreen : ansi::kRed, color) << "  (gw "
    << h.value("version", "?") << ")\n";
  const json incidents = h.value("incidents", json::array());
  if (incidents.empty()) o << "incidents: none\n";
  for (const auto& i : incidents) {
    std::string where = i.value("provider", "?");
    if (i.contains("model") && i["model"].is_string()) where += " " + i["model"].get<std::string>();
    o << "incident: [" << i.value("severity", "?") << "] " << where << ": " << i.value("summary", "") << "\n";
  }
  const json sub = h.value("subsystems", json::object());
  const json db = sub.value("database", json::object());
  const json br = sub.value("breakers", json::object());
  o << std::left << std::setw(15) << "database:" << db.value("status", "?") << " ("
    << db.value("usage_written", int64_t{0}) << " usage rows written, " << db.value("usage_failed", int64_t{0})
    << " failed)\n"
    << std::setw(15) << "catalog:" << catalog_line(sub.value("catalog", json::object())) << "\n"
    << std::setw(15) << "breakers:" << br.value("closed", 0) << " closed, " << br.value("open", 0) << " open, "
    << br.value("half_open", 0) << " half-open\n"
    << std::setw(15) << "active checks:" << checks_line(sub.value("active_checks", json::object())) << "\n";
  print_providers(o, sub.value("providers", json::object()), h.value("timestamp", int64_t{0}));
  return o.str();
}

CLI::App* setup_health_command(CLI::App& parent, AppContext& ctx) {
  auto opts = std::make_shared<HealthOptions>();
  auto* cmd = parent.add_subcommand("health", "Status, incidents and provider health of a running server");
  cmd->add_option("--url", opts->target.url, "Server to ask (default http://<server.host>:<server.port>)")
      ->type_name("URL");
  cmd->add_flag("--json", opts->json, "Print the whole /health document");
  cmd->callback([opts, &ctx] { ctx.exit_code = run_health(*opts, ctx); });
  return cmd;
}

}  // namespace gw
