// E2E: record and replay (issue 21). `gw serve --record DIR` in front of a
// real `gw mock` records every provider exchange - OpenAI chat, Anthropic
// Messages, Responses, streamed and not, tool calls, thinking, embeddings,
// a scripted 503 with failover - then, with the mock stopped,
// `gw serve --replay DIR` gives the clients the same bytes and the same
// stream frames in order; a changed request fails strict replay with a
// readable diff; no configured secret is ever written; `gw cassette lint`
// catches a planted key; `gw chat --replay DIR` works offline.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "tests/e2e/support/gw_process.h"
#include "tests/e2e/support/http.h"
#include "tests/support/scoped_env.h"

using namespace gw::e2e;
using gw::ScopedEnv;
using nlohmann::json;

namespace {

// Fake secrets the recording gateway is configured with; none may reach a file.
const std::string kOpenAiKey = "sk-proj-CASSETTEfakeOPENAIkey0123456789";
const std::string kRouterKey = "sk-or-v1-CASSETTEfakeROUTERkey0123456789";
const std::string kMasterKey = "gw-master-CASSETTE-fake-0123456789";
const std::string kTomlKey = "sk-ant-CASSETTEfakeANTHROPICtoml0123456789";

struct Call {
  std::string path;
  std::string body;
  httplib::Headers headers;
};

// What the clients ask, in order (the failover one after a scripted 503).
std::vector<Call> calls() {
  json tools =
      json::array({{{"type", "function"},
                    {"function",
                     {{"name", "get_weather"},
                      {"parameters", {{"type", "object"}, {"properties", {{"city", {{"type", "string"}}}}}}}}}}});
  return {
      {"/v1/chat/completions", chat_body("hello cassette"), {}},
      {"/v1/chat/completions", chat_body("stream me", true), {}},
      {"/v1/chat/completions",
       json{{"model", "mock/echo"}, {"tools", tools}, {"messages", {{{"role", "user"}, {"content", "weather?"}}}}}
           .dump(),
       {}},
      // Anthropic and Responses on their native roads (anthropic, openai at the mock): passed through as bytes.
      {"/v1/messages",
       json{{"model", "sonnet-4"},
            {"max_tokens", 200},
            {"thinking", {{"type", "enabled"}, {"budget_tokens", 100}}},
            {"stream", true},
            {"messages", {{{"role", "user"}, {"content", "think first"}}}}}
           .dump(),
       {{"anthropic-version", "2023-06-01"}}},
      {"/v1/messages",
       json{{"model", "sonnet-4"}, {"max_tokens", 50}, {"messages", {{{"role", "user"}, {"content", "plain"}}}}}.dump(),
       {{"anthropic-version", "2023-06-01"}}},
      {"/v1/responses", json{{"model", "openai/gpt-4o"}, {"input", "respond"}}.dump(), {}},
      {"/v1/responses", json{{"model", "openai/gpt-4o"}, {"input", "respond streamed"}, {"stream", true}}.dump(), {}},
      {"/v1/embeddings", json{{"model", "mock/embed"}, {"input", {"one", "two"}}}.dump(), {}},
      // The secrets test: keys in a header, in the body (a label and the text, which the mock echoes).
      {"/v1/chat/completions",
       json{{"model", "mock/echo"},
            {"user", kOpenAiKey},
            {"messages", {{{"role", "user"}, {"content", "my keys: " + kOpenAiKey + " " + kMasterKey}}}}}
           .dump(),
       {{"Authorization", "Bearer " + kMasterKey}}},
      // Served after one scripted 503 from openai: fails over to openrouter.
      {"/v1/chat/completions", chat_body("fail over", false, "openai/gpt-4o"), {}},
  };
}

std::string config_for(const std::string& mock_url) {
  return "[providers.mock]\nbase_url = \"" + mock_url + "/v1\"\n[providers.openai]\nbase_url = \"" + mock_url +
         "/v1\"\n[providers.openrouter]\nbase_url = \"" + mock_url + "/v1\"\n[providers.anthropic]\nbase_url = \"" +
         mock_url + "/v1\"\napi_key = \"" + kTomlKey + "\"\n[cache]\nmode = \"off\"\n";
}

httplib::Result send(int port, const Call& c) {
  return client(port).Post(c.path, c.headers, c.body, "application/json");
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Records every call once per test process; the answers and the directory stay.
struct Recording {
  TempDir dir;
  std::string cassettes;
  std::vector<std::pair<int, std::string>> answers;  // status, body
  std::string chat_out;
  std::string mock_url;  // dead after recording
};

const Recording& recording() {
  static Recording* r = [] {
    auto* rec = new Recording;
    rec->cassettes = rec->dir.file("cassettes");
    ScopedEnv openai("OPENAI_API_KEY", kOpenAiKey.c_str());
    ScopedEnv router("OPENROUTER_API_KEY", kRouterKey.c_str());
    ScopedEnv master("GW_MASTER_KEY", kMasterKey.c_str());
    GwProcess mock({"mock", "--port", "0"});
    rec->mock_url = mock.url();
    rec->dir.write("config.toml", config_for(mock.url()));
    GwProcess serve({"--config", rec->dir.file("config.toml"), "--db", rec->dir.file("gw.db"), "serve", "--port", "0",
                     "--record", rec->cassettes});
    for (const Call& c : calls()) {
      if (c.body.find("fail over") != std::string::npos)
        client(mock.port()).Post("/_mock/script", R"({"steps":[{"status":503}]})", "application/json");
      auto res = send(serve.port(), c);
      rec->answers.emplace_back(res ? res->status : -1, res ? res->body : "");
    }
    auto chat = run_gw_cli("--config " + rec->dir.file("config.toml") + " --db " + rec->dir.file("gw.db") +
                           " chat --url " + serve.url() + " -m mock/echo --no-stream \"offline please\"");
    rec->chat_out = chat.out;
    serve.stop(SIGTERM);  // flushes the writer
    mock.stop(SIGTERM);
    return rec;
  }();
  return *r;
}

// A gateway replaying the recording, its providers pointing at the dead mock.
struct Replay {
  explicit Replay(const std::string& extra_flag = "")
      : serve([&] {
          dir.write("config.toml", config_for(recording().mock_url));
          std::vector<std::string> args = {
              "--config", dir.file("config.toml"), "--db", dir.file("gw.db"), "serve", "--port", "0",
              "--replay", recording().cassettes};
          if (!extra_flag.empty()) args.push_back(extra_flag);
          return args;
        }()) {}
  TempDir dir;
  ScopedEnv openai{"OPENAI_API_KEY", "replay-only-not-a-key"};
  ScopedEnv router{"OPENROUTER_API_KEY", "replay-only-not-a-key"};
  GwProcess serve;
};

}  // namespace

TEST_CASE("cassettes: every exchange recorded through gw serve replays byte for byte with the mock stopped") {
  const Recording& rec = recording();
  const auto all = calls();
  for (size_t i = 0; i < all.size(); ++i) {
    CAPTURE(all[i].body);
    CHECK(rec.answers[i].first == 200);
  }
  Replay replay;
  for (size_t i = 0; i < all.size(); ++i) {
    CAPTURE(all[i].body);
    auto r = send(replay.serve.port(), all[i]);
    REQUIRE(r);
    CHECK(r->status == rec.answers[i].first);
    if (all[i].body.find("my keys") != std::string::npos) continue;  // its echo was scrubbed: see below
    CHECK(r->body == rec.answers[i].second);
    if (all[i].body.find("\"stream\":true") != std::string::npos) {
      CHECK(data_lines(r->body) == data_lines(rec.answers[i].second));
      CHECK(data_lines(r->body).size() >= 3);
    }
  }
}

TEST_CASE("cassettes: the failover recorded (503, then another provider) is replayed as it happened") {
  const Recording& rec = recording();
  int files_503 = 0;
  for (const auto& f : std::filesystem::directory_iterator(rec.cassettes))
    if (slurp(f.path()).find("\"status\": 503") != std::string::npos) ++files_503;
  CHECK(files_503 == 1);
  Replay replay;
  auto r = send(replay.serve.port(), calls().back());
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->get_header_value("x-gw-provider") == "openrouter");
}

TEST_CASE("cassettes: a changed request fails strict replay with the nearest recording and the difference") {
  recording();
  Replay replay;
  auto r = client(replay.serve.port()).Post("/v1/chat/completions", chat_body("hello cassettes"), "application/json");
  REQUIRE(r);
  CHECK(r->status == 404);
  json e = json_of(r)["error"];
  CHECK(e["type"] == "invalid_request_error");
  CHECK(e["code"] == "cassette_miss");
  std::string message = e["message"];
  MESSAGE(message);
  CHECK(message.find("nearest: mock_v1-chat-completions_echo_") != std::string::npos);
  CHECK(message.find("messages[0].content: \"hello cassette\" -> \"hello cassettes\"") != std::string::npos);
  // In the Anthropic dialect on /v1/messages.
  auto m = client(replay.serve.port())
               .Post("/v1/messages", {{"anthropic-version", "2023-06-01"}},
                     R"({"model":"sonnet-4","max_tokens":50,"messages":[{"role":"user","content":"plainer"}]})",
                     "application/json");
  REQUIRE(m);
  CHECK(m->status == 404);
  MESSAGE(m->body);
  CHECK(json_of(m)["type"] == "error");
  CHECK(json_of(m)["error"]["type"] == "not_found_error");
}

TEST_CASE("cassettes: no configured secret is written - not from headers, bodies or answers") {
  const Recording& rec = recording();
  int files = 0;
  for (const auto& f : std::filesystem::directory_iterator(rec.cassettes)) {
    std::string text = slurp(f.path());
    CAPTURE(f.path().string());
    ++files;
    for (const std::string& secret : {kOpenAiKey, kRouterKey, kMasterKey, kTomlKey})
      CHECK(text.find(secret) == std::string::npos);
    CHECK(text.find("\"authorization\"") == std::string::npos);
    CHECK(text.find("\"Authorization\"") == std::string::npos);
  }
  CHECK(files >= 11);
  auto lint = run_gw_cli("cassette lint " + rec.cassettes);
  CHECK(lint.code == 0);
  CHECK(lint.out.find("no secrets found") != std::string::npos);
}

TEST_CASE("cassettes: gw cassette lint fails on a planted key and names the file and line") {
  const Recording& rec = recording();
  TempDir dir;
  std::filesystem::path first;
  for (const auto& f : std::filesystem::directory_iterator(rec.cassettes)) first = f.path();
  std::string text = slurp(first);
  text.insert(text.find("\"request\""), "\"note\": \"sk-proj-PLANTEDplantedPLANTED12345\",\n  ");
  dir.write(first.filename().string(), text);
  auto lint = run_gw_cli("cassette lint " + dir.path());
  CHECK(lint.code == 65);
  CHECK(lint.out.find(first.filename().string() + ":") != std::string::npos);
  CHECK(lint.out.find("PLANTEDplanted") == std::string::npos);  // masked in the report
}

TEST_CASE("cassettes: gw cassette list and show read a recording") {
  const Recording& rec = recording();
  auto list = run_gw_cli("cassette list " + rec.cassettes);
  CHECK(list.code == 0);
  CHECK(list.out.find("POST /v1/messages") != std::string::npos);
  CHECK(list.out.find("frames") != std::string::npos);
  std::filesystem::path stream;
  for (const auto& f : std::filesystem::directory_iterator(rec.cassettes))
    if (slurp(f.path()).find("\"frames\"") != std::string::npos) stream = f.path();
  auto show = run_gw_cli("cassette show " + stream.string());
  CHECK(show.code == 0);
  CHECK(show.out.find("+0ms  ") != std::string::npos);
}

TEST_CASE("cassettes: gw chat --replay DIR answers offline what gw chat asked through the recording server") {
  const Recording& rec = recording();
  REQUIRE(rec.chat_out.find("offline please") != std::string::npos);
  TempDir dir;
  dir.write("config.toml", config_for(rec.mock_url));
  auto chat = run_gw_cli("--config " + dir.file("config.toml") + " --db " + dir.file("gw.db") + " chat --replay " +
                         rec.cassettes + " -m mock/echo --no-stream \"offline please\"");
  CHECK(chat.code == 0);
  CHECK(chat.out.find("offline please") != std::string::npos);
  auto miss = run_gw_cli("--config " + dir.file("config.toml") + " --db " + dir.file("gw.db") + " chat --replay " +
                         rec.cassettes + " -m mock/echo --no-stream \"never recorded\"");
  CHECK(miss.code != 0);
  CHECK(miss.out.find("cassette miss") != std::string::npos);
}
