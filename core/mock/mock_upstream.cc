#include "core/mock/mock_upstream.h"

#include <charconv>
#include <nlohmann/json.hpp>

#include "core/base/error.h"
#include "core/catalog/catalog.h"
#include "core/json/json_parse.h"
#include "core/mock/mock_turn.h"

namespace gw {
namespace {

using nlohmann::json;

int header_int(const Headers& h, std::string_view name, int fallback) {
  std::string_view v = h.get(name);
  int out = fallback;
  if (!v.empty()) std::from_chars(v.data(), v.data() + v.size(), out);
  return out;
}

MockBehavior behavior_from_json(const json& j, const MockBehavior& base) {
  MockBehavior b = base;
  b.status = j.value("status", b.status);
  b.latency_ms = j.value("latency_ms", b.latency_ms);
  b.chunk_delay_ms = j.value("chunk_delay_ms", b.chunk_delay_ms);
  b.truncate_after = j.value("truncate_after", b.truncate_after);
  b.no_usage = j.value("no_usage", b.no_usage);
  b.retry_after_s = j.value("retry_after", b.retry_after_s);
  return b;
}

}  // namespace

MockUpstream::MockUpstream(MockBehavior defaults) : defaults_(defaults) {}

int64_t MockUpstream::request_count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return requests_;
}

MockBehavior MockUpstream::next_behavior(const Headers& h) {
  MockBehavior b;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!script_.empty()) {
      b = script_.front();
      script_.pop_front();
    } else {
      b = defaults_;
    }
  }
  b.status = header_int(h, "x-mock-status", b.status);
  b.latency_ms = header_int(h, "x-mock-latency-ms", b.latency_ms);
  b.chunk_delay_ms = header_int(h, "x-mock-chunk-delay-ms", b.chunk_delay_ms);
  b.truncate_after = header_int(h, "x-mock-truncate-after", b.truncate_after);
  b.retry_after_s = header_int(h, "x-mock-retry-after", b.retry_after_s);
  if (h.has("x-mock-no-usage")) b.no_usage = true;
  return b;
}

MockReply MockUpstream::handle(std::string_view method, std::string_view path, const Headers& headers,
                               std::string_view body) {
  const std::string_view full_path = path;
  path = path.substr(0, path.find('?'));  // the in-process client passes the query along
  if (path.rfind("/_mock/", 0) == 0) return control(method, path, body);
  MockReply r;
  if (method == "GET" && path == "/health") {
    r.body = R"({"status":"ok"})";
    return r;
  }
  if (method == "GET" && (path == "/v1/models" || path == "/v1beta/models")) {
    MockBehavior b = next_behavior(headers);
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++listings_;
    }
    if (b.status != 200) return scripted_failure(b, path == "/v1beta/models" ? 2 : 0);
    MockReply listing = model_listing(path == "/v1beta/models");
    listing.latency_ms = b.latency_ms;
    return listing;
  }
  bool chat = method == "POST" && path == "/v1/chat/completions";
  bool media = method == "POST" &&
               (path == "/v1/embeddings" || path == "/v1/images/generations" || path == "/v1/audio/transcriptions");
  bool messages = method == "POST" && path == "/v1/messages";
  bool responses = method == "POST" && path == "/v1/responses";
  bool count_tokens = method == "POST" && path == "/v1/messages/count_tokens";
  // Gemini: /v1beta/models/{model}:generateContent or :streamGenerateContent
  size_t colon = path.rfind(':');
  bool gemini = method == "POST" && path.rfind("/v1beta/models/", 0) == 0 && colon != std::string_view::npos;
  if (chat || messages || responses || count_tokens || gemini || media) {
    MockBehavior b = next_behavior(headers);
    int64_t seq;
    {
      std::lock_guard<std::mutex> lock(mu_);
      seq = ++requests_;
      last_request_ = json{{"path", path},
                           {"authorization", std::string(headers.get("authorization"))},
                           {"x_api_key", std::string(headers.get("x-api-key"))},
                           {"x_goog_api_key", std::string(headers.get("x-goog-api-key"))},
                           {"anthropic_version", std::string(headers.get("anthropic-version"))},
                           {"traceparent", std::string(headers.get("traceparent"))},
                           {"body", std::string(body)}}
                          .dump(-1, ' ', false, json::error_handler_t::replace);  // uploads may be binary
      if (journal_limit_ > 0) record(method, full_path, headers, body);
    }
    if (b.status != 200) return scripted_failure(b, messages || count_tokens ? 1 : gemini ? 2 : 0);
    if (messages) return mock::anthropic_messages(b, body, seq, prompt_cache_);
    if (count_tokens) return mock::anthropic_count_tokens(body);
    if (responses) return mock::responses(b, body, seq);
    if (path == "/v1/embeddings") return mock::embeddings(b, body, seq);
    if (path == "/v1/images/generations") return mock::images(b, body, seq);
    if (path == "/v1/audio/transcriptions") return mock::transcription(b, headers, body, seq);
    if (gemini) {
      std::string_view model = path.substr(15, colon - 15);
      return mock::gemini_generate(b, model, path.substr(colon + 1) == "streamGenerateContent", body, seq);
    }
    return mock::openai_chat(b, body, seq);
  }
  r.status = 404;
  r.body = openai_error_body(make_error(ErrorKind::kNotFound, "mock: no route " + std::string(path)));
  return r;
}

// Every model the catalog offers on the mock provider, in the OpenAI /
// Anthropic shape or, for Gemini, {"models":[{"name":"models/<id>"}]}.
MockReply MockUpstream::model_listing(bool gemini) {
  json items = json::array();
  for (const CatalogModel& m : Catalog::builtin().models())
    for (const ModelOffer& o : m.offers) {
      if (o.provider != "mock") continue;
      if (gemini) items.push_back({{"name", "models/" + o.native_id}, {"displayName", m.name}});
      else items.push_back({{"id", o.native_id}, {"object", "model"}, {"type", "model"}, {"owned_by", "mock"}});
    }
  MockReply r;
  r.body =
      gemini ? json{{"models", items}}.dump() : json{{"object", "list"}, {"data", items}, {"has_more", false}}.dump();
  return r;
}

// A scripted failure in the dialect of the route (0 OpenAI, 1 Anthropic, 2 Gemini).
MockReply MockUpstream::scripted_failure(const MockBehavior& b, int dialect) {
  MockReply r;
  r.status = b.status;
  r.latency_ms = b.latency_ms;
  if (b.retry_after_s > 0) r.headers.add("Retry-After", std::to_string(b.retry_after_s));
  Error e =
      make_error(kind_for_upstream_status(b.status), "mock: scripted failure with status " + std::to_string(b.status));
  if (dialect == 1) {
    r.body = anthropic_error_body(e);
  } else if (dialect == 2) {
    r.body = json{{"error", {{"code", b.status}, {"message", e.message}, {"status", "UNAVAILABLE"}}}}.dump();
  } else {
    r.body = openai_error_body(e);
  }
  return r;
}

// Called with mu_ held.
void MockUpstream::record(std::string_view method, std::string_view path, const Headers& headers,
                          std::string_view body) {
  json h = json::array();
  for (const auto& [name, value] : headers.items()) h.push_back({name, value});
  journal_.push_back(json{{"method", method}, {"path", path}, {"headers", std::move(h)}, {"body", body}}.dump(
      -1, ' ', false, json::error_handler_t::replace));
  while (journal_.size() > journal_limit_) journal_.pop_front();
}

MockReply MockUpstream::control(std::string_view method, std::string_view path, std::string_view body) {
  MockReply r;
  std::lock_guard<std::mutex> lock(mu_);
  if (method == "POST" && path == "/_mock/script") {
    json j = parse_json(body);
    if (j.is_discarded() || !j.contains("steps") || !j["steps"].is_array()) {
      r.status = 400;
      r.body = openai_error_body(make_error(ErrorKind::kInvalidRequest, R"(mock: expected {"steps":[...]})"));
      return r;
    }
    std::deque<MockBehavior> steps;
    try {
      for (const auto& step : j["steps"]) steps.push_back(behavior_from_json(step, defaults_));
    } catch (const json::exception& e) {
      r.status = 400;
      r.body = openai_error_body(make_error(ErrorKind::kInvalidRequest, std::string("mock: bad step: ") + e.what()));
      return r;
    }
    script_ = std::move(steps);
    r.body = json{{"queued", script_.size()}}.dump();
  } else if (method == "POST" && path == "/_mock/reset") {
    script_.clear();
    requests_ = 0;
    listings_ = 0;
    last_request_.clear();
    journal_.clear();
    prompt_cache_.clear();
    r.body = R"({"reset":true})";
  } else if (method == "GET" && path == "/_mock/requests") {
    json list = json::array();
    for (const auto& entry : journal_) list.push_back(parse_json(entry));
    r.body = json{{"requests", std::move(list)}}.dump();
  } else if (method == "GET" && path == "/_mock/stats") {
    r.body = json{{"requests", requests_},
                  {"model_listings", listings_},
                  {"queued", script_.size()},
                  {"last_request", last_request_.empty() ? json(nullptr) : parse_json(last_request_)}}
                 .dump();
  } else {
    r.status = 404;
    r.body = openai_error_body(make_error(ErrorKind::kNotFound, "mock: no control route " + std::string(path)));
  }
  return r;
}

}  // namespace gw
