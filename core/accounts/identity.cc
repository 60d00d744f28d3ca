#include "core/accounts/identity.h"

#include <algorithm>
#include <iterator>

#include "core/base/ascii_text.h"

namespace gw {
namespace {

struct ContactSource {
  ContactKind kind;
  std::string_view name;   // contact_kind_name
  std::string_view type;   // the linked account's "type"
  std::string_view field;  // where its contact value lives
};

// In priority order, highest first.
constexpr ContactSource kContactSources[] = {
    {ContactKind::kEmail, "email", "email", "address"},
    {ContactKind::kGoogle, "google", "google_oauth", "email"},
    {ContactKind::kPhone, "phone", "phone", "number"},
    {ContactKind::kGithub, "github", "github_oauth", "username"},
};

// Well-known disposable / temporary mail domains (lowercase, sorted).
constexpr std::string_view kDisposableDomains[] = {
    "10minutemail.com", "10minutemail.net",   "20minutemail.com",  "33mail.com",        "anonbox.net",
    "burnermail.io",    "discard.email",      "dispostable.com",   "dropmail.me",       "emailondeck.com",
    "fakeinbox.com",    "getairmail.com",     "getnada.com",       "guerrillamail.biz", "guerrillamail.com",
    "guerrillamail.de", "guerrillamail.info", "guerrillamail.net", "guerrillamail.org", "guerrillamailblock.com",
    "harakirimail.com", "incognitomail.com",  "jetable.org",       "mailcatch.com",     "maildrop.cc",
    "mailinator.com",   "mailinator.net",     "mailnesia.com",     "mintemail.com",     "mohmal.com",
    "mytemp.email",     "nada.email",         "sharklasers.com",   "spam4.me",          "spamgourmet.com",
    "temp-mail.io",     "temp-mail.org",      "tempail.com",       "tempinbox.com",     "tempmail.net",
    "tempmailo.com",    "tempr.email",        "throwawaymail.com", "trashmail.com",     "trashmail.de",
    "trashmail.net",    "yopmail.com",        "yopmail.fr",        "yopmail.net",
};

static_assert(std::is_sorted(std::begin(kDisposableDomains), std::end(kDisposableDomains)),
              "kDisposableDomains must stay sorted for binary_search");

bool is_disposable_domain(std::string_view domain) {
  return std::binary_search(std::begin(kDisposableDomains), std::end(kDisposableDomains), domain);
}

}  // namespace

std::string_view contact_kind_name(ContactKind kind) {
  for (const ContactSource& s : kContactSources)
    if (s.kind == kind) return s.name;
  return "unknown";
}

Result<PrimaryContact> choose_primary_contact(const nlohmann::json& linked_accounts) {
  if (linked_accounts.is_array()) {
    for (const ContactSource& source : kContactSources) {
      for (const nlohmann::json& account : linked_accounts) {
        if (!account.is_object()) continue;
        auto type = account.find("type");
        auto value = account.find(source.field);
        if (type == account.end() || *type != source.type) continue;
        if (value == account.end() || !value->is_string()) continue;
        std::string_view text = trim_blanks(value->get_ref<const std::string&>());
        if (!text.empty()) return PrimaryContact{source.kind, std::string(text)};
      }
    }
  }
  return make_error(ErrorKind::kInvalidRequest,
                    "the identity assertion has no linked email, Google, phone or GitHub account", "no_primary_contact",
                    "linked_accounts");
}

bool is_disposable_email(std::string_view email) {
  size_t at = email.rfind('@');
  if (at == std::string_view::npos) return false;
  std::string domain = ascii_lower(trim_blanks(email.substr(at + 1)));
  if (!domain.empty() && domain.back() == '.') domain.pop_back();
  // The domain itself, then each parent: a.b.mailinator.com, b.mailinator.com, ...
  for (std::string_view d = domain; !d.empty();) {
    if (is_disposable_domain(d)) return true;
    size_t dot = d.find('.');
    if (dot == std::string_view::npos) break;
    d.remove_prefix(dot + 1);
  }
  return false;
}

}  // namespace gw
