// E2E: the semantic cache ([cache.semantic], proxy/pipeline/semantic_step.cc)
// in front of gw mock, embedding with the mock's mock/embed-words through
// gw's own /v1/embeddings: a paraphrase gets the stored answer (x-gw-cache:
// hit, x-gw-cache-layer: semantic) without a chat call upstream; a negated
// question or another tenant's paraphrase does not; an embedding model that
// fails or is slow leaves the request answered upstream; cache_requests_total
// counts both layers.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "tests/e2e/support/doors.h"
#include "tests/e2e/support/gw_process.h"
#include "tests/e2e/support/http.h"

using namespace gw::e2e;
using nlohmann::json;

namespace {

const std::string kSemantic = "[cache.semantic]\nenabled = true\nmodel = \"mock/embed-words\"\n";

std::string question(const std::string& text) {
  return json{{"model", "mock/echo-priced"},
              {"temperature", 0},
              {"messages", {{{"role", "system"}, {"content", "Be brief."}}, {{"role", "user"}, {"content", text}}}}}
      .dump();
}

httplib::Result ask(httplib::Client& c, const std::string& text, httplib::Headers headers = {}) {
  return c.Post("/v1/chat/completions", headers, question(text), "application/json");
}

int mock_requests(const Stack& s) { return json_of(client(s.mock.port()).Get("/_mock/stats"))["requests"].get<int>(); }

std::string header(const httplib::Result& r, const char* name) { return r ? r->get_header_value(name) : "(none)"; }

bool has_metric(httplib::Client& c, const std::string& series) {
  return c.Get("/metrics")->body.find(series) != std::string::npos;
}

void script_mock(const Stack& s, const json& steps) {
  auto r = client(s.mock.port()).Post("/_mock/script", json{{"steps", steps}}.dump(), "application/json");
  REQUIRE(r);
  REQUIRE(r->status == 200);
}

}  // namespace

TEST_CASE("semantic cache: a paraphrase is answered from the cache without asking the provider") {
  Stack stack(kSemantic);
  auto c = client(stack.serve.port());
  auto first = ask(c, "How do I reverse a list in Python?");
  REQUIRE(first);
  REQUIRE(first->status == 200);
  CHECK(header(first, "x-gw-cache") == "miss");
  CHECK(mock_requests(stack) == 2);  // the embedding, then the answer

  auto second = ask(c, "How can I reverse a list in Python?");
  REQUIRE(second);
  CHECK(second->status == 200);
  CHECK(header(second, "x-gw-cache") == "hit");
  CHECK(header(second, "x-gw-cache-layer") == "semantic");
  CHECK(std::stod(header(second, "x-gw-cache-similarity")) >= 0.95);
  CHECK(second->body == first->body);
  CHECK(mock_requests(stack) == 3);  // only the embedding

  auto again = ask(c, "How do I reverse a list in Python?");  // the very same question: the exact layer
  CHECK(header(again, "x-gw-cache-layer") == "exact");
  CHECK(mock_requests(stack) == 3);
  CHECK(has_metric(c, "cache_requests_total{layer=\"exact\",result=\"hit\"} 1"));
  CHECK(has_metric(c, "cache_requests_total{layer=\"exact\",result=\"miss\"} 2"));
  CHECK(has_metric(c, "cache_requests_total{layer=\"semantic\",result=\"hit\"} 1"));
  CHECK(has_metric(c, "cache_requests_total{layer=\"semantic\",result=\"miss\"} 1"));

  // Clearing the answers forgets the questions that pointed at them.
  CHECK(json_of(c.Get("/admin/cache"))["semantic_entries"] == 1);
  auto cleared = c.Post("/admin/cache/clear", "{}", "application/json");
  REQUIRE(cleared);
  CHECK(json_of(cleared)["removed"] == 1);
  CHECK(json_of(c.Get("/admin/cache"))["semantic_entries"] == 0);
  CHECK(header(ask(c, "How can I reverse a list in Python?"), "x-gw-cache") == "miss");
}

TEST_CASE("semantic cache: the negated question, another number or a changed name is asked upstream") {
  Stack stack(kSemantic);
  auto c = client(stack.serve.port());
  CHECK(header(ask(c, "Why is my build failing on Linux?"), "x-gw-cache") == "miss");
  auto negated = ask(c, "Why is my build not failing on Linux?");
  REQUIRE(negated);
  CHECK(negated->status == 200);
  CHECK(header(negated, "x-gw-cache") == "miss");
  CHECK(header(ask(c, "Why is my build failing on Windows?"), "x-gw-cache") == "miss");
  CHECK(header(ask(c, "How many bytes are in 1 KB?"), "x-gw-cache") == "miss");
  CHECK(header(ask(c, "How many bytes are in 2 KB?"), "x-gw-cache") == "miss");
  CHECK(mock_requests(stack) == 10);  // five embeddings, five answers
}

TEST_CASE("semantic cache: another tenant's paraphrase is never answered from it") {
  Stack stack(kSemantic);
  auto c = client(stack.serve.port());
  const std::string ann = create_user_key(c, "ann"), bob = create_user_key(c, "bob");
  REQUIRE(!ann.empty());
  REQUIRE(!bob.empty());
  CHECK(header(ask(c, "What is the capital of France?", bearer(ann)), "x-gw-cache") == "miss");
  CHECK(header(ask(c, "What's the capital of France?", bearer(bob)), "x-gw-cache") == "miss");
  CHECK(header(ask(c, "What's the capital of France?"), "x-gw-cache") == "miss");  // nor the owner
  auto own = ask(c, "Tell me the capital of France.", bearer(ann));
  CHECK(header(own, "x-gw-cache") == "hit");
  CHECK(header(own, "x-gw-cache-layer") == "semantic");
}

TEST_CASE("semantic cache: a failing or slow embedding model leaves the request answered upstream") {
  Stack stack(kSemantic + "timeout_ms = 300\n");
  auto c = client(stack.serve.port());
  script_mock(stack, json::array({{{"status", 500}}}));  // the embedding call fails
  auto failed = ask(c, "How do I reverse a list in Python?");
  REQUIRE(failed);
  CHECK(failed->status == 200);
  CHECK(header(failed, "x-gw-cache") == "miss");
  CHECK(json_of(failed)["choices"][0]["message"]["content"].get<std::string>().find("reverse") != std::string::npos);

  script_mock(stack, json::array({{{"latency_ms", 3000}}}));  // the embedding call is too slow
  const int64_t start = steady_ms();
  auto slow = ask(c, "How do I sort a list in Python?");
  REQUIRE(slow);
  CHECK(slow->status == 200);
  CHECK(steady_ms() - start < 2500);
  CHECK(has_metric(c, "cache_requests_total{layer=\"semantic\",result=\"error\"} 2"));
  CHECK(stack.serve.output().find("warn: semantic cache") != std::string::npos);
}

TEST_CASE("semantic cache: an unknown embedding model is an error per request, never a failed request") {
  Stack stack("[cache.semantic]\nenabled = true\nmodel = \"nobody/no-such-embedder\"\n");
  auto c = client(stack.serve.port());
  auto r = ask(c, "How do I reverse a list in Python?");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(has_metric(c, "cache_requests_total{layer=\"semantic\",result=\"error\"} 1"));
}

TEST_CASE("semantic cache: [cache.semantic] enabled without a model is a config error naming the setting") {
  TempDir dir;
  dir.write("config.toml", "[cache.semantic]\nenabled = true\n");
  CliResult r = run_gw_cli("--config " + dir.file("config.toml") + " config show");
  CHECK(r.code != 0);
  CHECK(r.out.find("cache.semantic.model") != std::string::npos);
}
