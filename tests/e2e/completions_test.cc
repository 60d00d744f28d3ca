// E2E: value completion in real shells. bash, zsh and fish load the script
// `gw completions SHELL` prints and complete a half-typed command line; the
// values come from `gw __complete` (models, saved conversations, providers)
// or the file system. A shell that is not installed is skipped (with a note).
#include <doctest/doctest.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <string>

#include "tests/e2e/support/gw_process.h"

using namespace gw::e2e;

namespace {

// A private config (no server answers at port 1), database and a file.
struct Home {
  TempDir dir;
  Home() {
    std::ofstream(dir.file("config.toml")) << "[server]\nport = 1\n";
    std::ofstream(dir.file("notes.txt")) << "n\n";
    REQUIRE(run_gw_cli(env() + " --db " + dir.file("gw.db") + " chat hi").code == 0);  // saves chat-1
  }
  std::string env() const { return "--config " + dir.file("config.toml"); }
  std::string exports() const {
    std::string bin = GW_BINARY;
    return "export GW_CONFIG=" + dir.file("config.toml") + " GW_DB=" + dir.file("gw.db") +
           " PATH=" + bin.substr(0, bin.rfind('/')) + ":$PATH; ";
  }
};

std::string shell_output(const std::string& command) {
  std::string out;
  FILE* p = ::popen(command.c_str(), "r");
  REQUIRE(p != nullptr);
  std::array<char, 4096> buf{};
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  ::pclose(p);
  return out;
}

bool installed(const char* shell) { return ::access((std::string("/usr/bin/") + shell).c_str(), X_OK) == 0; }

// Completes the last word of `words` (after "gw") in bash or zsh; one
// candidate per line.
std::string complete_bashlike(const Home& home, const std::string& shell, const std::string& words) {
  std::string setup =
      shell == "zsh"
          ? "autoload -U compinit && compinit -u; autoload -U +X bashcompinit && bashcompinit; setopt ksharrays; "
          : "";
  std::string script = home.exports() + setup + "source <(gw completions " + shell + "); COMP_WORDS=(gw " + words +
                       "); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _gw; printf '%s\\n' \"${COMPREPLY[@]}\"";
  std::ofstream(home.dir.file("complete.sh")) << script << "\n";
  return shell_output(shell + " " + home.dir.file("complete.sh") + " 2>/dev/null");
}

std::string complete_fish(const Home& home, const std::string& line) {
  std::string script = home.exports() + "\n";
  script = "set -x GW_CONFIG " + home.dir.file("config.toml") + "; set -x GW_DB " + home.dir.file("gw.db") +
           "; set -x PATH " + std::string(GW_BINARY).substr(0, std::string(GW_BINARY).rfind('/')) +
           " $PATH; gw completions fish | source; complete -C '" + line + "'";
  std::ofstream(home.dir.file("complete.fish")) << script << "\n";
  return shell_output("fish " + home.dir.file("complete.fish") + " 2>/dev/null");
}

bool has_line(const std::string& out, const std::string& line) {
  return ("\n" + out).find("\n" + line + "\n") != std::string::npos ||
         ("\n" + out).find("\n" + line + "\t") != std::string::npos;
}

}  // namespace

TEST_CASE("completions: bash and zsh complete models, conversations, providers and files") {
  Home home;
  for (std::string shell : {"bash", "zsh"}) {
    if (!installed(shell.c_str())) {
      MESSAGE(shell << " is not installed: skipped");
      continue;
    }
    CAPTURE(shell);
    std::string models = complete_bashlike(home, shell, "chat -m mock/ec");
    CHECK(has_line(models, "mock/echo"));
    CHECK(has_line(models, "mock/echo-priced"));
    CHECK(has_line(complete_bashlike(home, shell, "models show mock/im"), "mock/image"));
    CHECK(has_line(complete_bashlike(home, shell, "chat --session ch"), "chat-1"));
    CHECK(has_line(complete_bashlike(home, shell, "breakers reset gro"), "groq"));
    if (shell == "bash")  // zsh filters the candidates itself, and completes file names itself (-o default)
      CHECK(has_line(complete_bashlike(home, shell, "chat -f " + home.dir.file("no")), home.dir.file("notes.txt")));
    CHECK(has_line(complete_bashlike(home, shell, "models sh"), "show"));  // words as before
  }
}

TEST_CASE("completions: fish completes models, conversations, providers and files") {
  if (!installed("fish")) {
    MESSAGE("fish is not installed: skipped");
    return;
  }
  Home home;
  CHECK(has_line(complete_fish(home, "gw chat -m mock/ec"), "mock/echo"));
  CHECK(has_line(complete_fish(home, "gw models show mock/im"), "mock/image"));
  CHECK(has_line(complete_fish(home, "gw chat --session ch"), "chat-1"));
  CHECK(has_line(complete_fish(home, "gw breakers reset gro"), "groq"));
  CHECK(has_line(complete_fish(home, "gw chat -f " + home.dir.file("no")), home.dir.file("notes.txt")));
}
