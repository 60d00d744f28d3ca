// Tests for core/config/prompt_template.h: -t NAME files and how they shape
// the message.
#include "core/config/prompt_template.h"

#include <doctest/doctest.h>

namespace gw {

TEST_CASE("prompt template: system, model and prompt; $input takes the typed or piped text") {
  auto t = parse_prompt_template("review",
                                 "system = \"be terse\"\nmodel = \"echo\"\nprompt = \"Review:\\n$input\\nThanks\"\n");
  REQUIRE(t.ok());
  CHECK(t->system == "be terse");
  CHECK(t->model == "echo");
  CHECK(apply_template(*t, "diff") == "Review:\ndiff\nThanks");
}

TEST_CASE("prompt template: a prompt without $input gets the input after a blank line; none passes it as is") {
  PromptTemplate prefix{"", "", "Translate to French."};
  CHECK(apply_template(prefix, "hello") == "Translate to French.\n\nhello");
  CHECK(apply_template(prefix, "") == "Translate to French.");
  CHECK(apply_template(PromptTemplate{"sys", "", ""}, "hello") == "hello");
}

TEST_CASE("prompt template: unknown keys, non-text values and bad TOML are config errors naming the template") {
  auto unknown = parse_prompt_template("r", "sytem = \"x\"\n");
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().kind == ErrorKind::kConfig);
  CHECK(unknown.error().message == "template 'r': unknown key 'sytem' (system, model or prompt)");
  CHECK(parse_prompt_template("r", "model = 3\n").error().message == "template 'r': 'model' must be text");
  CHECK(parse_prompt_template("r", "= broken").error().kind == ErrorKind::kConfig);
}

}  // namespace gw
