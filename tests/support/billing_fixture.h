// billing_fixture.h - an in-process Gateway with a real ledger (SQLite in a
// temporary directory), FakeClock and FakeHttpClient for providers, for the
// billing tests: make users, send requests with their keys, read balances
// and the ledger. The environment holds only the given provider keys
// (OpenAI and OpenRouter by default). Tests only; not thread-safe itself
// (the gateway is).
#pragma once

#include <doctest/doctest.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "proxy/accounts/accounts.h"
#include "proxy/gateway.h"
#include "tests/support/fake_clock.h"
#include "tests/support/fake_http_client.h"
#include "tests/support/temp_dir.h"

namespace gw {

inline const std::map<std::string, std::string> kBillingProviderKeys = {{"OPENAI_API_KEY", "sk-test-openai"},
                                                                        {"OPENROUTER_API_KEY", "sk-test-or"}};

struct Billing {
  TempDir db;
  FakeClock clock;
  FakeHttpClient net;
  std::map<std::string, std::string> env;
  std::unique_ptr<Gateway> gateway;
  Accounts* accounts = nullptr;

  // `trial_counts`: trial counts shared with other (imagined) instances.
  explicit Billing(Config config = {}, std::map<std::string, std::string> provider_keys = kBillingProviderKeys,
                   TrialCounts* trial_counts = nullptr)
      : env(std::move(provider_keys)) {
    GatewayOptions o;
    o.config = std::move(config);
    o.trial_counts = trial_counts;
    o.db_path = db.file("gw.db");
    o.clock = &clock;
    o.network = &net;
    o.getenv = [this](const char* name) -> const char* {
      auto it = env.find(name);
      return it == env.end() ? nullptr : it->second.c_str();
    };
    gateway = std::move(Gateway::create(std::move(o))).value();
    accounts = gateway->services().accounts;
  }

  // A new user on `plan_name`; returns the primary key's plaintext.
  std::string user(const std::string& name, PlanId plan = PlanId::kTrial) {
    NewUser nu;
    nu.name = name;
    auto created = accounts->create_user(nu);
    REQUIRE(created);
    if (plan != PlanId::kTrial) REQUIRE(accounts->change_plan(name, plan));
    return created->key.plaintext;
  }

  // POSTs `body` to `path` with `key` (none when empty) from `remote`.
  Reply post(const std::string& key, const std::string& path, std::string body, Headers headers = {},
             const std::string& remote = "127.0.0.1") {
    InboundRequest in;
    in.method = "POST";
    in.path = path;
    in.remote_addr = remote;
    in.headers = std::move(headers);
    if (!key.empty()) in.headers.add("Authorization", "Bearer " + key);
    in.body = std::move(body);
    return gateway->handle(in);
  }

  Reply chat(const std::string& key, const nlohmann::json& body, const std::string& remote = "127.0.0.1",
             Headers extra = {}) {
    return post(key, "/v1/chat/completions", body.dump(), std::move(extra), remote);
  }

  Money balance(const std::string& name) { return accounts->find_user(name)->balance.balance(); }

  std::vector<LedgerEntry> ledger(const std::string& name) {
    gateway->flush();
    return *accounts->store().history(name, 1000);
  }
};

inline int count_kind(const std::vector<LedgerEntry>& entries, LedgerKind kind) {
  int n = 0;
  for (const auto& e : entries) n += e.kind == kind;
  return n;
}

}  // namespace gw
