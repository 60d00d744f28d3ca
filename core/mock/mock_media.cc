// The mock's OpenAI media endpoints (see mock_turn.h):
//   /v1/embeddings           one unit vector per input (8 dimensions, or
//                            `dimensions`), derived from the input's text by
//                            a hash, so equal inputs get equal vectors;
//                            model embed-words (mock/embed-words): a bag of
//                            content words instead (word_embedding.h, 384
//                            dimensions by default), so paraphrases are near;
//                            encoding_format base64 packs little-endian float32s.
//   /v1/images/generations   n images, each a 1x1 PNG (b64_json) or a fixed URL,
//                            with gpt-image-1's usage shape: input_tokens ~4
//                            characters of the prompt a token, output_tokens
//                            272 an image (a low-quality 1024x1024 image).
//   /v1/audio/transcriptions a multipart upload; the text names the file and
//                            its size; response_format json, text or verbose_json.
//                            The upload counts as 128 kbit/s audio: its duration
//                            is bytes / 16000 seconds, reported as OpenAI does
//                            (usage {"type":"duration","seconds":N} in json and
//                            verbose_json, and verbose_json's `duration`).
// x-mock-no-usage leaves out `usage` (verbose_json keeps its `duration`).
// Invalid requests get a 400 with an OpenAI error body naming the field.
#include <cmath>
#include <cstring>

#include "core/base/stable_hash.h"
#include "core/base/usage.h"
#include "core/http/multipart.h"
#include "core/json/json_parse.h"
#include "core/mock/mock_turn.h"
#include "core/mock/word_embedding.h"

namespace gw::mock {
namespace {

constexpr int kDefaultDimensions = 8;
constexpr int kMaxDimensions = 4096;
constexpr int kMaxImages = 10;
constexpr int64_t kOutputTokensPerImage = 272;  // gpt-image-1, quality low, 1024x1024
constexpr double kAudioBytesPerSecond = 16000;  // 128 kbit/s
// A valid 1x1 RGBA PNG.
constexpr std::string_view kTinyPng =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
constexpr std::string_view kImageUrl = "http://127.0.0.1/mock.png";

MockReply bad_request(std::string message, std::string param) {
  MockReply r;
  r.status = 400;
  r.body =
      openai_error_body(make_error(ErrorKind::kInvalidRequest, "mock: " + std::move(message), {}, std::move(param)));
  return r;
}

uint64_t splitmix64(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// A unit-length vector that depends only on `text` and `dims`.
std::vector<float> vector_for(std::string_view text, int dims) {
  uint64_t state = stable_hash(text);
  std::vector<double> v(static_cast<size_t>(dims));
  double norm = 0;
  for (double& x : v) {
    x = static_cast<double>(splitmix64(state) >> 11) * 0x1.0p-53 * 2.0 - 1.0;  // [-1, 1)
    norm += x * x;
  }
  norm = std::sqrt(norm);
  std::vector<float> out;
  for (double x : v) out.push_back(norm > 0 ? static_cast<float>(x / norm) : 0.0f);
  return out;
}

std::string base64(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    uint32_t n = (uint8_t(bytes[i]) << 16) | (uint8_t(bytes[i + 1]) << 8) | uint8_t(bytes[i + 2]);
    for (int shift : {18, 12, 6, 0}) out += kAlphabet[(n >> shift) & 63];
  }
  if (i < bytes.size()) {
    uint32_t n = uint8_t(bytes[i]) << 16;
    if (i + 1 < bytes.size()) n |= uint8_t(bytes[i + 1]) << 8;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::string float32_le_base64(const std::vector<float>& v) {
  std::string bytes;
  for (float f : v) {
    uint32_t u;
    std::memcpy(&u, &f, sizeof u);
    for (int shift : {0, 8, 16, 24}) bytes += static_cast<char>((u >> shift) & 0xff);
  }
  return base64(bytes);
}

bool is_token_array(const json& j) {
  if (!j.is_array() || j.empty()) return false;
  for (const auto& t : j)
    if (!t.is_number_integer()) return false;
  return true;
}

// The inputs as texts to hash, with their token counts; empty on bad input.
struct EmbeddingInput {
  std::string text;
  int64_t tokens = 0;
};

std::vector<EmbeddingInput> read_inputs(const json& input) {
  std::vector<EmbeddingInput> out;
  if (input.is_string()) {
    out.push_back({input.get<std::string>(), estimate_tokens(input.get_ref<const std::string&>())});
  } else if (is_token_array(input)) {
    out.push_back({input.dump(), static_cast<int64_t>(input.size())});
  } else if (input.is_array() && !input.empty()) {
    for (const auto& item : input) {
      if (item.is_string()) {
        out.push_back({item.get<std::string>(), estimate_tokens(item.get_ref<const std::string&>())});
      } else if (is_token_array(item)) {
        out.push_back({item.dump(), static_cast<int64_t>(item.size())});
      } else {
        return {};
      }
    }
  }
  return out;
}

}  // namespace

MockReply embeddings(const MockBehavior& b, std::string_view body, int64_t) {
  json req = parse_json(body);
  if (!req.is_object()) return bad_request("body must be a JSON object", "");
  std::vector<EmbeddingInput> inputs = read_inputs(req.contains("input") ? req["input"] : json());
  if (inputs.empty()) return bad_request("input must be a string, an array of strings or token arrays", "input");
  std::string format = string_field(req, "encoding_format", "float");
  if (format != "float" && format != "base64")
    return bad_request("encoding_format must be float or base64", "encoding_format");
  const bool words = string_field(req, "model", "") == "embed-words";
  int dims = words ? kWordEmbeddingDims : kDefaultDimensions;
  if (req.contains("dimensions")) {
    const json& d = req["dimensions"];
    if (!d.is_number_integer() || d.get<int64_t>() < 1 || d.get<int64_t>() > kMaxDimensions)
      return bad_request("dimensions must be an integer from 1 to " + std::to_string(kMaxDimensions), "dimensions");
    dims = d.get<int>();
  }
  json data = json::array();
  int64_t tokens = 0;
  for (size_t i = 0; i < inputs.size(); ++i) {
    std::vector<float> v = words ? word_embedding(inputs[i].text, dims) : vector_for(inputs[i].text, dims);
    json embedding = json::array();
    if (format == "base64") {
      embedding = float32_le_base64(v);
    } else {
      for (float f : v) embedding.push_back(static_cast<double>(f));
    }
    data.push_back({{"object", "embedding"}, {"index", i}, {"embedding", std::move(embedding)}});
    tokens += inputs[i].tokens;
  }
  json out = {{"object", "list"}, {"data", std::move(data)}, {"model", string_field(req, "model", "embed")}};
  if (!b.no_usage) out["usage"] = {{"prompt_tokens", tokens}, {"total_tokens", tokens}};
  MockReply r;
  r.body = out.dump();
  apply_stream_behavior(b, r);
  return r;
}

MockReply images(const MockBehavior& b, std::string_view body, int64_t) {
  json req = parse_json(body);
  if (!req.is_object()) return bad_request("body must be a JSON object", "");
  if (string_field(req, "prompt").empty()) return bad_request("prompt must be a non-empty string", "prompt");
  int64_t n = 1;
  if (req.contains("n") && !req["n"].is_null()) {
    if (!req["n"].is_number_integer() || req["n"].get<int64_t>() < 1 || req["n"].get<int64_t>() > kMaxImages)
      return bad_request("n must be an integer from 1 to " + std::to_string(kMaxImages), "n");
    n = req["n"].get<int64_t>();
  }
  std::string format = string_field(req, "response_format", "url");
  if (format != "url" && format != "b64_json")
    return bad_request("response_format must be url or b64_json", "response_format");
  json data = json::array();
  for (int64_t i = 0; i < n; ++i)
    data.push_back(format == "url" ? json{{"url", kImageUrl}} : json{{"b64_json", kTinyPng}});
  json out = {{"created", kCreated}, {"data", std::move(data)}};
  if (!b.no_usage) {
    const int64_t input = estimate_tokens(string_field(req, "prompt"));
    const int64_t output = n * kOutputTokensPerImage;
    out["usage"] = {{"input_tokens", input},
                    {"input_tokens_details", {{"text_tokens", input}, {"image_tokens", 0}}},
                    {"output_tokens", output},
                    {"total_tokens", input + output}};
  }
  MockReply r;
  r.body = out.dump();
  apply_stream_behavior(b, r);
  return r;
}

MockReply transcription(const MockBehavior& b, const Headers& headers, std::string_view body, int64_t) {
  auto boundary = multipart_boundary(headers.get("content-type"));
  if (!boundary) return bad_request(boundary.error().message, "file");
  auto parts = parse_multipart(body, *boundary);
  if (!parts) return bad_request(parts.error().message, "file");
  const MultipartPart* file = find_part(*parts, "file");
  if (!file) return bad_request("file is required", "file");
  const MultipartPart* model = find_part(*parts, "model");
  if (!model || model->data.empty()) return bad_request("model is required", "model");
  const MultipartPart* format_part = find_part(*parts, "response_format");
  std::string format = format_part ? format_part->data : "json";
  const MultipartPart* language = find_part(*parts, "language");

  std::string text = "mock transcription of " + (file->filename.empty() ? std::string("file") : file->filename) + " (" +
                     std::to_string(file->data.size()) + " bytes)";
  const double seconds = static_cast<double>(file->data.size()) / kAudioBytesPerSecond;
  const json usage = {{"type", "duration"}, {"seconds", seconds}};
  MockReply r;
  if (format == "json") {
    json out = {{"text", text}};
    if (!b.no_usage) out["usage"] = usage;
    r.body = out.dump();
  } else if (format == "text") {
    r.content_type = "text/plain; charset=utf-8";
    r.body = text;
  } else if (format == "verbose_json") {
    json segment = {{"id", 0}, {"seek", 0}, {"start", 0.0}, {"end", seconds}, {"text", text}};
    json out = {{"task", "transcribe"},
                {"language", language ? language->data : std::string("english")},
                {"duration", seconds},
                {"text", text},
                {"segments", json::array({segment})}};
    if (!b.no_usage) out["usage"] = usage;
    r.body = out.dump();
  } else {
    return bad_request("response_format must be json, text or verbose_json", "response_format");
  }
  apply_stream_behavior(b, r);
  return r;
}

}  // namespace gw::mock
