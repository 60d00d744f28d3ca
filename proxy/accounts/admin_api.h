// admin_api.h - the accounts part of the admin API as one function over
// (method, path, query, body), so `gw serve` (/admin/...) and the CLI with no
// server running (straight on the database) share every rule and every
// JSON shape. Money is always an exact decimal string.
//
//   GET  /admin/users                      list users (live balances)
//   POST /admin/users                      {name, email?, plan?, trial_days?, referral_code?, partner_code?}
//                                          -> 201 {user, key: {..., secret}}
//   GET  /admin/users/{user}               one user
//   POST /admin/users/{user}/plan          {plan}
//   DELETE /admin/users/{user}             the user and its keys (ledger and usage rows stay)
//   GET  /admin/keys[?user=U]              list keys (never secrets)
//   POST /admin/keys                       {user, name?, environment?, role?, ip_allowlist?, domains?} (lists: arrays
//   or comma-separated)
//                                          -> 201 {..., secret}   (the only time the key is shown)
//   POST /admin/keys/{key}/revoke          revoke by id
//   GET  /admin/credits/{user}             balance
//   POST /admin/credits/{user}             {amount_usd, kind?: grant|purchase|adjust, note?, external_id?}
//   GET  /admin/credits/{user}/history[?limit=N]
//   GET  /admin/usage[?by=model|provider|day|user][&user=U][&days=N]
//   GET  /admin/ledger/check               users whose balance differs from their ledger
//
// Thread-safety: as Accounts.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/base/result.h"

namespace gw {

class Accounts;
class Clock;

struct AdminAnswer {
  int status = 200;
  nlohmann::json body;  // the answer, or {"error": {...}} in OpenAI's shape
};

AdminAnswer admin_accounts_call(Accounts& accounts, Clock& clock, std::string_view method, std::string_view path,
                                std::string_view query, std::string_view body);

// True for paths admin_accounts_call serves.
bool is_admin_accounts_path(std::string_view path);

// A string member of an admin request's JSON object body: "" when absent or
// null; kInvalidRequest naming it when it is not a string.
Result<std::string> admin_body_string(const nlohmann::json& body, const char* name);

}  // namespace gw
