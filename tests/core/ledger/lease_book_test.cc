// Balance leases: when a lease is asked for, served from, grown, renewed and
// given back; and, against a fake shared database that applies the same
// rules as proxy/accounts/shared_holds.cc's statements, that several
// instances never reserve more than the balance and leave it exact.
#include "core/ledger/lease_book.h"

#include <doctest/doctest.h>

#include <map>
#include <random>

namespace gw {
namespace {

Money units(int64_t n) { return Money::from_units(n); }

struct Ids {
  int next = 0;
  std::string operator()() { return "lease_" + std::to_string(++next); }
};

// Takes exact holds until the book asks for a first lease; returns that growth.
LeaseGrowth first_growth(LeaseBook& book, Money amount, int64_t now_ms) {
  for (int64_t i = 1; i < LeaseBook::kOpenAfterTakes; ++i) {
    CHECK(book.take("u", amount, now_ms).empty());
    CHECK(book.take_growths().empty());  // too few holds yet for a lease
  }
  CHECK(book.take("u", amount, now_ms).empty());
  auto growths = book.take_growths();
  REQUIRE(growths.size() == 1);
  return growths[0];
}

LeaseSettings settings(int64_t requests = 4) {
  LeaseSettings s;
  s.requests = requests;
  s.ttl_ms = 8'000;
  s.idle_ms = 1'000;
  s.backoff_ms = 1'000;
  return s;
}

TEST_CASE("lease: the fourth hold in a second asks for a chunk; the granted lease serves the next") {
  LeaseBook book(settings(4), Ids{});
  const LeaseGrowth g = first_growth(book, units(10), 0);  // a lease once holds come in numbers
  CHECK(g.user_id == "u");
  CHECK(g.amount == units(40));
  CHECK(book.take("u", units(10), 1).empty());  // asked, not granted yet
  CHECK(book.take_growths().empty());           // asked once
  book.grown(g, GrowthAnswer::kGranted, 0, 2);
  CHECK(book.take("u", units(10), 3) == g.lease_id);
  CHECK(book.take("u", units(10), 4) == g.lease_id);
  CHECK(book.unused("u") == units(20));
  CHECK(book.take_growths().empty());  // half a chunk left: not yet
  CHECK(book.take("u", units(10), 5) == g.lease_id);
  auto more = book.take_growths();  // below half a chunk: grown
  REQUIRE(more.size() == 1);
  CHECK(more[0].lease_id == g.lease_id);
  CHECK(book.take("u", units(10), 6) == g.lease_id);
  CHECK(book.take("u", units(10), 7).empty());  // used up until the growth lands
}

TEST_CASE("lease: a hold put back (the request holds again for another model) serves the next") {
  LeaseBook book(settings(4), Ids{});
  auto g = first_growth(book, units(10), 0);
  book.grown(g, GrowthAnswer::kGranted, 0, 1);
  CHECK(book.take("u", units(10), 2) == g.lease_id);
  book.put_back("u", g.lease_id, units(10));
  CHECK(book.unused("u") == units(40));
  CHECK(book.due_returns(1'002).size() == 1);  // nothing holds on it: given back when idle
}

TEST_CASE("lease: a refused chunk (balance not ample) means exact holds until the backoff has passed") {
  LeaseBook book(settings(4), Ids{});
  auto g = first_growth(book, units(10), 0);
  book.grown(g, GrowthAnswer::kRefused, 0, 10);
  CHECK(book.take("u", units(10), 20).empty());
  CHECK(book.take_growths().empty());
  (void)first_growth(book, units(10), 1'010);  // asked again after the backoff
}

TEST_CASE("lease: growths faster than every 250 ms double the chunk; a refused double retries with one chunk") {
  LeaseBook book(settings(1), Ids{});
  auto g = first_growth(book, units(10), 0);
  CHECK(g.amount == units(10));
  book.grown(g, GrowthAnswer::kGranted, 0, 1);
  CHECK(book.take("u", units(10), 100) == g.lease_id);
  auto g2 = book.take_growths().at(0);
  CHECK(g2.amount == units(20));
  book.grown(g2, GrowthAnswer::kGranted, 100, 101);
  CHECK(book.take("u", units(10), 150) == g.lease_id);
  CHECK(book.take("u", units(10), 160) == g.lease_id);
  auto g3 = book.take_growths().at(0);
  CHECK(g3.amount == units(40));
  book.grown(g3, GrowthAnswer::kRefused, 160, 161);
  CHECK(book.take("u", units(10), 170).empty());  // used up: an exact hold
  auto g4 = book.take_growths();                  // no backoff: one chunk at once
  REQUIRE(g4.size() == 1);
  CHECK(g4[0].amount == units(10));
}

TEST_CASE("lease: an idle lease is given back with what is unused, never while a request holds on it") {
  LeaseBook book(settings(4), Ids{});
  auto g = first_growth(book, units(10), 0);
  book.grown(g, GrowthAnswer::kGranted, 0, 1);
  CHECK(book.take("u", units(10), 10) == g.lease_id);
  CHECK(book.due_returns(1'500).empty());  // idle, but a request holds on it
  book.finished("u", g.lease_id);
  CHECK(book.due_returns(1'009).empty());  // not idle yet
  auto back = book.due_returns(1'010);
  REQUIRE(back.size() == 1);
  CHECK(back[0].lease_id == g.lease_id);
  CHECK(back[0].unused == units(30));
  CHECK(book.open() == 0);
  CHECK(first_growth(book, units(10), 1'020).lease_id != g.lease_id);  // a new lease
}

TEST_CASE("lease: renewed every quarter ttl while used; unrenewed for half its ttl it serves no more") {
  LeaseBook book(settings(100), Ids{});
  auto g = first_growth(book, units(1), 0);
  book.grown(g, GrowthAnswer::kGranted, 0, 1);
  CHECK(book.take("u", units(1), 500) == g.lease_id);
  CHECK(book.due_renewals(1'999).empty());
  auto due = book.due_renewals(2'000);
  REQUIRE(due.size() == 1);
  book.renewed(due[0], true, 2'000);
  CHECK(book.due_renewals(2'100).empty());
  CHECK(book.take("u", units(1), 5'900) == g.lease_id);  // renewed at 2 s: usable until 6 s
  CHECK(book.take("u", units(1), 6'000).empty());
  auto back = book.due_returns(6'000);  // no longer usable: given back even though requests hold on it
  REQUIRE(back.size() == 1);
  CHECK(back[0].unused == units(98));
}

TEST_CASE("lease: a renewal that finds the lease released drops it; lease_requests = 0 never leases") {
  LeaseBook book(settings(4), Ids{});
  auto g = first_growth(book, units(10), 0);
  book.grown(g, GrowthAnswer::kGranted, 0, 1);
  CHECK(book.take("u", units(10), 2'000) == g.lease_id);
  book.renewed({"u", g.lease_id}, false, 2'000);
  CHECK(book.unused("u") == Money{});
  CHECK(book.take("u", units(10), 2'001).empty());
  CHECK(book.return_all().empty());

  LeaseBook off(settings(0), Ids{});
  CHECK(off.take("u", units(10), 0).empty());
  CHECK(off.take_growths().empty());
}

// The shared database as the statements leave it: one balance, its
// reserved total (holds and leases), the leases' rows.
struct FakeShared {
  int64_t balance = 0, reserved = 0, charged = 0;
  std::map<std::string, int64_t> lease_rows;
  bool grow(const LeaseGrowth& g) {
    if (balance - reserved < 2 * g.amount.units()) return false;
    reserved += g.amount.units();
    lease_rows[g.lease_id] += g.amount.units();
    return true;
  }
  bool hold(int64_t amount) {
    if (balance - reserved < amount) return false;
    reserved += amount;
    return true;
  }
  void give_back(const LeaseReturn& r) {
    auto it = lease_rows.find(r.lease_id);
    if (it == lease_rows.end() || it->second < r.unused.units()) return;
    it->second -= r.unused.units();
    reserved -= r.unused.units();
  }
  // Settlement: the hold ends (from its lease or its own row), the charge is paid.
  void settle(const std::string& lease_id, int64_t held, int64_t cost) {
    if (!lease_id.empty()) {
      int64_t& row = lease_rows.at(lease_id);
      REQUIRE(row >= held);
      row -= held;
    }
    reserved -= held;
    balance -= std::min(cost, balance);
    charged += cost;
  }
};

TEST_CASE("lease: three instances on one balance never reserve more than it and leave it exact") {
  std::mt19937 rng(7);
  for (int64_t requests : {1, 4, 32}) {
    CAPTURE(requests);
    FakeShared db;
    db.balance = 10'000;
    const int64_t initial = db.balance;
    Ids ids;
    std::vector<LeaseBook> books;
    for (int i = 0; i < 3; ++i) books.emplace_back(settings(requests), std::ref(ids));
    struct Running {
      int instance;
      std::string lease;
      int64_t held;
    };
    std::vector<Running> running;
    int64_t now = 0, answered = 0;
    for (int step = 0; step < 20'000; ++step) {
      now += static_cast<int64_t>(rng() % 3);
      const int i = static_cast<int>(rng() % 3);
      LeaseBook& b = books[static_cast<size_t>(i)];
      const int64_t held = 5 + static_cast<int64_t>(rng() % 20);
      if (rng() % 2 == 0) {
        std::string lease = b.take("u", units(held), now);
        if (!lease.empty() || db.hold(held)) {
          running.push_back({i, lease, held});
          ++answered;
        }
      } else if (!running.empty()) {
        const size_t k = rng() % running.size();
        Running r = running[k];
        running.erase(running.begin() + static_cast<std::ptrdiff_t>(k));
        db.settle(r.lease, r.held, r.held - static_cast<int64_t>(rng() % 5));
        books[static_cast<size_t>(r.instance)].finished("u", r.lease);
      }
      for (const LeaseGrowth& g : b.take_growths())
        b.grown(g, db.grow(g) ? GrowthAnswer::kGranted : GrowthAnswer::kRefused, now, now);
      for (const LeaseReturn& r : b.due_returns(now)) db.give_back(r);
      for (const LeaseRenewal& r : b.due_renewals(now)) b.renewed(r, true, now);
      REQUIRE(db.reserved <= db.balance);
      REQUIRE(db.balance >= 0);
    }
    for (const Running& r : running) {
      db.settle(r.lease, r.held, r.held);
      books[static_cast<size_t>(r.instance)].finished("u", r.lease);
    }
    for (LeaseBook& b : books)
      for (const LeaseReturn& r : b.return_all()) db.give_back(r);
    CHECK(answered > 100);
    CHECK(db.reserved == 0);
    CHECK(db.balance == initial - db.charged);
    for (const auto& row : db.lease_rows) CHECK(row.second == 0);
  }
}

}  // namespace
}  // namespace gw
