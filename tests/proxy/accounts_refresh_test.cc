// Accounts changed by another process on the same database - the CLI working
// on the database while no server answered it, a second server, a hand
// edit - reach a running server's memory within kAccountsRefreshMs, and no
// sooner than its next look. Two Accounts objects on one database file stand
// for the two processes; FakeClock drives the looks, nothing sleeps.
#include <doctest/doctest.h>

#include "proxy/accounts/accounts.h"
#include "proxy/gateway.h"
#include "proxy/io/ledger_sql.h"
#include "tests/support/fake_clock.h"
#include "tests/support/temp_dir.h"

namespace gw {
namespace {

std::unique_ptr<Accounts> open_on(const std::string& db, Clock& clock) {
  auto a = open_accounts(
      Config{}, db, clock, [](const char*) -> const char* { return nullptr; }, nullptr, nullptr);
  REQUIRE_MESSAGE(a, (a ? "" : a.error().message));
  return std::move(a).value();
}

// A running server and another process on its database, sharing one clock.
struct TwoProcesses {
  TempDir dir;
  FakeClock clock;
  std::unique_ptr<Accounts> server = open_on(dir.file("gw.db"), clock);
  std::unique_ptr<Accounts> other = open_on(dir.file("gw.db"), clock);

  // The server's view of a key after `ms` more milliseconds (a request arriving then).
  std::shared_ptr<const KeyInfo> key_after(int64_t ms, const std::string& plaintext) {
    clock.advance_ms(ms);
    return server->find_key(plaintext);
  }
  std::string user_id(const std::string& name) { return server->store().find_user(name)->id; }
  Money balance(const std::string& name) { return server->credits().get(user_id(name))->balance(); }
  // Runs the server's next look (a request with any key, one interval on).
  void next_look() { key_after(kAccountsRefreshMs, "gw_live_nothing"); }
};

CreatedUser make_user(Accounts& a, const std::string& name) {
  NewUser nu;
  nu.name = name;
  auto created = a.create_user(nu);
  REQUIRE(created);
  return std::move(created).value();
}

TEST_CASE("the account generation moves with keys, users and admin credits, not with the request path's charges") {
  TwoProcesses p;
  auto generation = [&] {
    auto mark = p.server->store().try_mark();
    REQUIRE(mark);
    REQUIRE(*mark);
    return (*mark)->generation;
  };
  int64_t g = generation();
  CreatedUser ada = make_user(*p.other, "ada");
  CHECK(generation() > g);
  g = generation();
  auto db = Database::open(p.dir.file("gw.db"));
  REQUIRE(db);
  LedgerEntry charge;
  charge.user_id = ada.user.id;
  charge.kind = LedgerKind::kCharge;
  charge.request_id = "req_1";
  charge.allowance_delta = -Money::dollars(1);
  REQUIRE(write_ledger_entry(**db, charge));
  CHECK(generation() == g);
  REQUIRE(p.other->add_credits("ada", LedgerKind::kGrant, Money::dollars(1), "", ""));
  CHECK(generation() > g);
  g = generation();
  REQUIRE(p.other->revoke_key(ada.key.record.id));
  CHECK(generation() > g);
}

TEST_CASE("a key revoked by another process still works until the server's next look, then is refused") {
  TwoProcesses p;
  CreatedUser ada = make_user(*p.server, "ada");
  REQUIRE(p.other->revoke_key(ada.key.record.id));
  auto before = p.key_after(kAccountsRefreshMs - 1, ada.key.plaintext);
  REQUIRE(before);
  CHECK_FALSE(before->revoked);
  auto after = p.key_after(1, ada.key.plaintext);
  REQUIRE(after);
  CHECK(after->revoked);
}

TEST_CASE("a key created by another process is unknown until the server's next look, then accepted") {
  TwoProcesses p;
  make_user(*p.server, "ada");
  auto created = p.other->create_key("ada", KeyOptions{});
  REQUIRE(created);
  CHECK(p.key_after(kAccountsRefreshMs - 1, created->plaintext) == nullptr);
  auto after = p.key_after(1, created->plaintext);
  REQUIRE(after);
  CHECK(after->user_id == p.user_id("ada"));
  CHECK_FALSE(after->revoked);
}

TEST_CASE("a user created by another process gets its key accepted and its trial credit in the server's book") {
  TwoProcesses p;
  CreatedUser bob = make_user(*p.other, "bob");
  CHECK(p.key_after(kAccountsRefreshMs - 1, bob.key.plaintext) == nullptr);
  CHECK_FALSE(p.server->credits().get(bob.user.id));
  REQUIRE(p.key_after(1, bob.key.plaintext));
  CHECK(p.balance("bob") == Money::dollars(5));
}

TEST_CASE("a user deleted on the database loses its keys and its balance on the server within a second") {
  for (const char* pragma : {"PRAGMA foreign_keys=ON", "PRAGMA foreign_keys=OFF"}) {  // keys cascade, or stay orphaned
    CAPTURE(pragma);
    TwoProcesses p;
    CreatedUser ada = make_user(*p.server, "ada");
    auto db = Database::open(p.dir.file("gw.db"));
    REQUIRE(db);
    REQUIRE((*db)->exec(pragma));
    REQUIRE((*db)->exec("DELETE FROM users WHERE name = 'ada'"));
    CHECK(p.key_after(kAccountsRefreshMs - 1, ada.key.plaintext));
    CHECK(p.key_after(1, ada.key.plaintext) == nullptr);
    CHECK_FALSE(p.server->credits().get(ada.user.id));
  }
}

TEST_CASE("a plan changed and credits added by another process reach the server's book exactly once") {
  TwoProcesses p;
  CreatedUser ada = make_user(*p.server, "ada");
  REQUIRE(p.other->change_plan("ada", PlanId::kTeam));
  REQUIRE(p.other->add_credits("ada", LedgerKind::kPurchase, Money::dollars(20), "pay_1", "card"));
  p.key_after(kAccountsRefreshMs - 1, ada.key.plaintext);
  CHECK(p.server->credits().plan_of(ada.user.id) == PlanId::kTrial);
  p.next_look();
  const Money stored = p.server->store().find_user("ada")->balance.balance();  // the ledger's sum
  auto live = p.server->credits().get(ada.user.id);
  REQUIRE(live);
  CHECK(live->plan == PlanId::kTeam);
  CHECK(live->trial_ends_ms == 0);
  CHECK(live->purchased == Money::dollars(20));
  CHECK(live->balance() == stored);
  p.next_look();  // nothing new: nothing applied twice
  CHECK(p.balance("ada") == stored);
}

TEST_CASE("the server's own admin changes are applied once, not again when its next look sees them") {
  TwoProcesses p;
  make_user(*p.server, "ada");
  REQUIRE(p.server->add_credits("ada", LedgerKind::kGrant, Money::dollars(10), "", "gift"));
  REQUIRE(p.other->add_credits("ada", LedgerKind::kGrant, Money::dollars(1), "", "elsewhere"));
  REQUIRE(p.server->change_plan("ada", PlanId::kDev));
  const Money stored = p.server->store().find_user("ada")->balance.balance();
  CHECK(p.balance("ada") != stored);  // the other process's dollar is not here yet
  p.next_look();
  CHECK(p.balance("ada") == stored);
  p.next_look();
  CHECK(p.balance("ada") == stored);
}

}  // namespace
}  // namespace gw
