// webhook_admin.cc - contracts in webhook_admin.h.
#include "proxy/webhooks/webhook_admin.h"

#include <string>
#include <vector>

#include "core/base/ascii_text.h"
#include "core/base/calendar.h"
#include "core/base/clock.h"
#include "core/base/error.h"
#include "core/http/query_string.h"
#include "core/json/json_parse.h"
#include "core/webhooks/webhook_message.h"
#include "core/webhooks/webhook_subscription.h"
#include "proxy/io/random.h"
#include "proxy/webhooks/webhook_store.h"

namespace gw {
namespace {

using nlohmann::json;

constexpr size_t kMinSecretBytes = 16;
constexpr size_t kMaxSecretBytes = 256;
constexpr int64_t kDefaultHistory = 50;
constexpr int64_t kMaxHistory = 1000;

AdminAnswer answer_error(const Error& e) { return {e.http_status(), parse_json(openai_error_body(e))}; }
AdminAnswer invalid(std::string message, std::string param = "") {
  return answer_error(
      make_error(ErrorKind::kInvalidRequest, std::move(message), "invalid_request_error", std::move(param)));
}

// "/admin/webhooks/whk_1/test" -> {"admin", "webhooks", "whk_1", "test"}.
std::vector<std::string> path_parts(std::string_view path) {
  std::vector<std::string> parts;
  for (size_t at = 0; at < path.size();) {
    size_t end = std::min(path.find('/', at), path.size());
    if (end > at) parts.push_back(url_decode(path.substr(at, end - at)));
    at = end + 1;
  }
  return parts;
}

json webhook_json(const WebhookRecord& w) {
  return {{"id", w.id},
          {"url", w.url},
          {"events", event_filter_names(w.events)},
          {"created", utc_timestamp(w.created_ms)},
          {"disabled", w.disabled}};
}

json delivery_json(const DeliveryRecord& d) {
  json event = parse_json(d.payload);
  json j = {{"id", d.id},
            {"event_id", event.is_object() && event.contains("id") ? event["id"] : json(nullptr)},
            {"type", d.event_type},
            {"state", delivery_state_name(d.state)},
            {"attempts", d.attempts},
            {"last_status", d.last_status},
            {"last_error", d.last_error},
            {"created", utc_timestamp(d.created_ms)}};
  j["next_attempt"] = d.state == DeliveryState::kPending ? json(utc_timestamp(d.next_attempt_ms)) : json(nullptr);
  j["delivered"] = d.state == DeliveryState::kDelivered ? json(utc_timestamp(d.delivered_ms)) : json(nullptr);
  return j;
}

// The "events" field: an array of names, one name, or absent (all).
Result<std::string> events_field(const json& body) {
  std::vector<std::string> names;
  if (body.contains("events") && !body["events"].is_null()) {
    const json& e = body["events"];
    bool ok = e.is_string() || e.is_array();
    if (e.is_string()) names.push_back(e.get<std::string>());
    for (const json& n : e.is_array() ? e : json::array()) {
      ok = ok && n.is_string();
      if (n.is_string()) names.push_back(n.get<std::string>());
    }
    if (!ok)
      return make_error(ErrorKind::kInvalidRequest, "'events' must be a list of event names such as [\"credits.low\"]",
                        "invalid_request_error", "events");
  }
  return event_filter(names);
}

AdminAnswer create(WebhookStore& store, Clock& clock, const json& body) {
  if (!body.contains("url") || !body["url"].is_string())
    return invalid("'url' is required (an http or https URL)", "url");
  WebhookRecord w;
  w.url = body["url"].get<std::string>();
  if (auto ok = validate_webhook_url(w.url); !ok) return answer_error(ok.error());
  auto filter = events_field(body);
  if (!filter) return answer_error(filter.error());
  w.events = *filter;
  if (body.contains("secret") && !body["secret"].is_null()) {
    if (!body["secret"].is_string()) return invalid("'secret' must be a string", "secret");
    w.secret = body["secret"].get<std::string>();
    if (w.secret.size() < kMinSecretBytes || w.secret.size() > kMaxSecretBytes)
      return invalid("'secret' must be 16 to 256 characters (leave it out to get a generated one)", "secret");
  } else {
    w.secret = random_id("whsec_", 24);
  }
  w.id = random_id("whk_", 6);
  w.created_ms = clock.now_unix_ms();
  if (auto added = store.add(w); !added) return answer_error(added.error());
  json j = webhook_json(w);
  j["secret"] = w.secret;
  return {201, j};
}

AdminAnswer test_ping(WebhookStore& store, Clock& clock, const std::string& id) {
  Event ping{"webhook.test", clock.now_unix_ms(), {{"webhook_id", id}, {"message", "test delivery from gw"}}};
  const std::string event_id = random_id("evt_", 12);
  auto row = store.queue_for(id, OutboxEvent{ping.type, webhook_body(event_id, ping)}, ping.created_ms);
  if (!row) return answer_error(row.error());
  return {202, {{"webhook_id", id}, {"delivery_id", *row}, {"event_id", event_id}, {"type", ping.type}}};
}

AdminAnswer history(WebhookStore& store, const std::string& id, std::string_view query) {
  int64_t limit = kDefaultHistory;
  if (auto text = query_param(query, "limit")) {
    auto n = parse_decimal(*text);
    if (!n || *n < 1 || *n > kMaxHistory) return invalid("'limit' must be a whole number from 1 to 1000", "limit");
    limit = *n;
  }
  if (auto w = store.find(id); !w) return answer_error(w.error());
  auto rows = store.deliveries(id, static_cast<int>(limit));
  if (!rows) return answer_error(rows.error());
  json data = json::array();
  for (const DeliveryRecord& d : *rows) data.push_back(delivery_json(d));
  return {200, {{"object", "list"}, {"data", data}}};
}

}  // namespace

bool is_admin_webhooks_path(std::string_view path) {
  auto parts = path_parts(path);
  return parts.size() >= 2 && parts[0] == "admin" && parts[1] == "webhooks";
}

AdminAnswer webhook_admin_call(WebhookStore& store, Clock& clock, std::string_view method, std::string_view path,
                               std::string_view query, std::string_view body_text) {
  json body = json::object();
  if (method == "POST" && !body_text.empty()) {
    body = parse_json(body_text);
    if (body.is_discarded() || !body.is_object()) return invalid("request body must be a JSON object");
  }
  auto parts = path_parts(path);
  const size_t n = is_admin_webhooks_path(path) && parts.size() <= 4 ? parts.size() : 0;  // 0: no route
  if (n == 2 && method == "GET") {
    auto list = store.list();
    if (!list) return answer_error(list.error());
    json data = json::array();
    for (const WebhookRecord& w : *list) data.push_back(webhook_json(w));
    return {200, {{"object", "list"}, {"data", data}}};
  }
  if (n == 2 && method == "POST") return create(store, clock, body);
  if (n == 3 && method == "GET") {
    auto w = store.find(parts[2]);
    if (!w) return answer_error(w.error());
    return {200, webhook_json(*w)};
  }
  if ((n == 3 && method == "DELETE") || (n == 4 && parts[3] == "delete" && method == "POST")) {
    if (auto removed = store.remove(parts[2]); !removed) return answer_error(removed.error());
    return {200, {{"id", parts[2]}, {"deleted", true}}};
  }
  if (n == 4 && parts[3] == "test" && method == "POST") return test_ping(store, clock, parts[2]);
  if (n == 4 && parts[3] == "deliveries" && method == "GET") return history(store, parts[2], query);
  const std::string route = std::string(method) + " " + std::string(path);
  return answer_error(make_error(ErrorKind::kNotFound, "no admin route " + route, "unknown_route"));
}

}  // namespace gw
