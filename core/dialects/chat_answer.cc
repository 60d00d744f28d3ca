// chat_answer.cc - see chat_answer.h. Pure; thread-compatible.
#include "core/dialects/chat_answer.h"

#include <nlohmann/json.hpp>

#include "core/dialects/openai_usage.h"
#include "core/json/json_parse.h"

namespace gw {
namespace {

using nlohmann::json;

std::string string_at(const json& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : "";
}

// The first choice of a completion or chunk, or null.
const json* first_choice(const json& j) {
  if (!j.is_object() || !j.contains("choices") || !j["choices"].is_array() || j["choices"].empty()) return nullptr;
  return &j["choices"][0];
}

}  // namespace

Result<ChatAnswer> parse_chat_completion(std::string_view body) {
  auto j = parse_json(body);
  const json* choice = first_choice(j);
  if (!choice) return make_error(ErrorKind::kUpstreamError, "the answer is not a chat completion");
  ChatAnswer a;
  a.model = string_at(j, "model");
  a.finish_reason = string_at(*choice, "finish_reason");
  if (choice->contains("message")) a.text = string_at((*choice)["message"], "content");
  if (j.contains("usage")) a.usage = parse_openai_usage(j["usage"]);
  return a;
}

Error error_from_reply(int status, std::string_view body) {
  auto j = parse_json(body);
  std::string msg = "request failed with HTTP " + std::to_string(status);
  if (j.is_object() && j.contains("error") && j["error"].is_object()) {
    std::string m = string_at(j["error"], "message");
    if (!m.empty()) msg = m;
  }
  return make_error(kind_for_gw_status(status), msg);
}

Status ChatStreamReader::feed(std::string_view bytes, std::string& text) {
  events_.clear();
  splitter_.feed(bytes, events_);
  if (splitter_.too_large())
    return make_error(ErrorKind::kUpstreamError,
                      "the stream sent an event larger than " + std::to_string(kMaxSseEventBytes) + " bytes");
  for (const std::string& e : events_) {
    std::string data = sse_data(e);
    if (data.empty()) continue;
    if (data == "[DONE]") {
      done_ = true;
      continue;
    }
    auto j = parse_json(data);
    if (!j.is_object()) continue;
    if (j.contains("error")) return error_from_reply(502, data);
    if (answer_.model.empty()) answer_.model = string_at(j, "model");
    if (j.contains("usage") && !j["usage"].is_null()) answer_.usage = parse_openai_usage(j["usage"]);
    const json* choice = first_choice(j);
    if (!choice) continue;
    if (std::string reason = string_at(*choice, "finish_reason"); !reason.empty()) answer_.finish_reason = reason;
    if (choice->contains("delta")) text += string_at((*choice)["delta"], "content");
  }
  return ok_status();
}

}  // namespace gw
