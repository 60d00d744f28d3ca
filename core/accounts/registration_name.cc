// registration_name.cc - contracts in registration_name.h.
#include "core/accounts/registration_name.h"

#include <cctype>

namespace gw {
namespace {

constexpr size_t kMaxBase = 48;  // leaves room for "-N" within the 64-character name limit

bool allowed(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-'; }

}  // namespace

std::string registration_name(const PrimaryContact& contact) {
  std::string source = contact.value;
  if (contact.kind == ContactKind::kEmail || contact.kind == ContactKind::kGoogle) {
    source = source.substr(0, source.find('@'));
  } else if (contact.kind == ContactKind::kPhone) {
    std::string digits;
    for (char c : source)
      if (std::isdigit(static_cast<unsigned char>(c))) digits += c;
    source = digits.empty() ? "" : "phone-" + digits.substr(digits.size() > 4 ? digits.size() - 4 : 0);
  }
  std::string name;
  for (char c : source) {
    if (name.size() == kMaxBase) break;
    name += allowed(c) ? c : '-';
  }
  while (!name.empty() && (name.front() == '-' || name.front() == '.')) name.erase(name.begin());
  return name.empty() ? "user" : name;
}

std::string numbered_name(const std::string& base, int n) { return n <= 1 ? base : base + "-" + std::to_string(n); }

}  // namespace gw
