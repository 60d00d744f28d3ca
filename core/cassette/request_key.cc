// request_key.cc - see request_key.h. Pure; thread-safe.
#include "core/cassette/request_key.h"

#include <nlohmann/json.hpp>

#include "core/cache/cache_key.h"
#include "core/crypto/crypto.h"
#include "core/json/json_parse.h"

namespace gw {
namespace {

constexpr std::string_view kFixedBoundary = "gw-cassette-boundary";

// The body with its multipart boundary (from Content-Type) replaced.
std::string fixed_boundary(const HttpRequest& request) {
  std::string_view type = request.headers.get("content-type");
  size_t at = type.find("boundary=");
  if (at == std::string_view::npos) return request.body;
  std::string boundary(type.substr(at + 9));
  if (size_t end = boundary.find(';'); end != std::string::npos) boundary.resize(end);
  if (boundary.size() >= 2 && boundary.front() == '"') boundary = boundary.substr(1, boundary.size() - 2);
  if (boundary.empty()) return request.body;
  std::string out = request.body;
  for (size_t pos = 0; (pos = out.find(boundary, pos)) != std::string::npos; pos += kFixedBoundary.size())
    out.replace(pos, boundary.size(), kFixedBoundary);
  return out;
}

}  // namespace

Status check_ignored_member(std::string_view name) {
  auto bad = [&](const std::string& why) {
    return make_error(ErrorKind::kConfig, "ignored member '" + std::string(name) + "' " + why +
                                              " (a member name, dots reaching inside: \"metadata.session_id\")");
  };
  if (name.empty()) return bad("is empty");
  if (name.front() == '.' || name.back() == '.' || name.find("..") != std::string_view::npos)
    return bad("has an empty part");
  for (char c : name)
    if (static_cast<unsigned char>(c) <= ' ' || c == '"' || c == '[' || c == ']' || c == '\\' || c == 0x7f)
      return bad("has a blank, quote or bracket");
  return ok_status();
}

std::string url_path(std::string_view url) {
  size_t scheme = url.find("://");
  size_t start = scheme == std::string_view::npos ? 0 : url.find('/', scheme + 3);
  if (start == std::string_view::npos) return "/";
  std::string_view path = url.substr(start);
  return std::string(path.substr(0, path.find_first_of("?#")));
}

RequestKey request_key(std::string_view provider, const HttpRequest& request, const std::vector<std::string>& ignored) {
  RequestKey k;
  k.provider = provider;
  k.method = request.method;
  k.path = url_path(request.url);
  std::vector<std::string_view> names(ignored.begin(), ignored.end());
  if (auto canonical = canonical_json_body(request.body, names)) {
    k.canonical_body = *canonical;
    nlohmann::json body = parse_json(request.body);
    if (auto m = body.find("model"); m != body.end() && m->is_string()) k.model = m->get<std::string>();
  } else {
    k.canonical_body = fixed_boundary(request);
  }
  k.hash = sha256_hex("gw-cassette-key v1\nprovider " + k.provider + "\nmethod " + k.method + "\npath " + k.path +
                      "\nbody " + k.canonical_body);
  return k;
}

}  // namespace gw
