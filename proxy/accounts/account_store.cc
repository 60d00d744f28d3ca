// account_store.cc - contracts in account_store.h.
#include "proxy/accounts/account_store.h"

#include "core/accounts/domain_restriction.h"
#include "core/accounts/ip_allowlist.h"
#include "core/base/calendar.h"
#include "proxy/io/ledger_sql.h"
#include "proxy/io/random.h"

namespace gw {
namespace {

constexpr const char* kUserColumns =
    "id, name, email, plan, tier, created_ms, trial_ends_ms, allowance_units, purchased_units, period_start_ms, "
    "trial_tokens_used, trial_requests_used, referred_by_code, partner_code, auth_subject";
constexpr const char* kKeyColumns =
    "id, user_id, name, lookup_hash, encrypted_key, display, environment, role, ip_allowlist, domains, is_primary, "
    "created_ms, revoked_ms";

UserRecord user_from_row(const SqlRow& r) {
  UserRecord u;
  u.id = sql_text(r[0]);
  u.name = sql_text(r[1]);
  u.email = sql_text(r[2]);
  u.plan = parse_plan(sql_text(r[3])).value_or(PlanId::kTrial);
  u.tier = sql_text(r[4]);
  u.created_ms = sql_integer(r[5]);
  AccountBalance& b = u.balance;
  b.user_id = u.id;
  b.plan = u.plan;
  b.trial_ends_ms = sql_integer(r[6]);
  b.allowance = Money::from_units(sql_integer(r[7]));
  b.purchased = Money::from_units(sql_integer(r[8]));
  b.period_start_ms = sql_integer(r[9]);
  b.trial_tokens_used = sql_integer(r[10]);
  b.trial_requests_used = sql_integer(r[11]);
  u.referred_by_code = sql_text(r[12]);
  u.partner_code = sql_text(r[13]);
  u.auth_subject = sql_text(r[14]);
  return u;
}

KeyRecord key_from_row(const SqlRow& r) {
  KeyRecord k;
  k.id = sql_text(r[0]);
  k.user_id = sql_text(r[1]);
  k.name = sql_text(r[2]);
  k.lookup_hash = sql_text(r[3]);
  k.encrypted_key = sql_text(r[4]);
  k.display = sql_text(r[5]);
  k.environment = sql_text(r[6]) == "test" ? KeyEnvironment::kTest : KeyEnvironment::kLive;
  k.role = parse_role(sql_text(r[7])).value_or(Role::kFree);
  k.ip_allowlist = sql_text(r[8]);
  k.domains = sql_text(r[9]);
  k.is_primary = sql_integer(r[10]) != 0;
  k.created_ms = sql_integer(r[11]);
  k.revoked_ms = sql_integer(r[12]);
  return k;
}

Error not_found(const std::string& what) { return make_error(ErrorKind::kNotFound, what, "not_found"); }

}  // namespace

Status check_user_name(const std::string& name) {
  bool ok = !name.empty() && name.size() <= 64;
  for (char c : name)
    ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '@' || c == '-');
  if (!ok)
    return make_error(ErrorKind::kInvalidRequest,
                      "user name '" + name + "' must be 1 to 64 letters, digits, '.', '_', '@' or '-'", "invalid_name");
  return ok_status();
}

AccountStore::AccountStore(std::unique_ptr<Database> db, std::shared_ptr<const ServerSecret> secret, Clock& clock)
    : db_(std::move(db)), secret_(std::move(secret)), clock_(clock) {}

Result<std::vector<SqlRow>> AccountStore::query(std::string_view sql, const std::vector<SqlValue>& params) {
  std::lock_guard<std::mutex> lock(mu_);
  return db_->query(sql, params);
}

Result<UserRecord> AccountStore::find_user_locked(const std::string& id_or_name) {
  auto rows =
      db_->query(std::string("SELECT ") + kUserColumns + " FROM users WHERE id = ?1 OR name = ?1", {id_or_name});
  if (!rows) return rows.error();
  if (rows->empty()) return not_found("no user '" + id_or_name + "' (see: gw users list)");
  return user_from_row(rows->front());
}

Result<UserRecord> AccountStore::find_user(const std::string& id_or_name) {
  std::lock_guard<std::mutex> lock(mu_);
  return find_user_locked(id_or_name);
}

Result<std::optional<UserRecord>> AccountStore::find_user_by_subject(const std::string& subject) {
  std::lock_guard<std::mutex> lock(mu_);
  auto rows = db_->query(std::string("SELECT ") + kUserColumns + " FROM users WHERE auth_subject = ?1", {subject});
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<UserRecord>();
  return std::optional<UserRecord>(user_from_row(rows->front()));
}

Result<std::vector<UserRecord>> AccountStore::list_users() {
  std::lock_guard<std::mutex> lock(mu_);
  return list_users_locked();
}

Result<std::vector<UserRecord>> AccountStore::list_users_locked() {
  auto rows = db_->query(std::string("SELECT ") + kUserColumns + " FROM users ORDER BY created_ms, name");
  if (!rows) return rows.error();
  std::vector<UserRecord> out;
  for (const SqlRow& r : *rows) out.push_back(user_from_row(r));
  return out;
}

Result<CreatedUser> AccountStore::create_user(const NewUser& nu) {
  if (auto st = check_user_name(nu.name); !st) return st.error();
  std::lock_guard<std::mutex> lock(mu_);
  const int64_t now = clock_.now_unix_ms();
  const Plan& p = plan(nu.plan);
  CreatedUser created;
  UserRecord& u = created.user;
  u.id = random_id("usr_", 8);
  u.name = nu.name;
  u.email = nu.email;
  u.plan = nu.plan;
  u.tier = std::string(p.tier);
  u.created_ms = now;
  u.referred_by_code = nu.referred_by_code;
  u.partner_code = nu.partner_code;
  u.auth_subject = nu.auth_subject;
  AccountBalance& b = u.balance;
  b.user_id = u.id;
  b.plan = nu.plan;
  b.period_start_ms = month_start_ms(now);
  if (p.trial_days > 0) b.trial_ends_ms = now + (nu.trial_days > 0 ? nu.trial_days : p.trial_days) * kMsPerDay;

  LedgerEntry grant;
  grant.user_id = u.id;
  grant.created_ms = now;
  grant.kind = p.trial_days > 0 ? LedgerKind::kTrialGrant : LedgerKind::kAllowanceReset;
  grant.allowance_delta = p.trial_days > 0 ? p.trial_credits : p.monthly_allowance;
  grant.note = p.trial_days > 0 ? "trial credit" : std::string(p.name) + " allowance";

  Status st = db_->transaction([&]() -> Status {
    auto taken = db_->query("SELECT 1 FROM users WHERE name = ?1", {u.name});
    if (!taken) return taken.error();
    if (!taken->empty())
      return make_error(ErrorKind::kConflict, "a user named '" + u.name + "' already exists", "user_exists");
    auto ins = db_->query(
        "INSERT INTO users (id, name, email, plan, tier, created_ms, trial_ends_ms, period_start_ms, referred_by_code, "
        "partner_code, auth_subject) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        {u.id, u.name, sql_text_or_null(u.email), std::string(p.name), u.tier, now, b.trial_ends_ms, b.period_start_ms,
         sql_text_or_null(u.referred_by_code), sql_text_or_null(u.partner_code), sql_text_or_null(u.auth_subject)});
    if (!ins) return ins.error();
    if (grant.allowance_delta != Money{}) {
      auto written = write_ledger_entry(*db_, grant);
      if (!written) return written.error();
      created.entries.push_back(grant);
    }
    KeyOptions ko;
    ko.name = "primary";
    ko.role = nu.key_role;
    ko.primary = true;
    auto key = insert_key(u, ko);
    if (!key) return key.error();
    created.key = std::move(key).value();
    return ok_status();
  });
  if (!st) return st.error();
  b.allowance = grant.allowance_delta;
  return created;
}

Result<CreatedKey> AccountStore::insert_key(const UserRecord& user, const KeyOptions& o) {
  if (auto ips = IpAllowlist::parse(o.ip_allowlist); !ips) return ips.error();
  if (auto domains = DomainRestriction::parse(o.domains); !domains) return domains.error();
  const int64_t now = clock_.now_unix_ms();
  CreatedKey ck;
  ck.plaintext = make_api_key(o.environment, random_bytes(kApiKeyRandomBytes));
  KeyRecord& k = ck.record;
  k.id = random_id("key_", 6);
  k.user_id = user.id;
  k.name = o.name.empty() ? "default" : o.name;
  k.lookup_hash = secret_->lookup_hash(ck.plaintext);
  k.encrypted_key = secret_->seal(ck.plaintext, now / 1000);
  k.display = key_display_prefix(ck.plaintext);
  k.environment = o.environment;
  k.role = o.role.value_or(plan(user.plan).default_role);
  k.ip_allowlist = o.ip_allowlist;
  k.domains = o.domains;
  k.is_primary = o.primary;
  k.created_ms = now;
  auto ins = db_->query(std::string("INSERT INTO api_keys (") + kKeyColumns +
                            ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 0)",
                        {k.id, k.user_id, k.name, k.lookup_hash, k.encrypted_key, k.display,
                         std::string(key_environment_name(k.environment)), std::string(role_name(k.role)),
                         k.ip_allowlist, k.domains, int64_t{k.is_primary}, k.created_ms});
  if (!ins) return ins.error();
  return ck;
}

Result<CreatedKey> AccountStore::create_key(const std::string& user, const KeyOptions& options) {
  std::lock_guard<std::mutex> lock(mu_);
  auto u = find_user_locked(user);
  if (!u) return u.error();
  return insert_key(*u, options);
}

Result<UserRecord> AccountStore::delete_user(const std::string& id_or_name) {
  std::lock_guard<std::mutex> lock(mu_);
  auto u = find_user_locked(id_or_name);
  if (!u) return u.error();
  auto del = db_->query("DELETE FROM users WHERE id = ?1", {u->id});
  if (!del) return del.error();
  return u;
}

Result<KeyRecord> AccountStore::revoke_key(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  std::string hash = parse_api_key(key) ? secret_->lookup_hash(key) : "";
  auto rows = db_->query(std::string("SELECT ") + kKeyColumns + " FROM api_keys WHERE id = ?1 OR lookup_hash = ?2",
                         {key, hash});
  if (!rows) return rows.error();
  if (rows->empty())
    return not_found("no key '" + (hash.empty() ? key : key_display_prefix(key)) + "' (see: gw keys list)");
  KeyRecord k = key_from_row(rows->front());
  if (k.revoked_ms == 0) {
    k.revoked_ms = clock_.now_unix_ms();
    auto upd = db_->query("UPDATE api_keys SET revoked_ms = ?2 WHERE id = ?1", {k.id, k.revoked_ms});
    if (!upd) return upd.error();
  }
  return k;
}

Result<std::vector<KeyRecord>> AccountStore::list_keys(const std::string& user) {
  std::lock_guard<std::mutex> lock(mu_);
  std::string user_id;
  if (!user.empty()) {
    auto u = find_user_locked(user);
    if (!u) return u.error();
    user_id = u->id;
  }
  return list_keys_locked(user_id);
}

Result<std::vector<KeyRecord>> AccountStore::list_keys_locked(const std::string& user_id) {
  auto rows = db_->query(
      std::string("SELECT ") + kKeyColumns + " FROM api_keys WHERE ?1 = '' OR user_id = ?1 ORDER BY created_ms, id",
      {user_id});
  if (!rows) return rows.error();
  std::vector<KeyRecord> out;
  for (const SqlRow& r : *rows) out.push_back(key_from_row(r));
  return out;
}

Result<std::optional<AccountsMark>> AccountStore::try_mark() {
  std::unique_lock<std::mutex> lock(mu_, std::try_to_lock);
  if (!lock.owns_lock()) return std::optional<AccountsMark>();
  auto mark = mark_locked();
  if (!mark) return mark.error();
  return std::optional<AccountsMark>(*mark);
}

Result<AccountsMark> AccountStore::mark_locked() {
  auto rows = db_->query(
      "SELECT (SELECT value FROM account_generation WHERE id = 1), (SELECT coalesce(max(id), 0) FROM ledger)");
  if (!rows) return rows.error();
  if (rows->empty()) return make_error(ErrorKind::kIo, "account_generation has no row");
  return AccountsMark{sql_integer(rows->front()[0]), sql_integer(rows->front()[1])};
}

Result<AccountsSnapshot> AccountStore::snapshot(int64_t ledger_after) {
  std::lock_guard<std::mutex> lock(mu_);
  AccountsSnapshot snap;
  Status st = db_->read_snapshot([&]() -> Status {
    auto mark = mark_locked();
    if (!mark) return mark.error();
    snap.mark = *mark;
    auto users = list_users_locked();
    if (!users) return users.error();
    snap.users = std::move(users).value();
    auto keys = list_keys_locked("");
    if (!keys) return keys.error();
    snap.keys = std::move(keys).value();
    // The kinds an admin writes (the ledger_admin_inserted trigger's list).
    auto rows = db_->query(std::string("SELECT ") + kLedgerColumns +
                               ", id FROM ledger WHERE id > ?1 AND kind IN ('purchase', 'grant', 'adjust', "
                               "'plan_change') ORDER BY id",
                           {ledger_after});
    if (!rows) return rows.error();
    for (const SqlRow& r : *rows) {
      LedgerEntry e = ledger_entry_from_row(r);
      e.id = sql_integer(r.at(10));
      // change_plan() starts the new plan's period in the month of the change.
      if (e.kind == LedgerKind::kPlanChange) e.period_start_ms = month_start_ms(e.created_ms);
      snap.admin_entries.push_back(std::move(e));
    }
    return ok_status();
  });
  if (!st) return st.error();
  return snap;
}

Result<std::optional<LedgerEntry>> AccountStore::add_credits(const std::string& user, LedgerKind kind, Money amount,
                                                             const std::string& external_id, const std::string& note) {
  if (kind != LedgerKind::kAdjust && amount <= Money{})
    return make_error(ErrorKind::kInvalidRequest, "the amount must be positive (use an adjustment to subtract)",
                      "invalid_amount");
  std::lock_guard<std::mutex> lock(mu_);
  auto u = find_user_locked(user);
  if (!u) return u.error();
  LedgerEntry e;
  e.user_id = u->id;
  e.kind = kind;
  e.created_ms = clock_.now_unix_ms();
  e.purchased_delta = amount;
  e.external_id = external_id;
  e.note = note;
  if (kind == LedgerKind::kAdjust && u->balance.purchased.plus(amount).value_or(Money{}) < Money{})
    return make_error(ErrorKind::kInvalidRequest,
                      "taking $" + (-amount).to_string() + " would leave purchased credits below zero (they are $" +
                          u->balance.purchased.to_string() + ")",
                      "invalid_amount");
  bool applied = false;
  Status st = db_->transaction([&]() -> Status {
    auto w = write_ledger_entry(*db_, e);
    if (!w) return w.error();
    applied = *w;
    if (applied) e.id = db_->last_insert_id();
    return ok_status();
  });
  if (!st) return st.error();
  if (!applied) return std::optional<LedgerEntry>();
  return std::optional<LedgerEntry>(e);
}

Result<LedgerEntry> AccountStore::change_plan(const std::string& user, PlanId new_plan) {
  std::lock_guard<std::mutex> lock(mu_);
  auto u = find_user_locked(user);
  if (!u) return u.error();
  const int64_t now = clock_.now_unix_ms();
  const Plan& p = plan(new_plan);
  LedgerEntry e;
  e.user_id = u->id;
  e.kind = LedgerKind::kPlanChange;
  e.created_ms = now;
  e.allowance_delta = p.monthly_allowance.minus(u->balance.allowance).value_or(Money{});
  e.period_start_ms = month_start_ms(now);
  e.note = std::string(plan(u->plan).name) + " -> " + std::string(p.name);
  Status st = db_->transaction([&]() -> Status {
    auto w = write_ledger_entry(*db_, e);
    if (!w) return w.error();
    e.id = db_->last_insert_id();
    auto upd = db_->query("UPDATE users SET plan = ?2, tier = ?3, trial_ends_ms = 0 WHERE id = ?1",
                          {u->id, std::string(p.name), std::string(p.tier)});
    if (!upd) return upd.error();
    return ok_status();
  });
  if (!st) return st.error();
  return e;
}

Result<std::vector<LedgerEntry>> AccountStore::history(const std::string& user, int limit) {
  std::lock_guard<std::mutex> lock(mu_);
  auto u = find_user_locked(user);
  if (!u) return u.error();
  auto rows =
      db_->query(std::string("SELECT ") + kLedgerColumns + " FROM ledger WHERE user_id = ?1 ORDER BY id DESC LIMIT ?2",
                 {u->id, int64_t{limit}});
  if (!rows) return rows.error();
  std::vector<LedgerEntry> out;
  for (const SqlRow& r : *rows) out.push_back(ledger_entry_from_row(r));
  return out;
}

Result<std::vector<std::string>> AccountStore::unbalanced_users() {
  std::lock_guard<std::mutex> lock(mu_);
  auto rows = db_->query(
      "SELECT u.id FROM users u LEFT JOIN (SELECT user_id, sum(allowance_units) a, sum(purchased_units) p FROM ledger "
      "GROUP BY user_id) l ON l.user_id = u.id WHERE u.allowance_units != coalesce(l.a, 0) OR u.purchased_units != "
      "coalesce(l.p, 0)");
  if (!rows) return rows.error();
  std::vector<std::string> out;
  for (const SqlRow& r : *rows) out.push_back(sql_text(r[0]));
  return out;
}

}  // namespace gw
