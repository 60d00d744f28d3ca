// repl_commands.h - the one table of gw chat's slash commands (/model,
// /system, /clear, /retry, /usage, /save, /load, /help, /exit). /help and
// dispatch both read it, and an unknown command gets a did-you-mean from it.
// Single-threaded.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cli/repl_session.h"

namespace gw {

// What the REPL does after a command.
enum class SlashOutcome {
  kContinue,  // read the next input
  kAnswer,    // ask for an answer to the conversation as it now is (/retry)
  kExit,      // leave the REPL
};

struct SlashCommand {
  std::string_view name;     // without the slash
  std::string_view args;     // e.g. "[NAME]"; "" for none
  std::string_view summary;  // one line for /help
  SlashOutcome (*run)(ReplSession& session, std::string_view args);
};

const std::vector<SlashCommand>& slash_commands();

// The /help text, generated from the table.
std::string slash_help();

// Runs "/name args". An unknown name prints a did-you-mean and continues.
SlashOutcome run_slash_command(ReplSession& session, std::string_view input);

}  // namespace gw
