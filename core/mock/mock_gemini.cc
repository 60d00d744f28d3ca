// The mock's Gemini generateContent dialect (see mock_turn.h for what it
// answers). Thinking is requested with generationConfig.thinkingConfig
// .includeThoughts and comes back as a {"text", "thought": true} part first;
// the signature rides on the first functionCall part (or the text part), as
// Gemini sends it. Tool results are functionResponse parts; a response of the
// form {"content": "<text>"} (what gw's adapter sends) counts as that text,
// any other response as its JSON. Streams are `data: {...}` events with no
// [DONE]: text word by word, each functionCall whole, finishReason and
// usageMetadata on the last event.
#include "core/json/json_parse.h"
#include "core/mock/mock_turn.h"

namespace gw::mock {
namespace {

MockReply bad_request(std::string message) {
  MockReply r;
  r.status = 400;
  r.body = json{{"error", {{"code", 400}, {"message", "mock: " + std::move(message)}, {"status", "INVALID_ARGUMENT"}}}}
               .dump();
  return r;
}

const json& array_field(const json& j, const char* key) {
  static const json kEmpty = json::array();
  return j.is_object() && j.contains(key) && j[key].is_array() ? j[key] : kEmpty;
}

std::string parts_text(const json& parts) {
  std::string text;
  for (const auto& p : parts)
    if (!bool_field(p, "thought")) text += string_field(p, "text");
  return text;
}

std::string tool_result_text(const json& response) {
  if (response.is_object() && response.size() == 1 && response.contains("content") && response["content"].is_string())
    return response["content"].get<std::string>();
  return response.dump();
}

MockConversation read_conversation(const json& req) {
  MockConversation c;
  if (req.contains("systemInstruction") && req["systemInstruction"].is_object())
    c.messages.push_back({"system", parts_text(array_field(req["systemInstruction"], "parts"))});
  for (const auto& content : array_field(req, "contents")) {
    const json& parts = array_field(content, "parts");
    std::string role = string_field(content, "role", "user") == "model" ? "assistant" : "user";
    bool has_text = false;
    for (const auto& p : parts) {
      if (p.is_object() && p.contains("functionResponse") && p["functionResponse"].is_object())
        c.messages.push_back({"tool", tool_result_text(p["functionResponse"].value("response", json::object()))});
      else if (p.is_object() && p.contains("text")) has_text = true;
    }
    if (has_text || parts.empty()) c.messages.push_back({role, parts_text(parts)});
  }
  for (const auto& tool : array_field(req, "tools"))
    for (const auto& decl : array_field(tool, "functionDeclarations")) c.tools.push_back(string_field(decl, "name"));
  if (req.contains("toolConfig") && req["toolConfig"].is_object()) {
    const json& fc = req["toolConfig"].value("functionCallingConfig", json::object());
    std::string mode = string_field(fc, "mode");
    if (mode == "NONE") c.tools_disabled = true;
    const json& allowed = array_field(fc, "allowedFunctionNames");
    if (mode == "ANY" && !allowed.empty()) c.forced_tool = allowed[0].is_string() ? allowed[0].get<std::string>() : "";
  }
  if (req.contains("generationConfig") && req["generationConfig"].is_object()) {
    const json& gc = req["generationConfig"];
    c.thinking = gc.contains("thinkingConfig") && bool_field(gc["thinkingConfig"], "includeThoughts");
  }
  return c;
}

json usage_metadata(const MockTurn& t) {
  json u = {{"promptTokenCount", t.prompt_tokens},
            {"candidatesTokenCount", t.completion_tokens - t.reasoning_tokens},
            {"totalTokenCount", t.prompt_tokens + t.completion_tokens}};
  if (t.reasoning_tokens > 0) u["thoughtsTokenCount"] = t.reasoning_tokens;
  return u;
}

// The answer's parts, in Gemini's order: thought, text, function calls.
json turn_parts(const MockTurn& t) {
  json parts = json::array();
  if (!t.thinking.empty()) parts.push_back({{"text", t.thinking}, {"thought", true}});
  if (t.tool_calls.empty()) parts.push_back({{"text", t.text}});
  for (const auto& call : t.tool_calls) {
    json args = parse_json(call.arguments);
    if (!args.is_object()) args = json::object();  // scripted arguments that are not an object
    parts.push_back({{"functionCall", {{"id", call.id}, {"name", call.name}, {"args", std::move(args)}}}});
  }
  if (!t.signature.empty()) parts[t.thinking.empty() ? 0 : 1]["thoughtSignature"] = t.signature;  // first non-thought
  return parts;
}

}  // namespace

MockReply gemini_generate(const MockBehavior& b, std::string_view model, bool stream, std::string_view body,
                          int64_t seq) {
  json req = parse_json(body);
  if (req.is_discarded() || !req.is_object()) return bad_request("request body must be a JSON object");
  if (array_field(req, "contents").empty()) return bad_request("contents is not specified");
  MockTurn t;
  try {
    t = plan_turn(read_conversation(req), seq);
  } catch (const json::exception& e) {  // a field of an unexpected type
    return bad_request(std::string("invalid request: ") + e.what());
  }
  std::string response_id = "mock-" + std::to_string(seq);
  auto response = [&](json parts, bool last) {
    json cand = {{"content", {{"parts", std::move(parts)}, {"role", "model"}}}, {"index", 0}};
    if (last) cand["finishReason"] = "STOP";
    json out = {{"candidates", json::array({std::move(cand)})},
                {"modelVersion", std::string(model)},
                {"responseId", response_id}};
    if (last && !b.no_usage) out["usageMetadata"] = usage_metadata(t);
    return out;
  };
  MockReply r;
  json parts = turn_parts(t);
  if (!stream) {
    r.body = response(std::move(parts), true).dump();
    apply_stream_behavior(b, r);
    return r;
  }
  r.streaming = true;
  r.content_type = "text/event-stream";
  // Text parts arrive word by word (the signature with the last piece), function calls whole.
  std::vector<json> events;
  for (const auto& part : parts) {
    if (!part.contains("text")) {
      events.push_back(part);
      continue;
    }
    std::vector<std::string> words = split_words(part["text"].get<std::string>());
    for (size_t i = 0; i < words.size(); ++i) {
      json piece = part;
      piece["text"] = words[i];
      if (i + 1 < words.size()) piece.erase("thoughtSignature");
      events.push_back(std::move(piece));
    }
  }
  for (size_t i = 0; i < events.size(); ++i)
    r.chunks.push_back("data: " + response(json::array({events[i]}), i + 1 == events.size()).dump() + "\n\n");
  apply_stream_behavior(b, r);
  return r;
}

}  // namespace gw::mock
