// body_content_type.cc - content_type_fits. Contracts in body_content_type.h.
#include "core/http/body_content_type.h"

#include "core/http/http_types.h"

namespace gw {
namespace {

// "type/subtype" of a Content-Type value: before any ';', without blanks.
std::string_view media_type(std::string_view value) {
  value = value.substr(0, value.find(';'));
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  return value;
}

bool iends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && iequals(s.substr(s.size() - suffix.size()), suffix);
}

bool istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

}  // namespace

bool content_type_fits(BodyType type, std::string_view content_type) {
  std::string_view media = media_type(content_type);
  if (type == BodyType::kMultipart) return iequals(media, "multipart/form-data");
  if (iequals(media, "application/json")) return true;
  // application/<vendor>+json (RFC 6839 structured syntax suffix)
  return istarts_with(media, "application/") && media.size() > 17 && iends_with(media, "+json") &&
         media.find('/', 12) == std::string_view::npos;
}

std::string_view expected_content_type(BodyType type) {
  return type == BodyType::kMultipart ? "multipart/form-data" : "application/json";
}

}  // namespace gw
