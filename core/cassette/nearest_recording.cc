// nearest_recording.cc - see nearest_recording.h. Pure; thread-safe.
#include "core/cassette/nearest_recording.h"

#include <limits>
#include <map>
#include <nlohmann/json.hpp>

#include "core/cache/cache_key.h"
#include "core/json/json_parse.h"

namespace gw {
namespace {

using nlohmann::json;

constexpr size_t kMaxShownValue = 60;

// Every leaf of `j` by its path ("messages[0].content").
void flatten(const json& j, const std::string& path, std::map<std::string, std::string>& out) {
  if (j.is_object() && !j.empty()) {
    for (const auto& [k, v] : j.items()) flatten(v, path.empty() ? k : path + "." + k, out);
  } else if (j.is_array() && !j.empty()) {
    for (size_t i = 0; i < j.size(); ++i) flatten(j[i], path + "[" + std::to_string(i) + "]", out);
  } else {
    out[path.empty() ? "(body)" : path] = j.dump(-1, ' ', false, json::error_handler_t::replace);
  }
}

std::map<std::string, std::string> leaves(const std::string& body, const std::vector<std::string>& ignored) {
  std::vector<std::string_view> names(ignored.begin(), ignored.end());
  auto canonical = canonical_json_body(body, names);
  std::map<std::string, std::string> out;
  if (canonical) flatten(parse_json(*canonical), "", out);
  else out["(body)"] = body.size() > kMaxShownValue ? "<" + std::to_string(body.size()) + " bytes>" : body;
  return out;
}

std::string shown(const std::string& value) {
  if (value.size() <= kMaxShownValue) return value;
  return value.substr(0, kMaxShownValue) + "…";
}

// The differing members, each as a line.
std::vector<std::string> diff_lines(const Exchange& recorded, const RequestKey& live,
                                    const std::vector<std::string>& ignored) {
  auto was = leaves(recorded.request_body, ignored);
  auto now = leaves(live.canonical_body, ignored);
  std::vector<std::string> out;
  for (const auto& [path, value] : was) {
    auto it = now.find(path);
    if (it == now.end()) out.push_back("  -" + path + ": " + shown(value));
    else if (it->second != value) out.push_back("  " + path + ": " + shown(value) + " -> " + shown(it->second));
  }
  for (const auto& [path, value] : now)
    if (!was.count(path)) out.push_back("  +" + path + ": " + shown(value));
  return out;
}

}  // namespace

const Exchange* nearest_recording(const RequestKey& key, const std::vector<const Exchange*>& recorded,
                                  const std::vector<std::string>& ignored) {
  const Exchange* best = nullptr;
  size_t best_score = std::numeric_limits<size_t>::max();
  for (const Exchange* e : recorded) {
    size_t score = diff_lines(*e, key, ignored).size();
    if (e->provider != key.provider) score += 1000;
    if (e->path != key.path || e->method != key.method) score += 500;
    if (e->model != key.model) score += 100;
    if (score < best_score) {
      best = e;
      best_score = score;
    }
  }
  return best;
}

std::vector<std::string> request_diff(const Exchange& recorded, const RequestKey& live,
                                      const std::vector<std::string>& ignored, size_t max_lines) {
  std::vector<std::string> out;
  if (recorded.provider != live.provider) out.push_back("  provider: " + recorded.provider + " -> " + live.provider);
  if (recorded.method != live.method || recorded.path != live.path)
    out.push_back("  route: " + recorded.method + " " + recorded.path + " -> " + live.method + " " + live.path);
  for (std::string& line : diff_lines(recorded, live, ignored)) out.push_back(std::move(line));
  if (out.size() > max_lines) {
    size_t more = out.size() - max_lines;
    out.resize(max_lines);
    out.push_back("  … " + std::to_string(more) + " more");
  }
  return out;
}

std::string miss_message(const RequestKey& key, const Exchange* nearest, const std::vector<std::string>& ignored) {
  std::string text = "cassette miss: no recording of " + key.method + " " + key.path + " to provider " + key.provider +
                     (key.model.empty() ? "" : " for model " + key.model) + " (key " + key.hash.substr(0, 12) + ")";
  if (!nearest) return text + "; the cassette directory has no recordings";
  text += "; nearest: " + nearest->file_name();
  auto lines = request_diff(*nearest, key, ignored);
  if (lines.empty()) return text + " (the same request; it was recorded fewer times than asked)";
  text += "; request differs:";
  for (const std::string& line : lines) text += "\n" + line;
  return text;
}

}  // namespace gw
