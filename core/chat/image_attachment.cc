// image_attachment.cc - see image_attachment.h. Pure; thread-safe.
#include "core/chat/image_attachment.h"

#include <array>

#include "core/crypto/crypto.h"

namespace gw {
namespace {

struct ImageMagic {
  std::string_view mime;
  std::string_view prefix;
  size_t offset;  // where `prefix` sits
};

constexpr std::array<ImageMagic, 5> kMagic = {{
    {"image/png", "\x89PNG\r\n\x1a\n", 0},
    {"image/jpeg", "\xFF\xD8\xFF", 0},
    {"image/gif", "GIF87a", 0},
    {"image/gif", "GIF89a", 0},
    {"image/webp", "WEBP", 8},  // after "RIFF" and a length
}};

}  // namespace

Result<std::string> image_data_url(std::string_view path, std::string_view bytes) {
  if (bytes.size() > kMaxImageBytes)
    return make_error(ErrorKind::kPayloadTooLarge, std::string(path) + " is over 20 MiB; images must be smaller");
  for (const ImageMagic& m : kMagic)
    if (bytes.size() >= m.offset + m.prefix.size() && bytes.substr(m.offset, m.prefix.size()) == m.prefix &&
        (m.offset == 0 || bytes.substr(0, 4) == "RIFF"))
      return "data:" + std::string(m.mime) + ";base64," + base64_encode(bytes);
  return make_error(ErrorKind::kInvalidRequest,
                    std::string(path) + " is not a PNG, JPEG, GIF or WebP image; -a attaches images (-f text files)");
}

}  // namespace gw
