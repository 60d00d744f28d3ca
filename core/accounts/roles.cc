#include "core/accounts/roles.h"

namespace gw {
namespace {

constexpr RoleInfo kRoles[] = {
    {Role::kFree, "free", "chat with :free models only; read the model list"},
    {Role::kDev, "dev", "every model, embeddings, images and audio; own usage"},
    {Role::kTeam, "team", "dev, plus managing one's own keys"},
    {Role::kAdmin, "admin", "everything, including users, keys, credits and breakers of everyone"},
};

struct PermissionRow {
  Permission permission;
  std::string_view name;
  Role minimum;  // held by this role and every role above it
};

// The permission table: the single place that says which role may do what.
constexpr PermissionRow kPermissions[] = {
    {Permission::kChat, "chat", Role::kFree},
    {Permission::kModelsRead, "models.read", Role::kFree},
    {Permission::kEmbeddings, "embeddings", Role::kDev},
    {Permission::kMedia, "media", Role::kDev},
    {Permission::kUsageOwn, "usage.own", Role::kFree},
    {Permission::kKeysOwn, "keys.own", Role::kTeam},
    {Permission::kAdmin, "admin", Role::kAdmin},
};

const PermissionRow& row(Permission p) {
  for (const PermissionRow& r : kPermissions)
    if (r.permission == p) return r;
  return kPermissions[0];  // unreachable: every Permission has a row (tested)
}

}  // namespace

std::span<const RoleInfo> roles() { return kRoles; }

std::string_view role_name(Role role) { return kRoles[static_cast<int>(role)].name; }

std::optional<Role> parse_role(std::string_view name) {
  for (const RoleInfo& r : kRoles)
    if (r.name == name) return r.role;
  return std::nullopt;
}

std::string_view permission_name(Permission p) { return row(p).name; }
Role minimum_role(Permission p) { return row(p).minimum; }
bool has_permission(Role role, Permission p) { return static_cast<int>(role) >= static_cast<int>(minimum_role(p)); }

}  // namespace gw
