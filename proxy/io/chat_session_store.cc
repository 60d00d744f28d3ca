// chat_session_store.cc - see chat_session_store.h. Thread-safety: one thread
// at a time (the Database's rule).
#include "proxy/io/chat_session_store.h"

namespace gw {
namespace {

int64_t int_at(const SqlRow& row, size_t i) {
  const int64_t* v = std::get_if<int64_t>(&row[i]);
  return v ? *v : 0;
}

std::string text_at(const SqlRow& row, size_t i) {
  const std::string* v = std::get_if<std::string>(&row[i]);
  return v ? *v : std::string();
}

// Money as exact integer units; NULL when unknown.
SqlValue cost_or_null(const std::optional<Money>& cost) {
  if (cost) return cost->units();
  return nullptr;
}

constexpr std::string_view kSelectSession = "SELECT id, name, model, system FROM chat_sessions WHERE name = ?1";
constexpr std::string_view kSelectLatest =
    "SELECT id, name, model, system FROM chat_sessions ORDER BY updated_ms DESC, id DESC LIMIT 1";

}  // namespace

Status ChatSessionStore::save(Conversation& c) {
  const int64_t now = clock_.now_unix_ms();
  return db_.transaction([&]() -> Status {
    if (c.name.empty()) {
      auto next = db_.query("SELECT 'chat-' || (COALESCE(MAX(id), 0) + 1) FROM chat_sessions");
      if (!next) return next.error();
      c.name = text_at(next->front(), 0);
    }
    auto upsert = db_.query(
        "INSERT INTO chat_sessions (name, model, system, created_ms, updated_ms) VALUES (?1, ?2, ?3, ?4, ?4) "
        "ON CONFLICT (name) DO UPDATE SET model = excluded.model, system = excluded.system, "
        "updated_ms = excluded.updated_ms",
        {c.name, c.model, c.system, now});
    if (!upsert) return upsert.error();
    auto id_rows = db_.query("SELECT id FROM chat_sessions WHERE name = ?1", {c.name});
    if (!id_rows) return id_rows.error();
    if (id_rows->empty()) return make_error(ErrorKind::kInternal, "session " + c.name + " vanished while saving");
    const int64_t id = int_at(id_rows->front(), 0);
    if (auto del = db_.query("DELETE FROM chat_messages WHERE session_id = ?1", {id}); !del) return del.error();
    for (size_t seq = 0; seq < c.messages.size(); ++seq) {
      const ChatMessage& m = c.messages[seq];
      const TurnStats& s = m.stats;
      auto ins = db_.query(
          "INSERT INTO chat_messages (session_id, seq, role, content, partial, model, provider, prompt_tokens, "
          "completion_tokens, usage_estimated, cost_units, latency_ms) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
          {id, static_cast<int64_t>(seq), m.role, m.content, int64_t{m.partial}, s.model, s.provider,
           s.usage.prompt_tokens, s.usage.completion_tokens, int64_t{s.usage.estimated}, cost_or_null(s.cost),
           s.latency_ms});
      if (!ins) return ins.error();
    }
    return ok_status();
  });
}

Status ChatSessionStore::rename(std::string_view from, std::string_view to) {
  return db_.transaction([&]() -> Status {
    auto taken = db_.query(kSelectSession, {std::string(to)});
    if (!taken) return taken.error();
    if (!taken->empty())
      return make_error(ErrorKind::kConflict, "a conversation named '" + std::string(to) + "' exists already");
    auto upd = db_.query("UPDATE chat_sessions SET name = ?2 WHERE name = ?1", {std::string(from), std::string(to)});
    if (!upd) return upd.error();
    return ok_status();
  });
}

Result<std::optional<Conversation>> ChatSessionStore::load(std::string_view name) {
  auto rows = db_.query(kSelectSession, {std::string(name)});
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<Conversation>();
  const SqlRow& r = rows->front();
  auto c = load_messages(int_at(r, 0), Conversation{text_at(r, 1), text_at(r, 2), text_at(r, 3), {}});
  if (!c) return c.error();
  return std::optional<Conversation>(std::move(c).value());
}

Result<std::optional<Conversation>> ChatSessionStore::load_latest() {
  auto rows = db_.query(kSelectLatest);
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<Conversation>();
  return load(text_at(rows->front(), 1));
}

Result<Conversation> ChatSessionStore::load_messages(int64_t id, Conversation c) {
  auto rows = db_.query(
      "SELECT role, content, partial, model, provider, prompt_tokens, completion_tokens, usage_estimated, "
      "cost_units, latency_ms FROM chat_messages WHERE session_id = ?1 ORDER BY seq",
      {id});
  if (!rows) return rows.error();
  for (const SqlRow& r : *rows) {
    ChatMessage m{text_at(r, 0), text_at(r, 1), int_at(r, 2) != 0, {}};
    m.stats.model = text_at(r, 3);
    m.stats.provider = text_at(r, 4);
    m.stats.usage.prompt_tokens = int_at(r, 5);
    m.stats.usage.completion_tokens = int_at(r, 6);
    m.stats.usage.estimated = int_at(r, 7) != 0;
    if (std::holds_alternative<int64_t>(r[8])) m.stats.cost = Money::from_units(int_at(r, 8));
    m.stats.latency_ms = int_at(r, 9);
    c.messages.push_back(std::move(m));
  }
  return c;
}

Result<std::vector<SessionSummary>> ChatSessionStore::list(int limit, std::string_view containing) {
  // instr(), not LIKE: the text is matched as typed, % and _ included.
  auto rows = db_.query(
      "SELECT s.name, s.model, (SELECT COUNT(*) FROM chat_messages m WHERE m.session_id = s.id), s.updated_ms "
      "FROM chat_sessions s WHERE ?2 = '' OR EXISTS (SELECT 1 FROM chat_messages m WHERE m.session_id = s.id "
      "AND instr(lower(m.content), lower(?2)) > 0) ORDER BY s.updated_ms DESC, s.id DESC LIMIT ?1",
      {int64_t{limit}, std::string(containing)});
  if (!rows) return rows.error();
  std::vector<SessionSummary> out;
  for (const SqlRow& r : *rows) out.push_back({text_at(r, 0), text_at(r, 1), int_at(r, 2), int_at(r, 3)});
  return out;
}

}  // namespace gw
