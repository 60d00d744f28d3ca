// admin_api.cc - contracts in admin_api.h.
#include "proxy/accounts/admin_api.h"

#include <map>
#include <vector>

#include "core/base/calendar.h"
#include "core/base/clock.h"
#include "core/base/error.h"
#include "core/http/query_string.h"
#include "core/json/json_parse.h"
#include "proxy/accounts/accounts.h"
#include "proxy/accounts/usage_report.h"

namespace gw {
namespace {

using nlohmann::json;

AdminAnswer fail(const Error& e) { return {e.http_status(), parse_json(openai_error_body(e))}; }
AdminAnswer bad(std::string message, std::string param = "") {
  return fail(make_error(ErrorKind::kInvalidRequest, std::move(message), "invalid_request_error", std::move(param)));
}

std::vector<std::string> segments(std::string_view path) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    if (slash > start) out.push_back(url_decode(path.substr(start, slash - start)));
    start = slash + 1;
  }
  return out;
}

Result<std::string> field(const json& body, const char* name) { return admin_body_string(body, name); }

// A list field (ip_allowlist, domains): a JSON array of strings, or one
// comma-separated string; stored comma-separated. "" when absent.
Result<std::string> list_field(const json& body, const char* name) {
  if (!body.contains(name) || !body[name].is_array()) return field(body, name);
  std::string joined;
  for (const json& item : body[name]) {
    if (!item.is_string())
      return make_error(ErrorKind::kInvalidRequest, std::string("'") + name + "' must be an array of strings",
                        "invalid_request_error", name);
    joined += (joined.empty() ? "" : ",") + item.get<std::string>();
  }
  return joined;
}

json key_with_secret(const CreatedKey& k) {
  json j = key_json(k.record);
  j["secret"] = k.plaintext;
  return j;
}

AdminAnswer create_user(Accounts& a, const json& body) {
  NewUser nu;
  for (auto [name, target] : {std::pair{"name", &nu.name},
                              {"email", &nu.email},
                              {"referral_code", &nu.referred_by_code},
                              {"partner_code", &nu.partner_code}}) {
    auto v = field(body, name);
    if (!v) return fail(v.error());
    *target = *v;
  }
  if (nu.name.empty()) return bad("'name' is required", "name");
  auto plan_name = field(body, "plan");
  if (!plan_name) return fail(plan_name.error());
  if (!plan_name->empty()) {
    auto p = parse_plan(*plan_name);
    if (!p) return bad("unknown plan '" + *plan_name + "' (trial, dev, team or enterprise)", "plan");
    nu.plan = *p;
  }
  if (body.contains("trial_days")) {
    if (!body["trial_days"].is_number_integer() || body["trial_days"].get<int64_t>() < 1 ||
        body["trial_days"].get<int64_t>() > 365)
      return bad("'trial_days' must be a whole number of days from 1 to 365", "trial_days");
    nu.trial_days = body["trial_days"].get<int64_t>();
  }
  nu.key_role = plan(nu.plan).default_role;
  auto created = a.create_user(nu);
  if (!created) return fail(created.error());
  return {201, {{"user", user_json(created->user)}, {"key", key_with_secret(created->key)}}};
}

AdminAnswer create_key(Accounts& a, const json& body) {
  KeyOptions o;
  auto user = field(body, "user");
  if (!user) return fail(user.error());
  if (user->empty()) return bad("'user' is required", "user");
  auto label = field(body, "name");
  if (!label) return fail(label.error());
  o.name = *label;
  for (auto [name, target] : {std::pair{"ip_allowlist", &o.ip_allowlist}, {"domains", &o.domains}}) {
    auto v = list_field(body, name);
    if (!v) return fail(v.error());
    if (!v->empty()) *target = *v;
  }
  auto env = field(body, "environment");
  if (!env) return fail(env.error());
  if (*env == "test") o.environment = KeyEnvironment::kTest;
  else if (!env->empty() && *env != "live") return bad("'environment' must be live or test", "environment");
  auto role = field(body, "role");
  if (!role) return fail(role.error());
  if (!role->empty()) {
    o.role = parse_role(*role);
    if (!o.role) return bad("unknown role '" + *role + "' (admin, team, dev or free)", "role");
  }
  auto created = a.create_key(*user, o);
  if (!created) return fail(created.error());
  return {201, key_with_secret(*created)};
}

json balance_json(const AccountBalance& b) {
  return {{"user_id", b.user_id},
          {"plan", plan(b.plan).name},
          {"balance_usd", b.balance().to_string()},
          {"allowance_usd", b.allowance.to_string()},
          {"purchased_usd", b.purchased.to_string()},
          {"held_usd", b.reserved.to_string()},
          {"available_usd", b.available().to_string()}};
}

AdminAnswer add_credits(Accounts& a, const std::string& user, const json& body) {
  auto amount_text = field(body, "amount_usd");
  if (!amount_text) return fail(amount_text.error());
  auto amount = Money::parse(*amount_text);
  if (!amount)
    return bad("'amount_usd' must be a decimal string such as \"10.00\" (at most 10 decimals)", "amount_usd");
  auto kind_name = field(body, "kind");
  if (!kind_name) return fail(kind_name.error());
  LedgerKind kind = LedgerKind::kGrant;
  if (*kind_name == "purchase") kind = LedgerKind::kPurchase;
  else if (*kind_name == "adjust") kind = LedgerKind::kAdjust;
  else if (!kind_name->empty() && *kind_name != "grant") return bad("'kind' must be grant, purchase or adjust", "kind");
  auto note = field(body, "note");
  auto external = field(body, "external_id");
  if (!note) return fail(note.error());
  if (!external) return fail(external.error());
  auto entry = a.add_credits(user, kind, *amount, *external, *note);
  if (!entry) return fail(entry.error());
  auto u = a.find_user(user);
  if (!u) return fail(u.error());
  json out = balance_json(u->balance);
  out["applied"] = entry->has_value();
  if (*entry) out["entry"] = ledger_json(**entry);
  return {200, out};
}

AdminAnswer users(Accounts& a, std::string_view method, const std::vector<std::string>& seg, const json& body) {
  if (seg.size() == 2 && method == "GET") {
    auto list = a.store().list_users();
    if (!list) return fail(list.error());
    json data = json::array();
    for (UserRecord& u : *list) {
      if (auto live = a.credits().get(u.id)) u.balance = *live;
      data.push_back(user_json(u));
    }
    return {200, {{"object", "list"}, {"data", data}}};
  }
  if (seg.size() == 2 && method == "POST") return create_user(a, body);
  if (seg.size() == 3 && method == "GET") {
    auto u = a.find_user(seg[2]);
    if (!u) return fail(u.error());
    return {200, user_json(*u)};
  }
  if (seg.size() == 3 && method == "DELETE") {
    auto u = a.delete_user(seg[2]);
    if (!u) return fail(u.error());
    return {200, {{"deleted", true}, {"user", user_json(*u)}}};
  }
  if (seg.size() == 4 && seg[3] == "plan" && method == "POST") {
    auto name = field(body, "plan");
    if (!name) return fail(name.error());
    auto p = parse_plan(*name);
    if (!p) return bad("unknown plan '" + *name + "' (trial, dev, team or enterprise)", "plan");
    auto entry = a.change_plan(seg[2], *p);
    if (!entry) return fail(entry.error());
    auto u = a.find_user(seg[2]);
    if (!u) return fail(u.error());
    return {200, user_json(*u)};
  }
  return fail(make_error(ErrorKind::kNotFound, "no admin route " + std::string(method) + " /" + seg[0] + "/" + seg[1],
                         "unknown_route"));
}

AdminAnswer keys(Accounts& a, std::string_view method, const std::vector<std::string>& seg, std::string_view query,
                 const json& body) {
  if (seg.size() == 2 && method == "GET") {
    auto list = a.store().list_keys(query_param(query, "user").value_or(""));
    if (!list) return fail(list.error());
    json data = json::array();
    std::map<std::string, std::string> names;  // user id -> name, one lookup per user
    for (const KeyRecord& k : *list) {
      json j = key_json(k);
      auto [at, fresh] = names.try_emplace(k.user_id);
      if (fresh)
        if (auto u = a.store().find_user(k.user_id)) at->second = u->name;
      j["user"] = at->second;
      data.push_back(std::move(j));
    }
    return {200, {{"object", "list"}, {"data", data}}};
  }
  if (seg.size() == 2 && method == "POST") return create_key(a, body);
  if (seg.size() == 4 && seg[3] == "revoke" && method == "POST") {
    auto k = a.revoke_key(seg[2]);
    if (!k) return fail(k.error());
    return {200, key_json(*k)};
  }
  return fail(make_error(ErrorKind::kNotFound, "no such admin route for keys", "unknown_route"));
}

AdminAnswer credits(Accounts& a, std::string_view method, const std::vector<std::string>& seg, std::string_view query,
                    const json& body) {
  if (seg.size() < 3) return bad("name a user: /admin/credits/{user}");
  if (seg.size() == 3 && method == "GET") {
    auto u = a.find_user(seg[2]);
    if (!u) return fail(u.error());
    return {200, balance_json(u->balance)};
  }
  if (seg.size() == 3 && method == "POST") return add_credits(a, seg[2], body);
  if (seg.size() == 4 && seg[3] == "history" && method == "GET") {
    int limit = 50;
    if (auto l = query_param(query, "limit")) {
      try {
        limit = std::stoi(*l);
      } catch (...) {
        limit = 0;
      }
      if (limit < 1 || limit > 10000) return bad("'limit' must be 1..10000", "limit");
    }
    auto h = a.store().history(seg[2], limit);
    if (!h) return fail(h.error());
    json data = json::array();
    for (const LedgerEntry& e : *h) data.push_back(ledger_json(e));
    return {200, {{"object", "list"}, {"data", data}}};
  }
  return fail(make_error(ErrorKind::kNotFound, "no such admin route for credits", "unknown_route"));
}

AdminAnswer usage(Accounts& a, Clock& clock, std::string_view query) {
  UsageQuery q;
  q.by = query_param(query, "by").value_or("model");
  if (auto user = query_param(query, "user"); user && !user->empty()) {
    auto u = a.store().find_user(*user);
    if (!u) return fail(u.error());
    q.user_id = u->id;
  }
  if (auto days = query_param(query, "days")) {
    int n = 0;
    try {
      n = std::stoi(*days);
    } catch (...) {
    }
    if (n < 1 || n > 36500) return bad("'days' must be a whole number of days, 1 or more", "days");
    q.since_ms = day_start_ms(clock.now_unix_ms()) - (n - 1) * kMsPerDay;
  }
  auto report = usage_report(a.store(), q);
  if (!report) return fail(report.error());
  return {200, *report};
}

}  // namespace

Result<std::string> admin_body_string(const json& body, const char* name) {
  if (!body.contains(name) || body[name].is_null()) return std::string();
  if (!body[name].is_string())
    return make_error(ErrorKind::kInvalidRequest, std::string("'") + name + "' must be a string",
                      "invalid_request_error", name);
  return body[name].get<std::string>();
}

bool is_admin_accounts_path(std::string_view path) {
  auto seg = segments(path);
  return seg.size() >= 2 && seg[0] == "admin" &&
         (seg[1] == "users" || seg[1] == "keys" || seg[1] == "credits" || seg[1] == "usage" || seg[1] == "ledger");
}

AdminAnswer admin_accounts_call(Accounts& a, Clock& clock, std::string_view method, std::string_view path,
                                std::string_view query, std::string_view body_text) {
  json body = json::object();
  if (method == "POST" && !body_text.empty()) {
    body = parse_json(body_text);
    if (body.is_discarded() || !body.is_object()) return bad("request body must be a JSON object");
  }
  auto seg = segments(path);
  if (!is_admin_accounts_path(path))
    return fail(make_error(ErrorKind::kNotFound, "no admin route " + std::string(path), "unknown_route"));
  if (seg[1] == "users") return users(a, method, seg, body);
  if (seg[1] == "keys") return keys(a, method, seg, query, body);
  if (seg[1] == "credits") return credits(a, method, seg, query, body);
  if (seg[1] == "usage" && method == "GET") return usage(a, clock, query);
  if (seg[1] == "ledger" && seg.size() == 3 && seg[2] == "check" && method == "GET") {
    auto unbalanced = a.store().unbalanced_users();
    if (!unbalanced) return fail(unbalanced.error());
    return {200, {{"balanced", unbalanced->empty()}, {"unbalanced_users", *unbalanced}}};
  }
  return fail(make_error(ErrorKind::kNotFound, "no admin route " + std::string(method) + " " + std::string(path),
                         "unknown_route"));
}

}  // namespace gw
