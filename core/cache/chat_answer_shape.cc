// chat_answer_shape.cc - OpenAI chat's half of answer_shapes.h: a
// chat.completion as chat.completion.chunk events and back.
#include <map>

#include "core/cache/answer_shapes.h"

namespace gw::shapes {
namespace {

// The members every chunk of a stream repeats, from the whole answer.
ordered_json chunk_frame(const ordered_json& whole, bool include_usage) {
  ordered_json chunk = ordered_json::object();
  for (const char* name : {"id", "created", "model", "service_tier", "system_fingerprint"})
    if (whole.contains(name)) chunk[name] = whole[name];
  chunk["object"] = "chat.completion.chunk";
  chunk["choices"] = ordered_json::array();
  if (include_usage) chunk["usage"] = nullptr;
  return chunk;
}

ordered_json choice_delta(int64_t index, ordered_json delta) {
  return {{"index", index}, {"delta", std::move(delta)}, {"logprobs", nullptr}, {"finish_reason", nullptr}};
}

bool has_string(const ordered_json& obj, const char* name) {
  return obj.contains(name) && obj[name].is_string() && !obj[name].get_ref<const std::string&>().empty();
}

std::string data_block(const ordered_json& chunk) { return event_block("", chunk); }

}  // namespace

Result<std::vector<std::string>> chat_stream(const ordered_json& whole, bool include_usage) {
  if (!whole.contains("choices") || !whole["choices"].is_array() || whole["choices"].empty())
    return not_an_answer("the body is not a chat completion with a choice");
  const ordered_json frame = chunk_frame(whole, include_usage);
  std::vector<std::string> out;
  for (const ordered_json& choice : whole["choices"]) {
    if (!choice.is_object() || !choice.contains("message") || !choice["message"].is_object())
      return not_an_answer("a choice has no message");
    const ordered_json& m = choice["message"];
    const int64_t index = choice.value("index", int64_t{0});
    auto emit = [&](ordered_json delta, const ordered_json* logprobs = nullptr) {
      ordered_json chunk = frame;
      chunk["choices"].push_back(choice_delta(index, std::move(delta)));
      if (logprobs) chunk["choices"][0]["logprobs"] = *logprobs;
      out.push_back(data_block(chunk));
    };
    emit({{"role", m.value("role", std::string("assistant"))}, {"content", ""}, {"refusal", nullptr}});
    if (has_string(m, "reasoning_content")) emit({{"reasoning_content", m["reasoning_content"]}});
    const ordered_json* logprobs =
        choice.contains("logprobs") && !choice["logprobs"].is_null() ? &choice["logprobs"] : nullptr;
    if (has_string(m, "content") || logprobs)
      emit({{"content", m.contains("content") && m["content"].is_string() ? m["content"] : ordered_json("")}},
           logprobs);
    if (has_string(m, "refusal")) emit({{"refusal", m["refusal"]}});
    if (m.contains("annotations") && m["annotations"].is_array() && !m["annotations"].empty())
      emit({{"annotations", m["annotations"]}});
    if (m.contains("tool_calls") && m["tool_calls"].is_array()) {
      int64_t call_index = 0;
      for (const ordered_json& call : m["tool_calls"]) {
        ordered_json piece = call;
        piece.erase("index");
        ordered_json with_index = {{"index", call_index++}};
        with_index.update(piece);
        emit({{"tool_calls", ordered_json::array({with_index})}});
      }
    }
    ordered_json finish = frame;
    finish["choices"].push_back(choice_delta(index, ordered_json::object()));
    finish["choices"][0]["finish_reason"] = choice.contains("finish_reason") ? choice["finish_reason"] : nullptr;
    out.push_back(data_block(finish));
  }
  if (include_usage) {
    ordered_json last = frame;
    last["usage"] = whole.contains("usage") ? whole["usage"] : nullptr;
    out.push_back(data_block(last));
  }
  out.push_back("data: [DONE]\n\n");
  return out;
}

namespace {

// One choice being rebuilt from its deltas.
struct ChoiceState {
  ordered_json message = {{"role", "assistant"}, {"content", nullptr}};
  std::string content;
  std::string reasoning;
  std::string refusal;
  bool saw_content = false;
  std::map<int64_t, ordered_json> calls;  // by the delta's tool call index
  ordered_json logprobs;                  // null, or {"content": [...]} gathered
  ordered_json finish_reason;

  void append_logprobs(const ordered_json& more) {
    if (!more.is_object()) return;
    if (logprobs.is_null()) logprobs = ordered_json::object();
    for (const auto& [name, list] : more.items()) {
      if (!list.is_array()) continue;
      ordered_json& into = logprobs[name];
      if (!into.is_array()) into = ordered_json::array();
      for (const ordered_json& entry : list) into.push_back(entry);
    }
  }

  void apply(const ordered_json& delta) {
    if (delta.contains("role") && delta["role"].is_string()) message["role"] = delta["role"];
    if (delta.contains("content") && delta["content"].is_string()) {
      content += delta["content"].get_ref<const std::string&>();
      saw_content = saw_content || !delta["content"].get_ref<const std::string&>().empty();
    }
    if (delta.contains("reasoning_content") && delta["reasoning_content"].is_string())
      reasoning += delta["reasoning_content"].get_ref<const std::string&>();
    if (delta.contains("refusal") && delta["refusal"].is_string())
      refusal += delta["refusal"].get_ref<const std::string&>();
    if (delta.contains("tool_calls") && delta["tool_calls"].is_array())
      for (const ordered_json& piece : delta["tool_calls"]) apply_call(piece);
    if (delta.contains("annotations") && delta["annotations"].is_array())
      for (const ordered_json& note : delta["annotations"]) message["annotations"].push_back(note);
  }

  void apply_call(const ordered_json& piece) {
    if (!piece.is_object()) return;
    ordered_json& call = calls[piece.value("index", int64_t{0})];
    if (call.is_null()) call = {{"id", ""}, {"type", "function"}, {"function", {{"name", ""}, {"arguments", ""}}}};
    if (piece.contains("id") && piece["id"].is_string() && call["id"].get_ref<const std::string&>().empty())
      call["id"] = piece["id"];
    if (piece.contains("type") && piece["type"].is_string()) call["type"] = piece["type"];
    if (!piece.contains("function") || !piece["function"].is_object()) return;
    const ordered_json& fn = piece["function"];
    ordered_json& into = call["function"];
    if (fn.contains("name") && fn["name"].is_string() && into["name"].get_ref<const std::string&>().empty())
      into["name"] = fn["name"];
    if (fn.contains("arguments") && fn["arguments"].is_string())
      into["arguments"] = into["arguments"].get<std::string>() + fn["arguments"].get<std::string>();
  }

  ordered_json choice(int64_t index) && {
    if (saw_content || calls.empty()) message["content"] = content;
    if (!reasoning.empty()) message["reasoning_content"] = reasoning;
    message["refusal"] = refusal.empty() ? ordered_json(nullptr) : ordered_json(refusal);
    if (!calls.empty()) {
      ordered_json list = ordered_json::array();
      for (auto& [i, call] : calls) list.push_back(std::move(call));
      message["tool_calls"] = std::move(list);
    }
    return {{"index", index},
            {"message", std::move(message)},
            {"logprobs", std::move(logprobs)},
            {"finish_reason", std::move(finish_reason)}};
  }
};

ordered_json usage_object(const Usage& u) {
  return {{"prompt_tokens", u.prompt_tokens}, {"completion_tokens", u.completion_tokens}, {"total_tokens", u.total()}};
}

}  // namespace

Result<ordered_json> chat_whole(const std::vector<Event>& events, const Usage& usage) {
  ordered_json whole = ordered_json::object();
  std::map<int64_t, ChoiceState> choices;
  ordered_json stream_usage;
  bool done = false;
  for (const Event& e : events) {
    if (e.data.is_string()) {  // [DONE]
      done = true;
      continue;
    }
    if (e.data.contains("error")) return not_an_answer("the stream ended in an error");
    for (const char* name : {"id", "created", "model", "service_tier", "system_fingerprint"})
      if (e.data.contains(name) && !e.data[name].is_null() && !whole.contains(name)) whole[name] = e.data[name];
    if (e.data.contains("usage") && e.data["usage"].is_object()) stream_usage = e.data["usage"];
    if (!e.data.contains("choices") || !e.data["choices"].is_array()) continue;
    for (const ordered_json& c : e.data["choices"]) {
      if (!c.is_object()) continue;
      ChoiceState& state = choices[c.value("index", int64_t{0})];
      if (c.contains("delta") && c["delta"].is_object()) state.apply(c["delta"]);
      if (c.contains("logprobs") && c["logprobs"].is_object()) state.append_logprobs(c["logprobs"]);
      if (c.contains("finish_reason") && !c["finish_reason"].is_null()) state.finish_reason = c["finish_reason"];
    }
  }
  if (!done) return not_an_answer("the stream has no [DONE]");
  if (choices.empty()) return not_an_answer("the stream has no choices");
  ordered_json out = ordered_json::object();
  out["id"] = whole.value("id", ordered_json(""));
  out["object"] = "chat.completion";
  out["created"] = whole.value("created", ordered_json(0));
  out["model"] = whole.value("model", ordered_json(""));
  ordered_json list = ordered_json::array();
  for (auto& [index, state] : choices) list.push_back(std::move(state).choice(index));
  out["choices"] = std::move(list);
  out["usage"] = stream_usage.is_object() ? stream_usage : usage_object(usage);
  for (const char* name : {"service_tier", "system_fingerprint"})
    if (whole.contains(name)) out[name] = whole[name];
  return out;
}

}  // namespace gw::shapes
