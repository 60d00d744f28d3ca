// The user name a self-registered user gets from their primary contact.
#include "core/accounts/registration_name.h"

#include <doctest/doctest.h>

namespace gw {

TEST_CASE("registration name: the local part of an e-mail or Google address") {
  CHECK(registration_name({ContactKind::kEmail, "ada.lovelace@example.com"}) == "ada.lovelace");
  CHECK(registration_name({ContactKind::kGoogle, "grace+gw@gmail.com"}) == "grace-gw");
}

TEST_CASE("registration name: the last four digits of a phone number; a GitHub username as is") {
  CHECK(registration_name({ContactKind::kPhone, "+1 (555) 123-4567"}) == "phone-4567");
  CHECK(registration_name({ContactKind::kGithub, "octo_cat"}) == "octo_cat");
}

TEST_CASE("registration name: never empty, never too long, only allowed characters") {
  CHECK(registration_name({ContactKind::kEmail, "@example.com"}) == "user");
  CHECK(registration_name({ContactKind::kPhone, "no digits"}) == "user");
  CHECK(registration_name({ContactKind::kGithub, "--x"}) == "x");
  CHECK(registration_name({ContactKind::kGithub, std::string(100, 'a')}).size() == 48);
  CHECK(registration_name({ContactKind::kEmail, "jörg@example.de"}) == "j--rg");
}

TEST_CASE("registration name: taken names are numbered from 2") {
  CHECK(numbered_name("ada", 1) == "ada");
  CHECK(numbered_name("ada", 2) == "ada-2");
}

}  // namespace gw
