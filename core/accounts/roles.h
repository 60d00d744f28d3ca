// roles.h - who may do what: four roles, admin ⊃ team ⊃ dev ⊃ free, from one
// permission table. A key carries a role; routes name the permission they
// need. Pure data; thread-safe.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace gw {

enum class Role { kFree = 0, kDev = 1, kTeam = 2, kAdmin = 3 };

enum class Permission {
  kChat,        // chat, messages, responses, count_tokens
  kModelsRead,  // /v1/models
  kEmbeddings,  // /v1/embeddings
  kMedia,       // images and audio
  kUsageOwn,    // read one's own usage and balance
  kKeysOwn,     // create and revoke one's own keys
  kAdmin,       // /admin/*: users, keys, credits, breakers, usage of everyone
};

struct RoleInfo {
  Role role;
  std::string_view name;         // "admin"
  std::string_view description;  // one line for help text
};

std::span<const RoleInfo> roles();  // lowest first
std::string_view role_name(Role role);
std::optional<Role> parse_role(std::string_view name);
std::string_view permission_name(Permission p);
// The lowest role holding `p`; every higher role holds it too.
Role minimum_role(Permission p);
bool has_permission(Role role, Permission p);

}  // namespace gw
