#include "proxy/accounts/usage_report.h"

#include "core/base/money.h"
#include "proxy/accounts/account_store.h"

namespace gw {
namespace {

std::string group_expression(const std::string& by) {
  if (by == "provider") return "provider";
  // by name, as every command takes them; the id only for a user since deleted
  if (by == "user") return "coalesce((SELECT name FROM users WHERE users.id = usage_log.user_id), user_id, '(owner)')";
  if (by == "day") return "strftime('%Y-%m-%d', created_ms / 1000, 'unixepoch')";
  return "model";
}

nlohmann::json row_json(std::string key, int64_t requests, int64_t prompt, int64_t completion, int64_t cost_units) {
  return {{"key", std::move(key)},
          {"requests", requests},
          {"prompt_tokens", prompt},
          {"completion_tokens", completion},
          {"cost_usd", Money::from_units(cost_units).to_string()}};
}

}  // namespace

Result<nlohmann::json> usage_report(AccountStore& store, const UsageQuery& q) {
  if (q.by != "model" && q.by != "provider" && q.by != "day" && q.by != "user")
    return make_error(ErrorKind::kInvalidRequest,
                      "usage can be grouped by model, provider, day or user, not '" + q.by + "'", "invalid_group",
                      "by");
  const std::string group = group_expression(q.by);
  // Sums in SQLite are exact 64-bit integers over the stored units.
  auto rows = store.query("SELECT " + group +
                              " AS k, count(*), sum(prompt_tokens), sum(completion_tokens), "
                              "sum(cost_units) FROM usage_log WHERE created_ms >= ?1 AND (?2 = '' OR user_id = ?2) "
                              "GROUP BY k ORDER BY " +
                              (q.by == "day" ? std::string("k") : std::string("sum(cost_units) DESC, k")),
                          {q.since_ms, q.user_id});
  if (!rows) return rows.error();
  nlohmann::json out = {{"by", q.by}, {"rows", nlohmann::json::array()}};
  int64_t n = 0, p = 0, c = 0, cost = 0;
  for (const SqlRow& r : *rows) {
    std::string key = std::holds_alternative<std::string>(r[0]) ? std::get<std::string>(r[0]) : "";
    out["rows"].push_back(row_json(key, sql_integer(r[1]), sql_integer(r[2]), sql_integer(r[3]), sql_integer(r[4])));
    n += sql_integer(r[1]), p += sql_integer(r[2]), c += sql_integer(r[3]), cost += sql_integer(r[4]);
  }
  out["total"] = row_json("total", n, p, c, cost);
  return out;
}

}  // namespace gw
