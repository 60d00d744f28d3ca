// cassette_scrubber.cc - see cassette_scrubber.h. Pure; thread-safe once built.
#include "core/cassette/cassette_scrubber.h"

#include <algorithm>

#include "core/crypto/secret_scrub.h"
#include "core/http/http_types.h"

namespace gw {
namespace {

constexpr size_t kMinSecretLength = 8;

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

}  // namespace

bool kept_request_header(std::string_view name) {
  for (std::string_view kept : {"content-type", "anthropic-version", "anthropic-beta", "openai-beta"})
    if (iequals(name, kept)) return true;
  return false;
}

bool kept_response_header(std::string_view name) {
  return iequals(name, "content-type") || iequals(name, "retry-after") || starts_with_ci(name, "x-ratelimit-") ||
         starts_with_ci(name, "anthropic-ratelimit-");
}

void CassetteScrubber::add_secret(std::string name, std::string value) {
  if (value.size() < kMinSecretLength) return;
  secrets_.emplace_back(std::move(name), std::move(value));
  // A key that contains another (a prefix) is replaced whole first.
  std::stable_sort(secrets_.begin(), secrets_.end(),
                   [](const auto& a, const auto& b) { return a.second.size() > b.second.size(); });
}

std::string CassetteScrubber::replace_secrets(std::string text) const {
  for (const auto& [name, value] : secrets_) {
    const std::string placeholder = "<redacted:" + name + ">";
    for (size_t at = 0; (at = text.find(value, at)) != std::string::npos; at += placeholder.size())
      text.replace(at, value.size(), placeholder);
  }
  return text;
}

Exchange CassetteScrubber::scrub(Exchange e) const {
  auto& headers = e.request_headers;
  headers.erase(
      std::remove_if(headers.begin(), headers.end(), [](const auto& h) { return !kept_request_header(h.first); }),
      headers.end());
  for (auto& [name, value] : headers) value = scrub_secrets(replace_secrets(value));
  e.path = scrub_secrets(replace_secrets(e.path));
  e.request_body = scrub_secrets(replace_secrets(e.request_body));
  auto& answer_headers = e.response_headers;
  answer_headers.erase(std::remove_if(answer_headers.begin(), answer_headers.end(),
                                      [](const auto& h) { return !kept_response_header(h.first); }),
                       answer_headers.end());
  for (auto& [name, value] : answer_headers) value = replace_secrets(value);
  e.body = replace_secrets(std::move(e.body));
  for (Frame& f : e.frames) f.data = replace_secrets(std::move(f.data));
  e.error_message = scrub_secrets(replace_secrets(e.error_message));
  return e;
}

}  // namespace gw
