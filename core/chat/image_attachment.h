// image_attachment.h - gw chat's -a FILE: an image sent to a vision model as
// a data: URL (OpenAI's image_url content part; gw translates it for other
// dialects). The type comes from the file's first bytes, never its name.
// Pure; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/base/result.h"

namespace gw {

// The most an attached image may weigh: 20 MiB (what OpenAI takes).
constexpr size_t kMaxImageBytes = 20u << 20;

// "data:image/png;base64,..." for PNG, JPEG, GIF or WebP bytes. kInvalidRequest
// naming `path` for anything else; kPayloadTooLarge over kMaxImageBytes.
Result<std::string> image_data_url(std::string_view path, std::string_view bytes);

}  // namespace gw
