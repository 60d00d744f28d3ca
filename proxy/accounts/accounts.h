// accounts.h - the accounts of a running gateway: the durable AccountStore,
// the in-memory CreditBook the request path asks, and an index of active
// keys by lookup hash (lookup never decrypts). Admin operations go through
// here so memory and database change together: a key created or revoked
// through the admin API is in effect for the very next request.
//
// Thread-safety: every member may be called from any thread. find_key() takes
// a shared lock only.
#pragma once

#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/credit_book.h"
#include "core/domain_restriction.h"
#include "core/ip_allowlist.h"
#include "proxy/accounts/account_store.h"

namespace gw {

// What the request path needs to know about a presented key.
struct KeyInfo {
  std::string key_id;
  std::string user_id;
  Role role = Role::kFree;
  IpAllowlist ips;
  DomainRestriction domains;
  bool revoked = false;
};

class Accounts {
 public:
  // Loads every user into the book and every key into the index.
  static Result<std::unique_ptr<Accounts>> open(std::unique_ptr<AccountStore> store, Clock& clock,
                                                CreditSettings settings, LedgerJournal* journal, EventSink* events);

  // The key a client presented, or null when it is unknown. Revoked keys are
  // returned with revoked = true so the caller can say so.
  std::shared_ptr<const KeyInfo> find_key(std::string_view plaintext) const;
  std::string lookup_hash(std::string_view plaintext) const;

  CreditBook& credits() { return book_; }
  AccountStore& store() { return *store_; }

  // Admin operations: database first, then memory.
  Result<CreatedUser> create_user(const NewUser& nu);
  Result<CreatedKey> create_key(const std::string& user, const KeyOptions& options);
  Result<KeyRecord> revoke_key(const std::string& key);
  Result<std::optional<LedgerEntry>> add_credits(const std::string& user, LedgerKind kind, Money amount,
                                                 const std::string& external_id, const std::string& note);
  Result<LedgerEntry> change_plan(const std::string& user, PlanId plan);
  // The user's record with the live (in-memory) balance.
  Result<UserRecord> find_user(const std::string& id_or_name);

 private:
  Accounts(std::unique_ptr<AccountStore> store, Clock& clock, CreditSettings settings, LedgerJournal* journal,
           EventSink* events);
  Status index_key(const KeyRecord& k);

  std::unique_ptr<AccountStore> store_;
  CreditBook book_;
  mutable std::shared_mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<const KeyInfo>> by_hash_;  // guarded by mu_
};

}  // namespace gw
