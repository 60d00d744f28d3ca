// Step 1: authenticate. Who is calling, and may they use this route?
//
//   - A gw key (Authorization: Bearer KEY or x-api-key: KEY) is looked up by
//     its HMAC hash: unknown -> 401 invalid_api_key, revoked -> 401
//     revoked_api_key; then the key's IP allowlist (403 ip_not_allowed), its
//     domain restriction on Origin/Referer (403 domain_not_allowed) and its
//     role's permission for the route (403 permission_denied).
//   - The master key (GW_MASTER_KEY / [server] master_key) is the owner.
//   - Anything else: a loopback caller is the local owner unless [auth]
//     require_key is set (SDKs insist on sending some key, so a non-gw key
//     from loopback is ignored); every other caller is anonymous (":free"
//     models only), and a non-gw key from elsewhere is refused.
#include "core/crypto/crypto.h"
#include "proxy/accounts/accounts.h"
#include "proxy/pipeline/credentials.h"
#include "proxy/pipeline/limits.h"
#include "proxy/pipeline/steps.h"

namespace gw {
namespace {

Permission route_permission(std::string_view route) {
  if (route == "/v1/embeddings") return Permission::kEmbeddings;
  if (route == "/v1/images/generations" || route == "/v1/audio/transcriptions") return Permission::kMedia;
  return Permission::kChat;
}

Error unauthorized(std::string message, std::string code) {
  return make_error(ErrorKind::kUnauthorized, std::move(message), std::move(code));
}

Error forbidden(std::string message, std::string code) {
  return make_error(ErrorKind::kForbidden, std::move(message), std::move(code));
}

}  // namespace

Status check_key_use(const KeyInfo& key, const InboundRequest& in, Permission needed) {
  if (key.revoked) return unauthorized("this API key has been revoked", "revoked_api_key");
  if (!key.ips.allows(in.remote_addr))
    return forbidden("this API key may not be used from " + in.remote_addr, "ip_not_allowed");
  if (!key.domains.allows_request(in.headers.get("origin"), in.headers.get("referer")))
    return forbidden("this API key may not be used from this site (Origin/Referer)", "domain_not_allowed");
  if (!has_permission(key.role, needed))
    return forbidden("this API key's role (" + std::string(role_name(key.role)) + ") may not do this (" +
                         std::string(permission_name(needed)) + " needs the " +
                         std::string(role_name(minimum_role(needed))) + " role)",
                     "permission_denied");
  return ok_status();
}

namespace {

Status identify(const Services& s, const InboundRequest& in, RequestContext& ctx) {
  std::string_view key = presented_key(in);
  if (!key.empty() && !s.master_key.empty() && constant_time_equal(key, s.master_key)) {
    ctx.caller = Caller::kOwner;
    ctx.role = Role::kAdmin;
    return ok_status();
  }
  if (key.substr(0, 3) == "gw_") {
    std::shared_ptr<const KeyInfo> info = s.accounts ? s.accounts->find_key(key) : nullptr;
    if (!info) return unauthorized("invalid API key", "invalid_api_key");
    ctx.key_id = info->key_id;
    if (auto st = check_key_use(*info, in, route_permission(ctx.route)); !st) return st;
    ctx.caller = Caller::kKey;
    ctx.user_id = info->user_id;
    ctx.role = info->role;
    return ok_status();
  }
  if (!s.require_key && is_loopback(in.remote_addr)) {
    ctx.caller = Caller::kOwner;
    ctx.role = Role::kAdmin;
    return ok_status();
  }
  if (!key.empty()) return unauthorized("invalid API key (gw keys start with gw_live_ or gw_test_)", "invalid_api_key");
  ctx.caller = Caller::kAnonymous;
  ctx.role = Role::kFree;
  if (!has_permission(Role::kFree, route_permission(ctx.route)))
    return unauthorized("an API key is required for " + ctx.route, "missing_api_key");
  return ok_status();
}

}  // namespace

Status authenticate(const Services& s, const InboundRequest& in, RequestContext& ctx) {
  Status st = identify(s, in, ctx);
  if (!st) return refuse_caller(s, in, ctx, st.error());
  return st;
}

}  // namespace gw
