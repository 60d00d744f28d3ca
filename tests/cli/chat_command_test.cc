// One-shot `gw chat` as scripts use it, in-process against the built-in mock
// provider: output, attachments, sessions, colour and exit codes.
#include <doctest/doctest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/base/clock.h"
#include "core/terminal/ansi.h"
#include "proxy/io/chat_session_store.h"
#include "tests/support/cli_run.h"
#include "tests/support/scoped_env.h"
#include "tests/support/temp_dir.h"

namespace gw {
namespace {

// A private config and database for each test.
class ChatSandbox {
 public:
  ChatSandbox() { dir_.write("config.toml", ""); }
  std::string path(const std::string& name) const { return dir_.file(name); }
  void write(const std::string& name, const std::string& text) const { dir_.write(name, text); }
  CliRun chat(std::vector<std::string> args, const CliEnv& env = {}) const {
    args.insert(args.begin(), {"--config", path("config.toml"), "--db", path("gw.db"), "chat"});
    return run_gw(args, env);
  }
  Conversation session(const std::string& name) const {
    auto db = Database::open(path("gw.db"));
    REQUIRE(db.ok());
    ChatSessionStore store(**db, system_clock());
    auto c = store.load(name);
    REQUIRE(c.ok());
    REQUIRE(c->has_value());
    return **c;
  }

 private:
  TempDir dir_;
  ScopedEnv model_{"GW_MODEL", nullptr};
  ScopedEnv no_color_{"NO_COLOR", nullptr};
};

}  // namespace

TEST_CASE("chat: the answer is printed exactly, streamed or not") {
  ChatSandbox box;
  CliRun streamed = box.chat({"hello", "world"});
  CHECK(streamed.exit_code == 0);
  CHECK(streamed.out == "hello world\n");
  CHECK(streamed.err == "");  // stderr is not a terminal: no spinner, no quiet line
  CHECK(box.chat({"--no-stream", "hello"}).out == "hello\n");
}

TEST_CASE("chat: the prompt can come from stdin") {
  ChatSandbox box;
  CliRun piped = box.chat({"-m", "echo"}, CliEnv{"piped question\n"});
  CHECK(piped.exit_code == 0);
  CHECK(piped.out == "piped question\n");
}

TEST_CASE("chat: piped stdin and an argument are both sent, the argument last") {
  ChatSandbox box;
  CliRun run = box.chat({"explain", "this"}, CliEnv{"int x = 1;\n"});
  CHECK(run.exit_code == 0);
  CHECK(run.out == "int x = 1;\n\nexplain this\n");
}

TEST_CASE("chat: -f with a directory is a clean I/O error, not an abort") {
  ChatSandbox box;
  CliRun run = box.chat({"-f", box.path(""), "x"});
  CHECK(run.exit_code == error_info(ErrorKind::kIo).exit_code);
  CHECK(run.err.find("is a directory") != std::string::npos);
  CHECK(run.out == "");
}

TEST_CASE("chat: one-shots are saved, and -c continues the last of them") {
  ChatSandbox box;
  CHECK(box.chat({"first"}).exit_code == 0);
  CHECK(box.session("chat-1").messages.size() == 2);
  CHECK(box.chat({"-c", "second"}).exit_code == 0);
  Conversation c = box.session("chat-1");
  REQUIRE(c.messages.size() == 4);
  CHECK(c.messages[2].content == "second");
}

TEST_CASE("chat: -o, --temperature and --max-tokens reach the request body") {
  ChatSandbox box;
  CHECK(box.chat({"-o", "temperature=0.2", "--max-tokens", "5", "hi"}).exit_code == 0);
  CliRun refused = box.chat({"-o", "model=x", "hi"});
  CHECK(refused.exit_code == 64);
  CHECK(refused.err == "gw: 'model' is set by gw chat itself, not by -o (use -m for the model)\n");
  CHECK(box.chat({"-o", "temperature", "hi"}).exit_code == 64);
  CHECK(box.chat({"--temperature", "warm", "hi"}).exit_code == 64);
}

TEST_CASE("chat: the config's [chat] model is the default; $GW_MODEL and -m win over it") {
  ChatSandbox box;
  box.write("config.toml", "[chat]\nmodel = \"nosuch-model\"\n");
  CHECK(box.chat({"hi"}).exit_code == 66);  // the config's model was used
  CHECK(box.chat({"-m", "echo", "hi"}).exit_code == 0);
  ScopedEnv env("GW_MODEL", "echo");
  CHECK(box.chat({"hi"}).exit_code == 0);
}

TEST_CASE("chat: -t NAME applies a template's system prompt, model and prompt; -m and -s still win") {
  ChatSandbox box;
  std::filesystem::create_directories(box.path("templates"));
  box.write("templates/review.toml", "system = \"be terse\"\nmodel = \"echo\"\nprompt = \"Review:\\n$input\"\n");
  CliRun run = box.chat({"-t", "review", "--session", "r", "a diff"});
  CHECK(run.exit_code == 0);
  CHECK(run.out == "Review:\na diff\n");
  Conversation c = box.session("r");
  CHECK(c.system == "be terse");
  CHECK(c.model == "echo");
  CHECK(box.chat({"-t", "review", "-m", "nosuch-model", "x"}).exit_code == 66);  // -m wins
  CliRun missing = box.chat({"-t", "nope", "x"});
  CHECK(missing.exit_code == 66);
  CHECK(missing.err == "gw: no template 'nope' (looked for " + box.path("templates/nope.toml") + ")\n");
}

TEST_CASE("chat: -a images go only to a model that takes them, and only images") {
  ChatSandbox box;
  box.write("logo.png", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
  box.write("notes.txt", "text");
  CliRun no_vision = box.chat({"-a", box.path("logo.png"), "describe"});
  CHECK(no_vision.exit_code == 65);
  CHECK(no_vision.err ==
        "gw: mock/echo does not take images (gw models list --capability vision lists those that do)\n");
  CHECK(box.chat({"-m", "gpt-4o", "-a", box.path("notes.txt"), "describe"}).exit_code == 65);
  CHECK(box.chat({"-m", "gpt-4o", "-a", box.path(""), "describe"}).exit_code == 74);  // a directory
}

TEST_CASE("chat: --json prints the whole response object") {
  ChatSandbox box;
  CliRun run = box.chat({"--json", "-s", "be brief", "hi"});
  REQUIRE(run.exit_code == 0);
  auto j = nlohmann::json::parse(run.out);
  CHECK(j["object"] == "chat.completion");
  CHECK(j["choices"][0]["message"]["content"] == "hi");
  CHECK(j["usage"]["completion_tokens"].get<int>() > 0);
}

TEST_CASE("chat: -f attaches text files to the message, under a header") {
  ChatSandbox box;
  box.write("notes.txt", "alpha\nbeta\n");
  CliRun run = box.chat({"-f", box.path("notes.txt"), "summarise"});
  CHECK(run.exit_code == 0);
  CHECK(run.out == "File: " + box.path("notes.txt") + "\n```\nalpha\nbeta\n```\n\nsummarise\n");
}

TEST_CASE("chat: binary attachments and unreadable files are refused before anything is sent") {
  ChatSandbox box;
  box.write("logo.png", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
  CliRun binary = box.chat({"-f", box.path("logo.png"), "describe"});
  CHECK(binary.exit_code == error_info(ErrorKind::kInvalidRequest).exit_code);
  CHECK(binary.err ==
        "gw: " + box.path("logo.png") + " looks like a binary file; only text files can be attached with -f\n");
  CHECK(binary.out == "");
  CliRun missing = box.chat({"-f", box.path("nope.txt"), "x"});
  CHECK(missing.exit_code == error_info(ErrorKind::kIo).exit_code);
  CHECK(missing.err.find("cannot read " + box.path("nope.txt")) != std::string::npos);
}

TEST_CASE("chat: exit codes come from the error table") {
  ChatSandbox box;
  CliRun unknown = box.chat({"-m", "gpt-4oo", "hi"});
  CHECK(unknown.exit_code == 66);
  CHECK(unknown.err.find("Did you mean") != std::string::npos);
  CHECK(box.chat({}).exit_code == 64);  // no prompt, nothing piped
  CHECK(box.chat({"--color", "sometimes", "x"}).exit_code == 64);
  CHECK(box.chat({"--continue", "--session", "a", "x"}).exit_code == 64);
}

TEST_CASE("chat: --session saves the exchange and a later run continues it") {
  ChatSandbox box;
  CHECK(box.chat({"--session", "work", "-s", "terse", "first"}).exit_code == 0);
  CHECK(box.chat({"--session", "work", "second"}).exit_code == 0);
  Conversation c = box.session("work");
  REQUIRE(c.messages.size() == 4);
  CHECK(c.system == "terse");  // kept from the first run
  CHECK(c.messages[2].content == "second");
  CHECK(c.messages[3].stats.provider == "mock");
  CHECK(c.messages[3].stats.model == "mock/echo");
  CHECK(box.chat({"--continue", "third"}).exit_code == 0);
  CHECK(box.session("work").messages.size() == 6);
}

TEST_CASE("chat: --continue with nothing saved is a not-found error") {
  ChatSandbox box;
  CliRun run = box.chat({"--continue", "hi"});
  CHECK(run.exit_code == 66);
  CHECK(run.err == "gw: no saved conversation to continue yet\n");
}

TEST_CASE("chat: colour only when asked or on a terminal, never under NO_COLOR") {
  ChatSandbox box;
  CHECK(box.chat({"**bold**"}, CliEnv{"", /*stdout_tty=*/false}).out == "**bold**\n");
  CliRun tty = box.chat({"**bold**"}, CliEnv{"", /*stdout_tty=*/true});
  CHECK(tty.out.find(std::string(ansi::kBold) + "**bold**") != std::string::npos);
  CHECK(ansi::strip(tty.out) == "**bold**\n");
  CHECK(box.chat({"--color=always", "**bold**"}).out != "**bold**\n");
  CHECK(box.chat({"--no-color", "**bold**"}, CliEnv{"", true}).out == "**bold**\n");
  ScopedEnv no_color("NO_COLOR", "1");
  CHECK(box.chat({"**bold**"}, CliEnv{"", true}).out == "**bold**\n");
}

TEST_CASE("chat: on a terminal's stderr, a quiet line follows the answer") {
  ChatSandbox box;
  CliRun run = box.chat({"--no-color", "hi"}, CliEnv{"", false, /*stderr_tty=*/true});
  CHECK(run.out == "hi\n");
  CHECK(run.err.find("mock/echo via mock \xC2\xB7 ") != std::string::npos);
  CHECK(run.err.find(" ms\n") != std::string::npos);
}

}  // namespace gw
