// Webhook subscriptions: event filters from the event table, URL checks.
#include "core/webhooks/webhook_subscription.h"

#include <doctest/doctest.h>

#include "core/base/events.h"

namespace gw {
namespace {

TEST_CASE("event filter: known names are kept in order without duplicates") {
  auto f = event_filter({"credits.low", "credits.depleted", "credits.low"});
  REQUIRE(f.ok());
  CHECK(*f == "credits.low,credits.depleted");
  CHECK(event_filter_names(*f) == std::vector<std::string>{"credits.low", "credits.depleted"});
}

TEST_CASE("event filter: no names, or *, means every event") {
  CHECK(event_filter({}).value() == "*");
  CHECK(event_filter({"credits.low", "*"}).value() == "*");
  CHECK(event_filter_names("*") == std::vector<std::string>{"*"});
}

TEST_CASE("event filter: an unknown name is refused, naming it and the known ones") {
  auto f = event_filter({"credits.low", "credit.low"});
  REQUIRE_FALSE(f.ok());
  CHECK(f.error().kind == ErrorKind::kInvalidRequest);
  CHECK(f.error().code == "unknown_event_type");
  CHECK(f.error().param == "events");
  CHECK(f.error().message.find("'credit.low'") != std::string::npos);
  for (const EventType& t : event_types()) CHECK(f.error().message.find(std::string(t.name)) != std::string::npos);
}

TEST_CASE("event filter: matching is by exact name, * matches all") {
  CHECK(event_filter_matches("*", "model.degraded"));
  CHECK(event_filter_matches("credits.low,credits.depleted", "credits.depleted"));
  CHECK_FALSE(event_filter_matches("credits.low,credits.depleted", "credits.added"));
  CHECK_FALSE(event_filter_matches("credits.low", "credits"));
}

TEST_CASE("the event table has webhook.test for pings") {
  CHECK(is_event_type("webhook.test"));
  CHECK(is_event_type("credits.low"));
  CHECK_FALSE(is_event_type("*"));
}

TEST_CASE("webhook URL: http and https with a host are accepted") {
  for (const char* url : {"http://127.0.0.1:9000/hook", "https://example.com/gw?x=1", "HTTPS://Example.com",
                          "http://[::1]:8080/", "https://user@hooks.example.com:443/a/b"})
    CHECK_MESSAGE(validate_webhook_url(url).ok(), url);
}

TEST_CASE("webhook URL: other schemes, no host, bad ports and blanks are refused with a reason") {
  struct Case {
    const char* url;
    const char* why;
  };
  for (Case c :
       {Case{"ftp://example.com/x", "only http:// and https://"}, Case{"example.com/hook", "only http://"},
        Case{"file:///etc/passwd", "only http://"}, Case{"http:///path", "no host"}, Case{"https://", "no host"},
        Case{"http://host:0/", "port"}, Case{"http://host:99999/", "port"}, Case{"http://host:/x", "port is empty"},
        Case{"http://host:8a/x", "port"}, Case{"http://exa mple.com/", "blanks"}, Case{"http://[::1/", "']'"}}) {
    Status s = validate_webhook_url(c.url);
    REQUIRE_MESSAGE(!s.ok(), c.url);
    CHECK(s.error().code == "invalid_webhook_url");
    CHECK(s.error().param == "url");
    CHECK_MESSAGE(s.error().message.find(c.why) != std::string::npos, s.error().message);
  }
}

}  // namespace
}  // namespace gw
