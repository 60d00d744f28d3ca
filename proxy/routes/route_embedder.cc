// route_embedder.cc - see route_embedder.h.
#include "proxy/routes/route_embedder.h"

#include <nlohmann/json.hpp>

#include "core/json/json_parse.h"
#include "proxy/routes/routes.h"

namespace gw {

RouteEmbedder::RouteEmbedder(const Services& services, std::string model, int timeout_ms)
    : services_(services), model_(std::move(model)), timeout_ms_(timeout_ms) {}

Result<std::vector<float>> RouteEmbedder::embed(std::string_view text) {
  InboundRequest in;
  in.method = "POST";
  in.path = "/v1/embeddings";
  in.remote_addr = "127.0.0.1";
  in.headers.add("Content-Type", "application/json");
  in.body =
      nlohmann::json{{"model", model_}, {"input", text}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  Reply reply = embed_as_owner(services_, in, timeout_ms_);
  const std::string what = "embedding model " + model_;
  if (reply.next_chunk) return make_error(ErrorKind::kUpstreamError, what + " answered with a stream");
  nlohmann::json body = parse_json(reply.body);
  if (reply.status != 200) {
    std::string detail;
    if (body.is_object() && body.contains("error") && body["error"].is_object() && body["error"].contains("message") &&
        body["error"]["message"].is_string())
      detail = ": " + body["error"]["message"].get<std::string>();
    return make_error(ErrorKind::kUpstreamError, what + " failed with " + std::to_string(reply.status) + detail);
  }
  const nlohmann::json* vector = nullptr;
  if (body.is_object() && body.contains("data") && body["data"].is_array() && !body["data"].empty() &&
      body["data"][0].is_object() && body["data"][0].contains("embedding"))
    vector = &body["data"][0]["embedding"];
  if (!vector || !vector->is_array() || vector->empty())
    return make_error(ErrorKind::kUpstreamError, what + " answered without a float embedding");
  std::vector<float> out;
  out.reserve(vector->size());
  for (const nlohmann::json& x : *vector) {
    if (!x.is_number()) return make_error(ErrorKind::kUpstreamError, what + " answered a non-number in its embedding");
    out.push_back(x.get<float>());
  }
  return out;
}

}  // namespace gw
