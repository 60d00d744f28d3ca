// registration_name.h - the user name a self-registered user gets: derived
// from their primary contact (core/accounts/identity.h), in the character set user
// names allow (letters, digits, '.', '_', '@', '-'), and numbered when taken.
// Pure; thread-safe.
#pragma once

#include <string>

#include "core/accounts/identity.h"

namespace gw {

// "ada" for ada@example.com (e-mail or Google), "phone-4567" for
// +1 555 123 4567, the username for GitHub. Other characters become '-';
// at most 48 characters; "user" when nothing usable remains.
std::string registration_name(const PrimaryContact& contact);

// The n-th candidate for a taken name: n = 1 is `base` itself, then
// "base-2", "base-3", ...
std::string numbered_name(const std::string& base, int n);

}  // namespace gw
