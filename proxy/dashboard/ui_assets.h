// ui_assets.h - the dashboard's files (proxy/dashboard/assets/: HTML, CSS,
// hand-written JS; no framework, no CDN), compiled into the binary by
// assets/embed.cmake, so `gw serve` needs nothing beside it and the pages
// work offline. Immutable; thread-safe.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace gw {

struct UiAsset {
  std::string_view name;   // file name: "app.js"
  std::string_view bytes;  // its contents
};

// Every file, in the order of the generated table (generated .cc).
const std::vector<UiAsset>& ui_assets();

// The file named `name`, if there is one.
std::optional<UiAsset> find_ui_asset(std::string_view name);

// Its Content-Type, from the extension (text/html, text/css,
// text/javascript, image/svg+xml; utf-8 for text).
std::string_view ui_content_type(std::string_view name);

}  // namespace gw
