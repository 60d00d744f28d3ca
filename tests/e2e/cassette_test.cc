// E2E: record and replay (issue 21). `gw serve --record DIR` in front of a
// real `gw mock` records every provider exchange - OpenAI chat, Anthropic
// Messages, Responses, streamed and not, on their native roads and
// translated (to the mock's OpenAI wire, Anthropic's and Gemini's), tool
// calls, thinking, embeddings, images, a transcription upload, a scripted
// 503 with failover - then, with the mock stopped and no provider key set,
// `gw serve --replay DIR` gives the clients the same bytes, twice, and the
// same stream frames in order; a changed request fails strict replay with a
// readable diff; [cassette] match_ignore and --match-ignore decide what is
// compared; no configured secret is ever written (a Gemini-style key in the
// URL's query included); `gw cassette lint` catches a planted key;
// `gw chat --replay DIR` works offline.
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
const std::string kGeminiKey = "AIzaSyCASSETTEfakeGEMINIinTheURL0123456";  // travels in the URL's query

struct Call {
  std::string path;
  std::string body;  // JSON; for /v1/audio/transcriptions the uploaded file's bytes
  httplib::Headers headers;
};

json weather_tool() {
  return json::array({{{"type", "function"},
                       {"function",
                        {{"name", "get_weather"},
                         {"parameters", {{"type", "object"}, {"properties", {{"city", {{"type", "string"}}}}}}}}}}});
}

// What the clients ask, in order (the failover one last, after a scripted 503).
std::vector<Call> calls() {
  const httplib::Headers anthropic = {{"anthropic-version", "2023-06-01"}};
  return {
      {"/v1/chat/completions", chat_body("hello cassette"), {}},
      {"/v1/chat/completions", chat_body("stream me", true), {}},
      {"/v1/chat/completions",
       json{{"model", "mock/echo"},
            {"tools", weather_tool()},
            {"messages", {{{"role", "user"}, {"content", "weather?"}}}}}
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
       anthropic},
      {"/v1/messages",
       json{{"model", "sonnet-4"}, {"max_tokens", 50}, {"messages", {{{"role", "user"}, {"content", "plain"}}}}}.dump(),
       anthropic},
      {"/v1/responses", json{{"model", "openai/gpt-4o"}, {"input", "respond"}}.dump(), {}},
      {"/v1/responses", json{{"model", "openai/gpt-4o"}, {"input", "respond streamed"}, {"stream", true}}.dump(), {}},
      // Translated: gw mints the ids and "created" of these answers (from the recording, so replays agree).
      {"/v1/messages",
       json{{"model", "mock/echo"}, {"max_tokens", 50}, {"messages", {{{"role", "user"}, {"content", "translate me"}}}}}
           .dump(),
       anthropic},
      {"/v1/messages",
       json{{"model", "mock/echo"},
            {"max_tokens", 50},
            {"stream", true},
            {"tools",
             {{{"name", "get_weather"},
               {"input_schema", {{"type", "object"}, {"properties", {{"city", {{"type", "string"}}}}}}}}}},
            {"messages", {{{"role", "user"}, {"content", "Oslo"}}}}}
           .dump(),
       anthropic},
      {"/v1/responses", json{{"model", "mock/echo"}, {"input", "respond translated"}}.dump(), {}},
      {"/v1/responses", json{{"model", "mock/echo"}, {"input", "stream translated"}, {"stream", true}}.dump(), {}},
      {"/v1/chat/completions", chat_body("to anthropic", true, "anthropic/claude-sonnet-4.5"), {}},
      {"/v1/chat/completions",
       json{{"model", "anthropic/claude-sonnet-4.5"},
            {"reasoning_effort", "low"},
            {"messages", {{{"role", "user"}, {"content", "think, translated"}}}}}
           .dump(),
       {}},
      {"/v1/chat/completions", chat_body("to gemini", false, "google/gemini-2.5-flash"), {}},
      {"/v1/chat/completions", chat_body("to gemini streamed", true, "google/gemini-2.5-flash"), {}},
      // Media.
      {"/v1/embeddings", json{{"model", "mock/embed"}, {"input", {"one", "two"}}}.dump(), {}},
      {"/v1/images/generations", json{{"model", "mock/image"}, {"prompt", "a cassette"}, {"n", 2}}.dump(), {}},
      {"/v1/audio/transcriptions", std::string("RIFF\x24\0\0\0WAVEfmt fake audio bytes", 31), {}},
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

// Every provider at the mock; Google's key in its base URL's query. With
// `keys` the Anthropic key is in the file (recording); replay runs with none.
std::string config_for(const std::string& mock_url, bool keys = true, const std::string& extra = "") {
  return "[providers.mock]\nbase_url = \"" + mock_url + "/v1\"\n[providers.openai]\nbase_url = \"" + mock_url +
         "/v1\"\n[providers.openrouter]\nbase_url = \"" + mock_url + "/v1\"\n[providers.anthropic]\nbase_url = \"" +
         mock_url + "/v1\"\n" + (keys ? "api_key = \"" + kTomlKey + "\"\n" : "") + "[providers.google]\nbase_url = \"" +
         mock_url + "/v1beta?key={GEMINI_API_KEY}\"\n[cache]\nmode = \"off\"\n" + extra;
}

httplib::Result send(int port, const Call& c) {
  if (c.path == "/v1/audio/transcriptions")  // multipart, with the random boundary each client picks
    return client(port).Post(
        c.path, c.headers,
        httplib::MultipartFormDataItems{{"file", c.body, "hello.wav", "audio/wav"}, {"model", "mock/whisper", "", ""}});
  return client(port).Post(c.path, c.headers, c.body, "application/json");
}

bool streamed(const Call& c) { return c.body.find("\"stream\":true") != std::string::npos; }

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
  std::string mock_url;       // dead after recording
  std::string mock_requests;  // what the mock received (GET /_mock/requests)
};

const Recording& recording() {
  static Recording* r = [] {
    auto* rec = new Recording;
    rec->cassettes = rec->dir.file("cassettes");
    ScopedEnv openai("OPENAI_API_KEY", kOpenAiKey.c_str());
    ScopedEnv router("OPENROUTER_API_KEY", kRouterKey.c_str());
    ScopedEnv gemini("GEMINI_API_KEY", kGeminiKey.c_str());
    ScopedEnv master("GW_MASTER_KEY", kMasterKey.c_str());
    GwProcess mock({"mock", "--port", "0", "--record-requests", "100"});
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
    if (auto seen = client(mock.port()).Get("/_mock/requests")) rec->mock_requests = seen->body;
    serve.stop(SIGTERM);  // flushes the writer
    mock.stop(SIGTERM);
    return rec;
  }();
  return *r;
}

// A gateway replaying the recording, its providers pointing at the dead mock
// and no provider key anywhere (strict replay needs none for what was recorded).
struct Replay {
  explicit Replay(const std::vector<std::string>& flags = {}, const std::string& extra_config = "")
      : serve([&] {
          dir.write("config.toml", config_for(recording().mock_url, false, extra_config));
          std::vector<std::string> args = {
              "--config", dir.file("config.toml"), "--db", dir.file("gw.db"), "serve", "--port", "0",
              "--replay", recording().cassettes};
          args.insert(args.end(), flags.begin(), flags.end());
          return args;
        }()) {}
  TempDir dir;
  ScopedEnv openai{"OPENAI_API_KEY", nullptr};
  ScopedEnv router{"OPENROUTER_API_KEY", nullptr};
  ScopedEnv gemini{"GEMINI_API_KEY", nullptr};
  ScopedEnv anthropic{"ANTHROPIC_API_KEY", nullptr};
  GwProcess serve;
};

std::vector<std::filesystem::path> cassette_files() {
  std::vector<std::filesystem::path> out;
  for (const auto& f : std::filesystem::directory_iterator(recording().cassettes)) out.push_back(f.path());
  return out;
}

}  // namespace

TEST_CASE("cassettes: every exchange recorded through gw serve replays byte for byte, twice, with no key set") {
  const Recording& rec = recording();
  const auto all = calls();
  for (size_t i = 0; i < all.size(); ++i) {
    CAPTURE(all[i].body);
    CHECK(rec.answers[i].first == 200);
  }
  for (int run = 0; run < 2; ++run) {
    CAPTURE(run);
    Replay replay;
    for (size_t i = 0; i < all.size(); ++i) {
      CAPTURE(all[i].path);
      CAPTURE(all[i].body);
      auto r = send(replay.serve.port(), all[i]);
      REQUIRE(r);
      CHECK(r->status == rec.answers[i].first);
      if (all[i].body.find("my keys") != std::string::npos) continue;  // its echo was scrubbed: see below
      CHECK(r->body == rec.answers[i].second);  // translated answers too: ids and times from the recording
      if (streamed(all[i])) {
        CHECK(data_lines(r->body) == data_lines(rec.answers[i].second));
        CHECK(data_lines(r->body).size() >= 3);
      }
    }
  }
}

TEST_CASE("cassettes: a translated answer's ids name its recording, and its created is the recorded time") {
  const Recording& rec = recording();
  const auto all = calls();
  size_t at = 0;
  while (!(all[at].path == "/v1/messages" && all[at].body.find("translate me") != std::string::npos)) ++at;
  json answer = json::parse(rec.answers[at].second);
  std::string id = answer["id"];  // "msg_" + the key's first 16 hex digits + the ordinal
  REQUIRE(id.size() == 28);
  CHECK(id.rfind("msg_", 0) == 0);
  bool named = false;
  for (const auto& f : cassette_files()) {
    json file = json::parse(slurp(f));
    if (std::string(file["key"]).rfind(id.substr(4, 16), 0) == 0 && file["ordinal"] == 0) {
      named = true;
      CHECK(file["request"]["path"] == "/v1/chat/completions");  // translated to the mock's OpenAI wire
      CHECK(file["recorded_at"].is_number_integer());
    }
  }
  CHECK(named);
  // OpenAI chat translated from Gemini: "created" is the recorded time, not the replay's.
  while (!(all[at].body.find("to gemini\"") != std::string::npos)) ++at;
  json gemini = json::parse(rec.answers[at].second);
  CHECK(gemini["object"] == "chat.completion");
  CHECK(std::string(gemini["id"]).rfind("chatcmpl-req_", 0) == 0);
  bool dated = false;
  for (const auto& f : cassette_files()) {
    json file = json::parse(slurp(f));
    if (std::string(file["request"]["path"]).ends_with(":generateContent")) {
      dated = true;
      CHECK(file["recorded_at"] == gemini["created"]);
      CHECK(std::string(gemini["id"]).substr(13, 16) == std::string(file["key"]).substr(0, 16));
    }
  }
  CHECK(dated);
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

TEST_CASE("cassettes: no configured secret is written - not from headers, bodies, URLs or answers") {
  const Recording& rec = recording();
  // The Gemini-style key did travel in the URL's query (and its header) ...
  CHECK(rec.mock_requests.find(":generateContent?key=" + kGeminiKey) != std::string::npos);
  CHECK(rec.mock_requests.find(":streamGenerateContent?alt=sse&key=" + kGeminiKey) != std::string::npos);
  int files = 0;
  int gemini = 0;
  for (const auto& f : std::filesystem::directory_iterator(rec.cassettes)) {
    std::string text = slurp(f.path());
    CAPTURE(f.path().string());
    ++files;
    // ... and, like every other secret, is in no file.
    for (const std::string& secret : {kOpenAiKey, kRouterKey, kMasterKey, kTomlKey, kGeminiKey})
      CHECK(text.find(secret) == std::string::npos);
    CHECK(text.find("\"authorization\"") == std::string::npos);
    CHECK(text.find("\"Authorization\"") == std::string::npos);
    CHECK(text.find("x-goog-api-key") == std::string::npos);
    if (text.find("\"provider\": \"google\"") != std::string::npos) {
      ++gemini;
      CHECK(text.find("\"path\": \"/v1beta/models/gemini-2.5-flash:") != std::string::npos);  // no query
    }
  }
  CHECK(gemini == 2);
  CHECK(files >= 20);
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
  CHECK(show.out.find("\nrecorded  20") != std::string::npos);  // recorded_at, in UTC
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

TEST_CASE("cassettes: images, a transcription upload and embeddings are recorded and replayed") {
  const Recording& rec = recording();
  int images = 0, transcriptions = 0, embeddings = 0;
  for (const auto& f : cassette_files()) {
    json file = json::parse(slurp(f));
    std::string path = file["request"]["path"];
    if (path == "/v1/images/generations") {
      ++images;
      CHECK(file["response"]["body"]["data"].size() == 2);
    } else if (path == "/v1/audio/transcriptions") {
      ++transcriptions;
      CHECK(std::string(file["request"]["headers"]["Content-Type"]).find("multipart/form-data") == 0);
      CHECK(std::string(file["response"]["body"]["text"]).find("hello.wav") != std::string::npos);
    } else if (path == "/v1/embeddings") {
      ++embeddings;
    }
  }
  CHECK(images == 1);
  CHECK(transcriptions == 1);
  CHECK(embeddings == 1);
  // Another upload of the same file (another random boundary) matches; another file misses, with a diff.
  Replay replay;
  const auto all = calls();
  size_t at = 0;
  while (all[at].path != "/v1/audio/transcriptions") ++at;
  Call upload = all[at];
  auto again = send(replay.serve.port(), upload);
  REQUIRE(again);
  CHECK(again->status == 200);
  CHECK(again->body == rec.answers[at].second);
  upload.body += " and more";
  auto other = send(replay.serve.port(), upload);
  REQUIRE(other);
  CHECK(other->status == 404);
  CHECK(json_of(other)["error"]["code"] == "cassette_miss");
  auto image = client(replay.serve.port())
                   .Post("/v1/images/generations",
                         json{{"model", "mock/image"}, {"prompt", "a record"}, {"n", 2}}.dump(), "application/json");
  REQUIRE(image);
  CHECK(image->status == 404);
  CHECK(json_of(image)["error"]["message"].get<std::string>().find("prompt: \"a cassette\" -> \"a record\"") !=
        std::string::npos);
}

TEST_CASE("cassettes: [cassette] match_ignore decides what is compared; --match-ignore adds to it") {
  recording();
  const std::string with_user = json{{"model", "mock/echo"},
                                     {"stream", false},
                                     {"user", "ci-run-42"},
                                     {"messages", {{{"role", "user"}, {"content", "hello cassette"}}}}}
                                    .dump();
  auto ask = [&](Replay& r) {
    auto res = client(r.serve.port()).Post("/v1/chat/completions", with_user, "application/json");
    REQUIRE(res);
    return std::make_pair(res->status, res->body);
  };
  {
    Replay defaults;  // user and metadata are left out by default
    CHECK(ask(defaults).first == 200);
  }
  {
    Replay whole({}, "[cassette]\nmatch_ignore = []\n");  // whole bodies: the added user is a difference
    auto [status, body] = ask(whole);
    CHECK(status == 404);
    CHECK(body.find("+user: \\\"ci-run-42\\\"") != std::string::npos);
  }
  {
    Replay flag({"--match-ignore", "user"}, "[cassette]\nmatch_ignore = []\n");  // the flag adds to the file's list
    CHECK(ask(flag).first == 200);
  }
  {
    // A member in neither list is compared: here the session id, which the config leaves out.
    const std::string with_session = json{{"model", "mock/echo"},
                                          {"stream", false},
                                          {"session_id", "s-1"},
                                          {"messages", {{{"role", "user"}, {"content", "hello cassette"}}}}}
                                         .dump();
    Replay sessions({}, "[cassette]\nmatch_ignore = [\"user\", \"session_id\"]\n");
    auto r = client(sessions.serve.port()).Post("/v1/chat/completions", with_session, "application/json");
    REQUIRE(r);
    CHECK(r->status == 200);
  }
  auto bad = run_gw_cli("serve --port 0 --replay " + recording().cassettes + " --match-ignore 'messages[0]'");
  CHECK(bad.code == 64);
  CHECK(bad.out.find("--match-ignore") != std::string::npos);
}

TEST_CASE("cassettes: only strict replay goes without keys; live and --record-missing still need them") {
  recording();
  TempDir dir;
  dir.write("config.toml", config_for(recording().mock_url, false));
  ScopedEnv openai{"OPENAI_API_KEY", nullptr};
  ScopedEnv router{"OPENROUTER_API_KEY", nullptr};
  for (std::vector<std::string> extra :
       {std::vector<std::string>{}, std::vector<std::string>{"--replay", recording().cassettes, "--record-missing"}}) {
    std::vector<std::string> args = {"--config", dir.file("config.toml"), "--db", dir.file("gw.db"), "serve", "--port",
                                     "0"};
    args.insert(args.end(), extra.begin(), extra.end());
    CAPTURE(extra.size());
    GwProcess serve(args);
    auto r = client(serve.port())
                 .Post("/v1/chat/completions", chat_body("hello cassette", false, "openai/gpt-4o"), "application/json");
    REQUIRE(r);
    CHECK(r->status != 200);
    CHECK(r->body.find("OPENAI_API_KEY") != std::string::npos);  // the usual error: which key to set
  }
}
