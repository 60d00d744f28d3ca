// Tests for core/chat/model_options.h: -o KEY=VALUE pairs as JSON members.
#include "core/chat/model_options.h"

#include <doctest/doctest.h>

namespace gw {

TEST_CASE("model options: values that read as JSON are JSON, the rest strings") {
  auto o = parse_model_options({"temperature=0.2", "max_tokens=200", "seed=7", "logprobs=true", "stop=END",
                                R"(response_format={"type":"json_object"})", "user="});
  REQUIRE(o.ok());
  CHECK((*o)["temperature"] == 0.2);
  CHECK((*o)["max_tokens"] == 200);
  CHECK((*o)["logprobs"] == true);
  CHECK((*o)["stop"] == "END");
  CHECK((*o)["response_format"]["type"] == "json_object");
  CHECK((*o)["user"] == "");
}

TEST_CASE("model options: a later pair wins; malformed or reserved keys are usage errors") {
  CHECK((*parse_model_options({"temperature=1", "temperature=0"}))["temperature"] == 0);
  CHECK(parse_model_options({"temperature"}).error().kind == ErrorKind::kUsage);
  CHECK(parse_model_options({"=1"}).error().kind == ErrorKind::kUsage);
  auto reserved = parse_model_options({"model=gpt-4o"});
  REQUIRE_FALSE(reserved.ok());
  CHECK(reserved.error().message == "'model' is set by gw chat itself, not by -o (use -m for the model)");
  CHECK(parse_model_options({"stream=false"}).error().kind == ErrorKind::kUsage);
}

}  // namespace gw
