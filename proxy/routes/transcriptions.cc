// POST /v1/audio/transcriptions: OpenAI's transcription upload
// (multipart/form-data), validated and forwarded to a model whose modality
// turns audio into text (see media.h). The upload is rebuilt for the provider
// with `model` set to the provider's native id and gw's own `provider` field
// removed; every other part passes byte for byte.
//
// response_format json (default), text or verbose_json. The provider is
// always asked for JSON (gw's relay reads JSON, for usage); for "text" gw
// renders the transcript as text/plain itself. srt and vtt are refused, as
// gw cannot render them from JSON.
//
// Billing: pre-flight holds the upload's longest plausible duration
// (core/dialects/media_bounds.h) at the model's per-minute price; the answer is
// charged the duration it reports (usage {"type":"duration"} or
// verbose_json's `duration`), or its tokens for token-billed models. An
// answer that reports neither is charged the held bound, marked estimated.
#include <cstdlib>
#include <memory>

#include "core/http/multipart.h"
#include "core/json/json_parse.h"
#include "proxy/routes/media.h"
#include "proxy/routes/routes.h"

namespace gw {
namespace {

bool transcribes_audio(std::string_view modality) {
  return modality_inputs(modality).find("audio") != std::string_view::npos && modality_outputs(modality) == "text";
}

constexpr MediaRoute kTranscriptions = {"/v1/audio/transcriptions", "/audio/transcriptions", "transcriptions",
                                        transcribes_audio};

// A whole string that is a number from 0 to 1.
bool is_temperature(const std::string& s) {
  if (s.empty()) return false;
  char* end = nullptr;
  double t = std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size() && t >= 0 && t <= 1;
}

// The transcript of a JSON answer as text/plain; an answer without one is left as it is.
void render_text(Reply& reply) {
  auto j = parse_json(reply.body);
  if (!j.is_object() || !j.contains("text") || !j["text"].is_string()) return;
  reply.body = j["text"].get<std::string>();
  reply.content_type = "text/plain; charset=utf-8";
}

Result<MediaRequest> parse_transcription(const InboundRequest& in) {
  auto boundary = multipart_boundary(in.headers.get("content-type"));
  if (!boundary) return invalid_param(boundary.error().message, "file");
  auto parsed = parse_multipart(in.body, *boundary);
  if (!parsed) return invalid_param(parsed.error().message, "file");
  std::vector<MultipartPart>& parts = *parsed;

  const MultipartPart* file = find_part(parts, "file");
  if (!file) return invalid_param("'file' is required: the audio file, as a multipart file part", "file");
  if (file->data.empty()) return invalid_param("'file' is empty", "file");
  const MultipartPart* model = find_part(parts, "model");
  if (!model || model->data.empty()) return invalid_param("you must provide a model parameter", "model");
  std::string format = "json";
  if (const MultipartPart* f = find_part(parts, "response_format")) format = f->data;
  if (format != "json" && format != "text" && format != "verbose_json")
    return invalid_param("'response_format' must be 'json', 'text' or 'verbose_json'", "response_format");
  if (const MultipartPart* t = find_part(parts, "temperature"); t && !is_temperature(t->data))
    return invalid_param("'temperature' must be a number from 0 to 1", "temperature");
  if (const MultipartPart* st = find_part(parts, "stream"); st && st->data != "false")
    return invalid_param("gw does not stream transcriptions; leave 'stream' out or false", "stream");

  MediaRequest r;
  r.model = model->data;
  if (const MultipartPart* p = find_part(parts, "provider")) r.provider_override = p->data;
  r.prompt_tokens_estimate = 0;  // audio: the provider reports what it bills
  r.bounds = audio_bounds(file->data.size());
  // The upload as the provider gets it; shared, so failover does not copy the file.
  std::vector<MultipartPart> upstream;
  for (MultipartPart& p : parts) {
    if (p.name == "provider") continue;
    if (p.name == "response_format" && p.data == "text") p.data = "json";
    upstream.push_back(std::move(p));
  }
  auto shared = std::make_shared<std::vector<MultipartPart>>(std::move(upstream));
  r.body_for = [shared, boundary = *boundary](const std::string& native_id) {
    // Each attempt copies the upload (bounded by the server's body limit).
    std::vector<MultipartPart> out = *shared;
    for (MultipartPart& p : out)
      if (p.name == "model") p.data = native_id;
    // The client's boundary cannot occur in its parts (it delimited them) nor
    // in a native id, which has no CRLF.
    return UpstreamBody{multipart_content_type(boundary), encode_multipart(out, boundary)};
  };
  if (format == "text") r.reshape = render_text;
  return r;
}

}  // namespace

Reply handle_transcriptions(const Services& s, const InboundRequest& in) {
  return run_media_pipeline(s, in, kTranscriptions, parse_transcription);
}

}  // namespace gw
