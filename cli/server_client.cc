#include "cli/server_client.h"

#include <CLI/CLI.hpp>
#include <cstdlib>

#include "core/json/json_parse.h"
#include "proxy/io/curl_http_client.h"
#include "proxy/io/paths.h"

namespace gw {

Result<std::string> server_url(AppContext& ctx, const ServerTarget& target) {
  std::string url = target.url;
  if (url.empty()) {
    auto config = load_config(ctx.globals.config_path);
    if (!config) return config.error();
    std::string host = config->server.host == "0.0.0.0" ? "127.0.0.1" : config->server.host;
    url = "http://" + host + ":" + std::to_string(config->server.port);
  }
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

Result<nlohmann::json> call_server(AppContext& ctx, const ServerTarget& target, const std::string& method,
                                   const std::string& path, const std::string& body, int read_timeout_ms) {
  const bool url_given = !target.url.empty();
  auto base = server_url(ctx, target);
  if (!base) return base.error();
  std::string url = *base, key = target.key;
  if (key.empty()) {
    auto config = load_config(ctx.globals.config_path);
    if (!config) return config.error();
    key = std::getenv("GW_MASTER_KEY") ? std::getenv("GW_MASTER_KEY") : config->server.master_key;
  }
  HttpRequest req;
  req.method = method;
  req.url = url + path;
  req.body = body;
  req.connect_timeout_ms = 2000;
  req.read_timeout_ms = read_timeout_ms;
  req.headers.add("Content-Type", "application/json");
  if (!key.empty()) req.headers.add("Authorization", "Bearer " + key);
  CurlHttpClient http;
  auto opened = http.open(req);
  if (!opened)
    return make_error(ErrorKind::kUnavailable,
                      "no gw server answers at " + url +
                          (url_given ? " (is the address right, and is 'gw serve' running there?)"
                                     : " (start one with 'gw serve', or pass --url)"),
                      std::string(kServerUnreachable));
  auto text = read_all(**opened);
  if (!text) return text.error();
  auto j = parse_json(*text);
  int status = (*opened)->status();
  if (status >= 200 && status < 300 && !j.is_discarded()) return j;
  std::string msg = "server answered HTTP " + std::to_string(status);
  if (j.is_object() && j.contains("error") && j["error"].is_object() && j["error"].contains("message"))
    msg = j["error"]["message"].get<std::string>();
  return make_error(kind_for_gw_status(status), msg);
}

void add_server_options(CLI::App* cmd, ServerTarget& target, bool& json) {
  cmd->add_option("--url", target.url, "Server to ask (default http://<server.host>:<server.port>)")->type_name("URL");
  cmd->add_option("--key", target.key, "Admin key (default $GW_MASTER_KEY, then [server] master_key)")
      ->type_name("ADMIN_KEY");
  cmd->add_flag("--json", json, "Print JSON");
}

}  // namespace gw
