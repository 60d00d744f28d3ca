#include "core/mock_upstream.h"

#include <charconv>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/usage.h"

namespace gw {
namespace {

using nlohmann::json;
constexpr int64_t kCreated = 1700000000;  // fixed, so answers are deterministic

// Typed field reads that never throw on a wrongly typed value.
std::string string_field(const json& j, const char* key, std::string fallback) {
  return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : fallback;
}
bool bool_field(const json& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_boolean() && j[key].get<bool>();
}

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

// Text of a message's content: a string, or the text parts of an array.
std::string content_text(const json& content) {
  if (content.is_string()) return content.get<std::string>();
  std::string out;
  if (content.is_array())
    for (const auto& part : content)
      if (string_field(part, "type", "") == "text") out += string_field(part, "text", "");
  return out;
}

// Splits into word-sized pieces that concatenate back to `text` exactly.
std::vector<std::string> split_words(const std::string& text) {
  std::vector<std::string> pieces;
  size_t start = 0;
  for (size_t i = 1; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == ' ') {
      pieces.push_back(text.substr(start, i - start));
      start = i;
    }
  }
  if (pieces.empty()) pieces.push_back("");
  return pieces;
}

std::string sse(const json& j) { return "data: " + j.dump() + "\n\n"; }


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
  if (path.rfind("/_mock/", 0) == 0) return control(method, path, body);
  MockReply r;
  if (method == "GET" && path == "/health") {
    r.body = R"({"status":"ok"})";
    return r;
  }
  if (method == "GET" && path == "/v1/models") {
    r.body = json{{"object", "list"}, {"data", json::array({{{"id", "echo"}, {"object", "model"}, {"owned_by", "mock"}}})}}.dump();
    return r;
  }
  if (method == "POST" && path == "/v1/chat/completions") {
    MockBehavior b = next_behavior(headers);
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++requests_;
      last_request_ = json{{"path", path}, {"authorization", std::string(headers.get("authorization"))},
                           {"body", std::string(body)}}.dump();
    }
    return chat_completions(b, body);
  }
  r.status = 404;
  r.body = openai_error_body(make_error(ErrorKind::kNotFound, "mock: no route " + std::string(path)));
  return r;
}

MockReply MockUpstream::chat_completions(const MockBehavior& b, std::string_view body) {
  MockReply r;
  r.latency_ms = b.latency_ms;
  if (b.status != 200) {
    r.status = b.status;
    if (b.retry_after_s > 0) r.headers.add("Retry-After", std::to_string(b.retry_after_s));
    Error e = make_error(kind_for_upstream_status(b.status), "mock: scripted failure with status " +
                                                                 std::to_string(b.status));
    r.body = openai_error_body(e);
    return r;
  }
  json req = json::parse(body, nullptr, false);
  if (req.is_discarded() || !req.is_object() || !req.contains("messages") || !req["messages"].is_array()) {
    r.status = 400;
    r.body = openai_error_body(make_error(ErrorKind::kInvalidRequest, "mock: body must be JSON with messages"));
    return r;
  }
  std::string model = string_field(req, "model", "echo");
  std::string prompt_text, answer;
  for (const auto& m : req["messages"]) {
    if (!m.is_object()) continue;
    std::string text = content_text(m.contains("content") ? m["content"] : json());
    prompt_text += text;
    if (string_field(m, "role", "") == "user") answer = text;
  }
  json usage = {{"prompt_tokens", estimate_tokens(prompt_text)},
                {"completion_tokens", estimate_tokens(answer)},
                {"total_tokens", estimate_tokens(prompt_text) + estimate_tokens(answer)}};
  std::string id = "chatcmpl-mock-" + std::to_string(request_count());
  if (!bool_field(req, "stream")) {
    json out = {{"id", id},
                {"object", "chat.completion"},
                {"created", kCreated},
                {"model", model},
                {"choices", json::array({{{"index", 0},
                                          {"message", {{"role", "assistant"}, {"content", answer}}},
                                          {"logprobs", nullptr},
                                          {"finish_reason", "stop"}}})}};
    if (!b.no_usage) out["usage"] = usage;
    r.body = out.dump();
    return r;
  }
  r.streaming = true;
  r.content_type = "text/event-stream";
  r.chunk_delay_ms = b.chunk_delay_ms;
  auto chunk = [&](json delta, json finish) {
    return json{{"id", id},
                {"object", "chat.completion.chunk"},
                {"created", kCreated},
                {"model", model},
                {"choices", json::array({{{"index", 0}, {"delta", std::move(delta)}, {"logprobs", nullptr},
                                          {"finish_reason", std::move(finish)}}})}};
  };
  r.chunks.push_back(sse(chunk({{"role", "assistant"}, {"content", ""}}, nullptr)));
  for (const auto& piece : split_words(answer)) r.chunks.push_back(sse(chunk({{"content", piece}}, nullptr)));
  r.chunks.push_back(sse(chunk(json::object(), "stop")));
  bool include_usage = req.contains("stream_options") && bool_field(req["stream_options"], "include_usage");
  if (include_usage && !b.no_usage) {
    json u = {{"id", id}, {"object", "chat.completion.chunk"}, {"created", kCreated}, {"model", model},
              {"choices", json::array()}, {"usage", usage}};
    r.chunks.push_back(sse(u));
  }
  r.chunks.push_back("data: [DONE]\n\n");
  if (b.truncate_after >= 0 && static_cast<size_t>(b.truncate_after) < r.chunks.size()) {
    r.chunks.resize(static_cast<size_t>(b.truncate_after));
    r.truncated = true;
  }
  return r;
}

MockReply MockUpstream::control(std::string_view method, std::string_view path, std::string_view body) {
  MockReply r;
  std::lock_guard<std::mutex> lock(mu_);
  if (method == "POST" && path == "/_mock/script") {
    json j = json::parse(body, nullptr, false);
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
    last_request_.clear();
    r.body = R"({"reset":true})";
  } else if (method == "GET" && path == "/_mock/stats") {
    r.body = json{{"requests", requests_}, {"queued", script_.size()},
                  {"last_request", last_request_.empty() ? json(nullptr) : json::parse(last_request_)}}.dump();
  } else {
    r.status = 404;
    r.body = openai_error_body(make_error(ErrorKind::kNotFound, "mock: no control route " + std::string(path)));
  }
  return r;
}

}  // namespace gw
