// Sentry DSNs, the envelope endpoint and its auth header, and error
// envelopes with secrets scrubbed.
#include "core/telemetry/sentry_envelope.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <sstream>

namespace gw {

TEST_CASE("sentry DSN: the envelope URL is /api/PROJECT/envelope/ on the DSN's host") {
  auto d = parse_sentry_dsn("https://abc123@o42.ingest.sentry.io/4505");
  REQUIRE(d);
  CHECK(d->envelope_url == "https://o42.ingest.sentry.io/api/4505/envelope/");
  CHECK(d->public_key == "abc123");
  CHECK(d->project_id == "4505");
  auto local = parse_sentry_dsn("http://key:legacysecret@127.0.0.1:9000/sentry/7");
  REQUIRE(local);
  CHECK(local->envelope_url == "http://127.0.0.1:9000/sentry/api/7/envelope/");
  CHECK(local->public_key == "key");
}

TEST_CASE("sentry DSN: malformed DSNs are configuration errors that do not echo the key") {
  const char* bad[] = {"abc@host/1",       "ftp://abc@host/1",    "https://host/1",
                       "https://abc@host", "https://abc@host/x1", "https://@host/1"};
  for (const char* dsn : bad) {
    auto d = parse_sentry_dsn(dsn);
    REQUIRE_MESSAGE(!d, dsn);
    CHECK(d.error().kind == ErrorKind::kConfig);
    CHECK(d.error().message.find("abc") == std::string::npos);
  }
}

TEST_CASE("sentry auth header names the protocol version, the client and the public key") {
  SentryDsn d{"https://h/api/1/envelope/", "pub", "1"};
  CHECK(sentry_auth_header(d) == "Sentry sentry_version=7, sentry_client=gw/" GW_VERSION ", sentry_key=pub");
}

TEST_CASE("sentry envelope: header, item and event lines, with secrets scrubbed from message and tags") {
  ErrorReport r;
  r.event_id = "0123456789abcdef0123456789abcdef";
  r.unix_ms = 1'700'000'000'500;
  r.type = "internal";
  r.message = "upstream refused key sk-proj-SECRET123456";
  r.tags = {{"route", "/v1/chat/completions"}, {"auth", "Bearer gw_live_abc"}};
  std::istringstream in(sentry_envelope(r));
  std::string header, item, payload;
  std::getline(in, header);
  std::getline(in, item);
  std::getline(in, payload);
  CHECK(nlohmann::json::parse(header)["event_id"] == r.event_id);
  auto it = nlohmann::json::parse(item);
  CHECK(it["type"] == "event");
  CHECK(it["length"] == payload.size());
  auto event = nlohmann::json::parse(payload);
  CHECK(event["event_id"] == r.event_id);
  CHECK(event["timestamp"] == doctest::Approx(1'700'000'000.5));
  CHECK(event["level"] == "error");
  CHECK(event["message"]["formatted"] == "upstream refused key [redacted]");
  CHECK(event["exception"]["values"][0]["type"] == "internal");
  CHECK(event["tags"]["route"] == "/v1/chat/completions");
  CHECK(event["tags"]["auth"] == "Bearer [redacted]");
  CHECK(payload.find("SECRET") == std::string::npos);
  CHECK(payload.find("gw_live_abc") == std::string::npos);
}

}  // namespace gw
