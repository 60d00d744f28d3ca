// chat_session_store.h - gw chat's conversations in the SQLite database
// (tables chat_sessions and chat_messages, migration "chat_sessions"), so a
// conversation can be resumed: `gw chat --session NAME`, `--continue`,
// /save and /load.
//
// A session is saved whole each time (its row upserted by name, its messages
// replaced) inside one transaction, so a reader never sees half a
// conversation. Money is stored as exact integer units.
//
// Thread-safety: like the Database it uses, one thread at a time.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/clock.h"
#include "core/base/result.h"
#include "core/chat/conversation.h"
#include "proxy/io/database.h"

namespace gw {

struct SessionSummary {
  std::string name;
  std::string model;
  int64_t messages = 0;
  int64_t updated_ms = 0;  // Unix epoch milliseconds
};

class ChatSessionStore {
 public:
  ChatSessionStore(Database& db, Clock& clock) : db_(db), clock_(clock) {}

  // Saves `c` under c.name, replacing what was stored under that name. An
  // empty name gets the next free "chat-N" first (written back into c.name).
  Status save(Conversation& c);
  // Renames the session `from` to `to` (its messages stay). kConflict when a
  // session is called `to` already; ok and nothing done when none is called
  // `from`.
  Status rename(std::string_view from, std::string_view to);
  // The session called `name`; nullopt when there is none.
  Result<std::optional<Conversation>> load(std::string_view name);
  // The session saved most recently; nullopt when there is none.
  Result<std::optional<Conversation>> load_latest();
  // Up to `limit` sessions, most recently saved first; with `containing`,
  // only those with a message containing that text (ASCII case-insensitive).
  Result<std::vector<SessionSummary>> list(int limit, std::string_view containing = {});

 private:
  Result<Conversation> load_messages(int64_t id, Conversation c);

  Database& db_;
  Clock& clock_;
};

}  // namespace gw
