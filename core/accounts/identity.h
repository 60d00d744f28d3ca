// identity.h - reading a signed identity assertion at self-registration:
// which linked account becomes the user's primary contact, and whether an
// e-mail address is at a disposable (throwaway) provider. The assertion's
// signature is checked elsewhere (jwt_hs256); this file only interprets its
// claims. Pure functions over compiled-in tables; thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/base/result.h"

namespace gw {

enum class ContactKind { kEmail, kGoogle, kPhone, kGithub };

// "email", "google", "phone", "github".
std::string_view contact_kind_name(ContactKind kind);

struct PrimaryContact {
  ContactKind kind;
  std::string value;  // the address, Google e-mail, phone number or GitHub username, trimmed
};

// From `linked_accounts` (a JSON array of objects), the contact with the
// highest priority: email {"type":"email","address"} > Google
// {"type":"google_oauth","email"} > phone {"type":"phone","number"} > GitHub
// {"type":"github_oauth","username"}. Within one kind the first account
// wins. Entries that are not objects, have another type, or lack a
// non-blank string value are skipped. kInvalidRequest (code
// "no_primary_contact") when nothing usable remains or the input is not an
// array.
Result<PrimaryContact> choose_primary_contact(const nlohmann::json& linked_accounts);

// True when the domain after the last '@' (or any parent domain of it) is a
// known disposable-mail provider: mailinator.com, guerrillamail.com,
// 10minutemail.com, yopmail.com, ... Case-insensitive; a trailing dot is
// ignored. False for text without '@'.
bool is_disposable_email(std::string_view email);

}  // namespace gw
