// /admin/cache - the response cache of this server (core/cache/), for
// callers check_admin lets in; `gw cache` reads it.
//
//   GET  /admin/cache        its settings and counters since start:
//        {"enabled", "mode", "charge_hits", "max_entries", "max_mib", "ttl_s",
//         "entries", "bytes", "hits", "misses", "hit_ratio", "stores",
//         "evictions", "expirations", "failures", "last_failure", "semantic_entries", "saved_usd"}
//        (saved_usd: what the answers served as hits had cost - the
//        provider spend the cache avoided; exact decimal USD)
//   POST /admin/cache/clear  body {"model"?: name, "user"?: name or id}:
//        removes those answers (both given: the user's answers of that
//        model; neither: all) and says {"removed": n, "model", "user"}.
//        The model may be an alias (the canonical ID is what is stored); the
//        user is a user's name or id, a key id, "owner" (the local owner)
//        or "anonymous", as the cache records whose an answer is.
//
// Thread-safety: as the ResponseCache and Accounts.
#include <nlohmann/json.hpp>

#include "core/json/json_parse.h"
#include "proxy/accounts/accounts.h"
#include "proxy/accounts/admin_api.h"
#include "proxy/routes/routes.h"

namespace gw {
namespace {

using nlohmann::json;

Reply fail(const Error& e) { return json_reply(e.http_status(), openai_error_body(e)); }

// The tenant the cache stores for `user` (cache_step.cc's cache_tenant).
Result<std::string> cache_tenant_named(const Services& s, const std::string& user) {
  if (user == "owner" || user == "anonymous" || user.rfind("key_", 0) == 0) return user;
  if (!s.accounts) return make_error(ErrorKind::kNotFound, "no user " + user + ": this server has no accounts");
  auto found = s.accounts->find_user(user);
  if (!found) return found.error();
  return found->id;
}

}  // namespace

Reply handle_admin_cache(const Services& s, const InboundRequest& in) {
  if (auto denied = check_admin(s, in)) return *denied;
  const CacheSettings& settings = s.config->cache;
  const CacheStats st = s.cache ? s.cache->stats() : CacheStats{};
  const json out = {{"enabled", s.cache != nullptr},
                    {"mode", s.cache ? settings.mode : std::string("off")},
                    {"charge_hits", std::string(hit_charge_name(s.cache_charge))},
                    {"max_entries", settings.max_entries},
                    {"max_mib", settings.max_mib},
                    {"ttl_s", settings.ttl_s},
                    {"entries", st.entries},
                    {"bytes", st.bytes},
                    {"hits", st.hits},
                    {"misses", st.misses},
                    {"hit_ratio", hit_ratio(st)},
                    {"stores", st.stores},
                    {"evictions", st.evictions},
                    {"expirations", st.expirations},
                    {"failures", st.failures},
                    {"last_failure", st.last_failure},
                    {"semantic_entries", s.semantic ? s.semantic->size() : 0},
                    {"saved_usd", st.saved.to_string()}};
  return json_reply(200, out.dump());
}

Reply handle_admin_cache_clear(const Services& s, const InboundRequest& in) {
  if (auto denied = check_admin(s, in)) return *denied;
  json body = in.body.empty() ? json::object() : parse_json(in.body);
  if (!body.is_object()) return fail(make_error(ErrorKind::kInvalidRequest, "request body must be a JSON object"));
  auto model = admin_body_string(body, "model");
  if (!model) return fail(model.error());
  auto user = admin_body_string(body, "user");
  if (!user) return fail(user.error());
  std::string model_id = *model, tenant;
  if (!model_id.empty())
    if (std::string canonical = s.resolver->canonical_id(model_id); !canonical.empty()) model_id = canonical;
  if (!user->empty()) {
    auto named = cache_tenant_named(s, *user);
    if (!named) return fail(named.error());
    tenant = *named;
  }
  const std::vector<std::string> removed = s.cache ? s.cache->clear(model_id, tenant) : std::vector<std::string>();
  if (s.semantic) s.semantic->forget(removed);  // the questions that pointed at them
  return json_reply(200, json{{"removed", removed.size()}, {"model", model_id}, {"user", tenant}}.dump());
}

}  // namespace gw
