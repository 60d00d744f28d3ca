// dashboard_query.cc - contracts in dashboard_query.h.
#include "core/dashboard/dashboard_query.h"

#include <charconv>
#include <utility>

#include "core/http/query_string.h"

namespace gw {
namespace {

Error bad(std::string message, std::string param) {
  return make_error(ErrorKind::kInvalidRequest, std::move(message), "invalid_request_error", std::move(param));
}

std::optional<int64_t> whole(std::string_view text) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < 0) return std::nullopt;
  return v;
}

}  // namespace

Result<RequestFilter> parse_request_filter(std::string_view query) {
  RequestFilter f;
  f.model = query_param(query, "model").value_or("");
  f.provider = query_param(query, "provider").value_or("");
  f.user = query_param(query, "user").value_or("");
  f.key_id = query_param(query, "key").value_or("");
  f.status = query_param(query, "status").value_or("");
  if (!f.status.empty() && f.status != "ok" && f.status != "error") {
    auto code = whole(f.status);
    if (!code) return bad("'status' must be ok, error or an HTTP status code", "status");
    f.status_code = *code;
  }
  for (auto [name, target] : {std::pair{"since", &f.since_ms}, {"until", &f.until_ms}, {"before", &f.before_id}}) {
    auto text = query_param(query, name);
    if (!text || text->empty()) continue;
    auto v = whole(*text);
    if (!v) return bad(std::string("'") + name + "' must be a whole number", name);
    *target = *v;
  }
  if (auto limit = query_param(query, "limit"); limit && !limit->empty()) {
    auto v = whole(*limit);
    if (!v || *v < 1 || *v > 200) return bad("'limit' must be 1..200", "limit");
    f.limit = static_cast<int>(*v);
  }
  return f;
}

Result<OverviewQuery> parse_overview_query(std::string_view query, int64_t now_ms) {
  OverviewQuery q;
  q.now_ms = now_ms;
  auto w = parse_dashboard_window(query_param(query, "window").value_or("24h"));
  if (!w) return bad("'window' must be 1h, 24h, 7d or 30d", "window");
  q.window = *w;
  if (auto by = query_param(query, "by"); by && !by->empty()) {
    q.by = parse_rollup_dim(*by);
    if (!q.by) return bad("'by' must be model, provider, user, key or route", "by");
  }
  return q;
}

}  // namespace gw
