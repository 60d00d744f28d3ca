// POST /v1/embeddings: OpenAI's embeddings request, validated and proxied to
// a model whose modality produces embeddings (see media.h). The provider's
// answer, with its usage, passes through unchanged.
#include "core/base/usage.h"
#include "proxy/routes/media.h"
#include "proxy/routes/routes.h"

namespace gw {
namespace {

using nlohmann::json;

constexpr size_t kMaxInputs = 2048;  // OpenAI's limit on inputs per request

bool produces_embeddings(std::string_view modality) { return modality_outputs(modality) == "embedding"; }

constexpr MediaRoute kEmbeddings = {"/v1/embeddings", "/embeddings", "embeddings", produces_embeddings};

// A non-empty array of integers: one input given as token ids.
bool is_token_array(const json& j) {
  if (!j.is_array() || j.empty()) return false;
  for (const auto& t : j)
    if (!t.is_number_integer()) return false;
  return true;
}

// Validates `input` and returns its prompt-token estimate: ~4 characters a
// token for text, the exact count for token arrays.
Result<int64_t> input_tokens(const json& input) {
  const char* kShape =
      "'input' must be a non-empty string, an array of strings, an array of tokens or an array of token arrays";
  if (input.is_string()) {
    if (input.get_ref<const std::string&>().empty())
      return invalid_param("'input' must not be an empty string", "input");
    return estimate_tokens(input.get_ref<const std::string&>());
  }
  if (!input.is_array() || input.empty()) return invalid_param(kShape, "input");
  if (input.size() > kMaxInputs)
    return invalid_param("'input' may hold at most " + std::to_string(kMaxInputs) + " items", "input");
  if (is_token_array(input)) return static_cast<int64_t>(input.size());
  int64_t tokens = 0;
  bool strings = input[0].is_string();
  for (size_t i = 0; i < input.size(); ++i) {
    const json& item = input[i];
    std::string param = "input[" + std::to_string(i) + "]";
    if (strings) {
      if (!item.is_string()) return invalid_param(kShape, param);
      if (item.get_ref<const std::string&>().empty())
        return invalid_param(param + " must not be an empty string", param);
      tokens += estimate_tokens(item.get_ref<const std::string&>());
    } else {
      if (!is_token_array(item)) return invalid_param(kShape, param);
      tokens += static_cast<int64_t>(item.size());
    }
  }
  return tokens;
}

Result<MediaRequest> parse_embeddings(const InboundRequest& in) {
  auto parsed = parse_json_request(in.body);
  if (!parsed) return parsed.error();
  json& b = *parsed;
  if (!b.contains("input") || b["input"].is_null()) return invalid_param("'input' is required", "input");
  auto tokens = input_tokens(b["input"]);
  if (!tokens) return tokens.error();
  if (b.contains("encoding_format") && !b["encoding_format"].is_null()) {
    const json& f = b["encoding_format"];
    if (!f.is_string() || (f.get_ref<const std::string&>() != "float" && f.get_ref<const std::string&>() != "base64"))
      return invalid_param("'encoding_format' must be 'float' or 'base64'", "encoding_format");
  }
  if (b.contains("dimensions") && !b["dimensions"].is_null() &&
      (!b["dimensions"].is_number_integer() || b["dimensions"].get<int64_t>() < 1))
    return invalid_param("'dimensions' must be a positive integer", "dimensions");
  MediaRequest r;
  r.model = b["model"].get<std::string>();
  if (b.contains("provider")) r.provider_override = b["provider"].get<std::string>();
  r.prompt_tokens_estimate = *tokens;
  r.body_for = json_body_for(std::move(b));
  return r;
}

}  // namespace

Reply handle_embeddings(const Services& s, const InboundRequest& in) {
  return run_media_pipeline(s, in, kEmbeddings, parse_embeddings);
}

Reply embed_as_owner(const Services& s, const InboundRequest& in, int timeout_ms) {
  return run_owner_media_pipeline(s, in, kEmbeddings, parse_embeddings, timeout_ms);
}

}  // namespace gw
