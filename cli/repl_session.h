// repl_session.h - what a gw chat REPL works on: the conversation, the usage
// totals, where sessions are saved, and how to talk to the user. The REPL
// loop (cli/repl.h) and the slash commands (cli/repl_commands.h) share it.
// Single-threaded.
#pragma once

#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>

#include "core/base/result.h"
#include "core/chat/conversation.h"
#include "core/chat/turn_stats.h"
#include "proxy/io/chat_session_store.h"

namespace gw {

// The canonical ID for a model name, or kNotFound with close matches.
using ModelCheck = std::function<Result<std::string>(std::string_view name)>;

struct ReplSession {
  Conversation conversation;
  UsageTotals totals;
  ChatSessionStore* store = nullptr;  // null: sessions are not saved
  std::ostream* out = nullptr;
  std::ostream* err = nullptr;
  bool color = false;  // ANSI styles on out
  ModelCheck check_model;

  // A dim line of commentary on out.
  void note(std::string_view text) const;
  // "gw: <message>" on err.
  void report(const Error& error) const;
  // Saves the conversation if there is a store and something to save;
  // reports a failure (the session goes on).
  void save();
};

}  // namespace gw
