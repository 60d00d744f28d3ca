// gw chat - ask a model from the terminal. One-shot for now: the prompt comes
// from the arguments or, when stdin is piped, from stdin. The answer streams
// to stdout as it arrives. Works in-process (a Gateway built here, no server
// needed) or against a running server with --url.
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <istream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/command_table.h"
#include "cli/reply_stream.h"
#include "core/sse.h"
#include "proxy/gateway.h"
#include "proxy/io/curl_http_client.h"
#include "proxy/io/paths.h"

namespace gw {
namespace {

using nlohmann::json;

struct ChatOptions {
  std::string model;
  std::string system;
  std::string url;  // "" = in-process
  std::string key;
  bool json = false;
  bool no_stream = false;
  std::vector<std::string> prompt;
};

Error error_from_body(int status, const std::string& body) {
  auto j = json::parse(body, nullptr, false);
  std::string msg = "request failed with HTTP " + std::to_string(status);
  if (j.is_object() && j.contains("error") && j["error"].is_object())
    msg = j["error"].value("message", msg);
  return make_error(kind_for_gw_status(status), msg);
}

Result<std::unique_ptr<ResponseStream>> send(const ChatOptions& opts, AppContext& ctx, const std::string& body,
                                             std::unique_ptr<Gateway>& gateway, CurlHttpClient& http) {
  if (!opts.url.empty()) {
    HttpRequest req;
    std::string base = opts.url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    req.url = base + (base.size() >= 3 && base.compare(base.size() - 3, 3, "/v1") == 0 ? "" : "/v1") +
              "/chat/completions";
    req.body = body;
    req.headers.add("Content-Type", "application/json");
    std::string key = opts.key.empty() && std::getenv("GW_API_KEY") ? std::getenv("GW_API_KEY") : opts.key;
    if (!key.empty()) req.headers.add("Authorization", "Bearer " + key);
    return http.open(req);
  }
  auto config = load_config(ctx.globals.config_path);
  if (!config) return config.error();
  GatewayOptions g;
  g.config = *config;
  g.db_path = db_path(ctx.globals.db_path, *config);
  auto created = Gateway::create(std::move(g));
  if (!created) return created.error();
  gateway = std::move(created).value();
  InboundRequest in;
  in.method = "POST";
  in.path = "/v1/chat/completions";
  in.body = body;
  in.remote_addr = "127.0.0.1";
  return make_reply_stream(gateway->handle(in));
}

// Prints each content delta as it arrives. Returns the error event's
// message if the stream carried one.
Status print_stream(ResponseStream& stream, std::ostream& out) {
  SseSplitter splitter;
  std::vector<std::string> events;
  std::string chunk;
  while (stream.next(chunk)) {
    events.clear();
    splitter.feed(chunk, events);
    for (const auto& e : events) {
      std::string data = sse_data(e);
      if (data.empty() || data == "[DONE]") continue;
      auto j = json::parse(data, nullptr, false);
      if (!j.is_object()) continue;
      if (j.contains("error")) return error_from_body(502, data);
      if (!j.contains("choices") || !j["choices"].is_array() || j["choices"].empty()) continue;
      const auto& delta = j["choices"][0].value("delta", json::object());
      if (delta.contains("content") && delta["content"].is_string()) out << delta["content"].get<std::string>() << std::flush;
    }
  }
  out << "\n";
  return stream.error();
}

int run_chat(const ChatOptions& opts, AppContext& ctx) {
  std::string prompt;
  for (const auto& word : opts.prompt) prompt += (prompt.empty() ? "" : " ") + word;
  if (prompt.empty() && !ctx.stdin_is_tty)
    prompt.assign(std::istreambuf_iterator<char>(*ctx.in), std::istreambuf_iterator<char>());
  while (!prompt.empty() && (prompt.back() == '\n' || prompt.back() == '\r')) prompt.pop_back();
  if (prompt.empty())
    return report_error(ctx, make_error(ErrorKind::kUsage, "no prompt: pass it as an argument or pipe it to stdin"));

  json messages = json::array();
  if (!opts.system.empty()) messages.push_back({{"role", "system"}, {"content", opts.system}});
  messages.push_back({{"role", "user"}, {"content", prompt}});
  bool stream = !opts.no_stream && !opts.json;
  json body = {{"model", opts.model}, {"messages", messages}, {"stream", stream}};

  std::unique_ptr<Gateway> gateway;
  CurlHttpClient http;
  auto opened = send(opts, ctx, body.dump(), gateway, http);
  if (!opened) return report_error(ctx, opened.error());
  ResponseStream& response = **opened;
  if (response.status() != 200) {
    auto text = read_all(response);
    return report_error(ctx, error_from_body(response.status(), text ? *text : ""));
  }
  if (stream) {
    auto st = print_stream(response, *ctx.out);
    if (!st) return report_error(ctx, st.error());
  } else {
    auto text = read_all(response);
    if (!text) return report_error(ctx, text.error());
    auto j = json::parse(*text, nullptr, false);
    if (opts.json) {
      *ctx.out << (j.is_discarded() ? *text : j.dump(2)) << "\n";
    } else if (j.is_object() && j.contains("choices") && !j["choices"].empty()) {
      const auto& msg = j["choices"][0].value("message", json::object());
      *ctx.out << (msg.contains("content") && msg["content"].is_string() ? msg["content"].get<std::string>() : "")
               << "\n";
    }
  }
  opened->reset();
  if (gateway) gateway->flush();
  return 0;
}

}  // namespace

CLI::App* setup_chat_command(CLI::App& parent, AppContext& ctx) {
  auto opts = std::make_shared<ChatOptions>();
  const char* env_model = std::getenv("GW_MODEL");
  opts->model = env_model ? env_model : "mock/echo";
  auto* cmd = parent.add_subcommand("chat", "Ask a model from the terminal (one-shot; reads stdin when piped)");
  cmd->add_option("prompt", opts->prompt, "The prompt (default: read stdin)");
  cmd->add_option("-m,--model", opts->model, "Model ID or alias (default $GW_MODEL, else mock/echo)");
  cmd->add_option("-s,--system", opts->system, "System prompt");
  cmd->add_option("--url", opts->url, "Send to a running gw serve (e.g. http://127.0.0.1:8080) instead of in-process");
  cmd->add_option("--key", opts->key, "API key for --url (default $GW_API_KEY)");
  cmd->add_flag("--json", opts->json, "Print the whole response object as JSON (implies --no-stream)");
  cmd->add_flag("--no-stream", opts->no_stream, "Wait for the whole answer instead of streaming it");
  cmd->callback([opts, &ctx] { ctx.exit_code = run_chat(*opts, ctx); });
  return cmd;
}

}  // namespace gw
