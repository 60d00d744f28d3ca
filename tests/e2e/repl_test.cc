// E2E: gw chat's REPL driven through a pseudo-terminal, checking what a
// person would see: a streamed answer with its quiet line, slash commands,
// Ctrl-C during a slow stream (which stops the transfer itself), and history
// that outlives the session.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include "tests/e2e/support/gw_process.h"
#include "tests/e2e/support/pty_process.h"

using namespace gw::e2e;

namespace {

// A private home for one test: data (history, database) and config there.
std::vector<std::pair<std::string, std::string>> private_env(const TempDir& dir) {
  return {{"HOME", dir.path()},
          {"XDG_DATA_HOME", dir.file("data")},
          {"XDG_CONFIG_HOME", dir.file("config")},
          {"GW_DB", ""},
          {"GW_CONFIG", ""},
          {"GW_MODEL", ""},
          {"NO_COLOR", "1"},
          {"LC_ALL", "C.UTF-8"}};
}

// Types a question at the prompt and waits for its answer's quiet line.
void ask(PtyProcess& gw, const std::string& question) {
  gw.type(question + "\r");
  REQUIRE_MESSAGE(gw.expect(question + "\r\n"), gw.output());  // the terminal echoes the typed line
  REQUIRE_MESSAGE(gw.expect("mock/echo via mock \xC2\xB7 ", 20000), gw.output());
  REQUIRE(gw.expect("gw> "));
}

// Types `keys` and waits for `reply`, then for the next prompt.
void exchange(PtyProcess& gw, const std::string& keys, const std::string& reply) {
  gw.type(keys);
  REQUIRE_MESSAGE(gw.expect(reply), gw.output());
  REQUIRE(gw.expect("gw> "));
}

// Ctrl-D at the prompt (after it is shown, as a person would); gw must
// leave with exit code 0.
void leave(PtyProcess& gw) {
  gw.type("\x04");
  CHECK_MESSAGE(gw.wait_exit() == 0, gw.output());
}

// `gw chat` in-process, with the default (mock) providers.
std::vector<std::string> local_chat(const TempDir& dir) { return {"--db", dir.file("chat.db"), "chat"}; }

// `gw chat` against a running gw serve.
std::vector<std::string> chat_via(const Stack& stack, const TempDir& dir) {
  return {"--db", dir.file("chat.db"), "chat", "--url", stack.serve.url(), "-m", "echo"};
}

}  // namespace

TEST_CASE("repl: a typed question gets a streamed answer and a quiet line; Ctrl-D leaves") {
  Stack stack;
  TempDir dir;
  PtyProcess gw(chat_via(stack, dir), private_env(dir));
  REQUIRE_MESSAGE(gw.expect("gw> "), gw.output());
  gw.type("hello from a terminal\r");
  REQUIRE(gw.expect("hello from a terminal\r\n"));                   // the terminal echoes the typed line
  REQUIRE_MESSAGE(gw.expect("hello from a terminal"), gw.output());  // the answer
  CHECK_MESSAGE(gw.expect("mock/echo via mock \xC2\xB7 "), gw.output());
  CHECK(gw.expect(" ms"));
  REQUIRE(gw.expect("gw> "));
  leave(gw);
}

TEST_CASE("repl: /help lists the slash commands and /model switches models") {
  Stack stack;
  TempDir dir;
  PtyProcess gw(chat_via(stack, dir), private_env(dir));
  REQUIRE(gw.expect("gw> "));
  gw.type("/help\r");
  CHECK_MESSAGE(gw.expect("/retry"), gw.output());
  CHECK(gw.expect("Ctrl-D leaves"));
  gw.type("/model mock/echo-priced\r");
  CHECK_MESSAGE(gw.expect("model: mock/echo-priced"), gw.output());
  gw.type("/model gpt-4o\r");  // a real model, but this server has no provider for it
  CHECK_MESSAGE(gw.expect("has no provider for openai/gpt-4o"), gw.output());
  gw.type("/model gtp-4o\r");
  CHECK_MESSAGE(gw.expect("Did you mean"), gw.output());
  gw.type("/exit\r");
  CHECK(gw.wait_exit() == 0);
}

// Asks a long question whose answer streams slowly, presses Ctrl-C once the
// first words have arrived, and checks gw is back at the prompt without the
// rest of the answer, ready for the next question.
void interrupt_slow_answer(PtyProcess& gw) {
  REQUIRE_MESSAGE(gw.expect("gw> "), gw.output());
  gw.type("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda omega\r");
  REQUIRE(gw.expect("omega\r\n"));  // end of the echoed input line
  const size_t answer_starts = gw.output().size();
  REQUIRE_MESSAGE(gw.expect("alpha", 20000), gw.output());  // the first words have streamed
  gw.type("\x03");
  REQUIRE_MESSAGE(gw.expect("[interrupted]", 10000), gw.output());
  CHECK(gw.expect("gw> ", 5000));
  CHECK(gw.output().find("lambda omega", answer_starts) == std::string::npos);
  ask(gw, "still here");  // the session goes on: the next question is answered in full
  leave(gw);
}

TEST_CASE("repl: Ctrl-C during a slow stream from gw serve stops that answer and returns to the prompt") {
  // Each chunk waits 400 ms, so the whole answer would take several seconds.
  Stack stack("", {"--chunk-delay-ms", "400"});
  TempDir dir;
  PtyProcess gw(chat_via(stack, dir), private_env(dir));
  interrupt_slow_answer(gw);
}

TEST_CASE("repl: Ctrl-C stops a slow in-process answer the same way") {
  // In-process gateway (no --url), its mock provider pointed at the slow gw mock.
  Stack stack("", {"--chunk-delay-ms", "400"});
  TempDir dir;
  PtyProcess gw({"--config", stack.dir.file("config.toml"), "--db", dir.file("chat.db"), "chat", "-m", "echo"},
                private_env(dir));
  interrupt_slow_answer(gw);
}

TEST_CASE("repl: after Ctrl-C during a slow stream from gw serve, leaving does not wait for the rest") {
  // Each chunk waits 3 s: the rest of the answer would take at least 18 s,
  // and a transfer left running would hold gw's exit that long. It must
  // exit well before (the bound is what the test waits, not a speed check).
  Stack stack("", {"--chunk-delay-ms", "3000"});
  TempDir dir;
  PtyProcess gw(chat_via(stack, dir), private_env(dir));
  REQUIRE_MESSAGE(gw.expect("gw> "), gw.output());
  gw.type("alpha beta gamma delta epsilon zeta eta\r");
  REQUIRE(gw.expect("eta\r\n"));
  REQUIRE_MESSAGE(gw.expect("alpha", 20000), gw.output());
  gw.type("\x03");
  REQUIRE_MESSAGE(gw.expect("[interrupted]", 10000), gw.output());
  REQUIRE(gw.expect("gw> ", 5000));
  gw.type("\x04");
  CHECK_MESSAGE(gw.wait_exit(9000) == 0, gw.output());
}

TEST_CASE("repl: Ctrl-C at the prompt clears the line instead of leaving") {
  TempDir dir;
  PtyProcess gw(local_chat(dir), private_env(dir));
  REQUIRE(gw.expect("gw> "));
  gw.type("half typed");
  REQUIRE(gw.expect("half typed"));
  gw.type("\x03");
  REQUIRE(gw.expect("gw> "));
  ask(gw, "whole");
  CHECK(gw.output().find("half typedwhole") == std::string::npos);
  leave(gw);
}

TEST_CASE("repl: history persists across sessions, and --continue resumes the conversation") {
  TempDir dir;
  {
    PtyProcess first(local_chat(dir), private_env(dir));
    REQUIRE(first.expect("gw> "));
    ask(first, "remember this line");
    leave(first);
  }
  struct stat st {};
  REQUIRE(::stat(dir.file("data/gw/history").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);

  PtyProcess second({"--db", dir.file("chat.db"), "chat", "--continue"}, private_env(dir));
  REQUIRE_MESSAGE(second.expect("resumed chat-1 (2 messages)"), second.output());
  REQUIRE(second.expect("gw> "));
  second.type("\x1b[A");  // up arrow: the previous session's line comes back
  REQUIRE_MESSAGE(second.expect("remember this line"), second.output());
  second.type("\r");
  CHECK_MESSAGE(second.expect("mock/echo via mock"), second.output());
  REQUIRE(second.expect("gw> "));
  leave(second);
}

TEST_CASE("repl: /model is refused at once when no provider here serves the model") {
  TempDir dir;
  auto env = private_env(dir);
  env.insert(env.end(), {{"ANTHROPIC_API_KEY", ""}, {"OPENROUTER_API_KEY", ""}});
  PtyProcess gw(local_chat(dir), env);
  REQUIRE(gw.expect("gw> "));
  exchange(gw, "/model sonnet\r", "gw: no configured provider serves anthropic/claude-sonnet-4.5");
  exchange(gw, "/model\r", "model: mock/echo");
  leave(gw);
}

TEST_CASE("repl: a multi-line input comes back from history as one entry") {
  TempDir dir;
  PtyProcess gw(local_chat(dir), private_env(dir));
  REQUIRE(gw.expect("gw> "));
  gw.type("alpha \\\r");
  REQUIRE(gw.expect("...> "));
  ask(gw, "omega");
  // Up arrow, Enter: the whole input again, not just its last line.
  exchange(gw, "\x1b[A\r", "alpha \r\nomega\r\nmock/echo via mock");
  leave(gw);
}

TEST_CASE("repl: Tab completes slash commands, models and file names") {
  TempDir dir;
  dir.write("notes.txt", "n\n");
  PtyProcess gw(local_chat(dir), private_env(dir));
  REQUIRE(gw.expect("gw> "));
  // What Tab inserts shows after a cursor move; the command it makes is the proof.
  gw.type("/mo\t");
  REQUIRE_MESSAGE(gw.expect("del "), gw.output());
  gw.type("mock/echo-pr\t");
  REQUIRE_MESSAGE(gw.expect("iced "), gw.output());
  exchange(gw, "\r", "model: mock/echo-priced");
  gw.type("/model echo\r");
  REQUIRE(gw.expect("gw> "));
  gw.type("summarise " + dir.file("no") + "\t");
  REQUIRE_MESSAGE(gw.expect("tes.txt "), gw.output());
  exchange(gw, "\r", dir.file("notes.txt") + " \r\nmock/echo via mock");  // the answer echoes the whole path
  leave(gw);
}
