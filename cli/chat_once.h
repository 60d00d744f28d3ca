// chat_once.h - one-shot gw chat (a prompt from the arguments or piped
// stdin): send the conversation, print the answer, optionally save it.
// Single-threaded.
#pragma once

#include "cli/app_context.h"
#include "cli/chat_backend.h"
#include "core/chat/conversation.h"
#include "proxy/io/chat_session_store.h"

namespace gw {

struct OnceOutput {
  bool json = false;         // print the whole response object (no streaming)
  bool stream = true;        // print pieces as they arrive
  bool color = false;        // markdown styles on stdout
  bool quiet_line = false;   // the model/tokens/cost line on stderr
  bool quiet_color = false;  // ... dimmed
};

// `c` ends with the user's message. Prints the answer (exactly the model's
// text, plus a final newline, unless `color`) to ctx.out; errors go through
// report_error. When `store` is set the answer is added and the conversation
// saved. Returns the exit code.
int run_chat_once(AppContext& ctx, ChatBackend& backend, Conversation& c, ChatSessionStore* store,
                  const OnceOutput& output);

}  // namespace gw
