#include "core/http/sse.h"

namespace gw {

void SseSplitter::feed(std::string_view bytes, std::vector<std::string>& events) {
  pending_.append(bytes.data(), bytes.size());
  size_t start = 0;
  for (;;) {
    size_t best = std::string::npos, term_len = 0;
    for (auto [term, len] : {std::pair{"\n\n", 2}, std::pair{"\r\n\r\n", 4}, std::pair{"\r\r", 2}}) {
      size_t at = pending_.find(term, start);
      if (at != std::string::npos && at < best) {
        best = at;
        term_len = static_cast<size_t>(len);
      }
    }
    if (best == std::string::npos) break;
    events.emplace_back(pending_, start, best + term_len - start);
    start = best + term_len;
  }
  pending_.erase(0, start);
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
