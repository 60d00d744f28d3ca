// responses_answer_shape.cc - the Responses API's half of answer_shapes.h:
// a Response as the events of its stream and back. Each output item opens
// with response.output_item.added (as it stood before its content), its
// parts stream as one delta each (text, refusal, function arguments,
// reasoning summary), and it closes with output_item.done holding the item
// as stored; item kinds without deltas (web search, file search, image
// generation calls...) come whole in added and done. Every event carries
// its sequence_number. The whole of a stream is its final event's Response.
#include "core/cache/answer_shapes.h"

namespace gw::shapes {
namespace {

class Events {
 public:
  void emit(const std::string& type, ordered_json payload) {
    ordered_json e = {{"type", type}};
    e.update(payload);
    e["sequence_number"] = sequence_++;
    out_.push_back(event_block(type, e));
  }
  std::vector<std::string> take() && { return std::move(out_); }

 private:
  int64_t sequence_ = 0;
  std::vector<std::string> out_;
};

// `where` (an event's item_id, output_index...) with `more` after it.
ordered_json merged(const ordered_json& where, ordered_json more) {
  ordered_json all = where;
  all.update(more);
  return all;
}

ordered_json empty_part(const ordered_json& part) {
  ordered_json start = part;
  const std::string type = part.value("type", std::string());
  if (type == "output_text") {
    start["text"] = "";
    start["annotations"] = ordered_json::array();
  } else if (type == "refusal") {
    start["refusal"] = "";
  }
  return start;
}

void message_parts(const ordered_json& item, size_t output_index, Events& ev) {
  if (!item.contains("content") || !item["content"].is_array()) return;
  const ordered_json id = item.value("id", ordered_json(""));
  size_t content_index = 0;
  for (const ordered_json& part : item["content"]) {
    ordered_json where = {{"item_id", id}, {"output_index", output_index}, {"content_index", content_index++}};
    auto with = [&where](ordered_json more) { return merged(where, std::move(more)); };
    ev.emit("response.content_part.added", with({{"part", empty_part(part)}}));
    const std::string type = part.value("type", std::string());
    if (type == "output_text") {
      const ordered_json logprobs = part.value("logprobs", ordered_json::array());
      ev.emit("response.output_text.delta", with({{"delta", part.value("text", "")}, {"logprobs", logprobs}}));
      ev.emit("response.output_text.done", with({{"text", part.value("text", "")}, {"logprobs", logprobs}}));
    } else if (type == "refusal") {
      ev.emit("response.refusal.delta", with({{"delta", part.value("refusal", "")}}));
      ev.emit("response.refusal.done", with({{"refusal", part.value("refusal", "")}}));
    }
    ev.emit("response.content_part.done", with({{"part", part}}));
  }
}

void reasoning_parts(const ordered_json& item, size_t output_index, Events& ev) {
  if (!item.contains("summary") || !item["summary"].is_array()) return;
  const ordered_json id = item.value("id", ordered_json(""));
  size_t summary_index = 0;
  for (const ordered_json& part : item["summary"]) {
    ordered_json where = {{"item_id", id}, {"output_index", output_index}, {"summary_index", summary_index++}};
    auto with = [&where](ordered_json more) { return merged(where, std::move(more)); };
    const std::string text = part.value("text", std::string());
    ev.emit("response.reasoning_summary_part.added", with({{"part", {{"type", "summary_text"}, {"text", ""}}}}));
    ev.emit("response.reasoning_summary_text.delta", with({{"delta", text}}));
    ev.emit("response.reasoning_summary_text.done", with({{"text", text}}));
    ev.emit("response.reasoning_summary_part.done", with({{"part", part}}));
  }
}

// The item as output_item.added shows it: before any of its content.
ordered_json item_at_start(const ordered_json& item) {
  ordered_json start = item;
  const std::string type = item.value("type", std::string());
  if (item.contains("status")) start["status"] = "in_progress";
  if (type == "message") start["content"] = ordered_json::array();
  if (type == "function_call") start["arguments"] = "";
  if (type == "reasoning") {
    start["summary"] = ordered_json::array();
    start.erase("encrypted_content");
  }
  return start;
}

}  // namespace

Result<std::vector<std::string>> responses_stream(const ordered_json& whole) {
  const std::string status = whole.value("status", std::string());
  if (whole.value("object", std::string()) != "response" || !whole.contains("output") || !whole["output"].is_array())
    return not_an_answer("the body is not a Response");
  if (status != "completed" && status != "incomplete") return not_an_answer("the Response is " + status);
  Events ev;
  ordered_json opening = whole;
  opening["status"] = "in_progress";
  opening["output"] = ordered_json::array();
  opening["usage"] = nullptr;
  opening["incomplete_details"] = nullptr;
  ev.emit("response.created", {{"response", opening}});
  ev.emit("response.in_progress", {{"response", opening}});
  size_t output_index = 0;
  for (const ordered_json& item : whole["output"]) {
    if (!item.is_object()) return not_an_answer("an output item is not an object");
    ev.emit("response.output_item.added", {{"output_index", output_index}, {"item", item_at_start(item)}});
    const std::string type = item.value("type", std::string());
    if (type == "message") message_parts(item, output_index, ev);
    if (type == "reasoning") reasoning_parts(item, output_index, ev);
    if (type == "function_call") {
      ordered_json where = {{"item_id", item.value("id", ordered_json(""))}, {"output_index", output_index}};
      ordered_json delta = where, done = where;
      delta["delta"] = item.value("arguments", "");
      done["name"] = item.value("name", "");
      done["arguments"] = item.value("arguments", "");
      ev.emit("response.function_call_arguments.delta", std::move(delta));
      ev.emit("response.function_call_arguments.done", std::move(done));
    }
    ev.emit("response.output_item.done", {{"output_index", output_index++}, {"item", item}});
  }
  ev.emit(status == "completed" ? "response.completed" : "response.incomplete", {{"response", whole}});
  return std::move(ev).take();
}

Result<ordered_json> responses_whole(const std::vector<Event>& events) {
  for (auto e = events.rbegin(); e != events.rend(); ++e) {
    const std::string type = e->data.is_object() ? e->data.value("type", e->name) : e->name;
    if (type == "response.completed" || type == "response.incomplete") {
      if (!e->data.contains("response") || !e->data["response"].is_object())
        return not_an_answer(type + " holds no Response");
      return e->data["response"];
    }
    if (type == "response.failed" || type == "error") return not_an_answer("the stream ended in an error");
  }
  return not_an_answer("the stream has no response.completed");
}

}  // namespace gw::shapes
