#include "proxy/accounts/account_records.h"

#include <algorithm>

#include "core/base/calendar.h"

namespace gw {

nlohmann::json user_json(const UserRecord& u) {
  const AccountBalance& b = u.balance;
  nlohmann::json j = {{"id", u.id},
                      {"name", u.name},
                      {"email", u.email},
                      {"plan", plan(u.plan).name},
                      {"tier", u.tier},
                      {"created", utc_timestamp(u.created_ms)},
                      {"balance_usd", b.balance().to_string()},
                      {"allowance_usd", b.allowance.to_string()},
                      {"purchased_usd", b.purchased.to_string()}};
  if (plan(u.plan).trial_days > 0) {
    j["trial_ends"] = utc_timestamp(b.trial_ends_ms);
    j["trial_tokens_used"] = b.trial_tokens_used;
    j["trial_requests_used"] = b.trial_requests_used;
  }
  if (!u.referred_by_code.empty()) j["referred_by_code"] = u.referred_by_code;
  if (!u.partner_code.empty()) j["partner_code"] = u.partner_code;
  return j;
}

namespace {

// "a,b" -> ["a","b"]; "" -> []: lists as arrays, like a webhook's events.
nlohmann::json comma_list(const std::string& text) {
  nlohmann::json items = nlohmann::json::array();
  for (size_t start = 0; start < text.size();) {
    size_t comma = std::min(text.find(',', start), text.size());
    if (comma > start) items.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return items;
}

}  // namespace

nlohmann::json key_json(const KeyRecord& k) {
  return {{"id", k.id},
          {"user_id", k.user_id},
          {"name", k.name},
          {"key", k.display},
          {"environment", key_environment_name(k.environment)},
          {"role", role_name(k.role)},
          {"ip_allowlist", comma_list(k.ip_allowlist)},
          {"domains", comma_list(k.domains)},
          {"primary", k.is_primary},
          {"created", utc_timestamp(k.created_ms)},
          {"revoked", k.revoked_ms ? nlohmann::json(utc_timestamp(k.revoked_ms)) : nlohmann::json(nullptr)}};
}

nlohmann::json ledger_json(const LedgerEntry& e) {
  nlohmann::json j = {{"time", utc_timestamp(e.created_ms)},
                      {"user_id", e.user_id},
                      {"kind", ledger_kind_name(e.kind)},
                      {"amount_usd", e.total_delta().to_string()},
                      {"allowance_usd", e.allowance_delta.to_string()},
                      {"purchased_usd", e.purchased_delta.to_string()}};
  if (!e.request_id.empty()) j["request_id"] = e.request_id;
  if (!e.external_id.empty()) j["external_id"] = e.external_id;
  if (e.uncollected != Money{}) j["uncollected_usd"] = e.uncollected.to_string();
  if (!e.note.empty()) j["note"] = e.note;
  return j;
}

}  // namespace gw
