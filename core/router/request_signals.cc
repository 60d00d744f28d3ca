#include "core/router/request_signals.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <set>

namespace gw {
namespace {

// Words (lower case) that a coding agent's harness writes into its system
// prompt or messages; one is enough to call the session agentic.
constexpr std::array<std::string_view, 12> kHarnessMarkers = {
    "you are claude code", "<environment_details>", "you are cline", "aider",    "swe-agent",
    "openhands",           "<system-reminder>",     "you are codex", "roo code", "you are an interactive cli tool",
    "cursor agent",        "<task_progress>",
};

constexpr std::array<std::string_view, 18> kHardWords = {
    "refactor",        "architecture",   "race condition", "deadlock",    "concurrency",      "migrate",
    "across the code", "multiple files", "design a",       "thread-safe", "memory leak",      "performance regression",
    "distributed",     "scalab",         "root cause",     "end-to-end",  "implement a full", "rewrite",
};

constexpr std::array<std::string_view, 14> kEasyWords = {
    "typo",     "one-liner", "rename", "what does",  "syntax for", "how do i",           "convert",
    "shortcut", "quick",     "simple", "example of", "print",      "difference between", "what is",
};

constexpr std::array<std::string_view, 16> kSourceExts = {
    ".py", ".ts",   ".tsx", ".js", ".cc", ".cpp",   ".h", ".go",
    ".rs", ".java", ".rb",  ".kt", ".cs", ".swift", ".c", ".php",
};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

int64_t count_of(std::string_view text, std::string_view needle) {
  int64_t n = 0;
  for (size_t at = text.find(needle); at != std::string_view::npos; at = text.find(needle, at + needle.size())) ++n;
  return n;
}

bool starts(std::string_view line, std::string_view p) { return line.substr(0, p.size()) == p; }

bool looks_like_source_file(std::string_view word) {
  while (!word.empty() && std::string_view("`'\"(),:;").find(word.back()) != std::string_view::npos)
    word.remove_suffix(1);
  while (!word.empty() && std::string_view("`'\"(").find(word.front()) != std::string_view::npos) word.remove_prefix(1);
  if (word.size() < 4 || word.size() > 200) return false;
  for (auto ext : kSourceExts)
    if (word.size() > ext.size() && word.substr(word.size() - ext.size()) == ext &&
        std::isalnum(static_cast<unsigned char>(word[word.size() - ext.size() - 1])))
      return true;
  return false;
}

// Scans `text` (already lower case) line by line into `s`.
void scan_text(std::string_view text, RequestSignals& s, std::set<std::string>& files) {
  s.code_blocks += count_of(text, "```") / 2;
  for (auto m : kHarnessMarkers)
    if (s.harness.empty() && text.find(m) != std::string_view::npos) s.harness = std::string(m);
  for (auto w : kHardWords) s.hard_words += count_of(text, w);
  for (auto w : kEasyWords) s.easy_words += count_of(text, w);
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    if (starts(line, "+++ ") || starts(line, "--- a/") || starts(line, "@@ ") || starts(line, "diff --git"))
      ++s.diff_lines;
    std::string_view trimmed = line.substr(std::min(line.find_first_not_of(" \t"), line.size()));
    if ((starts(trimmed, "file \"") && line.find("\", line ") != std::string_view::npos) ||
        (starts(line, "    at ") || starts(line, "\tat ")) || starts(trimmed, "traceback (most recent call last)") ||
        line.find("panicked at") != std::string_view::npos || starts(trimmed, "exception in thread") ||
        starts(trimmed, "#0 ") || starts(trimmed, "#1 "))
      ++s.trace_lines;
    size_t w = 0;
    while (w < line.size()) {
      size_t we = line.find_first_of(" \t", w);
      if (we == std::string_view::npos) we = line.size();
      std::string_view word = line.substr(w, we - w);
      if (looks_like_source_file(word) && files.size() < 1000) files.insert(std::string(word));
      w = we + 1;
    }
  }
}

// The text of a message's content: a string, or the text parts of an array.
std::string content_text(const nlohmann::json& content) {
  if (content.is_string()) return content.get<std::string>();
  std::string out;
  if (content.is_array())
    for (const auto& part : content)
      if (part.is_object() && part.contains("text") && part["text"].is_string()) {
        if (!out.empty()) out += '\n';
        out += part["text"].get<std::string>();
      }
  return out;
}

}  // namespace

RequestSignals read_signals(const nlohmann::json& body) {
  RequestSignals s;
  std::set<std::string> files;
  size_t scanned = 0, chars = 0;
  bool first_user_seen = false;
  if (body.contains("tools") && body["tools"].is_array()) s.tools = static_cast<int64_t>(body["tools"].size());
  if (body.contains("messages") && body["messages"].is_array()) {
    for (const auto& m : body["messages"]) {
      if (!m.is_object()) continue;
      ++s.turns;
      const std::string role = m.value("role", std::string{});
      if (role == "tool") ++s.tool_calls;
      if (m.contains("tool_calls") && m["tool_calls"].is_array())
        s.tool_calls += static_cast<int64_t>(m["tool_calls"].size());
      std::string text = m.contains("content") ? content_text(m["content"]) : std::string{};
      chars += text.size();
      if (role == "system" || role == "developer" || (role == "user" && !first_user_seen)) {
        s.stable_prefix += role + ":" + text + "\n";
        if (role == "user") first_user_seen = true;
      }
      if (scanned >= kMaxScannedBytes) continue;
      if (text.size() > kMaxScannedBytes - scanned) text.resize(kMaxScannedBytes - scanned);
      scanned += text.size();
      scan_text(lower(text), s, files);
    }
  }
  s.prompt_tokens = static_cast<int64_t>((chars + 3) / 4);
  s.file_paths = static_cast<int64_t>(files.size());
  return s;
}

RequestSignals read_prompt_signals(std::string_view prompt) {
  nlohmann::json body = {{"messages", nlohmann::json::array({{{"role", "user"}, {"content", std::string(prompt)}}})}};
  return read_signals(body);
}

}  // namespace gw
