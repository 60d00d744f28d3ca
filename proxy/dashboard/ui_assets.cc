// ui_assets.cc - contracts in ui_assets.h (the table is generated).
#include "proxy/dashboard/ui_assets.h"

namespace gw {

std::optional<UiAsset> find_ui_asset(std::string_view name) {
  for (const UiAsset& a : ui_assets())
    if (a.name == name) return a;
  return std::nullopt;
}

std::string_view ui_content_type(std::string_view name) {
  if (name.ends_with(".html")) return "text/html; charset=utf-8";
  if (name.ends_with(".css")) return "text/css; charset=utf-8";
  if (name.ends_with(".js")) return "text/javascript; charset=utf-8";
  if (name.ends_with(".svg")) return "image/svg+xml";
  return "application/octet-stream";
}

}  // namespace gw
