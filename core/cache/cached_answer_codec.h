// cached_answer_codec.h - a CachedAnswer as bytes and back, for a cache
// kept outside the process (Redis: proxy/io/redis_response_cache.h). Every
// field is a length-prefixed string ("<len>:<bytes>"), so bodies and stream
// frames travel byte for byte, whatever they hold; the first field is the
// format's version. decode() refuses anything it did not encode (another
// version, cut short, trailing bytes): the caller treats it as a miss.
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/cache/response_cache.h"

namespace gw {

std::string encode_cached_answer(const CachedAnswer& answer);
std::optional<CachedAnswer> decode_cached_answer(std::string_view bytes);

}  // namespace gw
