// router_spec.h - the router model names: "router:general:<mode>" and
// "router:code:<mode>" (docs/routers.md). A name that starts with "router:"
// but names no router or mode is a kInvalidRequest (400) listing the valid
// names (CM-4.1.8). Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/base/result.h"

namespace gw {

enum class RouterKind { kGeneral, kCode };
enum class RouterMode {
  kQuality,   // general and code: the best score
  kCost,      // general: the cheapest above the quality floor
  kLatency,   // general: the lowest measured p50 (priors until measured)
  kBalanced,  // general: the documented utility
  kAuto,      // code: price for simple/moderate tiers, quality for complex/agentic
  kPrice,     // code: the cheapest good enough for the tier
  kAgentic,   // code: the best for long tool-using sessions
};

struct RouterSpec {
  RouterKind kind = RouterKind::kGeneral;
  RouterMode mode = RouterMode::kBalanced;
  friend bool operator==(const RouterSpec&, const RouterSpec&) = default;
};

// True when `model` asks for a router ("router:" prefix, any case of the rest).
bool is_router_name(std::string_view model);
// "router:general:quality" -> {kGeneral, kQuality}. Aliases: "router:general"
// = balanced, "router:code" and "router:code:auto". Anything else that starts
// with "router:" is kInvalidRequest (code "invalid_router", param "model")
// listing the valid names.
Result<RouterSpec> parse_router_spec(std::string_view model);
// "general", "code"; "quality", "cost", ...
std::string_view router_kind_name(RouterKind kind);
std::string_view router_mode_name(RouterMode mode);
// "router:code:auto"
std::string router_name(const RouterSpec& spec);
// The valid names, comma-separated, for messages and help.
std::string valid_router_names();

}  // namespace gw
