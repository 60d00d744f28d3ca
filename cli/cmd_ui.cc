// gw ui - open the dashboard of a running gw serve (docs/dashboard.md):
// checks that the server answers, prints the dashboard's URL, says whether
// it asks for a login (a master key is set) or not (loopback, no master
// key), and, when a display is available (DISPLAY or WAYLAND_DISPLAY) and
// --no-open is not given, asks xdg-open to show it in a browser. Without a
// display it only prints the URL.
#include <spawn.h>
#include <sys/wait.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <ostream>

#include "cli/command_table.h"
#include "cli/server_client.h"

extern char** environ;

namespace gw {
namespace {

struct UiOptions {
  ServerTarget target;
  bool no_open = false;
};

bool has_display() {
  for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY"})
    if (const char* v = std::getenv(name); v && *v) return true;
  return false;
}

// Starts `xdg-open url`; true when it ran and exited 0.
bool open_in_browser(const std::string& url) {
  pid_t pid = 0;
  const char* argv[] = {"xdg-open", url.c_str(), nullptr};
  if (posix_spawnp(&pid, "xdg-open", nullptr, nullptr, const_cast<char* const*>(argv), environ) != 0) return false;
  int status = 0;
  return waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

int run_ui(const UiOptions& o, AppContext& ctx) {
  auto base = server_url(ctx, o.target);
  if (!base) return report_error(ctx, base.error());
  auto health = call_server(ctx, o.target, "GET", "/health");
  if (!health) return report_error(ctx, health.error());
  auto session = call_server(ctx, o.target, "GET", "/ui/api/session");
  const std::string url = *base + "/ui";
  *ctx.out << url << "\n";
  if (session && !session->value("login_required", false))
    *ctx.err << "no login needed from this machine (no master key is set)\n";
  else *ctx.err << "log in with the master key or an admin-role key\n";
  if (!o.no_open && has_display() && !open_in_browser(url))
    *ctx.err << "could not start a browser (xdg-open); open the URL above\n";
  return 0;
}

}  // namespace

CLI::App* setup_ui_command(CLI::App& parent, AppContext& ctx) {
  auto opts = std::make_shared<UiOptions>();
  auto* cmd = parent.add_subcommand("ui", "Open the web dashboard of a running server");
  cmd->add_option("--url", opts->target.url, "Server to open (default http://<server.host>:<server.port>)")
      ->type_name("URL");
  cmd->add_flag("--no-open", opts->no_open, "Only print the URL; do not start a browser");
  cmd->callback([opts, &ctx] { ctx.exit_code = run_ui(*opts, ctx); });
  return cmd;
}

}  // namespace gw
