#include "core/http/sse.h"

namespace gw {

void SseSplitter::feed(std::string_view bytes, std::vector<std::string>& events) {
  if (too_large_) return;
  pending_.append(bytes.data(), bytes.size());
  size_t start = 0;  // the current event's first byte
  size_t i = scanned_, line_start = line_start_;
  bool has_line = has_line_;  // the event has a line that is not blank
  while (i < pending_.size()) {
    char c = pending_[i];
    if (c != '\r' && c != '\n') {
      ++i;
      continue;
    }
    size_t end = i + 1;  // past this line end
    if (c == '\r') {
      if (end == pending_.size()) break;  // CR or CRLF: the next byte tells
      if (pending_[end] == '\n') ++end;
    }
    if (i > line_start) {
      has_line = true;
    } else if (has_line) {  // a blank line ends the event
      events.emplace_back(pending_, start, end - start);
      start = end;
      has_line = false;
    }
    line_start = end;
    i = end;
  }
  pending_.erase(0, start);
  scanned_ = i - start;
  line_start_ = line_start - start;
  has_line_ = has_line;
  if (pending_.size() > max_event_bytes_) {
    too_large_ = true;
    pending_.clear();
    scanned_ = line_start_ = 0;
    has_line_ = false;
  }
}

void SseSplitter::finish(std::vector<std::string>& events) {
  // feed() stopped at a final CR; it ends the event when it is a blank line.
  if (pending_.empty() || !has_line_) return;
  const size_t last = pending_.size() - 1;
  if (pending_[last] != '\r' || scanned_ != last || line_start_ != last) return;
  events.push_back(std::move(pending_));
  pending_.clear();
  scanned_ = line_start_ = 0;
  has_line_ = false;
}

namespace {

// Calls fn(field, value) for each line of an event block.
template <class Fn>
void for_each_field(std::string_view block, Fn fn) {
  size_t pos = 0;
  while (pos < block.size()) {
    size_t end = block.find_first_of("\r\n", pos);
    if (end == std::string_view::npos) end = block.size();
    std::string_view line = block.substr(pos, end - pos);
    if (!line.empty() && line[0] != ':') {
      size_t colon = line.find(':');
      std::string_view field = line.substr(0, colon);
      std::string_view value = colon == std::string_view::npos ? std::string_view() : line.substr(colon + 1);
      if (!value.empty() && value[0] == ' ') value.remove_prefix(1);
      fn(field, value);
    }
    pos = end + 1;
    if (end < block.size() && block[end] == '\r' && pos < block.size() && block[pos] == '\n') ++pos;
  }
}

}  // namespace

std::string sse_data(std::string_view block) {
  std::string data;
  bool first = true;
  for_each_field(block, [&](std::string_view field, std::string_view value) {
    if (field != "data") return;
    if (!first) data += '\n';
    data.append(value);
    first = false;
  });
  return data;
}

std::string sse_event_name(std::string_view block) {
  std::string name;
  for_each_field(block, [&](std::string_view field, std::string_view value) {
    if (field == "event") name = std::string(value);
  });
  return name;
}

size_t scan_content_chars(std::string_view s) {
  static constexpr std::string_view kKey = "\"content\"";
  size_t total = 0, pos = 0;
  while ((pos = s.find(kKey, pos)) != std::string_view::npos) {
    pos += kKey.size();
    auto skip_space = [&] {
      while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\t' || s[pos] == '\n' || s[pos] == '\r')) ++pos;
    };
    skip_space();
    if (pos >= s.size() || s[pos] != ':') continue;
    ++pos;
    skip_space();
    if (pos >= s.size() || s[pos] != '"') continue;  // not a string value
    ++pos;
    while (pos < s.size() && s[pos] != '"') {
      if (s[pos] == '\\') ++pos;  // skip the escaped character
      ++pos;
      ++total;
    }
  }
  return total;
}

}  // namespace gw
