// Conversation: request bodies, retry and partial answers.
#include "core/chat/conversation.h"

#include <doctest/doctest.h>

namespace gw {

TEST_CASE("conversation: the request carries the system prompt, then every message in order") {
  Conversation c;
  c.model = "mock/echo";
  c.system = "be brief";
  c.add_user("hi");
  c.add_answer("hello", {}, false);
  c.add_user("again");
  auto body = c.request_body(true);
  CHECK(body["model"] == "mock/echo");
  CHECK(body["stream"] == true);
  CHECK(body["stream_options"]["include_usage"] == true);
  CHECK(body["messages"] == nlohmann::json::parse(R"([{"role":"system","content":"be brief"},
      {"role":"user","content":"hi"},{"role":"assistant","content":"hello"},{"role":"user","content":"again"}])"));
  CHECK_FALSE(c.request_body(false).contains("stream_options"));
}

TEST_CASE("conversation: retry drops the last answer and owes a new one") {
  Conversation c;
  CHECK_FALSE(c.drop_last_answer());
  c.add_user("q");
  c.add_answer("partial a", {}, true);
  CHECK(c.messages.back().partial);
  CHECK(c.drop_last_answer());
  CHECK(c.messages.size() == 1);
  CHECK(c.awaiting_answer());
}

}  // namespace gw

TEST_CASE("conversation: model options go into every request body beside model and messages") {
  gw::Conversation c;
  c.model = "echo";
  c.options = {{"temperature", 0.2}, {"max_tokens", 5}};
  c.add_user("hi");
  auto body = c.request_body(true);
  CHECK(body["temperature"] == 0.2);
  CHECK(body["max_tokens"] == 5);
  CHECK(body["model"] == "echo");
  CHECK(body["stream"] == true);
  CHECK(body["messages"].size() == 1);
}
