// chat_backend.cc - the real ChatBackend: an in-process Gateway, or gw serve
// over HTTP (libcurl). A ResponseStream is read on the thread that called
// send() (curl's rule). Cancellation stops a transfer to a server at once
// (HttpRequest::cancel), and is checked between pieces of an in-process
// answer; dropping the stream early tells the gateway the client went away.
#include "cli/chat_backend.h"

#include <cstdlib>

#include "cli/interrupt.h"
#include "cli/reply_stream.h"
#include "core/base/clock.h"
#include "core/catalog/catalog.h"
#include "core/catalog/pricing.h"
#include "core/dialects/chat_answer.h"
#include "proxy/gateway.h"
#include "proxy/io/curl_http_client.h"
#include "proxy/io/paths.h"

namespace gw {
namespace {

class RealChatBackend final : public ChatBackend {
 public:
  RealChatBackend(std::unique_ptr<Gateway> gateway, BackendTarget target)
      : gateway_(std::move(gateway)), target_(std::move(target)) {}
  ~RealChatBackend() override {
    if (gateway_) gateway_->flush();
  }

  Result<ChatReply> send(const nlohmann::json& body, const DeltaFn& on_delta,
                         const std::atomic<bool>& cancel) override {
    const int64_t start_ns = system_clock().steady_ns();
    // Stopped before any of the answer arrived: nothing, cancelled.
    auto cancelled = [] {
      ChatReply nothing;
      nothing.cancelled = true;
      return nothing;
    };
    auto opened = open(body.dump(), cancel);
    if (!opened) return cancel.load() ? cancelled() : Result<ChatReply>(opened.error());
    ResponseStream& response = **opened;
    if (response.status() != 200) {
      auto text = read_all(response);
      return error_from_reply(response.status(), text ? *text : "");
    }
    ChatReply reply;
    ChatAnswer answer;
    if (body.value("stream", false)) {
      ChatStreamReader reader;
      std::string chunk, piece;
      while (!cancel.load() && response.next(chunk)) {
        piece.clear();
        if (Status st = reader.feed(chunk, piece); !st) return st.error();
        if (!piece.empty()) on_delta(piece);
        reply.text += piece;
      }
      reply.cancelled = cancel.load();
      if (!reply.cancelled && !response.error().ok()) return response.error().error();
      answer = reader.answer();
    } else {
      auto text = read_all(response);
      if (!text) return cancel.load() ? cancelled() : Result<ChatReply>(text.error());
      auto parsed = parse_chat_completion(*text);
      if (!parsed) return parsed.error();
      answer = std::move(parsed).value();
      reply.text = answer.text;
      reply.raw = std::move(text).value();
    }
    reply.stats = stats_for(response.headers(), answer, body.value("model", ""));
    reply.stats.latency_ms = (system_clock().steady_ns() - start_ns) / 1'000'000;
    return reply;
  }

 private:
  // `cancel` stops a request to a server at once, even while it waits for
  // the answer's head or next piece (the in-process gateway is asked
  // between pieces).
  Result<std::unique_ptr<ResponseStream>> open(std::string body, const std::atomic<bool>& cancel) {
    if (gateway_) {
      InboundRequest in;
      in.method = "POST";
      in.path = "/v1/chat/completions";
      in.body = std::move(body);
      in.remote_addr = "127.0.0.1";
      return make_reply_stream(gateway_->handle(in));
    }
    HttpRequest req;
    std::string base = target_.url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    bool has_v1 = base.size() >= 3 && base.compare(base.size() - 3, 3, "/v1") == 0;
    req.url = base + (has_v1 ? "" : "/v1") + "/chat/completions";
    req.body = std::move(body);
    req.cancel = &cancel;
    req.headers.add("Content-Type", "application/json");
    if (!target_.key.empty()) req.headers.add("Authorization", "Bearer " + target_.key);
    auto opened = http_.open(req);
    if (!opened && opened.error().kind == ErrorKind::kUnavailable)
      return make_error(ErrorKind::kUnavailable,
                        "no gw server answers at " + target_.url + " (start one with 'gw serve')");
    return opened;
  }

  static TurnStats stats_for(const Headers& headers, const ChatAnswer& answer, const std::string& requested) {
    TurnStats s;
    s.model = std::string(headers.get("x-gw-model"));
    if (s.model.empty()) s.model = answer.model.empty() ? requested : answer.model;
    s.provider = std::string(headers.get("x-gw-provider"));
    if (answer.usage) s.usage = *answer.usage;
    if (const CatalogModel* m = Catalog::builtin().find(s.model); m && answer.usage) s.cost = usage_cost(*m, s.usage);
    if (headers.get("x-gw-cache") == "hit") {  // gw's response cache answered: no provider did
      s.provider = "cache";
      if (auto saved = Money::parse(headers.get("x-gw-cache-saved"))) {  // and it cost nothing
        s.saved = *saved;
        s.cost = Money{};
      }
    }
    return s;
  }

  std::unique_ptr<Gateway> gateway_;  // null with a URL
  BackendTarget target_;
  CurlHttpClient http_;
};

}  // namespace

Result<std::unique_ptr<ChatBackend>> make_chat_backend(AppContext& ctx, const BackendTarget& target) {
  BackendTarget t = target;
  if (!t.url.empty()) {
    if (t.key.empty() && std::getenv("GW_API_KEY")) t.key = std::getenv("GW_API_KEY");
    return std::unique_ptr<ChatBackend>(std::make_unique<RealChatBackend>(nullptr, std::move(t)));
  }
  auto config = load_config(ctx.globals.config_path);
  if (!config) return config.error();
  GatewayOptions g;
  g.config = *config;
  g.db_path = db_path(ctx.globals.db_path, *config);
  if (!t.replay_dir.empty()) {
    g.cassettes.mode = CassetteMode::kReplay;
    g.cassettes.dir = t.replay_dir;
    g.cassettes.ignored = config->cassette.match_ignore;
  }
  // The gateway's threads inherit this mask: Ctrl-C must reach the REPL's thread.
  auto created = with_interrupt_blocked([&] { return Gateway::create(std::move(g)); });
  if (!created) return created.error();
  return std::unique_ptr<ChatBackend>(std::make_unique<RealChatBackend>(std::move(created).value(), std::move(t)));
}

}  // namespace gw
