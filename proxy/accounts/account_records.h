// account_records.h - users and API keys as stored, and their JSON form for
// the admin API and `--json` output (money as exact decimal strings; never
// a key's plaintext, hash or ciphertext). Plain data.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "core/accounts/api_key.h"
#include "core/accounts/plans.h"
#include "core/accounts/roles.h"
#include "core/ledger/credit_book.h"

namespace gw {

struct UserRecord {
  std::string id;  // "usr_..."
  std::string name;
  std::string email;
  PlanId plan = PlanId::kTrial;
  std::string tier;
  int64_t created_ms = 0;
  AccountBalance balance;  // plan, buckets, trial counters (reserved: 0)
  std::string referred_by_code;
  std::string partner_code;
  std::string auth_subject;
};

struct KeyRecord {
  std::string id;  // "key_..."; safe to show and log
  std::string user_id;
  std::string name;
  std::string lookup_hash;
  std::string encrypted_key;
  std::string display;  // "gw_live_AbCdEfGh…"
  KeyEnvironment environment = KeyEnvironment::kLive;
  Role role = Role::kDev;
  std::string ip_allowlist;  // comma-separated CIDRs; "" = any
  std::string domains;       // comma-separated hosts; "" = any
  bool is_primary = false;
  int64_t created_ms = 0;
  int64_t revoked_ms = 0;  // 0 = active
};

nlohmann::json user_json(const UserRecord& u);
nlohmann::json key_json(const KeyRecord& k);
nlohmann::json ledger_json(const LedgerEntry& e);

}  // namespace gw
