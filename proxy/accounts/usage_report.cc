#include "proxy/accounts/usage_report.h"

#include "core/base/money.h"
#include "proxy/accounts/account_store.h"

namespace gw {
namespace {

std::string group_expression(const std::string& by, bool postgres) {
  if (by == "provider") return "provider";
  // by name, as every command takes them; the id only for a user since deleted
  if (by == "user") return "coalesce((SELECT name FROM users WHERE users.id = usage_log.user_id), user_id, '(owner)')";
  // a router's requests by router, mode and tier and the model it chose
  if (by == "route") return "coalesce(router || ' -> ' || model, '(not routed)')";
  if (by == "day" && postgres) return "to_char(to_timestamp(created_ms / 1000) AT TIME ZONE 'UTC', 'YYYY-MM-DD')";
  if (by == "day") return "strftime('%Y-%m-%d', created_ms / 1000, 'unixepoch')";
  return "model";
}

// One row's sums, in the query's column order after the key.
struct UsageSums {
  int64_t requests = 0, prompt = 0, completion = 0, cost_units = 0, hits = 0, saved_units = 0;
  void add(const UsageSums& o) {
    requests += o.requests, prompt += o.prompt, completion += o.completion, cost_units += o.cost_units;
    hits += o.hits, saved_units += o.saved_units;
  }
};

nlohmann::json row_json(std::string key, const UsageSums& u) {
  return {{"key", std::move(key)},
          {"requests", u.requests},
          {"prompt_tokens", u.prompt},
          {"completion_tokens", u.completion},
          {"cost_usd", Money::from_units(u.cost_units).to_string()},
          {"cache_hits", u.hits},
          {"saved_usd", Money::from_units(u.saved_units).to_string()}};
}

}  // namespace

Result<nlohmann::json> usage_report(AccountStore& store, const UsageQuery& q) {
  if (q.by != "model" && q.by != "provider" && q.by != "day" && q.by != "user" && q.by != "route")
    return make_error(ErrorKind::kInvalidRequest,
                      "usage can be grouped by model, provider, day, user or route, not '" + q.by + "'",
                      "invalid_group", "by");
  const std::string group = group_expression(q.by, store.shared());
  // Sums in SQLite are exact 64-bit integers over the stored units.
  auto rows = store.query("SELECT " + group +
                              " AS k, count(*), sum(prompt_tokens), sum(completion_tokens), "
                              "sum(cost_units), sum(provider = 'cache'), sum(saved_units) FROM usage_log "
                              "WHERE created_ms >= ?1 AND (?2 = '' OR user_id = ?2) "
                              "GROUP BY k ORDER BY " +
                              (q.by == "day" ? std::string("k") : std::string("sum(cost_units) DESC, k")),
                          {q.since_ms, q.user_id});
  if (!rows) return rows.error();
  nlohmann::json out = {{"by", q.by}, {"rows", nlohmann::json::array()}};
  UsageSums total;
  for (const SqlRow& r : *rows) {
    std::string key = std::holds_alternative<std::string>(r[0]) ? std::get<std::string>(r[0]) : "";
    const UsageSums sums{sql_integer(r[1]), sql_integer(r[2]), sql_integer(r[3]),
                         sql_integer(r[4]), sql_integer(r[5]), sql_integer(r[6])};
    out["rows"].push_back(row_json(key, sums));
    total.add(sums);
  }
  out["total"] = row_json("total", total);
  return out;
}

}  // namespace gw
