// /auth/* - self-registration and login for team servers, with an identity
// provider's signed assertion (an HS256 JWT under [auth] identity_secret).
//
//   POST /auth/register {assertion, referral_code?, partner_code?}
//        -> 201 {user, key: {..., secret}}   provisioned like `gw users create`
//   POST /auth/login    {assertion}
//        -> 200 {user, key: {..., secret}}   a new key named "login <time>"
//
// The assertion's claims: sub (the user's id at the identity provider), exp,
// and linked_accounts (core/accounts/identity.h), which pick the primary contact
// (email > google > phone > github). Registration refuses disposable e-mail
// addresses (400) and a subject that already has a user (409); a partner
// code ([partners.<CODE>]) sets the trial's length; a referral code is
// stored on the user. Login for an unknown subject is 404.
//
// Doors (core/limits/limit_layers.h): 10 logins per 15 minutes and 3 registrations
// per hour per address, counted before anything else (429 with
// Retry-After), on the connection's fiber: only an admitted caller takes a
// lane thread (pipeline/on_lane.h) for the database work. A forged or expired
// assertion is a security violation and is audited. Thread-safe.
#include <nlohmann/json.hpp>

#include "core/accounts/identity.h"
#include "core/accounts/registration_name.h"
#include "core/base/calendar.h"
#include "core/crypto/jwt_hs256.h"
#include "core/json/json_parse.h"
#include "core/limits/rate_limiter.h"
#include "proxy/accounts/accounts.h"
#include "proxy/pipeline/limits.h"
#include "proxy/pipeline/on_lane.h"
#include "proxy/pipeline/security_audit.h"
#include "proxy/routes/routes.h"

namespace gw {
namespace {

using nlohmann::json;

constexpr int kNameAttempts = 50;  // "ada", "ada-2", ... before giving up

Error bad(std::string message, std::string code, std::string param = "") {
  return make_error(ErrorKind::kInvalidRequest, std::move(message), std::move(code), std::move(param));
}

// What one /auth call has learned so far; every reply carries the door's headers.
struct AuthCall {
  const Services& s;
  const InboundRequest& in;
  LimitDecision door;
  json body;

  Reply fail(const Error& e) const {
    Reply r = json_reply(e.http_status(), openai_error_body(e));
    add_rate_limit_headers(door, r.headers);
    if (e.retry_after_s > 0) r.headers.add("Retry-After", std::to_string(e.retry_after_s));
    return r;
  }
  Reply answer(int status, const json& j) const {
    Reply r = json_reply(status, j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    add_rate_limit_headers(door, r.headers);
    return r;
  }
};

// The door, the services registration needs, and a JSON object body.
Status open_door(AuthCall& call, const DoorLimit& door) {
  const Services& s = call.s;
  if (s.limiter) {
    call.door = s.limiter->admit_door(door, call.in.remote_addr);
    if (auto st = enforce(s, call.in, call.door); !st) return st;
  }
  if (s.config->auth.identity_secret.empty())
    return make_error(ErrorKind::kUnavailable,
                      "self-registration is not configured on this server (set [auth] identity_secret)",
                      "registration_disabled");
  if (!s.accounts)
    return make_error(ErrorKind::kUnavailable, "accounts need a database; this server runs without one", "no_database");
  call.body = parse_json(call.in.body);
  if (call.body.is_discarded() || !call.body.is_object())
    return bad("request body must be a JSON object", "invalid_json");
  return ok_status();
}

// An optional string field of the body ("" when absent).
Result<std::string> text_field(const json& body, const char* name) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return std::string();
  if (!it->is_string()) return bad(std::string("'") + name + "' must be a string", "invalid_request_error", name);
  return it->get<std::string>();
}

// The assertion's verified claims, with a non-empty string "sub". A forged,
// expired or malformed assertion is audited.
Result<json> verified_claims(const AuthCall& call) {
  auto token = text_field(call.body, "assertion");
  if (!token) return token.error();
  if (token->empty())
    return bad("'assertion' (a signed identity token) is required", "invalid_request_error", "assertion");
  auto claims = verify_hs256(*token, call.s.config->auth.identity_secret, call.s.clock->now_unix_ms() / 1000);
  if (claims) {
    auto sub = claims->find("sub");
    if (sub != claims->end() && sub->is_string() && !sub->get_ref<const std::string&>().empty()) return claims;
  }
  std::string why = claims ? "the identity assertion has no subject (sub)" : claims.error().message;
  audit_violation(call.s, call.in, "invalid_assertion", why);
  return make_error(ErrorKind::kUnauthorized, "identity assertion refused: " + why, "invalid_assertion", "assertion");
}

json key_with_secret(const CreatedKey& k) {
  json j = key_json(k.record);
  j["secret"] = k.plaintext;
  return j;
}

// Everything about the new user except a free name.
Result<NewUser> new_user(const AuthCall& call, const json& claims) {
  auto contact = choose_primary_contact(claims.value("linked_accounts", json()));
  if (!contact) return contact.error();
  const bool is_mail = contact->kind == ContactKind::kEmail || contact->kind == ContactKind::kGoogle;
  if (is_mail && is_disposable_email(contact->value))
    return bad("disposable e-mail addresses cannot register (" + contact->value + ")", "disposable_email");
  NewUser nu;
  nu.name = registration_name(*contact);
  if (is_mail) nu.email = contact->value;
  nu.auth_subject = claims["sub"].get<std::string>();
  nu.plan = PlanId::kTrial;
  nu.key_role = plan(nu.plan).default_role;
  auto referral = text_field(call.body, "referral_code");
  if (!referral) return referral.error();
  nu.referred_by_code = *referral;
  auto partner = text_field(call.body, "partner_code");
  if (!partner) return partner.error();
  if (!partner->empty()) {
    const PartnerSettings* p = find_partner(*call.s.config, *partner);
    if (!p) return bad("unknown partner code '" + *partner + "'", "unknown_partner_code", "partner_code");
    nu.partner_code = *partner;
    nu.trial_days = p->trial_days;
  }
  return nu;
}

Result<CreatedUser> create_with_free_name(Accounts& accounts, NewUser nu) {
  const std::string base = nu.name;
  for (int n = 1;; ++n) {
    nu.name = numbered_name(base, n);
    auto created = accounts.create_user(nu);
    if (created || created.error().code != "user_exists" || n == kNameAttempts) return created;
  }
}

// The database half of /auth/register, on a lane.
Reply register_user(const AuthCall& call) {
  const Services& s = call.s;
  auto claims = verified_claims(call);
  if (!claims) return call.fail(claims.error());
  auto nu = new_user(call, *claims);
  if (!nu) return call.fail(nu.error());
  auto existing = s.accounts->store().find_user_by_subject(nu->auth_subject);
  if (!existing) return call.fail(existing.error());
  if (*existing)
    return call.fail(
        make_error(ErrorKind::kConflict, "this identity is already registered; use /auth/login", "already_registered"));
  auto created = create_with_free_name(*s.accounts, std::move(nu).value());
  if (!created) return call.fail(created.error());
  return call.answer(201, {{"user", user_json(created->user)}, {"key", key_with_secret(created->key)}});
}

// The database half of /auth/login, on a lane.
Reply log_in(const AuthCall& call) {
  const Services& s = call.s;
  auto claims = verified_claims(call);
  if (!claims) return call.fail(claims.error());
  auto user = s.accounts->store().find_user_by_subject((*claims)["sub"].get<std::string>());
  if (!user) return call.fail(user.error());
  if (!*user)
    return call.fail(make_error(ErrorKind::kNotFound, "no user is registered for this identity; use /auth/register",
                                "user_not_found"));
  KeyOptions options;
  options.name = "login " + utc_timestamp(s.clock->now_unix_ms());
  auto key = s.accounts->create_key((*user)->id, options);
  if (!key) return call.fail(key.error());
  auto live = s.accounts->find_user((*user)->id);
  return call.answer(200, {{"user", user_json(live ? *live : **user)}, {"key", key_with_secret(*key)}});
}

// The door on the fiber (in-memory counters), then `work` on a lane.
Reply through_door(const Services& s, const InboundRequest& in, const DoorLimit& door, Reply (*work)(const AuthCall&)) {
  AuthCall call{s, in, {}, {}};
  if (auto st = open_door(call, door); !st) return call.fail(st.error());
  Reply reply;
  if (auto st = run_on_lane(s, [&] { reply = work(call); }); !st) return call.fail(st.error());
  return reply;
}

}  // namespace

Reply handle_auth_register(const Services& s, const InboundRequest& in) {
  return through_door(s, in, kRegisterDoor, register_user);
}

Reply handle_auth_login(const Services& s, const InboundRequest& in) { return through_door(s, in, kLoginDoor, log_in); }

}  // namespace gw
