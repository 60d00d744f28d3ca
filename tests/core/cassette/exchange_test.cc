// Tests for core/cassette/exchange.h: the cassette file round trip, and the
// bytes replay gives back.
#include "core/cassette/exchange.h"

#include <doctest/doctest.h>

namespace gw {

TEST_CASE("cassette format: a whole answer round-trips byte for byte, readable when it can be") {
  Exchange e;
  e.provider = "mock";
  e.model = "mock/echo";
  e.ordinal = 2;
  e.key = std::string(64, 'f');
  e.method = "POST";
  e.path = "/v1/chat/completions";
  e.request_headers = {{"content-type", "application/json"}};
  e.request_body = R"({"model":"mock/echo","n":1.5})";
  e.status = 200;
  e.response_headers = {{"content-type", "application/json"}};
  for (std::string body : {std::string(R"({"b":1,"a":[1,2.5,"é"]})"), std::string("{\n  \"pretty\": true\n}"),
                           std::string("not json"), std::string("\xff\xfe binary")}) {
    CAPTURE(body);
    e.body = body;
    std::string text = exchange_to_text(e);
    auto back = exchange_from_text(text);
    REQUIRE(back);
    CHECK(back->body == body);
    CHECK(back->ordinal == 2);
    CHECK(back->request_headers == e.request_headers);
    CHECK(exchange_to_text(*back) == text);  // stable: re-writing changes nothing
  }
  e.body = R"({"b":1})";
  CHECK(exchange_to_text(e).find("\"body\": {\n      \"b\": 1") != std::string::npos);  // JSON, pretty
}

TEST_CASE("cassette format: stream frames keep their order, bytes and times; errors survive") {
  Exchange e;
  e.provider = "anthropic";
  e.key = std::string(64, '0');
  e.method = "POST";
  e.path = "/v1/messages";
  e.status = 200;
  e.streamed = true;
  e.frames = {{0, "event: message_start\ndata: {\"usage\":{\"input_tokens\":3}}\n\n"}, {12, "data: [DONE]\n\n"}};
  e.error_kind = "upstream_error";
  e.error_message = "cut";
  std::string text = exchange_to_text(e);
  CHECK(text.find("\"usage\": {\n    \"input_tokens\": 3") != std::string::npos);
  auto back = exchange_from_text(text);
  REQUIRE(back);
  REQUIRE(back->frames.size() == 2);
  CHECK(back->frames[0].data == e.frames[0].data);
  CHECK(back->frames[1].t_ms == 12);
  CHECK(back->error_kind == "upstream_error");
}

TEST_CASE("cassette format: a file that is not a cassette says so") {
  CHECK(!exchange_from_text("{}"));
  CHECK(!exchange_from_text("nope"));
  CHECK(!exchange_from_text(R"({"gw_cassette":99})"));
}

TEST_CASE("cassette format: file names say provider, route, model, key and ordinal") {
  Exchange e;
  e.provider = "mock";
  e.path = "/v1/chat/completions";
  e.model = "mock/echo";
  e.key = "0123456789abcdef";
  e.ordinal = 3;
  CHECK(e.file_name() == "mock_v1-chat-completions_mock-echo_0123456789ab_3.json");
}

TEST_CASE("cassette format: recorded_at survives the round trip and is left out when not known") {
  Exchange e;
  e.provider = "mock";
  e.key = std::string(64, 'a');
  e.method = "POST";
  e.path = "/v1/chat/completions";
  e.status = 200;
  e.body = "{}";
  CHECK(exchange_to_text(e).find("recorded_at") == std::string::npos);
  e.recorded_at = 1767225600;
  std::string text = exchange_to_text(e);
  CHECK(text.find("\"recorded_at\": 1767225600,\n") != std::string::npos);
  auto back = exchange_from_text(text);
  REQUIRE(back);
  CHECK(back->recorded_at == 1767225600);
}

TEST_CASE("recorded answer ids: request-id form, from the key and the ordinal, the same every run") {
  const std::string key = "8d1e0a6b7c55f00d" + std::string(48, 'e');
  CHECK(recorded_answer_id(key, 0) == "req_8d1e0a6b7c55f00d00000000");
  CHECK(recorded_answer_id(key, 26) == "req_8d1e0a6b7c55f00d0000001a");
  CHECK(recorded_answer_id(key, 0).size() == 28);  // "req_" + 24 hex, like new_request_id()
  CHECK(recorded_answer_id("ZZ", 1) ==
        "req_0000000000000000"
        "00000001");  // a broken key still gives hex
}

}  // namespace gw
