// accounts.cc - contracts in accounts.h.
#include "proxy/accounts/accounts.h"

#include <mutex>

namespace gw {

Accounts::Accounts(std::unique_ptr<AccountStore> store, Clock& clock, CreditSettings settings, LedgerJournal* journal,
                   EventSink* events)
    : store_(std::move(store)), book_(clock, settings, journal, events) {}

Result<std::unique_ptr<Accounts>> Accounts::open(std::unique_ptr<AccountStore> store, Clock& clock,
                                                 CreditSettings settings, LedgerJournal* journal, EventSink* events) {
  std::unique_ptr<Accounts> a(new Accounts(std::move(store), clock, settings, journal, events));
  auto users = a->store_->list_users();
  if (!users) return users.error();
  for (const UserRecord& u : *users) a->book_.put(u.balance);
  auto keys = a->store_->list_keys();
  if (!keys) return keys.error();
  for (const KeyRecord& k : *keys)
    if (auto st = a->index_key(k); !st) return st.error();
  return a;
}

Status Accounts::index_key(const KeyRecord& k) {
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
  std::unique_lock lock(mu_);
  by_hash_[k.lookup_hash] = std::move(info);
  return ok_status();
}

std::string Accounts::lookup_hash(std::string_view plaintext) const { return store_->secret().lookup_hash(plaintext); }

std::shared_ptr<const KeyInfo> Accounts::find_key(std::string_view plaintext) const {
  std::string hash = lookup_hash(plaintext);
  std::shared_lock lock(mu_);
  auto it = by_hash_.find(hash);
  return it == by_hash_.end() ? nullptr : it->second;
}

Result<CreatedUser> Accounts::create_user(const NewUser& nu) {
  auto created = store_->create_user(nu);
  if (!created) return created.error();
  book_.put(created->user.balance);
  if (auto st = index_key(created->key.record); !st) return st.error();
  return created;
}

Result<CreatedKey> Accounts::create_key(const std::string& user, const KeyOptions& options) {
  auto created = store_->create_key(user, options);
  if (!created) return created.error();
  if (auto st = index_key(created->record); !st) return st.error();
  return created;
}

Result<KeyRecord> Accounts::revoke_key(const std::string& key) {
  auto revoked = store_->revoke_key(key);
  if (!revoked) return revoked.error();
  if (auto st = index_key(*revoked); !st) return st.error();
  return revoked;
}

Result<std::optional<LedgerEntry>> Accounts::add_credits(const std::string& user, LedgerKind kind, Money amount,
                                                         const std::string& external_id, const std::string& note) {
  auto entry = store_->add_credits(user, kind, amount, external_id, note);
  if (!entry) return entry.error();
  if (*entry) book_.apply(**entry);
  return entry;
}

Result<LedgerEntry> Accounts::change_plan(const std::string& user, PlanId new_plan) {
  auto entry = store_->change_plan(user, new_plan);
  if (!entry) return entry.error();
  book_.apply(*entry, new_plan, 0);
  return entry;
}

Result<UserRecord> Accounts::find_user(const std::string& id_or_name) {
  auto u = store_->find_user(id_or_name);
  if (!u) return u.error();
  if (auto live = book_.get(u->id)) u->balance = *live;
  return u;
}

}  // namespace gw
