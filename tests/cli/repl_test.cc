// The REPL's logic, driven without a terminal: scripted lines in, a scripted
// backend, a real session store in memory, captured output.
#include "cli/repl.h"

#include <doctest/doctest.h>

#include <sstream>

#include "cli/repl_commands.h"
#include "core/catalog/catalog.h"
#include "core/catalog/model_resolver.h"
#include "core/terminal/ansi.h"
#include "tests/support/fake_chat_backend.h"
#include "tests/support/fake_clock.h"
#include "tests/support/fake_line_reader.h"

namespace gw {
namespace {

struct ReplHarness {
  FakeLineReader reader;
  FakeChatBackend backend;
  std::ostringstream out, err;
  std::unique_ptr<Database> db = std::move(Database::open(":memory:")).value();
  FakeClock clock;
  ChatSessionStore store{*db, clock};
  ReplSession session;

  ReplHarness() {
    session.conversation.model = "mock/echo";
    session.store = &store;
    session.out = &out;
    session.err = &err;
    session.check_model = [](std::string_view name) -> Result<std::string> {
      ModelResolver resolver(Catalog::builtin(), [](std::string_view) { return true; });
      auto r = resolver.resolve(name, "");
      if (!r) return r.error();
      return r->model->id;
    };
  }
  int run(std::string prefix = "") { return Repl(session, reader, backend).run(std::move(prefix)); }
  const Conversation& conversation() const { return session.conversation; }
  // The text of the last message of request `i`.
  std::string asked(size_t i) const { return backend.requests.at(i)["messages"].back()["content"]; }
};

bool has(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

TurnStats echo_stats() { return {"mock/echo", "mock", {4, 2, 0, 0, false}, Money(), 7}; }

}  // namespace

TEST_CASE("repl: a question streams its answer, then a quiet line; the conversation is saved") {
  ReplHarness h;
  h.reader.line("hello there");
  h.backend.answer({"Hel", "lo!"}, echo_stats());
  CHECK(h.run() == 0);
  CHECK(has(h.out.str(),
            "Hello!\nmock/echo via mock \xC2\xB7 4\xE2\x86\x92"
            "2 tokens \xC2\xB7 $0.00 \xC2\xB7 7 ms\n"));
  CHECK(h.backend.requests.at(0)["stream"] == true);
  CHECK(h.asked(0) == "hello there");
  REQUIRE(h.conversation().messages.size() == 2);
  CHECK(h.conversation().messages[1].content == "Hello!");
  auto saved = h.store.load_latest();
  REQUIRE(saved.ok());
  REQUIRE(saved->has_value());
  CHECK((*saved)->name == "chat-1");
  CHECK((*saved)->messages.size() == 2);
  CHECK(h.reader.history == std::vector<std::string>{"hello there"});
}

TEST_CASE("repl: /help lists every command of the table") {
  ReplHarness h;
  h.reader.line("/help");
  h.run();
  for (const SlashCommand& c : slash_commands()) CHECK(has(h.out.str(), "/" + std::string(c.name)));
  CHECK(h.backend.requests.empty());
}

TEST_CASE("repl: /model switches the next answer's model; an unknown one gets a did-you-mean") {
  ReplHarness h;
  h.reader.line("/model gpt-4o").line("hi").line("/model gpt-4x").line("/model");
  h.run();
  CHECK(has(h.out.str(), "model: openai/gpt-4o"));
  CHECK(h.backend.requests.at(0)["model"] == "openai/gpt-4o");
  CHECK(has(h.err.str(), "gw: The model 'gpt-4x' does not exist or is not served by gw. Did you mean:"));
  CHECK(h.conversation().model == "openai/gpt-4o");
}

TEST_CASE("repl: /system sets the system prompt for the next answers, /system off removes it") {
  ReplHarness h;
  h.reader.line("/system answer in French").line("hi").line("/system off").line("again");
  h.run();
  CHECK(h.backend.requests.at(0)["messages"][0] == nlohmann::json{{"role", "system"}, {"content", "answer in French"}});
  CHECK(h.backend.requests.at(1)["messages"][0]["role"] == "user");
}

TEST_CASE("repl: Ctrl-C during an answer keeps what arrived, marked, and the session goes on") {
  ReplHarness h;
  h.reader.line("count to three").line("and now?");
  h.backend.cancelled_after({"one ", "two ", "three"}, 2);
  h.run();
  CHECK(has(h.out.str(), "one two \n[interrupted]\n"));
  REQUIRE(h.backend.requests.size() == 2);
  const auto& messages = h.conversation().messages;
  REQUIRE(messages.size() == 4);
  CHECK(messages[1].content == "one two ");
  CHECK(messages[1].partial);
  CHECK_FALSE(messages[3].partial);
  CHECK(h.session.totals.answers() == 1);  // the interrupted one is not counted
}

TEST_CASE("repl: Ctrl-C at the prompt drops the half-typed input; Ctrl-D leaves") {
  ReplHarness h;
  h.reader.line("\"\"\"").line("half a block").ctrl_c().line("next").ctrl_d().line("never read");
  CHECK(h.run() == 0);
  REQUIRE(h.backend.requests.size() == 1);
  CHECK(h.asked(0) == "next");
  CHECK(h.reader.prompts == std::vector<std::string>{"gw> ", "...> ", "...> ", "gw> ", "gw> "});
}

TEST_CASE("repl: multi-line input by trailing backslash or a \"\"\" block") {
  ReplHarness h;
  h.reader.line("first \\").line("second").line("\"\"\"").line("/not a command").line("").line("last").line("\"\"\"");
  h.run();
  REQUIRE(h.backend.requests.size() == 2);
  CHECK(h.asked(0) == "first \nsecond");
  CHECK(h.asked(1) == "/not a command\n\nlast");
  // Each input is one history entry, recalled whole.
  CHECK(h.reader.history == std::vector<std::string>{"first \nsecond", "/not a command\n\nlast"});
}

TEST_CASE("repl: /save NAME over another conversation's name is refused") {
  ReplHarness h;
  h.reader.line("one").line("/save work").line("/clear").line("two").line("/save work");
  h.run();
  CHECK(has(h.err.str(), "gw: a conversation named 'work' exists already"));
  CHECK(h.store.load("work")->value().messages.at(0).content == "one");
}

TEST_CASE("repl: /retry asks again for the last answer, replacing it") {
  ReplHarness h;
  h.reader.line("roll a die").line("/retry");
  h.backend.answer({"2"}, echo_stats());
  h.backend.answer({"5"}, echo_stats());
  h.run();
  REQUIRE(h.backend.requests.size() == 2);
  CHECK(h.backend.requests[1]["messages"] == h.backend.requests[0]["messages"]);
  REQUIRE(h.conversation().messages.size() == 2);
  CHECK(h.conversation().messages[1].content == "5");
  CHECK(h.session.totals.answers() == 2);
}

TEST_CASE("repl: /retry with nothing asked says so") {
  ReplHarness h;
  h.reader.line("/retry");
  h.run();
  CHECK(has(h.out.str(), "nothing to retry yet"));
  CHECK(h.backend.requests.empty());
}

TEST_CASE("repl: /usage reports the session's tokens and exact cost per model") {
  ReplHarness h;
  h.reader.line("a").line("b").line("/usage");
  TurnStats paid{"openai/gpt-4o", "openai", {10, 10, 0, 0, false}, Money::parse("0.000125"), 5};
  h.backend.answer({"x"}, paid);
  h.backend.answer({"y"}, paid);
  h.run();
  CHECK(has(h.out.str(), "this session: 2 answers, 20 prompt + 20 completion tokens, $0.00025\n"));
  CHECK(has(h.out.str(), "  openai/gpt-4o: 2 answers, 40 tokens, $0.00025\n"));
}

TEST_CASE("repl: /save NAME, /clear and /load NAME bring a conversation back") {
  ReplHarness h;
  h.reader.line("remember this").line("/save work").line("/clear").line("something else").line("/load work");
  h.run();
  CHECK(has(h.out.str(), "saved as work"));
  CHECK(has(h.out.str(), "the last one is saved as work"));
  CHECK(has(h.out.str(), "loaded work: 2 messages, model mock/echo"));
  CHECK(h.conversation().name == "work");
  CHECK(h.conversation().messages.at(0).content == "remember this");
  CHECK(h.backend.requests.at(1)["messages"].size() == 1);  // /clear started afresh
  CHECK_FALSE(h.store.load("chat-1")->has_value());         // /save named it: no copy left behind
  auto other = h.store.load("chat-2");                      // the next free number
  REQUIRE(other.ok());
  REQUIRE(other->has_value());
  CHECK((*other)->messages.at(0).content == "something else");
}

TEST_CASE("repl: /load without a name lists sessions; a wrong name gets a did-you-mean") {
  ReplHarness h;
  h.reader.line("hi").line("/save project-x").line("/load").line("/load projcet-x");
  h.run();
  CHECK(has(h.out.str(), "  project-x  mock/echo  2 messages\n"));
  CHECK(has(h.err.str(), "gw: no session named 'projcet-x'; did you mean project-x?"));
}

TEST_CASE("repl: an unknown slash command gets a did-you-mean from the table") {
  ReplHarness h;
  h.reader.line("/modle gpt-4o").line("/exit").line("not read");
  CHECK(h.run() == 0);
  CHECK(has(h.err.str(), "gw: unknown command /modle; did you mean /model? (/help lists them)"));
  CHECK(h.backend.requests.empty());
}

TEST_CASE("repl: a failed answer is reported and the question taken back") {
  ReplHarness h;
  h.reader.line("hello").line("again");
  h.backend.fail(make_error(ErrorKind::kUnavailable, "no provider could serve mock/echo"));
  h.run();
  CHECK(has(h.err.str(), "gw: no provider could serve mock/echo\n"));
  REQUIRE(h.backend.requests.size() == 2);
  CHECK(h.backend.requests[1]["messages"].size() == 1);
}

TEST_CASE("repl: attached files go before the first message only") {
  ReplHarness h;
  h.reader.line("summarise").line("thanks");
  h.run("File: a.txt\n```\nA\n```");
  CHECK(h.asked(0) == "File: a.txt\n```\nA\n```\n\nsummarise");
  CHECK(h.asked(1) == "thanks");
}

TEST_CASE("repl: with colour, answers are rendered markdown and the quiet line is dim") {
  ReplHarness h;
  h.session.color = true;
  h.reader.line("q");
  h.backend.answer({"# Ti", "tle\n"}, echo_stats());
  h.run();
  CHECK(has(h.out.str(), std::string(ansi::kBold) + "# Title"));
  CHECK(has(h.out.str(), std::string(ansi::kDim) + "mock/echo via mock"));
}

TEST_CASE("repl: a resumed conversation is announced in the banner") {
  ReplHarness h;
  h.session.conversation.name = "work";
  h.session.conversation.add_user("old");
  h.session.conversation.add_answer("older", {}, false);
  h.run();
  CHECK(has(h.out.str(), "resumed work (2 messages)"));
}

}  // namespace gw
