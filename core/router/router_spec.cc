#include "core/router/router_spec.h"

#include <array>

namespace gw {
namespace {

constexpr std::string_view kPrefix = "router:";

struct Row {
  std::string_view name;  // after "router:"
  RouterSpec spec;
  bool listed;  // shown in the list of valid names (aliases are not)
};

constexpr std::array<Row, 10> kRows = {{
    {"general:quality", {RouterKind::kGeneral, RouterMode::kQuality}, true},
    {"general:cost", {RouterKind::kGeneral, RouterMode::kCost}, true},
    {"general:latency", {RouterKind::kGeneral, RouterMode::kLatency}, true},
    {"general:balanced", {RouterKind::kGeneral, RouterMode::kBalanced}, true},
    {"code:auto", {RouterKind::kCode, RouterMode::kAuto}, true},
    {"code:price", {RouterKind::kCode, RouterMode::kPrice}, true},
    {"code:quality", {RouterKind::kCode, RouterMode::kQuality}, true},
    {"code:agentic", {RouterKind::kCode, RouterMode::kAgentic}, true},
    {"general", {RouterKind::kGeneral, RouterMode::kBalanced}, false},
    {"code", {RouterKind::kCode, RouterMode::kAuto}, false},
}};

}  // namespace

bool is_router_name(std::string_view model) { return model.substr(0, kPrefix.size()) == kPrefix; }

Result<RouterSpec> parse_router_spec(std::string_view model) {
  if (is_router_name(model)) {
    std::string_view rest = model.substr(kPrefix.size());
    for (const auto& row : kRows)
      if (row.name == rest) return row.spec;
  }
  return make_error(ErrorKind::kInvalidRequest,
                    "unknown router '" + std::string(model.substr(0, 64)) + "'; valid: " + valid_router_names(),
                    "invalid_router", "model");
}

std::string_view router_kind_name(RouterKind kind) { return kind == RouterKind::kGeneral ? "general" : "code"; }

std::string_view router_mode_name(RouterMode mode) {
  switch (mode) {
    case RouterMode::kQuality:
      return "quality";
    case RouterMode::kCost:
      return "cost";
    case RouterMode::kLatency:
      return "latency";
    case RouterMode::kBalanced:
      return "balanced";
    case RouterMode::kAuto:
      return "auto";
    case RouterMode::kPrice:
      return "price";
    case RouterMode::kAgentic:
      return "agentic";
  }
  return "?";
}

std::string router_name(const RouterSpec& spec) {
  return std::string(kPrefix) + std::string(router_kind_name(spec.kind)) + ":" +
         std::string(router_mode_name(spec.mode));
}

std::string valid_router_names() {
  std::string out;
  for (const auto& row : kRows) {
    if (!row.listed) continue;
    if (!out.empty()) out += ", ";
    out += std::string(kPrefix) + std::string(row.name);
  }
  return out;
}

}  // namespace gw
