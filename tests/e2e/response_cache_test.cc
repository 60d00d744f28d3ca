// E2E: the exact response cache (core/cache/, proxy/pipeline/cache_step.cc)
// in front of gw mock: a repeated deterministic request is answered from
// the cache (x-gw-cache: hit, Age) without reaching the provider and
// without a charge, a stream as the same events; JSON spelling does not
// matter; tenants never share; the caller's Cache-Control and x-gw-cache are
// obeyed; other requests, errors and cut streams are not cached.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "tests/e2e/support/doors.h"
#include "tests/e2e/support/gw_process.h"
#include "tests/e2e/support/http.h"
#include "tests/e2e/support/ledger.h"

using namespace gw::e2e;
using nlohmann::json;

namespace {

const char* kAsk = R"({"model":"mock/echo-priced","temperature":0,"messages":[{"role":"user","content":"cache me"}]})";

int mock_requests(const Stack& s) { return json_of(client(s.mock.port()).Get("/_mock/stats"))["requests"].get<int>(); }

httplib::Result ask(httplib::Client& c, const std::string& body, httplib::Headers headers = {}) {
  return c.Post("/v1/chat/completions", headers, body, "application/json");
}

std::string cache_header(const httplib::Result& r) { return r->get_header_value("x-gw-cache"); }

}  // namespace

TEST_CASE("response cache: a repeated deterministic request is a hit, however its JSON is spelled") {
  Stack stack;
  auto c = client(stack.serve.port());
  auto first = ask(c, kAsk);
  REQUIRE(first);
  REQUIRE(first->status == 200);
  CHECK(cache_header(first) == "miss");
  CHECK(mock_requests(stack) == 1);

  auto second = ask(c, R"({ "messages": [ { "content": "cache me", "role": "user" } ], "temperature": 0.0,
                            "model": "mock/echo-priced", "stream": false })");
  REQUIRE(second);
  CHECK(second->status == 200);
  CHECK(cache_header(second) == "hit");
  CHECK(second->get_header_value("Age") == "0");
  CHECK(second->body == first->body);
  CHECK(mock_requests(stack) == 1);  // the provider was not asked again
  CHECK_FALSE(second->has_header("x-gw-provider"));

  auto other = ask(c, R"({"model":"mock/echo-priced","temperature":0,"messages":[{"role":"user","content":"other"}]})");
  REQUIRE(other);
  CHECK(cache_header(other) == "miss");
  CHECK(mock_requests(stack) == 2);
  const std::string metrics = c.Get("/metrics")->body;
  CHECK(metrics.find("cache_requests_total{layer=\"exact\",result=\"hit\"} 1") != std::string::npos);
  CHECK(metrics.find("cache_requests_total{layer=\"exact\",result=\"miss\"} 2") != std::string::npos);
}

TEST_CASE("response cache: tenants never share an answer, and a hit costs nothing") {
  Stack stack;
  auto c = client(stack.serve.port());
  const std::string ann = create_user_key(c, "ann"), bob = create_user_key(c, "bob");
  REQUIRE(!ann.empty());
  REQUIRE(!bob.empty());
  CHECK(cache_header(ask(c, kAsk, bearer(ann))) == "miss");
  CHECK(cache_header(ask(c, kAsk, bearer(bob))) == "miss");  // bob never gets ann's answer
  CHECK(cache_header(ask(c, kAsk)) == "miss");               // nor does the owner
  CHECK(cache_header(ask(c, kAsk, bearer(ann))) == "hit");
  CHECK(mock_requests(stack) == 3);
  REQUIRE(eventually([&] { return charges(c, "ann").size() == 1 && charges(c, "bob").size() == 1; }));
  CHECK(charges(c, "ann") == charges(c, "bob"));  // ann paid once for two answers
}

TEST_CASE("response cache: Cache-Control and x-gw-cache are obeyed; a bad x-gw-cache is a 400 naming it") {
  Stack stack;
  auto c = client(stack.serve.port());
  auto no_store = ask(c, kAsk, {{"Cache-Control", "no-store"}});
  REQUIRE(no_store);
  CHECK(cache_header(no_store) == "miss");
  CHECK(cache_header(ask(c, kAsk)) == "miss");  // not stored the first time
  CHECK(cache_header(ask(c, kAsk)) == "hit");
  CHECK(cache_header(ask(c, kAsk, {{"Cache-Control", "no-cache"}})) == "miss");  // read skipped, provider asked
  CHECK(cache_header(ask(c, kAsk, {{"x-gw-cache", "off"}})) == "bypass");
  CHECK(mock_requests(stack) == 4);  // all but the hit reached the provider
  auto bad = ask(c, kAsk, {{"x-gw-cache", "sometimes"}});
  REQUIRE(bad);
  CHECK(bad->status == 400);
  CHECK(json_of(bad)["error"]["param"] == "x-gw-cache");
}

TEST_CASE("response cache: a stream is replayed as the same events; a whole request is keyed apart") {
  Stack stack;
  auto c = client(stack.serve.port());
  json streamed = json::parse(kAsk);
  streamed["stream"] = true;
  streamed["stream_options"] = {{"include_usage", true}};
  auto first = ask(c, streamed.dump());
  REQUIRE(first);
  CHECK(cache_header(first) == "miss");
  auto second = ask(c, streamed.dump());
  REQUIRE(second);
  CHECK(second->status == 200);
  CHECK(cache_header(second) == "hit");
  CHECK(second->get_header_value("Content-Type").rfind("text/event-stream", 0) == 0);
  CHECK(second->body == first->body);  // every event, [DONE] included
  CHECK(data_lines(second->body).back() == "[DONE]");
  CHECK(mock_requests(stack) == 1);
  CHECK(cache_header(ask(c, kAsk)) == "miss");  // the whole shape has its own entry
  CHECK(mock_requests(stack) == 2);
}

TEST_CASE("response cache: requests that are not deterministic, errors and cut streams are not cached") {
  Stack stack("", {"--truncate-after", "1"});
  auto c = client(stack.serve.port());
  const std::string warm = R"({"model":"mock/echo-priced","messages":[{"role":"user","content":"cache me"}]})";
  CHECK(cache_header(ask(c, warm)) == "bypass");
  auto mock = client(stack.mock.port());
  REQUIRE(mock.Post("/_mock/script", R"({"steps":[{"status":400}]})", "application/json"));
  auto failed = ask(c, kAsk);
  REQUIRE(failed);
  CHECK(failed->status == 400);
  auto after = ask(c, kAsk);
  REQUIRE(after);
  CHECK(after->status == 200);
  CHECK(cache_header(after) == "miss");  // the error was not stored
  json streamed = json::parse(kAsk);
  streamed["stream"] = true;
  for (int i = 0; i < 2; ++i) {  // the mock cuts every stream after its first chunk
    httplib::Request req;
    req.method = "POST";
    req.path = "/v1/chat/completions";
    req.body = streamed.dump();
    req.set_header("Content-Type", "application/json");
    std::string headers_seen;
    req.response_handler = [&](const httplib::Response& r) {
      headers_seen = r.get_header_value("x-gw-cache");
      return true;
    };
    req.content_receiver = [](const char*, size_t, uint64_t, uint64_t) { return true; };
    c.send(req);
    CHECK(headers_seen == "miss");  // the cut stream before was not stored
  }
}

TEST_CASE("response cache: [cache] mode = \"off\" consults nothing and says nothing") {
  Stack stack("[cache]\nmode = \"off\"\n");
  auto c = client(stack.serve.port());
  auto r = ask(c, kAsk);
  REQUIRE(r);
  CHECK_FALSE(r->has_header("x-gw-cache"));
  CHECK_FALSE(ask(c, kAsk)->has_header("x-gw-cache"));
  CHECK(mock_requests(stack) == 2);
}
