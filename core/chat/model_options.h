// model_options.h - gw chat's model options (`-o temperature=0.2`,
// `--max-tokens 200`, like llm's -o): KEY=VALUE pairs turned into members
// of the chat.completions body. Pure; thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/base/result.h"

namespace gw {

// An object of the pairs, in order (a later KEY wins). A VALUE that reads as
// JSON (0.2, 200, true, null, ["a"], {"type":"json_object"}) is that JSON
// value, anything else a string (stop=END). kUsage when a pair has no '=',
// an empty KEY, or a KEY the conversation itself sets (model, messages,
// stream, stream_options).
Result<nlohmann::json> parse_model_options(const std::vector<std::string>& pairs);

}  // namespace gw
