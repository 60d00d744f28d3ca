// conversation.h - one gw chat conversation: its name, model, system prompt
// and messages, each answer with what it cost. The REPL edits it (/model,
// /system, /clear, /retry), gw chat builds request bodies from it, and
// proxy/io/chat_session_store.h saves and loads it. Pure value type;
// thread-compatible.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/base/money.h"
#include "core/base/usage.h"

namespace gw {

// What one answer took, for the quiet line after it and for /usage.
struct TurnStats {
  std::string model;     // canonical model that answered ("" when unknown)
  std::string provider;  // provider slug that served it ("" when unknown)
  Usage usage;
  std::optional<Money> cost;   // exact, at catalog prices; nullopt when unknown
  int64_t latency_ms = 0;      // from sending the request to the last byte
  std::optional<Money> saved;  // answered from gw's response cache for free: what it would have cost
};

struct ChatMessage {
  std::string role;  // "user" or "assistant"
  std::string content;
  bool partial = false;                  // an answer stopped early (Ctrl-C); kept as it arrived
  TurnStats stats;                       // answers only
  std::vector<std::string> images = {};  // data: URLs sent with a user message (-a); not saved
};

class Conversation {
 public:
  std::string name;    // "" until first saved
  std::string model;   // as the user named it (alias or canonical ID)
  std::string system;  // "" = no system prompt
  std::vector<ChatMessage> messages;
  // Model options (temperature, max_tokens, ...; core/chat/model_options.h)
  // added to every request body; not saved with the conversation.
  nlohmann::json options = nlohmann::json::object();

  // The OpenAI `messages` array: the system prompt (if any), then every message.
  nlohmann::json request_messages() const;
  // A chat.completions body for the next answer.
  nlohmann::json request_body(bool stream) const;

  void add_user(std::string text);
  void add_answer(std::string text, TurnStats stats, bool partial);
  // For /retry: drops the answer(s) after the last user message. True when
  // the conversation now ends with a user message to answer again.
  bool drop_last_answer();
  // True when the last message is the user's (an answer is owed).
  bool awaiting_answer() const;
};

}  // namespace gw
