// nearest_recording.h - what a strict replay miss says: the recording
// closest to the request that missed, and how the two requests differ, as
// a few readable lines ("  messages[0].content: \"hi\" -> \"hello\""), so a
// failing CI job shows what changed.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "core/cassette/exchange.h"
#include "core/cassette/request_key.h"

namespace gw {

// The recording closest to `key`: same provider, path and model first,
// then the fewest differing body members. Null when `recorded` is empty.
const Exchange* nearest_recording(const RequestKey& key, const std::vector<const Exchange*>& recorded,
                                  const std::vector<std::string>& ignored);

// The differences from `recorded` to `live`, one line per member that
// differs ("  path: was -> now", "  +path: added", "  -path: removed"), at
// most `max_lines` (then "  … N more"). Both bodies are compared in
// canonical form without the ignored members; non-JSON bodies compare whole.
std::vector<std::string> request_diff(const Exchange& recorded, const RequestKey& live,
                                      const std::vector<std::string>& ignored, size_t max_lines = 8);

// The whole miss message: what missed, the nearest recording's file and the diff.
std::string miss_message(const RequestKey& key, const Exchange* nearest, const std::vector<std::string>& ignored);

}  // namespace gw
