// account_store.h - users, API keys and credits in SQLite: the durable side
// of accounts. Every change is one transaction; money changes go through
// ledger rows (proxy/io/ledger_sql.h), so balances equal the ledger's sums.
// A key's plaintext exists only in the CreatedKey returned at creation.
//
// Thread-safety: all members may be called from any thread (a mutex
// serializes use of the one connection). Admin operations are rare; the
// request path never calls this.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/base/clock.h"
#include "core/base/result.h"
#include "proxy/accounts/account_records.h"
#include "proxy/io/database.h"
#include "proxy/io/server_secret.h"

namespace gw {

struct NewUser {
  std::string name;  // unique; letters, digits, . _ @ -
  std::string email;
  PlanId plan = PlanId::kTrial;
  int64_t trial_days = 0;  // 0 = the plan's (3 for Trial); partner codes extend it
  std::string referred_by_code;
  std::string partner_code;
  std::string auth_subject;    // identity provider's user id, for registration
  Role key_role = Role::kDev;  // role of the primary key
};

struct KeyOptions {
  std::string name = "default";
  KeyEnvironment environment = KeyEnvironment::kLive;
  std::optional<Role> role;  // default: the plan's role
  std::string ip_allowlist;  // validated CIDR list
  std::string domains;       // validated host list
  bool primary = false;
};

struct CreatedKey {
  KeyRecord record;
  std::string plaintext;  // shown once; never stored
};

struct CreatedUser {
  UserRecord user;
  CreatedKey key;                    // the primary key
  std::vector<LedgerEntry> entries;  // what the creation wrote (trial grant)
};

// Where the accounts in the database stand, read in one snapshot.
struct AccountsMark {
  int64_t generation = 0;   // account_generation: moved by every change to users, keys and admin ledger rows
  int64_t ledger_high = 0;  // the highest ledger row id (0 = none)
};

// Everything a running server keeps in memory about accounts, read in one
// snapshot, so it can catch up with changes other processes made.
struct AccountsSnapshot {
  AccountsMark mark;
  std::vector<UserRecord> users;
  std::vector<KeyRecord> keys;             // every key, revoked ones included
  std::vector<LedgerEntry> admin_entries;  // purchase, grant, adjust and plan_change rows
                                           // after the id asked for, oldest first, ids set
};

class AccountStore {
 public:
  AccountStore(std::unique_ptr<Database> db, std::shared_ptr<const ServerSecret> secret, Clock& clock);

  Result<CreatedUser> create_user(const NewUser& nu);
  Result<UserRecord> find_user(const std::string& id_or_name);
  Result<std::optional<UserRecord>> find_user_by_subject(const std::string& subject);
  Result<std::vector<UserRecord>> list_users();
  // Deletes the user and its keys (ON DELETE CASCADE); its ledger and usage
  // rows stay, for the books. The user as it was; kNotFound when none.
  Result<UserRecord> delete_user(const std::string& id_or_name);

  Result<CreatedKey> create_key(const std::string& user, const KeyOptions& options);
  // Marks a key revoked (by id, or by its full plaintext); returns it.
  Result<KeyRecord> revoke_key(const std::string& key_id);
  Result<std::vector<KeyRecord>> list_keys(const std::string& user = "");  // "" = all users

  // Adds purchased credits (kPurchase, kGrant) or an adjustment (kAdjust,
  // either sign). `external_id` non-empty makes it idempotent: a repeat
  // returns nullopt and changes nothing.
  Result<std::optional<LedgerEntry>> add_credits(const std::string& user, LedgerKind kind, Money amount,
                                                 const std::string& external_id, const std::string& note);
  // Moves a user to another plan: allowance set to the new plan's, purchased
  // credits untouched. Returns the entry (apply it to the CreditBook).
  Result<LedgerEntry> change_plan(const std::string& user, PlanId plan);
  Result<std::vector<LedgerEntry>> history(const std::string& user, int limit);
  // Users whose stored balance differs from the sum of their ledger rows
  // (always empty unless the database was edited by hand).
  Result<std::vector<std::string>> unbalanced_users();

  // One cheap read (no write, no lock held by the database): for the
  // request path's once-a-second look at whether anything changed. Never
  // waits for another call on this store: nullopt while one runs (a long
  // usage report, say).
  Result<std::optional<AccountsMark>> try_mark();
  // Users, keys and the admin ledger rows with ids above `ledger_after`,
  // as of one moment.
  Result<AccountsSnapshot> snapshot(int64_t ledger_after);

  const ServerSecret& secret() const { return *secret_; }
  bool shared() const { return db_->shared(); }  // PostgreSQL (SQL dialect differs)

  // A read-only query for reports (usage summaries), under the store's lock.
  Result<std::vector<SqlRow>> query(std::string_view sql, const std::vector<SqlValue>& params = {});

 private:
  Result<UserRecord> find_user_locked(const std::string& id_or_name);
  Result<std::vector<UserRecord>> list_users_locked();
  Result<std::vector<KeyRecord>> list_keys_locked(const std::string& user_id);  // "" = all users
  Result<AccountsMark> mark_locked();
  Result<CreatedKey> insert_key(const UserRecord& user, const KeyOptions& options);

  std::mutex mu_;
  std::unique_ptr<Database> db_;
  std::shared_ptr<const ServerSecret> secret_;
  Clock& clock_;
};

// Validates user names: 1..64 of letters, digits, '.', '_', '@', '-'.
Status check_user_name(const std::string& name);

}  // namespace gw
