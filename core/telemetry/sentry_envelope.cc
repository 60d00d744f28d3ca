// sentry_envelope.cc - Sentry DSN parsing and error envelopes (see
// sentry_envelope.h).
#include "core/telemetry/sentry_envelope.h"

#include <nlohmann/json.hpp>

#include "core/crypto/secret_scrub.h"

namespace gw {
namespace {

Error dsn_error(const std::string& why) {
  return make_error(ErrorKind::kConfig,
                    "telemetry.sentry_dsn: " + why + " (expected https://PUBLIC_KEY@host/PROJECT_ID)");
}

}  // namespace

Result<SentryDsn> parse_sentry_dsn(std::string_view dsn) {
  size_t scheme_end = dsn.find("://");
  if (scheme_end == std::string_view::npos) return dsn_error("no scheme");
  std::string_view scheme = dsn.substr(0, scheme_end);
  if (scheme != "http" && scheme != "https") return dsn_error("scheme must be http or https");
  std::string_view rest = dsn.substr(scheme_end + 3);
  size_t at = rest.find('@');
  size_t first_slash = rest.find('/');
  if (at == std::string_view::npos || (first_slash != std::string_view::npos && at > first_slash))
    return dsn_error("no public key");
  std::string_view key = rest.substr(0, at);
  key = key.substr(0, key.find(':'));  // a legacy ":secret" part is not sent
  if (key.empty()) return dsn_error("empty public key");
  std::string_view host_path = rest.substr(at + 1);
  size_t last_slash = host_path.rfind('/');
  if (last_slash == std::string_view::npos || last_slash == 0) return dsn_error("no project id");
  std::string_view project = host_path.substr(last_slash + 1);
  if (project.empty() || project.find_first_not_of("0123456789") != std::string_view::npos)
    return dsn_error("project id must be a number");
  SentryDsn d;
  d.public_key = std::string(key);
  d.project_id = std::string(project);
  d.envelope_url = std::string(scheme) + "://" + std::string(host_path.substr(0, last_slash)) + "/api/" + d.project_id +
                   "/envelope/";
  return d;
}

std::string sentry_auth_header(const SentryDsn& dsn) {
  return "Sentry sentry_version=7, sentry_client=gw/" GW_VERSION ", sentry_key=" + dsn.public_key;
}

std::string sentry_envelope(const ErrorReport& r) {
  using nlohmann::json;
  json tags = json::object();
  for (const auto& [k, v] : r.tags) tags[k] = scrub_secrets(v);
  std::string message = scrub_secrets(r.message);
  json event = {{"event_id", r.event_id},
                {"timestamp", static_cast<double>(r.unix_ms) / 1000.0},
                {"platform", "native"},
                {"level", "error"},
                {"logger", "gw"},
                {"release", "gw@" GW_VERSION},
                {"message", {{"formatted", message}}},
                {"exception", {{"values", json::array({{{"type", r.type}, {"value", message}}})}}},
                {"tags", std::move(tags)}};
  std::string payload = event.dump(-1, ' ', false, json::error_handler_t::replace);
  json header = {{"event_id", r.event_id}};
  json item = {{"type", "event"}, {"length", payload.size()}, {"content_type", "application/json"}};
  return header.dump() + "\n" + item.dump() + "\n" + payload + "\n";
}

}  // namespace gw
