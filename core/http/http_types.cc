#include "core/http/http_types.h"

namespace gw {

bool iequals_same_size(std::string_view a, std::string_view b) {
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

void Headers::set(std::string_view name, std::string value) {
  for (auto& [k, v] : items_) {
    if (iequals(k, name)) {
      v = std::move(value);
      return;
    }
  }
  add(std::string(name), std::move(value));
}

std::string_view Headers::get(std::string_view name) const {
  for (const auto& [k, v] : items_)
    if (iequals(k, name)) return v;
  return {};
}

bool Headers::has(std::string_view name) const {
  for (const auto& [k, v] : items_)
    if (iequals(k, name)) return true;
  return false;
}

Result<std::string> read_all(ResponseStream& stream, size_t max_bytes) {
  std::string body, chunk;
  while (stream.next(chunk)) {
    if (chunk.size() > max_bytes - body.size())
      return make_error(ErrorKind::kUpstreamError, "the answer is larger than " + std::to_string(max_bytes) + " bytes",
                        "body_too_large");
    body += chunk;
  }
  if (!stream.error().ok()) return stream.error().error();
  return body;
}

bool send_accepted(HttpClient& client, const HttpRequest& request) {
  auto opened = client.open(request);
  if (!opened) return false;
  int status = (*opened)->status();
  return read_all(**opened).ok() && status >= 200 && status < 300;
}

}  // namespace gw
