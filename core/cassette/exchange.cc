// exchange.cc - see exchange.h. Pure; thread-safe.
#include "core/cassette/exchange.h"

#include <cctype>
#include <nlohmann/json.hpp>

#include "core/crypto/crypto.h"
#include "core/json/json_parse.h"

namespace gw {
namespace {

using ordered_json = nlohmann::ordered_json;

constexpr int kFormatVersion = 1;

// Keeps letters, digits, '.' and '-'; anything else becomes '-'.
std::string file_part(std::string_view s, std::string_view empty) {
  std::string out;
  for (char c : s) {
    bool keep = std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-';
    if (keep) out += c;
    else if (!out.empty() && out.back() != '-') out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  if (out.size() > 48) out.resize(48);
  return out.empty() ? std::string(empty) : out;
}

bool valid_utf8(std::string_view s) {
  ordered_json probe = std::string(s);
  try {
    (void)probe.dump();
    return true;
  } catch (const nlohmann::json::exception&) {
    return false;
  }
}

// `text` as JSON when that writes back the same bytes, else as a string
// under `text_name` (or base64 when not UTF-8).
void put_body(ordered_json& out, std::string_view text, bool compact_only) {
  if (!text.empty()) {
    ordered_json j = parse_ordered_json(text);
    if (!j.is_discarded() && (!compact_only || j.dump() == text)) {
      out["body"] = std::move(j);
      return;
    }
  }
  if (valid_utf8(text)) out["body_text"] = std::string(text);
  else out["body_base64"] = base64_encode(text);
}

Result<std::string> get_body(const ordered_json& in) {
  if (auto it = in.find("body"); it != in.end()) return it->dump();
  if (auto it = in.find("body_text"); it != in.end() && it->is_string()) return it->get<std::string>();
  if (auto it = in.find("body_base64"); it != in.end() && it->is_string()) {
    auto bytes = base64_decode(it->get<std::string>());
    if (!bytes) return make_error(ErrorKind::kInvalidRequest, "body_base64 is not base64");
    return *bytes;
  }
  return std::string();
}

ordered_json header_object(const std::vector<std::pair<std::string, std::string>>& headers) {
  ordered_json out = ordered_json::object();
  for (const auto& [name, value] : headers) out[name] = value;
  return out;
}

std::vector<std::pair<std::string, std::string>> header_list(const ordered_json& in) {
  std::vector<std::pair<std::string, std::string>> out;
  if (!in.is_object()) return out;
  for (const auto& [name, value] : in.items())
    if (value.is_string()) out.emplace_back(name, value.get<std::string>());
  return out;
}

// The answer's usage, for a reader: the whole body's, or the last one a
// stream event carried.
ordered_json usage_of(const Exchange& e) {
  ordered_json usage;
  auto take = [&](std::string_view json_text) {
    ordered_json j = parse_ordered_json(json_text);
    if (j.is_object() && j.contains("usage") && j["usage"].is_object()) usage = j["usage"];
  };
  if (!e.streamed) {
    take(e.body);
    return usage;
  }
  for (const Frame& f : e.frames)
    for (size_t at = 0; (at = f.data.find("data: ", at)) != std::string::npos;) {
      size_t end = f.data.find('\n', at);
      take(std::string_view(f.data).substr(at + 6, end == std::string::npos ? std::string::npos : end - at - 6));
      at = end == std::string::npos ? f.data.size() : end;
    }
  return usage;
}

}  // namespace

std::string Exchange::file_name() const {
  return file_part(provider, "provider") + "_" + file_part(path, "root") + "_" + file_part(model, "none") + "_" +
         key.substr(0, 12) + "_" + std::to_string(ordinal) + ".json";
}

std::string recorded_answer_id(std::string_view key, int ordinal) {
  std::string id = "req_";
  for (size_t i = 0; i < 16; ++i) {
    char c = i < key.size() ? key[i] : '0';
    id += std::isxdigit(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(c)) : '0';
  }
  static constexpr char kHex[] = "0123456789abcdef";
  const auto n = static_cast<uint32_t>(ordinal);
  for (int shift = 28; shift >= 0; shift -= 4) id += kHex[(n >> shift) & 0xF];
  return id;
}

std::string exchange_to_text(const Exchange& e) {
  ordered_json j;
  j["gw_cassette"] = kFormatVersion;
  j["provider"] = e.provider;
  j["model"] = e.model;
  j["ordinal"] = e.ordinal;
  j["key"] = e.key;
  if (e.recorded_at > 0) j["recorded_at"] = e.recorded_at;
  ordered_json request;
  request["method"] = e.method;
  request["path"] = e.path;
  request["headers"] = header_object(e.request_headers);
  put_body(request, e.request_body, false);
  if (e.request_body.empty()) request.erase("body_text");
  j["request"] = std::move(request);
  ordered_json response;
  response["status"] = e.status;
  response["headers"] = header_object(e.response_headers);
  if (e.streamed) {
    ordered_json frames = ordered_json::array();
    for (const Frame& f : e.frames) {
      ordered_json frame;
      frame["t_ms"] = f.t_ms;
      if (valid_utf8(f.data)) frame["data"] = f.data;
      else frame["data_base64"] = base64_encode(f.data);
      frames.push_back(std::move(frame));
    }
    response["frames"] = std::move(frames);
  } else if (e.status != 0) {
    put_body(response, e.body, true);
  }
  if (!e.error_kind.empty()) response["error"] = {{"kind", e.error_kind}, {"message", e.error_message}};
  j["response"] = std::move(response);
  if (ordered_json usage = usage_of(e); !usage.is_null()) j["usage"] = std::move(usage);
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

Result<Exchange> exchange_from_text(std::string_view text) {
  ordered_json j = parse_ordered_json(text);
  auto bad = [](std::string what) { return make_error(ErrorKind::kInvalidRequest, "not a gw cassette: " + what); };
  if (!j.is_object() || !j.contains("gw_cassette")) return bad("no gw_cassette member");
  if (j["gw_cassette"] != kFormatVersion) return bad("unknown format version " + j["gw_cassette"].dump());
  Exchange e;
  try {
    e.provider = j.at("provider").get<std::string>();
    e.model = j.value("model", "");
    e.ordinal = j.value("ordinal", 0);
    e.key = j.at("key").get<std::string>();
    e.recorded_at = j.value("recorded_at", int64_t{0});
    const ordered_json& request = j.at("request");
    e.method = request.at("method").get<std::string>();
    e.path = request.at("path").get<std::string>();
    e.request_headers = header_list(request.value("headers", ordered_json::object()));
    auto request_body = get_body(request);
    if (!request_body) return request_body.error();
    e.request_body = *request_body;
    const ordered_json& response = j.at("response");
    e.status = response.at("status").get<int>();
    e.response_headers = header_list(response.value("headers", ordered_json::object()));
    if (auto frames = response.find("frames"); frames != response.end()) {
      e.streamed = true;
      for (const ordered_json& f : *frames) {
        Frame frame{f.value("t_ms", int64_t{0}), f.value("data", "")};
        if (f.contains("data_base64")) {
          auto bytes = base64_decode(f["data_base64"].get<std::string>());
          if (!bytes) return bad("a frame's data_base64 is not base64");
          frame.data = *bytes;
        }
        e.frames.push_back(std::move(frame));
      }
    } else {
      auto body = get_body(response);
      if (!body) return body.error();
      e.body = *body;
    }
    if (auto error = response.find("error"); error != response.end()) {
      e.error_kind = error->value("kind", "upstream_error");
      e.error_message = error->value("message", "");
    }
  } catch (const nlohmann::json::exception& ex) {
    return bad(ex.what());
  }
  return e;
}

}  // namespace gw
