// The request pipeline, in-process: a Gateway over FakeHttpClient and
// FakeClock. No sockets, no sleeps.
#include <doctest/doctest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "tests/support/gateway_harness.h"

using nlohmann::json;

namespace gw {
namespace {

using Harness = GatewayHarness;

json gpt4o(bool stream = false) {
  return {{"model", "gpt-4o"}, {"stream", stream}, {"messages", {{{"role", "user"}, {"content", "hi"}}}}};
}

const std::string kAnswer =
    R"({"id":"x","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"hello"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}})";

}  // namespace

TEST_CASE("the provider gets its native model id, its own key, and gw's field removed") {
  Harness h;
  h.net.respond(200, kAnswer);
  json body = gpt4o();
  body["temperature"] = 0.5;
  Reply r = h.chat(body);
  CHECK(r.status == 200);
  CHECK(r.body == kAnswer);  // passed through byte for byte
  auto sent = h.net.requests().at(0);
  CHECK(sent.url == "https://api.openai.com/v1/chat/completions");
  CHECK(sent.headers.get("authorization") == "Bearer sk-test-openai");
  auto upstream = json::parse(sent.body);
  CHECK(upstream["model"] == "gpt-4o");
  CHECK(upstream["temperature"] == 0.5);
  CHECK(r.headers.get("x-gw-provider") == "openai");
  CHECK(r.headers.get("x-gw-model") == "openai/gpt-4o");
  CHECK(r.headers.get("x-gw-attempts") == "1");
}

TEST_CASE("failover: a 503 from the first provider is answered by the next") {
  Harness h;
  h.net.respond(503, R"({"error":{"message":"overloaded"}})");
  h.net.respond(200, kAnswer);
  Reply r = h.chat(gpt4o());
  CHECK(r.status == 200);
  CHECK(r.headers.get("x-gw-provider") == "openrouter");
  CHECK(r.headers.get("x-gw-attempts") == "2");
  auto reqs = h.net.requests();
  REQUIRE(reqs.size() == 2);
  CHECK(json::parse(reqs[1].body)["model"] == "openai/gpt-4o");  // OpenRouter's own id
  CHECK(reqs[1].headers.get("authorization") == "Bearer sk-test-or");
}

TEST_CASE("failover on each trigger code and on connection failures and timeouts") {
  for (int code : {401, 402, 403, 404, 502, 503, 504}) {
    CAPTURE(code);
    Harness h;
    h.net.respond(code, "{}");
    h.net.respond(200, kAnswer);
    CHECK(h.chat(gpt4o()).status == 200);
  }
  for (ErrorKind kind : {ErrorKind::kUnavailable, ErrorKind::kUpstreamTimeout}) {
    Harness h;
    h.net.fail(make_error(kind, "connection refused"));
    h.net.respond(200, kAnswer);
    Reply r = h.chat(gpt4o());
    CHECK(r.status == 200);
    CHECK(r.headers.get("x-gw-provider") == "openrouter");
  }
}

TEST_CASE("a cassette miss (its own error kind) is answered as is: no failover, no breaker, no health") {
  Harness h;
  for (int i = 0; i < 6; ++i) {  // more than the breaker's threshold of failures
    h.net.fail(make_error(ErrorKind::kCassetteMiss, "cassette miss: no recording of POST /v1/chat/completions",
                          "cassette_miss"));
    Reply r = h.chat(gpt4o());
    CHECK(r.status == 404);
    json e = json::parse(r.body)["error"];
    CHECK(e["type"] == "invalid_request_error");
    CHECK(e["code"] == "cassette_miss");
  }
  CHECK(h.net.requests().size() == 6);  // openrouter, the next candidate, was never asked
  // openai's breaker and health saw nothing: the next request goes to it first.
  h.net.respond(200, kAnswer);
  Reply r = h.chat(gpt4o());
  CHECK(r.headers.get("x-gw-provider") == "openai");
  CHECK(r.headers.get("x-gw-attempts") == "1");
}

TEST_CASE("a provider failure that merely says cassette_miss in its code fails over like any other") {
  Harness h;
  h.net.fail(make_error(ErrorKind::kUnavailable, "connection refused", "cassette_miss"));
  h.net.respond(200, kAnswer);
  Reply r = h.chat(gpt4o());
  CHECK(r.status == 200);
  CHECK(r.headers.get("x-gw-provider") == "openrouter");
}

TEST_CASE("a 400 is the caller's to fix: no failover, the provider's message is passed on") {
  Harness h;
  h.net.respond(400, R"({"error":{"message":"temperature too high"}})");
  h.net.respond(200, kAnswer);
  Reply r = h.chat(gpt4o());
  CHECK(r.status == 400);
  CHECK(json::parse(r.body)["error"]["message"].get<std::string>().find("temperature too high") != std::string::npos);
  CHECK(h.net.requests().size() == 1);
}

TEST_CASE("a 429 is returned with Retry-After, not failed over") {
  Harness h;
  Headers ra;
  ra.add("Retry-After", "12");
  h.net.respond(429, "{}", ra);
  h.net.respond(200, kAnswer);
  Reply r = h.chat(gpt4o());
  CHECK(r.status == 429);
  CHECK(r.headers.get("retry-after") == "12");
  CHECK(json::parse(r.body)["error"]["type"] == "rate_limit_error");
  CHECK(h.net.requests().size() == 1);
}

TEST_CASE("when every provider fails the last failure is reported") {
  Harness h;
  h.net.respond(503, "{}");
  h.net.fail(make_error(ErrorKind::kUpstreamTimeout, "provider did not answer within 5000 ms"));
  Reply r = h.chat(gpt4o());
  CHECK(r.status == 504);
  CHECK(json::parse(r.body)["error"]["message"].get<std::string>().find("openrouter") != std::string::npos);
}

TEST_CASE("a non-JSON body from a provider is a 502, not passed on") {
  Harness h;
  h.net.respond(200, "<html>oops</html>");
  Reply r = h.chat(gpt4o());
  CHECK(r.status == 502);
}

TEST_CASE("streams: gw asks for usage upstream and drops it when the client did not") {
  Harness h;
  h.net.respond_stream(200,
                       {"data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"he\"}}]}\n\n",
                        "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"llo\"}}]}\n\ndata: {\"choices\":[],",
                        "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2}}\n\ndata: [DONE]\n\n"});
  Reply r = h.chat(gpt4o(true));
  REQUIRE(r.next_chunk);
  CHECK(r.content_type == "text/event-stream");
  std::string body = Harness::drain(r);
  CHECK(json::parse(h.net.requests().at(0).body)["stream_options"]["include_usage"] == true);
  CHECK(body.find("usage") == std::string::npos);
  CHECK(body.find("\"he\"") != std::string::npos);
  CHECK(body.substr(body.size() - 14) == "data: [DONE]\n\n");
}

TEST_CASE("streams: when the provider's end comes with its last bytes, they reach the client together with the end") {
  Harness h;
  h.net.respond_stream(200,
                       {"data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"he\"}}]}\n\n",
                        "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"llo\"}}]}\n\ndata: [DONE]\n\n"});
  Reply r = h.chat(gpt4o(true));
  REQUIRE(r.next_chunk);
  std::string chunk;
  CHECK(r.next_chunk(chunk) == StreamStep::kChunk);  // more may follow: it goes out alone
  CHECK(chunk.find("\"he\"") != std::string::npos);
  CHECK(r.next_chunk(chunk) == StreamStep::kEnd);  // the fake provider's stream has ended
  CHECK(chunk.find("\"llo\"") != std::string::npos);
  CHECK(chunk.substr(chunk.size() - 14) == "data: [DONE]\n\n");
  r.on_stream_end(true);
}

TEST_CASE("streams: an empty stream fails over before anything reaches the client") {
  Harness h;
  h.net.respond_stream(200, {}, true);
  h.net.respond_stream(200, {"data: {\"choices\":[]}\n\n", "data: [DONE]\n\n"});
  Reply r = h.chat(gpt4o(true));
  CHECK(r.status == 200);
  CHECK(r.headers.get("x-gw-provider") == "openrouter");
  Harness::drain(r);
}

TEST_CASE("streams: a cut after the first byte ends with an error event and an abort") {
  Harness h;
  h.net.respond_stream(200, {"data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"par\"}}]}\n\n"}, true);
  Reply r = h.chat(gpt4o(true));
  StreamStep last;
  std::string body = Harness::drain(r, &last);
  CHECK(last == StreamStep::kAbort);
  CHECK(body.find("\"error\"") != std::string::npos);
  CHECK(body.find("[DONE]") == std::string::npos);
}

TEST_CASE("overhead excludes time spent waiting on the provider") {
  // The provider "takes" 2 s: open() advances the fake clock before it answers.
  struct SlowNet : HttpClient {
    FakeClock* clock = nullptr;
    FakeHttpClient answers;
    Result<std::unique_ptr<ResponseStream>> open(const HttpRequest& request) override {
      clock->advance_ms(2000);
      return answers.open(request);
    }
  } slow;
  Harness h({}, {.network = &slow});
  slow.clock = &h.clock;
  slow.answers.respond(200, kAnswer);
  Reply r = h.chat(gpt4o());
  REQUIRE(r.status == 200);
  REQUIRE(h.net.requests().empty());  // the slow provider answered, not the harness's
  // The 2 s on the clock were the provider's: none of it is gw's overhead.
  CHECK(r.headers.get("x-gw-overhead-us") == "0");
}

TEST_CASE("routes: unknown path is a JSON 404; the models list and health answer") {
  Harness h;
  InboundRequest in;
  in.method = "GET";
  in.path = "/v2/whatever";
  Reply r = h.gateway->handle(in);
  CHECK(r.status == 404);
  CHECK(json::parse(r.body)["error"]["code"] == "unknown_route");
  in.path = "/v1/models";
  auto models = json::parse(h.gateway->handle(in).body);
  bool has_gpt4o = false;
  for (const auto& m : models["data"]) has_gpt4o |= m["id"] == "openai/gpt-4o";
  CHECK(has_gpt4o);
  in.path = "/health";
  auto health = json::parse(h.gateway->handle(in).body);
  CHECK(health["status"] == "operational");
  CHECK(health["timestamp"] == 1'700'000'000);
}

}  // namespace gw

namespace gw {

TEST_CASE("breakers: after 5 failures a provider is skipped until its cooldown ends") {
  Harness h;
  for (int i = 0; i < 5; ++i) {
    h.net.respond(503, "{}");     // openai fails
    h.net.respond(200, kAnswer);  // openrouter answers
    CHECK(h.chat(gpt4o()).headers.get("x-gw-provider") == "openrouter");
  }
  // openai's breaker is open: it is not even asked.
  h.net.respond(200, kAnswer);
  Reply r = h.chat(gpt4o());
  CHECK(r.headers.get("x-gw-provider") == "openrouter");
  CHECK(r.headers.get("x-gw-attempts") == "1");
  CHECK(h.net.requests().back().url.find("openrouter") != std::string::npos);
  // After the cooldown one trial goes to openai again; its success closes it.
  h.clock.advance_ms(300'000);
  h.net.respond(200, kAnswer);
  CHECK(h.chat(gpt4o()).headers.get("x-gw-provider") == "openai");
}

TEST_CASE("admin: /admin/breakers lists breakers for loopback callers and resets one") {
  Harness h;
  for (int i = 0; i < 5; ++i) {
    h.net.respond(503, "{}");
    h.net.respond(200, kAnswer);
    h.chat(gpt4o());
  }
  InboundRequest in;
  in.method = "GET";
  in.path = "/admin/breakers";
  in.remote_addr = "127.0.0.1";
  auto list = json::parse(h.gateway->handle(in).body);
  bool open = false;
  for (const auto& b : list["data"])
    if (b["provider"] == "openai") open = b["state"] == "open" && b["seconds_until_half_open"] == 300;
  CHECK(open);
  in.remote_addr = "10.1.2.3";
  CHECK(h.gateway->handle(in).status == 403);
  in.remote_addr = "127.0.0.1";
  in.method = "POST";
  in.path = "/admin/breakers/openai/reset";
  Reply reset = h.gateway->handle(in);
  CHECK(reset.status == 200);
  CHECK(json::parse(reset.body)["state"] == "closed");
  in.path = "/admin/breakers/nope/reset";
  CHECK(h.gateway->handle(in).status == 404);
}

}  // namespace gw

namespace gw {

TEST_CASE("openai gets max_completion_tokens, which its reasoning models require") {
  Harness h;
  h.net.respond(200, kAnswer);
  json body = gpt4o();
  body["max_tokens"] = 64;
  CHECK(h.chat(body).status == 200);
  auto sent = json::parse(h.net.requests().at(0).body);
  CHECK(sent["max_completion_tokens"] == 64);
  CHECK_FALSE(sent.contains("max_tokens"));
}

}  // namespace gw

namespace gw {

TEST_CASE("health: /health reports each provider's passive success rate") {
  Harness h;
  h.net.respond(503, "{}");
  h.net.respond(200, kAnswer);
  h.chat(gpt4o());
  InboundRequest in;
  in.method = "GET";
  in.path = "/health";
  auto health = json::parse(h.gateway->handle(in).body);
  auto traffic = health["subsystems"]["providers"]["traffic"];
  CHECK(traffic["openai"]["requests"] == 1);
  CHECK(traffic["openai"]["failures"] == 1);
  CHECK(traffic["openai"]["success_rate_bp"] == 0);
  CHECK(traffic["openrouter"]["success_rate_bp"] == 10000);
}

}  // namespace gw

namespace gw {

TEST_CASE("a short 429 is waited out once and retried on the same provider") {
  Harness h;
  Headers ra;
  ra.add("Retry-After", "1");
  h.net.respond(429, "{}", ra);
  h.net.respond(200, kAnswer);
  int64_t before = h.clock.now_unix_ms();
  Reply r = h.chat(gpt4o());
  CHECK(r.status == 200);
  CHECK(r.headers.get("x-gw-provider") == "openai");
  CHECK(h.clock.now_unix_ms() - before == 1000);
  auto reqs = h.net.requests();
  REQUIRE(reqs.size() == 2);
  CHECK(reqs[1].url.find("api.openai.com") != std::string::npos);
}

TEST_CASE("a 429 that persists after the wait is returned, not failed over") {
  Harness h;
  Headers ra;
  ra.add("Retry-After", "2");
  h.net.respond(429, "{}", ra);
  h.net.respond(429, "{}", ra);
  h.net.respond(200, kAnswer);
  Reply r = h.chat(gpt4o());
  CHECK(r.status == 429);
  CHECK(r.headers.get("retry-after") == "2");
  CHECK(h.net.requests().size() == 2);
}

}  // namespace gw

namespace gw {

TEST_CASE("failover order follows measured reliability once a provider keeps failing") {
  Harness h;
  // 20 attempts where openai fails and openrouter answers...
  for (int i = 0; i < 20; ++i) {
    h.net.respond(503, "{}");
    h.net.respond(200, kAnswer);
    h.chat(gpt4o());
    h.gateway->handle([] {  // keep openai's breaker closed so only health decides
      InboundRequest in;
      in.method = "POST";
      in.path = "/admin/breakers/openai/reset";
      in.remote_addr = "127.0.0.1";
      return in;
    }());
  }
  // ...so now openrouter is asked first.
  h.net.respond(200, kAnswer);
  Reply r = h.chat(gpt4o());
  CHECK(r.headers.get("x-gw-provider") == "openrouter");
  CHECK(r.headers.get("x-gw-attempts") == "1");
}

}  // namespace gw

namespace gw {

TEST_CASE("models: deduplicated view lists a model once; the full view once per provider") {
  Harness h;
  InboundRequest in;
  in.method = "GET";
  in.path = "/v1/models";
  auto dedup = json::parse(h.gateway->handle(in).body)["data"];
  int gpt4o_rows = 0;
  for (const auto& m : dedup)
    if (m["id"] == "openai/gpt-4o") {
      ++gpt4o_rows;
      CHECK(m["providers"].size() == 2);
      CHECK(m["pricing"]["prompt"] == "2.50");
    }
  CHECK(gpt4o_rows == 1);
  in.query = "view=full";
  auto full = json::parse(h.gateway->handle(in).body)["data"];
  std::vector<std::string> providers;
  for (const auto& m : full)
    if (m["id"] == "openai/gpt-4o")
      providers.push_back(m["provider"].get<std::string>() + "=" + m["provider_model_id"].get<std::string>());
  CHECK(providers == std::vector<std::string>{"openai=gpt-4o", "openrouter=openai/gpt-4o"});
}

}  // namespace gw
