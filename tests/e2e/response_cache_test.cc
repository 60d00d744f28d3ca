// E2E: the exact response cache (core/cache/, proxy/pipeline/cache_step.cc)
// in front of gw mock: a repeated deterministic request is answered from
// the cache (x-gw-cache: hit, Age) without reaching the provider and
// without a charge, a stream as the same events, either shape from the
// other in all three client dialects; JSON spelling does not
// matter; tenants never share; the caller's Cache-Control and x-gw-cache are
// obeyed; other requests, errors and cut streams are not cached.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

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

TEST_CASE("response cache: a stream is replayed as the same events") {
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
}

namespace {

// One client dialect as the cache test sees it: a deterministic request
// for `text`, and the text of a whole answer and of a stream.
struct Dialect {
  const char* route;
  json (*request)(const std::string& text);
  std::string (*whole_text)(const json& answer);
  std::string (*stream_text)(const std::string& sse);
  const char* last_event;  // the data of the stream's last event names it
};

std::string stream_text_by(const std::string& sse, const char* delta_type, const char* member) {
  std::string text;
  for (const std::string& line : data_lines(sse)) {
    if (line == "[DONE]") continue;
    json e = json::parse(line);
    if (std::string(delta_type) == "chat") {
      if (!e["choices"].empty() && e["choices"][0]["delta"].contains("content"))
        text += e["choices"][0]["delta"]["content"].get<std::string>();
    } else if (e.value("type", "") == delta_type) {
      text += (e.contains("delta") && e["delta"].is_object() ? e["delta"] : e)[member].get<std::string>();
    }
  }
  return text;
}

const Dialect kDialects[] = {
    {"/v1/chat/completions",
     [](const std::string& t) {
       return json{
           {"model", "mock/echo-priced"}, {"temperature", 0}, {"messages", {{{"role", "user"}, {"content", t}}}}};
     },
     [](const json& a) { return a["choices"][0]["message"]["content"].get<std::string>(); },
     [](const std::string& sse) { return stream_text_by(sse, "chat", ""); }, "[DONE]"},
    {"/v1/messages",
     [](const std::string& t) {
       return json{{"model", "mock/echo-priced"},
                   {"max_tokens", 64},
                   {"temperature", 0},
                   {"messages", {{{"role", "user"}, {"content", t}}}}};
     },
     [](const json& a) { return a["content"][0]["text"].get<std::string>(); },
     [](const std::string& sse) { return stream_text_by(sse, "content_block_delta", "text"); }, "message_stop"},
    {"/v1/responses",
     [](const std::string& t) {
       return json{{"model", "mock/echo-priced"}, {"temperature", 0}, {"input", t}};
     },
     [](const json& a) {
       std::string text;
       for (const json& item : a["output"])
         if (item["type"] == "message") text += item["content"][0]["text"].get<std::string>();
       return text;
     },
     [](const std::string& sse) { return stream_text_by(sse, "response.output_text.delta", "delta"); },
     "response.completed"},
};

std::string last_event_name(const std::string& sse) {
  const std::string last = data_lines(sse).back();
  return last == "[DONE]" ? last : json::parse(last)["type"].get<std::string>();
}

}  // namespace

TEST_CASE("response cache: a whole answer serves a stream and a stream a whole answer, in every client dialect") {
  Stack stack;
  auto c = client(stack.serve.port());
  int upstream = 0;
  for (const Dialect& d : kDialects) {
    CAPTURE(d.route);
    // Whole first, then the same request streamed: one provider call.
    json whole = d.request(std::string("whole first via ") + d.route);
    auto a = c.Post(d.route, whole.dump(), "application/json");
    REQUIRE(a);
    REQUIRE(a->status == 200);
    CHECK(cache_header(a) == "miss");
    json streamed = whole;
    streamed["stream"] = true;
    auto b = c.Post(d.route, streamed.dump(), "application/json");
    REQUIRE(b);
    CHECK(b->status == 200);
    CHECK(cache_header(b) == "hit");
    CHECK(b->get_header_value("Content-Type").rfind("text/event-stream", 0) == 0);
    CHECK(d.stream_text(b->body) == d.whole_text(json_of(a)));
    CHECK(last_event_name(b->body) == d.last_event);
    CHECK(mock_requests(stack) == ++upstream);

    // Streamed first, then whole: the stream folds into the answer.
    json streamed2 = d.request(std::string("stream first via ") + d.route);
    streamed2["stream"] = true;
    auto s1 = c.Post(d.route, streamed2.dump(), "application/json");
    REQUIRE(s1);
    CHECK(cache_header(s1) == "miss");
    json whole2 = streamed2;
    whole2.erase("stream");
    auto w2 = c.Post(d.route, whole2.dump(), "application/json");
    REQUIRE(w2);
    CHECK(w2->status == 200);
    CHECK(cache_header(w2) == "hit");
    CHECK(w2->get_header_value("Content-Type").rfind("application/json", 0) == 0);
    CHECK(d.whole_text(json_of(w2)) == d.stream_text(s1->body));
    CHECK(mock_requests(stack) == ++upstream);
  }
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
  streamed["messages"][0]["content"] = "cut me";  // not the answer stored above
  for (int i = 0; i < 2; ++i) {                   // the mock cuts every stream after its first chunk
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

namespace {

// What one of several concurrent requests got.
struct Got {
  int status = 0;  // 0: no answer
  std::string cache;
  std::string body;
};

// Sends `body` from `n` threads at once; the replies in order of thread.
std::vector<Got> all_at_once(const Stack& stack, const std::string& body, int n) {
  std::vector<Got> results(static_cast<size_t>(n));
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i)
    threads.emplace_back([&, i] {
      auto c = client(stack.serve.port());
      auto r = ask(c, body);
      if (r) results[static_cast<size_t>(i)] = Got{r->status, cache_header(r), r->body};
    });
  for (auto& t : threads) t.join();
  return results;
}

}  // namespace

TEST_CASE("response cache: identical requests in flight together share one provider call (single flight)") {
  Stack stack;
  auto mock = client(stack.mock.port());
  // The first answer takes long enough for the others to arrive meanwhile.
  REQUIRE(mock.Post("/_mock/script", R"({"steps":[{"latency_ms":600}]})", "application/json"));
  auto results = all_at_once(stack, kAsk, 6);
  int hits = 0, misses = 0;
  for (const Got& r : results) {
    CHECK(r.status == 200);
    CHECK(json::parse(r.body)["choices"][0]["message"]["content"] == "cache me");
    (r.cache == "hit" ? hits : misses) += 1;
  }
  CHECK(misses == 1);
  CHECK(hits == 5);
  CHECK(mock_requests(stack) == 1);
}

TEST_CASE("response cache: when the request in flight fails, the ones waiting for it ask on their own") {
  Stack stack;
  auto mock = client(stack.mock.port());
  REQUIRE(mock.Post("/_mock/script", R"({"steps":[{"status":400,"latency_ms":600}]})", "application/json"));
  auto results = all_at_once(stack, kAsk, 4);
  int failed = 0, answered = 0;
  for (const Got& r : results) (r.status == 400 ? failed : r.status == 200 ? answered : failed) += 1;
  CHECK(failed == 1);  // the failure is the leader's alone
  CHECK(answered == 3);
  CHECK(mock_requests(stack) >= 2);  // the waiting ones went upstream themselves
  CHECK(mock_requests(stack) <= 4);
}
