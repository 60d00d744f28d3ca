// The OpenAI chat client dialect on translated answers: what an OpenAI
// client sees is plain OpenAI, whatever gw carried in the canonical form.
#include <doctest/doctest.h>

#include <string>

#include "core/dialects/dialect.h"

namespace gw {
namespace {

using nlohmann::json;

RenderContext context(bool include_usage) {
  RenderContext ctx;
  ctx.request_id = "req_1";
  ctx.model = "anthropic/claude-sonnet-4.5";
  ctx.include_usage = include_usage;
  return ctx;
}

// A canonical usage chunk as the Anthropic adapter's stream decoder makes it.
json usage_chunk() {
  return {{"id", "msg_1"},
          {"object", "chat.completion.chunk"},
          {"created", 0},
          {"model", "claude-sonnet-4-5"},
          {"choices", json::array()},
          {"usage",
           {{"prompt_tokens", 1050},
            {"completion_tokens", 7},
            {"total_tokens", 1057},
            {"prompt_tokens_details",
             {{"cached_tokens", 900}, {"cache_write_tokens", 20}, {"cache_write_1h_tokens", 30}}}}}};
}

}  // namespace

TEST_CASE("openai chat dialect: a streamed usage chunk carries OpenAI's usage members only") {
  auto encoder = openai_chat_dialect().stream_encoder(context(true));
  std::string out;
  encoder->encode(usage_chunk(), out);
  REQUIRE(out.rfind("data: ", 0) == 0);
  json chunk = json::parse(out.substr(6, out.find("\n\n") - 6));
  CHECK(chunk["model"] == "anthropic/claude-sonnet-4.5");
  CHECK(chunk["usage"]["prompt_tokens"] == 1050);
  CHECK(chunk["usage"]["total_tokens"] == 1057);
  CHECK(chunk["usage"]["prompt_tokens_details"] == json{{"cached_tokens", 900}});
}

TEST_CASE("openai chat dialect: a whole translated answer carries OpenAI's usage members only") {
  json message = {{"role", "assistant"}, {"content", "hi"}};
  json canonical = {{"choices", json::array({{{"index", 0}, {"message", message}}})},
                    {"usage", usage_chunk()["usage"]}};
  Usage u;
  u.prompt_tokens = 1050;
  u.completion_tokens = 7;
  u.cached_tokens = 900;
  u.cache_write_tokens = 20;
  u.cache_write_1h_tokens = 30;
  json out = json::parse(openai_chat_dialect().render_response(canonical, u, context(false)));
  CHECK(out["usage"]["prompt_tokens_details"] == json{{"cached_tokens", 900}});
}

}  // namespace gw
