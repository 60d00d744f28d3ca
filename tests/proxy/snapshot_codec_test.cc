// The texts instances exchange through Redis (proxy/monitor/snapshot_codec.h):
// what one encodes the others decode to the same values; anything else is
// refused, never thrown.
#include "proxy/monitor/snapshot_codec.h"

#include <doctest/doctest.h>

namespace gw {

TEST_CASE("snapshot codec: catalog states round-trip") {
  ProviderSync p;
  p.provider = "openai";
  p.last_attempt_ms = 20;
  p.last_success_ms = 10;
  p.last_error = "HTTP 503: busy";
  p.consecutive_failures = 2;
  p.listing.ids = {"gpt-4o", "gpt-4o-mini"};
  p.listing.complete = false;
  auto back = decode_catalog_states(encode_catalog_states({p}));
  REQUIRE(back);
  REQUIRE(back->size() == 1);
  const ProviderSync& q = back->front();
  CHECK(q.provider == "openai");
  CHECK(q.last_attempt_ms == 20);
  CHECK(q.last_success_ms == 10);
  CHECK(q.last_error == "HTTP 503: busy");
  CHECK(q.consecutive_failures == 2);
  CHECK(q.listing.ids == p.listing.ids);
  CHECK_FALSE(q.listing.complete);
}

TEST_CASE("snapshot codec: check results and slots round-trip") {
  ChecksSnapshot c;
  c.results.push_back({"mock", "mock/echo", 123, false, 3, 45, "HTTP 500"});
  c.slots_used_ms["mock/echo mock"] = 123;
  auto back = decode_checks(encode_checks(c));
  REQUIRE(back);
  REQUIRE(back->results.size() == 1);
  const ProbeResult& r = back->results[0];
  CHECK(r.provider == "mock");
  CHECK(r.model == "mock/echo");
  CHECK(r.checked_ms == 123);
  CHECK_FALSE(r.ok);
  CHECK(r.consecutive_failures == 3);
  CHECK(r.latency_ms == 45);
  CHECK(r.error == "HTTP 500");
  CHECK(back->slots_used_ms == c.slots_used_ms);
}

TEST_CASE("snapshot codec: an instance summary round-trips") {
  InstanceSummary s;
  HealthStats h;
  h.provider = "groq";
  h.model = "groq/llama";
  h.requests = 7;
  h.probes = 1;
  h.failures = 2;
  h.total_latency_ms = 700;
  h.last_failure_ms = 99;
  h.p50_latency_ms = 90;
  s.health.push_back(h);
  s.latency.push_back({"groq", "groq/llama", {10, 2, 90, 5}});
  auto back = decode_summary(encode_summary(s));
  REQUIRE(back);
  REQUIRE(back->health.size() == 1);
  CHECK(back->health[0].provider == "groq");
  CHECK(back->health[0].requests == 7);
  CHECK(back->health[0].probes == 1);
  CHECK(back->health[0].failures == 2);
  CHECK(back->health[0].total_latency_ms == 700);
  CHECK(back->health[0].last_failure_ms == 99);
  CHECK(back->health[0].p50_latency_ms == 90);
  REQUIRE(back->latency.size() == 1);
  CHECK(back->latency[0].latency.ttft_p50_ms == 10);
  CHECK(back->latency[0].latency.total_samples == 5);
}

TEST_CASE("snapshot codec: text that is not what encode wrote is refused") {
  for (const char* bad :
       {"", "null", "[]", "{}", "{\"providers\": [{\"provider\": 3}]}", "{\"health\": \"x\"}",
        "{\"results\": [], \"slots\": {\"a\": \"b\"}}", "not json", "{\"health\":[[1]],\"latency\":[]}"}) {
    CAPTURE(bad);
    CHECK_FALSE(decode_catalog_states(bad));
    CHECK_FALSE(decode_checks(bad));
    CHECK_FALSE(decode_summary(bad));
  }
}

}  // namespace gw
