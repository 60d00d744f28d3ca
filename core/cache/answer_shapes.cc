// answer_shapes.cc - the dispatcher and the SSE reading and writing the
// three dialects' halves share (answer_shapes.h).
#include "core/cache/answer_shapes.h"

#include "core/http/sse.h"
#include "core/json/json_parse.h"

namespace gw {
namespace shapes {

Error not_an_answer(std::string_view what) {
  return make_error(ErrorKind::kInvalidRequest, "stored answer cannot be reshaped: " + std::string(what));
}

Result<std::vector<Event>> read_events(std::string_view sse) {
  SseSplitter splitter(sse.size() + 1);
  std::vector<std::string> blocks;
  splitter.feed(sse, blocks);
  splitter.finish(blocks);
  if (!splitter.pending().empty()) return not_an_answer("its last event is incomplete");
  std::vector<Event> events;
  events.reserve(blocks.size());
  for (const std::string& block : blocks) {
    std::string data = sse_data(block);
    if (data.empty()) continue;  // a comment or keep-alive
    Event e{sse_event_name(block), {}};
    if (data == "[DONE]") {
      e.data = "[DONE]";
    } else {
      e.data = parse_ordered_json(data);
      if (e.data.is_discarded() || !e.data.is_object()) return not_an_answer("an event's data is not a JSON object");
    }
    events.push_back(std::move(e));
  }
  return events;
}

std::string event_block(std::string_view name, const ordered_json& data) {
  std::string out;
  if (!name.empty()) {
    out += "event: ";
    out += name;
    out += '\n';
  }
  out += "data: ";
  out += data.is_string() ? data.get<std::string>() : data.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
  out += "\n\n";
  return out;
}

}  // namespace shapes

Result<std::vector<std::string>> stream_from_whole(ClientFormat format, std::string_view body, bool include_usage) {
  shapes::ordered_json whole = parse_ordered_json(body);
  if (whole.is_discarded() || !whole.is_object()) return shapes::not_an_answer("the body is not a JSON object");
  try {
    switch (format) {
      case ClientFormat::kOpenAIChat:
        return shapes::chat_stream(whole, include_usage);
      case ClientFormat::kAnthropicMessages:
        return shapes::messages_stream(whole);
      case ClientFormat::kOpenAIResponses:
        return shapes::responses_stream(whole);
    }
  } catch (const nlohmann::json::exception&) {  // a field of an unexpected type slipped past the checks
    return shapes::not_an_answer("a field has an unexpected type");
  }
  return shapes::not_an_answer("unknown dialect");
}

Result<std::string> whole_from_stream(ClientFormat format, std::string_view events, const Usage& usage) {
  auto read = shapes::read_events(events);
  if (!read) return read.error();
  Result<shapes::ordered_json> whole = shapes::not_an_answer("unknown dialect");
  try {
    switch (format) {
      case ClientFormat::kOpenAIChat:
        whole = shapes::chat_whole(*read, usage);
        break;
      case ClientFormat::kAnthropicMessages:
        whole = shapes::messages_whole(*read);
        break;
      case ClientFormat::kOpenAIResponses:
        whole = shapes::responses_whole(*read);
        break;
    }
  } catch (const nlohmann::json::exception&) {  // a field of an unexpected type slipped past the checks
    return shapes::not_an_answer("a field has an unexpected type");
  }
  if (!whole) return whole.error();
  return whole->dump(-1, ' ', false, shapes::ordered_json::error_handler_t::replace);
}

}  // namespace gw
