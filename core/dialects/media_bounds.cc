#include "core/dialects/media_bounds.h"

#include <limits>

namespace gw {

MediaBounds image_bounds(int64_t n) {
  MediaBounds b;
  b.images = n;
  b.max_completion_tokens = n * kMaxOutputTokensPerImage;
  return b;
}

MediaBounds audio_bounds(size_t bytes) {
  // ceil(bytes x 8 bits x 1000 ms/s / bits-per-second), in 128 bits so no size can overflow it.
  const unsigned __int128 bits_ms = static_cast<unsigned __int128>(bytes) * 8 * 1000;
  const unsigned __int128 ms = (bits_ms + kMinAudioBitsPerSecond - 1) / kMinAudioBitsPerSecond;
  MediaBounds b;
  b.max_audio_ms = ms > static_cast<unsigned __int128>(std::numeric_limits<int64_t>::max())
                       ? std::numeric_limits<int64_t>::max()
                       : static_cast<int64_t>(ms);
  return b;
}

Usage worst_case_usage(const MediaBounds& bounds, int64_t prompt_tokens_estimate) {
  Usage u;
  u.prompt_tokens = prompt_tokens_estimate;
  u.completion_tokens = bounds.max_completion_tokens;
  u.images = bounds.images;
  u.audio_ms = bounds.max_audio_ms;
  return u;
}

void fill_unreported_audio(Usage& usage, const MediaBounds& bounds) {
  if (usage.estimated && usage.audio_ms == 0) usage.audio_ms = bounds.max_audio_ms;
}

}  // namespace gw
