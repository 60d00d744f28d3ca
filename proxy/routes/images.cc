// POST /v1/images/generations: OpenAI's image generation request, validated
// and proxied to a model whose modality produces images (see media.h).
//
// Unlike OpenAI, which falls back to dall-e-2 when `model` is absent, gw
// requires it: gw routes by model, and OpenAI's default is neither in the
// catalog nor priced per token. Model-specific fields (quality, style,
// background, output_format...) pass through for the provider to judge.
//
// Billing: pre-flight holds n x the per-image price, the prompt estimate and
// n x kMaxOutputTokensPerImage output tokens (core/dialects/media_bounds.h); the
// answer is charged its reported tokens (gpt-image-*) and the images it
// carries x the per-image price.
#include <cctype>

#include "core/base/usage.h"
#include "proxy/routes/media.h"
#include "proxy/routes/routes.h"

namespace gw {
namespace {

using nlohmann::json;

constexpr int64_t kMaxImages = 10;  // OpenAI's limit on n

bool produces_images(std::string_view modality) {
  return modality_outputs(modality).find("image") != std::string_view::npos;
}

constexpr MediaRoute kImages = {"/v1/images/generations", "/images/generations", "images", produces_images};

// "auto" or "<width>x<height>" in digits; which sizes a model accepts is the
// provider's to say.
bool is_size(std::string_view s) {
  if (s == "auto") return true;
  size_t x = s.find('x');
  if (x == 0 || x == std::string_view::npos || x + 1 == s.size()) return false;
  for (size_t i = 0; i < s.size(); ++i)
    if (i != x && !std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  return true;
}

bool present(const json& b, const char* key) { return b.contains(key) && !b[key].is_null(); }

Result<MediaRequest> parse_images(const InboundRequest& in) {
  auto parsed = parse_json_request(in.body);
  if (!parsed) return parsed.error();
  json& b = *parsed;
  if (!present(b, "prompt")) return invalid_param("'prompt' is required", "prompt");
  if (!b["prompt"].is_string() || b["prompt"].get_ref<const std::string&>().empty())
    return invalid_param("'prompt' must be a non-empty string", "prompt");
  if (present(b, "n") &&
      (!b["n"].is_number_integer() || b["n"].get<int64_t>() < 1 || b["n"].get<int64_t>() > kMaxImages))
    return invalid_param("'n' must be an integer from 1 to " + std::to_string(kMaxImages), "n");
  if (present(b, "size") && (!b["size"].is_string() || !is_size(b["size"].get_ref<const std::string&>())))
    return invalid_param("'size' must be 'auto' or WIDTHxHEIGHT, such as '1024x1024'", "size");
  if (present(b, "response_format")) {
    const json& f = b["response_format"];
    if (!f.is_string() || (f.get_ref<const std::string&>() != "url" && f.get_ref<const std::string&>() != "b64_json"))
      return invalid_param("'response_format' must be 'url' or 'b64_json'", "response_format");
  }
  if (present(b, "stream") && (!b["stream"].is_boolean() || b["stream"].get<bool>()))
    return invalid_param("gw does not stream image generation; leave 'stream' out or false", "stream");
  MediaRequest r;
  r.model = b["model"].get<std::string>();
  if (b.contains("provider")) r.provider_override = b["provider"].get<std::string>();
  r.prompt_tokens_estimate = estimate_tokens(b["prompt"].get_ref<const std::string&>());
  r.bounds = image_bounds(present(b, "n") ? b["n"].get<int64_t>() : 1);
  r.body_for = json_body_for(std::move(b));
  return r;
}

}  // namespace

Reply handle_images(const Services& s, const InboundRequest& in) {
  return run_media_pipeline(s, in, kImages, parse_images);
}

}  // namespace gw
