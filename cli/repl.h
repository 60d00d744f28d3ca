// repl.h - gw chat's interactive loop: read an input (cli/repl_input.h
// assembles multi-line ones), run it as a slash command or send it, stream
// the answer through the markdown renderer, then print a quiet line with
// model, provider, tokens, cost and latency. Ctrl-C while an answer streams
// keeps what arrived (marked partial) and returns to the prompt; Ctrl-C at
// the prompt clears the line; Ctrl-D leaves. The conversation is saved after
// every change when the session has a store.
//
// All I/O goes through the LineReader, the ChatBackend and the session's
// streams, so tests drive it with fakes. Single-threaded.
#pragma once

#include <string>

#include "cli/chat_backend.h"
#include "cli/line_reader.h"
#include "cli/repl_session.h"

namespace gw {

class Repl {
 public:
  static constexpr const char* kPrompt = "gw> ";
  static constexpr const char* kMorePrompt = "...> ";

  Repl(ReplSession& session, LineReader& reader, ChatBackend& backend)
      : session_(session), reader_(reader), backend_(backend) {}

  // `first_prefix` goes before the first message sent (attached files).
  // Returns the exit code: 0 (errors of single answers are reported and the
  // session goes on).
  int run(std::string first_prefix = "");

 private:
  void banner() const;
  // Asks for an answer to the conversation as it is. `fresh_question`: the
  // last user message was just added, and is taken back if the request fails.
  void answer(bool fresh_question);

  ReplSession& session_;
  LineReader& reader_;
  ChatBackend& backend_;
};

}  // namespace gw
