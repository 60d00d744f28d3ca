// Tests for core/http/sse.h: splitting a byte stream into SSE events exactly as
// sent, reading data/event fields, and the content-character scan.
#include "core/http/sse.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace gw {
namespace {

// A realistic OpenAI stream: role chunk, two content chunks, finish, usage, done.
const std::string kStream =
    "data: {\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n"
    "data: {\"choices\":[{\"delta\":{\"content\":\"Hello\"}}]}\n\n"
    ": keep-alive comment\n\n"
    "data: {\"choices\":[{\"delta\":{\"content\":\" world\"}}]}\n\n"
    "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
    "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2}}\n\n"
    "data: [DONE]\n\n";

// Feeds `bytes` in pieces of `piece` bytes; returns every event produced.
std::vector<std::string> split(std::string_view bytes, size_t piece, SseSplitter& splitter) {
  std::vector<std::string> events;
  for (size_t at = 0; at < bytes.size(); at += piece) splitter.feed(bytes.substr(at, piece), events);
  return events;
}

std::vector<std::string> split(std::string_view bytes, size_t piece) {
  SseSplitter splitter;
  auto events = split(bytes, piece, splitter);
  splitter.finish(events);  // the end of the stream
  CHECK(splitter.pending().empty());
  return events;
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += p;
  return out;
}

}  // namespace

TEST_CASE("sse: a stream fed in one piece splits into its events") {
  std::vector<std::string> events = split(kStream, kStream.size());
  REQUIRE(events.size() == 7);
  CHECK(events[1] == "data: {\"choices\":[{\"delta\":{\"content\":\"Hello\"}}]}\n\n");
  CHECK(events[2] == ": keep-alive comment\n\n");
  CHECK(events[6] == "data: [DONE]\n\n");
}

TEST_CASE("sse: events are the same whatever the chunk boundaries, byte by byte included") {
  std::vector<std::string> whole = split(kStream, kStream.size());
  for (size_t piece : {1, 2, 3, 5, 7, 13, 64, 1000}) {
    CAPTURE(piece);
    CHECK(split(kStream, piece) == whole);
  }
}

TEST_CASE("sse: the events concatenate back to the exact input bytes") {
  CHECK(join(split(kStream, 1)) == kStream);
  CHECK(join(split(kStream, 3)) == kStream);
}

TEST_CASE("sse: a split at every position inside a two-event stream gives the same events") {
  const std::string two = "event: a\ndata: 1\n\nevent: b\ndata: 2\n\n";
  for (size_t cut = 0; cut <= two.size(); ++cut) {
    CAPTURE(cut);
    SseSplitter s;
    std::vector<std::string> events;
    s.feed(std::string_view(two).substr(0, cut), events);
    s.feed(std::string_view(two).substr(cut), events);
    CHECK(events == std::vector<std::string>{"event: a\ndata: 1\n\n", "event: b\ndata: 2\n\n"});
    CHECK(s.pending().empty());
  }
}

TEST_CASE("sse: CRLF-terminated events are split and kept byte for byte") {
  const std::string crlf = "event: ping\r\ndata: {\"a\":1}\r\n\r\ndata: [DONE]\r\n\r\n";
  std::vector<std::string> events = split(crlf, 1);
  REQUIRE(events.size() == 2);
  CHECK(events[0] == "event: ping\r\ndata: {\"a\":1}\r\n\r\n");
  CHECK(events[1] == "data: [DONE]\r\n\r\n");
  CHECK(split(crlf, crlf.size()) == events);
}

TEST_CASE("sse: CR-only terminators are accepted") {
  std::vector<std::string> events = split("data: x\r\rdata: y\r\r", 1);
  CHECK(events == std::vector<std::string>{"data: x\r\r", "data: y\r\r"});
}

TEST_CASE("sse: every mix of CRLF, LF and CR line ends ends an event at a blank line, however fed") {
  // \n\r\n and \r\n\n were not recognised: the events ran together.
  for (std::string end : {"\n\r\n", "\r\n\n", "\r\r\n", "\n\r", "\n\n", "\r\n\r\n", "\r\r"}) {
    CAPTURE(end);
    const std::string stream = "event: a\r\ndata: 1" + end + "data: 2\rdata: 3" + end + "data: [DONE]" + end;
    std::vector<std::string> whole = split(stream, stream.size());
    REQUIRE(whole.size() == 3);
    CHECK(whole[0] == "event: a\r\ndata: 1" + end);
    CHECK(sse_data(whole[1]) == "2\n3");
    CHECK(sse_data(whole[2]) == "[DONE]");
    for (size_t piece : {1, 2, 3, 5}) {
      CAPTURE(piece);
      CHECK(join(split(stream, piece)) == stream);
      std::vector<std::string> pieces = split(stream, piece);
      REQUIRE(pieces.size() == 3);
      for (size_t k = 0; k < 3; ++k) CHECK(sse_data(pieces[k]) == sse_data(whole[k]));
    }
  }
}

TEST_CASE("sse: blank lines before an event belong to it") {
  CHECK(split("\n\r\ndata: x\n\n", 1) == std::vector<std::string>{"\n\r\ndata: x\n\n"});
}

TEST_CASE("sse: an event growing past the cap makes the splitter refuse the stream") {
  SseSplitter s(64);
  std::vector<std::string> events;
  s.feed("data: small\n\n", events);
  CHECK(events.size() == 1);
  CHECK_FALSE(s.too_large());
  s.feed("data: " + std::string(40, 'x'), events);
  CHECK_FALSE(s.too_large());
  s.feed(std::string(40, 'x'), events);
  CHECK(s.too_large());
  CHECK(s.pending().empty());  // the buffer is dropped
  s.feed("\n\ndata: more\n\n", events);
  CHECK(events.size() == 1);  // nothing more once refused
  CHECK(kMaxSseEventBytes == 1024 * 1024);
}

TEST_CASE("sse: many complete events in one feed are not capped, only one unfinished event is") {
  SseSplitter s(64);
  std::vector<std::string> events;
  std::string many;
  for (int i = 0; i < 100; ++i) many += "data: 0123456789\n\n";
  s.feed(many, events);
  CHECK(events.size() == 100);
  CHECK_FALSE(s.too_large());
}

TEST_CASE("sse: an unfinished trailing event stays pending") {
  SseSplitter s;
  std::vector<std::string> events = split("data: one\n\ndata: tw", 4, s);
  CHECK(events == std::vector<std::string>{"data: one\n\n"});
  CHECK(s.pending() == "data: tw");
  s.feed("o\n\n", events);
  CHECK(events.back() == "data: two\n\n");
  CHECK(s.pending().empty());
}

TEST_CASE("sse: data lines of one event are joined with newlines") {
  CHECK(sse_data("data: line one\ndata: line two\n\n") == "line one\nline two");
  CHECK(sse_data("data: a\r\ndata: b\r\n\r\n") == "a\nb");
  CHECK(sse_data("data: {\"x\":1}\n\n") == "{\"x\":1}");
}

TEST_CASE("sse: data without a space after the colon, and comments, are handled") {
  CHECK(sse_data("data:nospace\n\n") == "nospace");
  CHECK(sse_data("data:  two spaces\n\n") == " two spaces");  // only one space is stripped
  CHECK(sse_data(": comment\ndata: x\n\n") == "x");
  CHECK(sse_data(": only a comment\n\n").empty());
  CHECK(sse_data("event: ping\n\n").empty());
}

TEST_CASE("sse: the event name is read, empty when absent") {
  CHECK(sse_event_name("event: message_start\ndata: {}\n\n") == "message_start");
  CHECK(sse_event_name("event:content_block_delta\r\ndata: {}\r\n\r\n") == "content_block_delta");
  CHECK(sse_event_name("data: {}\n\n").empty());
  CHECK(sse_data("event: message_start\ndata: {\"type\":\"message_start\"}\n\n") == "{\"type\":\"message_start\"}");
}

TEST_CASE("sse: content characters are counted across every content field") {
  CHECK(scan_content_chars(R"({"choices":[{"delta":{"content":"Hello"}}]})") == 5);
  CHECK(scan_content_chars(R"([{"content":"abc"},{"content":"de"}])") == 5);
  CHECK(scan_content_chars(R"({"content":""})") == 0);
  CHECK(scan_content_chars(R"({"content":null})") == 0);
  CHECK(scan_content_chars(R"({"role":"assistant"})") == 0);
}

TEST_CASE("sse: an escaped character in content counts as one character") {
  // a, \", b, \n, \\ -> five characters; the escaped quote does not end the string.
  CHECK(scan_content_chars(R"({"content":"a\"b\n\\"})") == 5);
  CHECK(scan_content_chars(R"({"content":"\"\"","other":"zzzz"})") == 2);
}

TEST_CASE("sse: content written with a space after the colon is counted too") {
  // Python's json.dumps (used by several OpenAI-compatible servers) writes
  // "content": "..." with a space; the estimate should not drop to zero.
  CHECK(scan_content_chars(R"({"delta": {"content": "Hello"}})") == 5);
  CHECK(scan_content_chars(R"({"content": null, "x":"content"})") == 0);
}

}  // namespace gw
