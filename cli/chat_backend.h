// chat_backend.h - how gw chat gets an answer: one chat.completions request
// to an in-process Gateway or to a running gw serve (--url), streamed or
// whole. The REPL and one-shot chat only see this interface; tests give them
// a scripted fake (tests/support/fake_chat_backend.h).
//
// Thread-safety: a backend serves one send() at a time, except where a
// subclass says otherwise. The real one allows send() from several threads
// at once (a cancelled answer may still be winding down on its worker while
// the next one is asked); each call reads its stream on its own thread.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "cli/app_context.h"
#include "core/base/result.h"
#include "core/chat/conversation.h"

namespace gw {

struct ChatReply {
  std::string text;  // the answer (what arrived, when cancelled)
  TurnStats stats;
  bool cancelled = false;  // stopped early at the user's request
  std::string raw;         // the whole response body (non-streaming requests)
};

// Receives each piece of a streamed answer as it arrives.
using DeltaFn = std::function<void(std::string_view piece)>;

class ChatBackend {
 public:
  virtual ~ChatBackend() = default;
  // Sends `body` (an OpenAI chat.completions request). When body["stream"]
  // is true, calls on_delta with each piece as it arrives. Once `cancel`
  // becomes true it stops at the next piece and returns what arrived, with
  // cancelled set. Errors carry the error table's kind (gw's HTTP status).
  virtual Result<ChatReply> send(const nlohmann::json& body, const DeltaFn& on_delta,
                                 const std::atomic<bool>& cancel) = 0;
};

struct BackendTarget {
  std::string url;         // "" = an in-process Gateway (config and database from ctx)
  std::string key;         // API key for url ("" = $GW_API_KEY, then none)
  std::string replay_dir;  // in-process only: answer from the cassettes there, never call a provider ("" = off)
};

// The real backend. In-process, the Gateway is built here (its threads never
// receive Ctrl-C); with a URL, requests go over HTTP. Stats: model and
// provider from gw's x-gw-model / x-gw-provider headers, usage from the
// answer, cost from the built-in catalog's prices, latency measured here; an
// answer from gw's response cache (x-gw-cache: hit) is "via cache", and
// when it was free (x-gw-cache-saved) it cost nothing and saved that much.
Result<std::unique_ptr<ChatBackend>> make_chat_backend(AppContext& ctx, const BackendTarget& target);

}  // namespace gw
