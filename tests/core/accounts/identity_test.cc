// Registration identity: primary-contact priority and disposable e-mail
// domains.
#include "core/accounts/identity.h"

#include <doctest/doctest.h>

namespace gw {
namespace {

using nlohmann::json;

const json kEmail = {{"type", "email"}, {"address", "ada@example.com"}};
const json kGoogle = {{"type", "google_oauth"}, {"email", "ada@gmail.com"}};
const json kPhone = {{"type", "phone"}, {"number", "+15550100"}};
const json kGithub = {{"type", "github_oauth"}, {"username", "ada"}};

PrimaryContact primary(const json& accounts) {
  Result<PrimaryContact> r = choose_primary_contact(accounts);
  REQUIRE(r.ok());
  return r.value();
}

}  // namespace

TEST_CASE("identity: email beats google beats phone beats github, whatever the order") {
  PrimaryContact all = primary(json::array({kGithub, kPhone, kGoogle, kEmail}));
  CHECK(all.kind == ContactKind::kEmail);
  CHECK(all.value == "ada@example.com");
  CHECK(primary(json::array({kGithub, kPhone, kGoogle})).kind == ContactKind::kGoogle);
  CHECK(primary(json::array({kGoogle})).value == "ada@gmail.com");
  CHECK(primary(json::array({kGithub, kPhone})).kind == ContactKind::kPhone);
  CHECK(primary(json::array({kPhone})).value == "+15550100");
  PrimaryContact gh = primary(json::array({kGithub}));
  CHECK(gh.kind == ContactKind::kGithub);
  CHECK(gh.value == "ada");
}

TEST_CASE("identity: within one kind the first usable account wins") {
  json second = {{"type", "email"}, {"address", "second@example.com"}};
  CHECK(primary(json::array({kEmail, second})).value == "ada@example.com");
  json blank = {{"type", "email"}, {"address", "   "}};
  CHECK(primary(json::array({blank, second})).value == "second@example.com");
}

TEST_CASE("identity: unusable entries are skipped and values trimmed") {
  json accounts = json::array({
      42,
      "email",
      {{"type", "email"}},                  // no address
      {{"type", "email"}, {"address", 7}},  // not a string
      {{"type", "google_oauth"}, {"address", "wrong-field@x.com"}},
      {{"type", "facebook"}, {"email", "fb@x.com"}},
      {{"type", "phone"}, {"number", " +15550100 "}},
  });
  PrimaryContact c = primary(accounts);
  CHECK(c.kind == ContactKind::kPhone);
  CHECK(c.value == "+15550100");
}

TEST_CASE("identity: no usable account is an invalid request") {
  for (const json& accounts : {json::array(), json::object(), json(nullptr), json::array({{{"type", "fax"}}})}) {
    Result<PrimaryContact> r = choose_primary_contact(accounts);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::kInvalidRequest);
    CHECK(r.error().code == "no_primary_contact");
  }
}

TEST_CASE("identity: contact kind names") {
  CHECK(contact_kind_name(ContactKind::kEmail) == "email");
  CHECK(contact_kind_name(ContactKind::kGoogle) == "google");
  CHECK(contact_kind_name(ContactKind::kPhone) == "phone");
  CHECK(contact_kind_name(ContactKind::kGithub) == "github");
}

TEST_CASE("disposable email: well-known throwaway domains are caught") {
  for (const char* email : {"x@mailinator.com", "x@guerrillamail.com", "x@10minutemail.com", "x@temp-mail.org",
                            "x@yopmail.com", "x@trashmail.com", "x@sharklasers.com", "x@maildrop.cc"}) {
    CAPTURE(email);
    CHECK(is_disposable_email(email));
  }
}

TEST_CASE("disposable email: case, subdomains and a trailing dot do not hide them") {
  CHECK(is_disposable_email("Someone@MAILINATOR.COM"));
  CHECK(is_disposable_email("a@inbox.mailinator.com"));
  CHECK(is_disposable_email("a@x.y.yopmail.com"));
  CHECK(is_disposable_email("a@mailinator.com."));
  CHECK(is_disposable_email("\"odd@local\"@yopmail.com"));
}

TEST_CASE("disposable email: ordinary and look-alike domains pass") {
  for (const char* email : {"ada@example.com", "ada@gmail.com", "a@notmailinator.com", "a@mailinator.com.example.org",
                            "a@yopmail.company", "mailinator.com", "", "a@", "a@com"}) {
    CAPTURE(email);
    CHECK_FALSE(is_disposable_email(email));
  }
}

}  // namespace gw
