// Tests for cli/repl_completion.h: what Tab offers at the REPL's prompt.
#include "cli/repl_completion.h"

#include <doctest/doctest.h>

namespace gw {
namespace {

CompletionSources sources() {
  CompletionSources s;
  s.slash_commands = {"model", "load", "save", "system", "help"};
  s.models = [] { return std::vector<std::string>{"mock/echo", "mock/echo-priced", "echo", "sonnet"}; };
  s.sessions = [] { return std::vector<std::string>{"chat-1", "work"}; };
  s.dir = [](const std::string& dir) {
    if (dir == "") return std::vector<std::string>{"notes.txt", "notebook/", "src/"};
    if (dir == "src/") return std::vector<std::string>{"main.cc", "main.h"};
    return std::vector<std::string>{};
  };
  return s;
}

using Words = std::vector<std::string>;

}  // namespace

TEST_CASE("repl completion: slash commands at the start of the line") {
  CHECK(complete_repl_input("/mo", sources()).words == Words{"/model"});
  CHECK(complete_repl_input("/s", sources()).words == Words{"/save", "/system"});
  CHECK(complete_repl_input("/", sources()).words.size() == 5);
  CHECK(complete_repl_input("what is /mo", sources()).words.empty());  // not at the start: text
}

TEST_CASE("repl completion: models after /model, conversations after /load") {
  Completion m = complete_repl_input("/model mock/e", sources());
  CHECK(m.word_start == 7);
  CHECK(m.words == Words{"mock/echo", "mock/echo-priced"});
  CHECK(common_prefix(m.words) == "mock/echo");
  CHECK(complete_repl_input("/model so", sources()).words == Words{"sonnet"});
  CHECK(complete_repl_input("/load w", sources()).words == Words{"work"});
  CHECK(complete_repl_input("/model sonnet x", sources()).words.empty());  // one argument only
}

TEST_CASE("repl completion: words that look like paths complete file names") {
  Completion f = complete_repl_input("summarise ./no", sources());
  CHECK(f.words.empty());  // "./" lists the directory "./", which the fake has empty
  Completion src = complete_repl_input("explain src/ma", sources());
  CHECK(src.word_start == 8);
  CHECK(src.words == Words{"src/main.cc", "src/main.h"});
  CHECK(common_prefix(src.words) == "src/main.");
  Completion dir = complete_repl_input("look at src", sources());
  CHECK(dir.words.empty());  // "src" is a plain word, not a path
  CompletionSources abs = sources();
  abs.dir = [](const std::string& dir) {
    return dir == "/tmp/" ? std::vector<std::string>{"notes.txt"} : std::vector<std::string>{"tmp/", "usr/"};
  };
  CHECK(complete_repl_input("/tmp/no", abs).words == Words{"/tmp/notes.txt"});  // an absolute path, first
  CHECK(complete_repl_input("/tm", abs).words == Words{"/tmp/"});               // no command starts "tm"
  Completion one = complete_repl_input("read .", sources());
  CHECK(one.words.empty());
}

}  // namespace gw
