// accounts.cc - contracts in accounts.h.
#include "proxy/accounts/accounts.h"

#include <limits>

namespace gw {
namespace {

Result<std::shared_ptr<const KeyInfo>> key_info(const KeyRecord& k) {
  auto info = std::make_shared<KeyInfo>();
  info->key_id = k.id;
  info->user_id = k.user_id;
  info->role = k.role;
  auto ips = IpAllowlist::parse(k.ip_allowlist);
  if (!ips) return ips.error();
  info->ips = std::move(ips).value();
  auto domains = DomainRestriction::parse(k.domains);
  if (!domains) return domains.error();
  info->domains = std::move(domains).value();
  info->revoked = k.revoked_ms != 0;
  return std::shared_ptr<const KeyInfo>(std::move(info));
}

}  // namespace

Accounts::Accounts(std::unique_ptr<AccountStore> store, Clock& clock, CreditSettings settings, LedgerJournal* journal,
                   EventSink* events)
    : store_(std::move(store)), book_(clock, settings, journal, events), refresh_gate_(clock, kAccountsRefreshMs) {}

Result<std::unique_ptr<Accounts>> Accounts::open(std::unique_ptr<AccountStore> store, Clock& clock,
                                                 CreditSettings settings, LedgerJournal* journal, EventSink* events) {
  std::unique_ptr<Accounts> a(new Accounts(std::move(store), clock, settings, journal, events));
  std::lock_guard<std::mutex> lock(a->sync_mu_);
  // Every user is new to the book, so no ledger row needs applying.
  if (auto st = a->catch_up_locked(std::numeric_limits<int64_t>::max()); !st) return st.error();
  return a;
}

Status Accounts::index_key(const KeyRecord& k) {
  auto info = key_info(k);
  if (!info) return info.error();
  std::unique_lock lock(mu_);
  by_hash_[k.lookup_hash] = std::move(info).value();
  return ok_status();
}

std::string Accounts::lookup_hash(std::string_view plaintext) const { return store_->secret().lookup_hash(plaintext); }

std::shared_ptr<const KeyInfo> Accounts::find_key(std::string_view plaintext) {
  if (!background_refresh_) refresh_if_due();
  std::string hash = lookup_hash(plaintext);
  std::shared_lock lock(mu_);
  auto it = by_hash_.find(hash);
  return it == by_hash_.end() ? nullptr : it->second;
}

void Accounts::refresh_if_due() {
  if (!refresh_gate_.pass()) return;
  refresh_now();
}

void Accounts::refresh_now() {
  std::unique_lock<std::mutex> lock(sync_mu_, std::try_to_lock);
  auto mark = lock.owns_lock() ? store_->try_mark() : std::optional<AccountsMark>();
  if (!mark) return;  // unreadable for now: memory stays as it is, the next interval looks again
  if (!*mark) {       // an admin operation or report is running: the next caller looks
    refresh_gate_.reopen();
    return;
  }
  if ((*mark)->generation != seen_.generation) {
    (void)catch_up_locked(seen_.ledger_high);  // a key that does not parse is left out (refused)
    return;
  }
  // Nothing changed, so the ledger rows since the last look are the request
  // path's own charges: none of them needs applying.
  seen_.ledger_high = (*mark)->ledger_high;
  own_entries_.erase(own_entries_.begin(), own_entries_.upper_bound(seen_.ledger_high));
}

Status Accounts::catch_up_locked(int64_t ledger_after) {
  auto snap = store_->snapshot(ledger_after);
  if (!snap) return snap.error();
  apply_users_locked(*snap);
  // The key index, rebuilt: keys of users that exist (a user deleted by hand
  // may leave orphans), revoked ones included so the caller can say so.
  KeyIndex index;
  Status first_error = ok_status();
  for (const KeyRecord& k : snap->keys) {
    if (!user_ids_.contains(k.user_id)) continue;
    auto info = key_info(k);
    if (!info) {
      if (first_error) first_error = info.error();
      continue;
    }
    index[k.lookup_hash] = std::move(info).value();
  }
  {
    std::unique_lock lock(mu_);
    by_hash_.swap(index);
  }
  seen_ = snap->mark;
  own_entries_.erase(own_entries_.begin(), own_entries_.upper_bound(seen_.ledger_high));
  return first_error;
}

void Accounts::apply_users_locked(const AccountsSnapshot& snap) {
  std::set<std::string> ids, fresh;
  for (const UserRecord& u : snap.users) {
    ids.insert(u.id);
    if (user_ids_.contains(u.id)) continue;
    book_.put(u.balance);  // new here: its stored balance already holds all of its ledger rows
    fresh.insert(u.id);
  }
  for (const std::string& id : user_ids_)
    if (!ids.contains(id)) book_.remove(id);
  user_ids_ = std::move(ids);
  // Admin rows written elsewhere, for users the book had already.
  for (const LedgerEntry& e : snap.admin_entries)
    if (!fresh.contains(e.user_id) && !own_entries_.contains(e.id)) book_.apply_quietly(e);
  // Plan and trial end as the database has them (only admin operations change them).
  for (const UserRecord& u : snap.users) {
    if (fresh.contains(u.id)) continue;
    auto live = book_.get(u.id);
    if (live && (live->plan != u.plan || live->trial_ends_ms != u.balance.trial_ends_ms)) {
      LedgerEntry none;
      none.user_id = u.id;
      book_.apply_quietly(none, u.plan, u.balance.trial_ends_ms);
    }
  }
}

Result<CreatedUser> Accounts::create_user(const NewUser& nu) {
  std::lock_guard<std::mutex> lock(sync_mu_);
  auto created = store_->create_user(nu);
  if (!created) return created.error();
  book_.put(created->user.balance);
  user_ids_.insert(created->user.id);
  if (auto st = index_key(created->key.record); !st) return st.error();
  return created;
}

Result<CreatedKey> Accounts::create_key(const std::string& user, const KeyOptions& options) {
  std::lock_guard<std::mutex> lock(sync_mu_);
  auto created = store_->create_key(user, options);
  if (!created) return created.error();
  if (auto st = index_key(created->record); !st) return st.error();
  return created;
}

Result<KeyRecord> Accounts::revoke_key(const std::string& key) {
  std::lock_guard<std::mutex> lock(sync_mu_);
  auto revoked = store_->revoke_key(key);
  if (!revoked) return revoked.error();
  if (auto st = index_key(*revoked); !st) return st.error();
  return revoked;
}

Result<UserRecord> Accounts::delete_user(const std::string& user) {
  std::lock_guard<std::mutex> lock(sync_mu_);
  auto deleted = store_->delete_user(user);
  if (!deleted) return deleted.error();
  (void)catch_up_locked(seen_.ledger_high);  // drops the user's balance and keys from memory
  return deleted;
}

Result<std::optional<LedgerEntry>> Accounts::add_credits(const std::string& user, LedgerKind kind, Money amount,
                                                         const std::string& external_id, const std::string& note) {
  std::lock_guard<std::mutex> lock(sync_mu_);
  auto entry = store_->add_credits(user, kind, amount, external_id, note);
  if (!entry) return entry.error();
  if (*entry) {
    book_.apply(**entry);
    own_entries_.insert((*entry)->id);
  }
  return entry;
}

Result<LedgerEntry> Accounts::change_plan(const std::string& user, PlanId new_plan) {
  std::lock_guard<std::mutex> lock(sync_mu_);
  auto entry = store_->change_plan(user, new_plan);
  if (!entry) return entry.error();
  book_.apply(*entry, new_plan, 0);
  own_entries_.insert(entry->id);
  return entry;
}

Result<UserRecord> Accounts::find_user(const std::string& id_or_name) {
  auto u = store_->find_user(id_or_name);
  if (!u) return u.error();
  if (auto live = book_.get(u->id)) u->balance = *live;
  return u;
}

}  // namespace gw
