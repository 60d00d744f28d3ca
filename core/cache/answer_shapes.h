// answer_shapes.h - one stored answer in either shape (issue: response
// cache): a whole answer as the events of the stream the provider would
// have sent for it, and a completed stream's events as the whole answer,
// in the same client dialect, so that a streamed request can be served
// from a whole answer and back. Nothing goes through gw's canonical form:
// every member a provider sent (ids, system_fingerprint, citations, signed
// thinking, encrypted reasoning, cache usage) comes out where the other
// shape carries it, in the order it was written.
//
//   OpenAI chat     whole -> a role chunk, reasoning, content and each tool
//                   call as one delta each, a finish chunk, the usage chunk
//                   when the caller asked for one (stream_options), [DONE];
//                   stream -> the chunks folded per choice (what the SDKs'
//                   accumulators do); usage from the stream, else `usage`.
//   Anthropic       whole -> message_start, ping, each content block as
//                   start / one delta per kind / stop, message_delta,
//                   message_stop; stream -> the Message the events build.
//   Responses       whole -> response.created, .in_progress, each output
//                   item added / its parts' deltas and dones / done, then
//                   response.completed (or .incomplete); stream -> the
//                   Response inside its final event.
//
// Errors (kInvalidRequest): a body or stream that is not a complete answer
// of the dialect (an error event, a stream without its end). The cache then
// treats the entry as a miss.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"
#include "core/base/usage.h"
#include "core/dialects/dialect.h"

namespace gw {

// The events of the stream for a whole answer, each a complete SSE event
// block ending in a blank line. `include_usage`: OpenAI chat's
// stream_options.include_usage (the other dialects always carry usage).
Result<std::vector<std::string>> stream_from_whole(ClientFormat format, std::string_view body, bool include_usage);

// The whole answer a completed stream makes. `usage` stands in when the
// stream carried none (an OpenAI chat stream without include_usage).
Result<std::string> whole_from_stream(ClientFormat format, std::string_view events, const Usage& usage);

// The per-dialect halves (one file each).
namespace shapes {
using ordered_json = nlohmann::ordered_json;
// Each event's name ("" when none) and its parsed data; kInvalidRequest when
// a data payload is not JSON (OpenAI's "[DONE]" comes back as a string).
struct Event {
  std::string name;
  ordered_json data;
};
Result<std::vector<Event>> read_events(std::string_view sse);
// "event: NAME\ndata: JSON\n\n" (no event line when `name` is empty).
std::string event_block(std::string_view name, const ordered_json& data);
Error not_an_answer(std::string_view what);

Result<std::vector<std::string>> chat_stream(const ordered_json& whole, bool include_usage);
Result<ordered_json> chat_whole(const std::vector<Event>& events, const Usage& usage);
Result<std::vector<std::string>> messages_stream(const ordered_json& whole);
Result<ordered_json> messages_whole(const std::vector<Event>& events);
Result<std::vector<std::string>> responses_stream(const ordered_json& whole);
Result<ordered_json> responses_whole(const std::vector<Event>& events);
}  // namespace shapes

}  // namespace gw
