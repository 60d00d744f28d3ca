// Tests for core/cassette/cassette_scrubber.h: no secret reaches a cassette.
#include "core/cassette/cassette_scrubber.h"

#include <doctest/doctest.h>

namespace gw {
namespace {

const std::string kOpenAiKey = "sk-proj-FAKEabcdefghijklmnop1234";
const std::string kMaster = "master-FAKE-0123456789";

CassetteScrubber scrubber() {
  CassetteScrubber s;
  s.add_secret("OPENAI_API_KEY", kOpenAiKey);
  s.add_secret("GW_MASTER_KEY", kMaster);
  s.add_secret("SHORT", "abc");  // too short to replace: ordinary text
  return s;
}

Exchange with_secrets() {
  Exchange e;
  e.provider = "openai";
  e.method = "POST";
  e.path = "/v1beta/models/x:generateContent?key=" + kOpenAiKey;
  e.request_headers = {{"Authorization", "Bearer " + kOpenAiKey},
                       {"x-api-key", kOpenAiKey},
                       {"x-goog-api-key", "AIzaFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKE"},
                       {"api-key", "azurekey123456"},
                       {"Cookie", "session=1"},
                       {"anthropic-version", "2023-06-01"},
                       {"Content-Type", "application/json"}};
  e.request_body = R"({"model":"gpt-4o","user":")" + kMaster + R"(","note":"my key is gw_live_abcdefghijkl"})";
  e.status = 200;
  e.response_headers = {{"Content-Type", "application/json"}, {"Set-Cookie", "a=b"}, {"x-echo", kOpenAiKey}};
  e.body = R"({"choices":[{"message":{"content":"you said )" + kOpenAiKey + R"( abc"}}]})";
  e.streamed = false;
  return e;
}

}  // namespace

TEST_CASE("cassette scrubber: auth headers are dropped, the ones that change an answer kept") {
  Exchange e = scrubber().scrub(with_secrets());
  std::vector<std::string> names;
  for (const auto& [name, value] : e.request_headers) names.push_back(name);
  CHECK(names == std::vector<std::string>{"anthropic-version", "Content-Type"});
  REQUIRE(e.response_headers.size() == 1);
  CHECK(e.response_headers[0].first == "Content-Type");
}

TEST_CASE("cassette scrubber: configured secrets are replaced in the path, bodies and frames") {
  Exchange in = with_secrets();
  in.streamed = true;
  in.frames = {{0, "data: {\"x\":\"" + kMaster + "\"}\n\n"}};
  Exchange e = scrubber().scrub(in);
  CHECK(e.path.find(kOpenAiKey) == std::string::npos);
  CHECK(e.request_body.find(kMaster) == std::string::npos);
  CHECK(e.request_body.find("<redacted:GW_MASTER_KEY>") != std::string::npos);
  CHECK(e.request_body.find("gw_live_abcdefghijkl") == std::string::npos);  // shaped like a key
  CHECK(e.body.find(kOpenAiKey) == std::string::npos);
  CHECK(e.body.find("<redacted:OPENAI_API_KEY> abc") != std::string::npos);  // short "secret" left alone
  CHECK(e.frames[0].data.find(kMaster) == std::string::npos);
}

TEST_CASE("cassette scrubber: a key that contains another is replaced whole") {
  CassetteScrubber s;
  s.add_secret("SHORTER", "sk-abcdefgh");
  s.add_secret("LONGER", "sk-abcdefgh-and-more");
  CHECK(s.replace_secrets("x sk-abcdefgh-and-more y") == "x <redacted:LONGER> y");
}

}  // namespace gw
