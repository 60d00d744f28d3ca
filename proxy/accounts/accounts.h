// accounts.h - the accounts of a running gateway: the durable AccountStore,
// the in-memory CreditBook the request path asks, and an index of active
// keys by lookup hash (lookup never decrypts). Admin operations go through
// here so memory and database change together: a key created or revoked
// through the admin API is in effect for the very next request.
//
// Changes other processes commit to the database (the CLI working on the
// database while no server answered it, a second server, a hand edit) reach
// memory within kAccountsRefreshMs: find_key() looks at the database's
// account generation (proxy/io/migrations.cc, migration 5) at most once per
// interval - one read, never a write - and when it moved, reloads the key
// index, adds users created elsewhere, drops deleted users (and so their
// keys), takes plan and trial changes, and applies credits added elsewhere
// (quietly: the process that added them announces them, if it announces).
//
// Thread-safety: every member may be called from any thread. find_key() takes
// a shared lock; once per interval one caller also does the read above.
#pragma once

#include <memory>
#include <mutex>
#include <set>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/accounts/domain_restriction.h"
#include "core/accounts/ip_allowlist.h"
#include "core/base/interval_gate.h"
#include "core/ledger/credit_book.h"
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

// How long a change another process made to accounts may go unnoticed.
inline constexpr int64_t kAccountsRefreshMs = 1000;

class Accounts {
 public:
  // Loads every user into the book and every key into the index.
  static Result<std::unique_ptr<Accounts>> open(std::unique_ptr<AccountStore> store, Clock& clock,
                                                CreditSettings settings, LedgerJournal* journal, EventSink* events);

  // The key a client presented, or null when it is unknown. Revoked keys are
  // returned with revoked = true so the caller can say so. Calls
  // refresh_if_due() first.
  std::shared_ptr<const KeyInfo> find_key(std::string_view plaintext);
  // Catches up with changes other processes made, when kAccountsRefreshMs
  // has passed since the last look (see the file comment). Never waits for
  // an admin operation: while one runs, the next caller looks instead.
  void refresh_if_due();
  // The same look, now, whatever the interval. With a shared database
  // (PostgreSQL) a background thread calls this every 250 ms instead, so
  // the request path never waits on the network: set_background_refresh().
  void refresh_now();
  void set_background_refresh() { background_refresh_ = true; }
  std::string lookup_hash(std::string_view plaintext) const;

  CreditBook& credits() { return book_; }
  AccountStore& store() { return *store_; }

  // Admin operations: database first, then memory.
  Result<CreatedUser> create_user(const NewUser& nu);
  Result<CreatedKey> create_key(const std::string& user, const KeyOptions& options);
  Result<KeyRecord> revoke_key(const std::string& key);
  // Deletes the user and its keys; they stop working at once.
  Result<UserRecord> delete_user(const std::string& user);
  Result<std::optional<LedgerEntry>> add_credits(const std::string& user, LedgerKind kind, Money amount,
                                                 const std::string& external_id, const std::string& note);
  Result<LedgerEntry> change_plan(const std::string& user, PlanId plan);
  // The user's record with the live (in-memory) balance.
  Result<UserRecord> find_user(const std::string& id_or_name);

 private:
  Accounts(std::unique_ptr<AccountStore> store, Clock& clock, CreditSettings settings, LedgerJournal* journal,
           EventSink* events);
  using KeyIndex = std::unordered_map<std::string, std::shared_ptr<const KeyInfo>>;
  Status index_key(const KeyRecord& k);
  // Reloads users, keys and the admin ledger rows after `ledger_after` from
  // one database snapshot (see the file comment). Requires sync_mu_.
  Status catch_up_locked(int64_t ledger_after);
  void apply_users_locked(const AccountsSnapshot& snap);

  std::unique_ptr<AccountStore> store_;
  CreditBook book_;
  IntervalGate refresh_gate_;
  bool background_refresh_ = false;  // set before serving; find_key() then never refreshes
  // Serializes admin operations and catching up; guards the members below.
  std::mutex sync_mu_;
  AccountsMark seen_;               // the generation memory reflects; admin ledger rows up to ledger_high are applied
  std::set<int64_t> own_entries_;   // ids of admin ledger rows this object applied itself, above seen_.ledger_high
  std::set<std::string> user_ids_;  // the users in book_
  mutable std::shared_mutex mu_;
  KeyIndex by_hash_;  // guarded by mu_
};

}  // namespace gw
