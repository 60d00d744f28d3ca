// The native roads' table and the helpers they share (see native_road.h).
#include "core/dialects/native_road.h"

#include "core/dialects/openai_adapter.h"
#include "core/json/json_scan.h"
#include "core/json/json_splice.h"
#include "core/json/json_view.h"
#include "core/json/json_writer.h"

namespace gw {

const NativeRoad* native_road(ClientFormat format) {
  switch (format) {
    case ClientFormat::kAnthropicMessages:
      return &anthropic_native_road();
    case ClientFormat::kOpenAIResponses:
      return &responses_native_road();
    case ClientFormat::kOpenAIChat:
      return nullptr;
  }
  return nullptr;
}

namespace native {
namespace {

Error invalid(std::string message, std::string param) {
  return make_error(ErrorKind::kInvalidRequest, std::move(message), "invalid_request_error", std::move(param));
}

std::string quoted(std::string_view text) {
  std::string out;
  append_json_string(out, text);
  return out;
}

}  // namespace

bool rewrite_member(std::string& text, std::string_view object, std::string_view name, std::string_view from,
                    std::string_view to) {
  std::string_view value = json_member(object, name);
  if (value.empty() || !json_string_equals(value, from)) return false;
  size_t at = static_cast<size_t>(value.data() - text.data());
  if (at >= text.size() || at + value.size() > text.size()) return false;  // not a view into text
  text.replace(at, value.size(), quoted(to));
  return true;
}

std::optional<Span> sse_data_span(std::string_view block) {
  std::optional<Span> found;
  size_t line = 0;
  while (line < block.size()) {
    size_t end = block.find_first_of("\r\n", line);
    if (end == std::string_view::npos) end = block.size();
    std::string_view text = block.substr(line, end - line);
    if (text.substr(0, 5) == "data:") {
      if (found) return std::nullopt;  // several data lines: left as they are
      size_t start = line + 5 + (text.size() > 5 && text[5] == ' ' ? 1 : 0);
      found = Span{start, end - start};
    }
    line = end + (end + 1 < block.size() && block[end] == '\r' && block[end + 1] == '\n' ? 2 : 1);
  }
  return found;
}

void forward_headers(const Headers& from, Headers& out) {
  for (const auto& [name, value] : from.items()) {
    std::string_view n = name;
    if (n.size() >= 5 && iequals_same_size(n.substr(0, 5), "x-gw-")) continue;
    bool forward = true;
    for (std::string_view denied : kUnforwardedHeaders) forward = forward && !iequals(n, denied);
    if (forward) out.add(name, value);
  }
}

std::string upstream_body(const NativeCall& call, std::string_view native_model, std::string_view limit_field) {
  std::string model = quoted(native_model);
  std::string limit = call.capped_max_tokens > 0 ? std::to_string(call.capped_max_tokens) : std::string();
  const JsonEdit edits[] = {{"model", model}, {"provider", ""}, {limit_field, limit}};
  return edit_json_object(call.body, std::span<const JsonEdit>(edits, limit.empty() ? 2 : 3));
}

Result<ChatRequest> read_request(std::string_view body, std::string_view limit_field) {
  if (!is_json_object(body)) return invalid("the request body must be a JSON object", "");
  JsonMembers members(body);
  std::string_view member, value;
  while (members.next(member, value)) {  // a twin the provider might read instead of the model gw resolved
    if (member != "model" && member.size() == 5 && iequals_same_size(member, "model"))
      return invalid("'" + std::string(member) + "' repeats 'model' in another case: send 'model' once",
                     std::string(member));
  }
  ChatRequest r;
  std::string_view model = json_member(body, "model");
  auto name = json_string(model);
  if (!name || name->empty()) return invalid("model: field required and must be a non-empty string", "model");
  r.model = std::move(*name);
  if (auto provider = json_string(json_member(body, "provider"))) r.provider_override = std::move(*provider);
  std::string_view stream = json_member(body, "stream");
  if (!stream.empty() && json_type(stream) != JsonType::kNull) {
    auto on = json_boolean(stream);
    if (!on) return invalid("stream: must be a boolean", "stream");
    r.stream = *on;
  }
  std::string_view limit = json_member(body, limit_field);
  if (!limit.empty() && json_type(limit) != JsonType::kNull) {
    auto tokens = json_integer(limit);
    if (!tokens || *tokens < 1)
      return invalid(std::string(limit_field) + ": must be a positive integer", std::string(limit_field));
    r.max_tokens = *tokens;
  }
  r.prompt_tokens_estimate = estimate_tokens_of_size(body.size());
  return r;
}

Result<ChatRequest> ShapedRoad::read_request(std::string_view body) const {
  return native::read_request(body, shape_.limit_field);
}

Result<HttpRequest> ShapedRoad::build_request(const NativeCall& call, std::string_view native_model,
                                              const ProviderEndpoint& endpoint, bool stream) const {
  const RoadShape& shape = shape_;
  static const Headers kNone;
  const Headers& caller = call.headers ? *call.headers : kNone;
  HttpRequest http;
  std::string path = std::string(shape.path) + std::string(call.path_suffix);
  if (!call.query.empty()) path.append("?").append(call.query);
  http.url = provider_url(endpoint, path);
  add_auth_headers(endpoint, http.headers);
  forward_headers(caller, http.headers);
  if (!shape.version_header.empty() && !caller.has(shape.version_header))
    http.headers.add(std::string(shape.version_header), std::string(shape.version_value));
  if (!caller.has("content-type")) http.headers.add("Content-Type", "application/json");
  if (stream && !caller.has("accept")) http.headers.add("Accept", "text/event-stream");
  http.body = upstream_body(call, native_model, shape.limit_field);
  return http;
}

std::optional<Usage> ShapedRoad::answer_usage(std::string_view body, int64_t prompt_estimate) const {
  const RoadShape& shape = shape_;
  const std::string_view names[] = {"usage", shape.content_member};
  auto members = top_level_members(body, names);
  if (!members) return std::nullopt;
  Usage u;
  if (json_type((*members)[0]) == JsonType::kObject) {
    shape.read_usage((*members)[0], u);
    return u;
  }
  u.estimated = true;
  u.prompt_tokens = prompt_estimate;
  u.completion_tokens = estimate_tokens_of_size((*members)[1].size());
  return u;
}

}  // namespace native
}  // namespace gw
