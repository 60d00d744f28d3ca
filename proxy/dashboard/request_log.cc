// request_log.cc - contracts in request_log.h.
#include "proxy/dashboard/request_log.h"

#include <algorithm>

#include "core/base/money.h"

namespace gw {
namespace {

using nlohmann::json;

constexpr const char* kColumns =
    "u.id, u.request_id, u.created_ms, u.model, u.provider, u.user_id, "
    "(SELECT name FROM users WHERE users.id = u.user_id), u.key_id, u.status, u.prompt_tokens, u.completion_tokens, "
    "u.cost_units, u.latency_ms, u.overhead_us, u.attempts, u.stream, u.route, u.cached_tokens, u.reasoning_tokens, "
    "u.usage_estimated, u.saved_units, u.router, u.route_decision, u.trace_id, u.failover";

json nullable_text(const SqlValue& v) { return std::holds_alternative<std::string>(v) ? json(sql_text(v)) : json(); }

json row_json(const SqlRow& r, bool detail) {
  json j = {{"id", sql_integer(r[0])},
            {"request_id", sql_text(r[1])},
            {"created_ms", sql_integer(r[2])},
            {"model", sql_text(r[3])},
            {"provider", sql_text(r[4])},
            {"user_id", nullable_text(r[5])},
            {"user", nullable_text(r[6])},
            {"key_id", nullable_text(r[7])},
            {"status", sql_integer(r[8])},
            {"prompt_tokens", sql_integer(r[9])},
            {"completion_tokens", sql_integer(r[10])},
            {"cost_usd", Money::from_units(sql_integer(r[11])).to_string()},
            {"latency_ms", sql_integer(r[12])},
            {"overhead_us", sql_integer(r[13])},
            {"attempts", sql_integer(r[14])},
            {"stream", sql_integer(r[15]) != 0}};
  if (!detail) return j;
  j["route"] = sql_text(r[16]);
  j["cached_tokens"] = sql_integer(r[17]);
  j["reasoning_tokens"] = sql_integer(r[18]);
  j["usage_estimated"] = sql_integer(r[19]) != 0;
  j["saved_usd"] = Money::from_units(sql_integer(r[20])).to_string();
  j["router"] = nullable_text(r[21]);
  j["route_decision"] = nullable_text(r[22]);
  j["trace_id"] = nullable_text(r[23]);
  j["failover"] = nullable_text(r[24]);
  return j;
}

}  // namespace

Result<json> request_page(Database& db, const RequestFilter& f) {
  json out = {{"rows", json::array()}, {"next_before", nullptr}};
  Status st = db.read_snapshot([&]() -> Status {
    // The id range to look in: below the cursor, inside the time filters
    // (ids grow with created_ms: rows are written in the order requests end).
    auto id_at = [&](const char* sql, std::vector<SqlValue> params, int64_t otherwise) -> Result<int64_t> {
      auto r = db.query(sql, params);
      if (!r) return r.error();
      return r->empty() || !std::holds_alternative<int64_t>((*r)[0][0]) ? otherwise : sql_integer((*r)[0][0]);
    };
    auto top = f.until_ms == 0 ? id_at("SELECT max(id) + 1 FROM usage_log", {}, 1)
                               : id_at(
                                     "SELECT id + 1 FROM usage_log WHERE created_ms < ?1 ORDER BY created_ms DESC "
                                     "LIMIT 1",
                                     {f.until_ms}, 1);
    if (!top) return top.error();
    auto bottom = f.since_ms == 0 ? Result<int64_t>(int64_t{1})
                                  : id_at("SELECT id FROM usage_log WHERE created_ms >= ?1 ORDER BY created_ms LIMIT 1",
                                          {f.since_ms}, *top);
    if (!bottom) return bottom.error();
    const int64_t start = f.before_id > 0 ? std::min(*top, f.before_id) : *top;
    const int64_t floor = std::max(*bottom, start - kScanRows);
    std::string user_id = f.user;
    if (!f.user.empty() && f.user != "(owner)") {
      auto u = db.query("SELECT id FROM users WHERE id = ?1 OR name = ?1", {f.user});
      if (!u) return u.error();
      if (!u->empty()) user_id = sql_text((*u)[0][0]);  // else an id, perhaps of a deleted user
    }
    const std::string status_sql = f.status == "ok"      ? " AND u.status >= 200 AND u.status < 300"
                                   : f.status == "error" ? " AND (u.status < 200 OR u.status >= 300)"
                                   : !f.status.empty()   ? " AND u.status = " + std::to_string(f.status_code)
                                                         : "";
    auto rows = db.query(std::string("SELECT ") + kColumns +
                             " FROM usage_log u WHERE u.id < ?1 AND u.id >= ?2 AND (?3 = '' OR u.model = ?3) "
                             "AND (?4 = '' OR u.provider = ?4) AND (?5 = '' OR u.key_id = ?5) AND (?6 = '' OR "
                             "(?6 = '(owner)' AND u.user_id IS NULL) OR u.user_id = ?6)" +
                             status_sql + " ORDER BY u.id DESC LIMIT ?7",
                         {start, floor, f.model, f.provider, f.key_id, user_id, int64_t{f.limit}});
    if (!rows) return rows.error();
    for (const SqlRow& r : *rows) out["rows"].push_back(row_json(r, false));
    if (static_cast<int>(rows->size()) == f.limit) out["next_before"] = out["rows"].back()["id"];
    else if (floor > *bottom) out["next_before"] = floor;  // the scan stopped short of the range's end
    return ok_status();
  });
  if (!st) return st.error();
  return out;
}

Result<json> request_detail(Database& db, std::string_view request_id) {
  auto rows = db.query(std::string("SELECT ") + kColumns +
                           ", (SELECT name || ' (' || display || ')' FROM api_keys WHERE api_keys.id = u.key_id) "
                           "FROM usage_log u WHERE u.request_id = ?1",
                       {std::string(request_id)});
  if (!rows) return rows.error();
  if (rows->empty())
    return make_error(ErrorKind::kNotFound, "no request " + std::string(request_id) + " in the usage log",
                      "unknown_request");
  json j = row_json(rows->front(), true);
  j["key"] = nullable_text(rows->front()[25]);
  auto bodies = db.query("SELECT request, response FROM usage_bodies WHERE request_id = ?1", {std::string(request_id)});
  if (!bodies) return bodies.error();
  j["bodies_stored"] = !bodies->empty();
  if (!bodies->empty()) {
    j["request_body"] = sql_text((*bodies)[0][0]);
    j["response_body"] = sql_text((*bodies)[0][1]);
  }
  return j;
}

}  // namespace gw
