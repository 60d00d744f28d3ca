// word_embedding.cc - see word_embedding.h. Pure; thread-safe.
#include "core/mock/word_embedding.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>

#include "core/base/stable_hash.h"

namespace gw::mock {
namespace {

// Function words, fillers and negations: what embeddings weigh least.
constexpr std::string_view kStopWords[] = {
    "a",      "an",    "the",    "and",   "or",    "but",    "if",     "of",     "to",      "in",      "on",
    "at",     "by",    "for",    "with",  "from",  "into",   "about",  "as",     "is",      "are",     "was",
    "were",   "be",    "been",   "being", "am",    "do",     "does",   "did",    "doing",   "have",    "has",
    "had",    "i",     "me",     "my",    "we",    "our",    "you",    "your",   "it",      "its",     "this",
    "that",   "these", "those",  "there", "here",  "how",    "what",   "which",  "can",     "could",   "would",
    "should", "will",  "shall",  "may",   "might", "must",   "please", "tell",   "explain", "show",    "give",
    "way",    "some",  "any",    "so",    "just",  "really", "also",   "whats",  "hows",    "im",      "ive",
    "get",    "make",  "use",    "using", "let",   "lets",   "want",   "need",   "know",    "not",     "no",
    "never",  "dont",  "doesnt", "didnt", "isnt",  "arent",  "cant",   "cannot", "wont",    "without", "except"};

bool stop_word(const std::string& w) {
  return std::find(std::begin(kStopWords), std::end(kStopWords), w) != std::end(kStopWords);
}

std::string stem(std::string w) {
  auto strip = [&](std::string_view suffix, size_t min_left) {
    if (w.size() >= suffix.size() + min_left && w.compare(w.size() - suffix.size(), suffix.size(), suffix) == 0) {
      w.resize(w.size() - suffix.size());
      return true;
    }
    return false;
  };
  if (!strip("ing", 3) && !strip("ed", 3) && w.size() > 3 && w.back() == 's' && w[w.size() - 2] != 's') w.pop_back();
  return w;
}

}  // namespace

std::vector<float> word_embedding(std::string_view text, int dims) {
  std::vector<double> v(static_cast<size_t>(std::max(dims, 1)), 0.0);
  std::string word;
  auto flush = [&] {
    if (!word.empty() && !stop_word(word)) {
      uint64_t h = stable_hash(stem(word));
      v[h % v.size()] += (h >> 63) ? 1.0 : -1.0;
    }
    word.clear();
  };
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (c != '\'') {
      flush();
    }
  }
  flush();
  double norm = 0;
  for (double x : v) norm += x * x;
  norm = std::sqrt(norm);
  std::vector<float> out(v.size(), 0.0f);
  if (norm == 0) {
    out[0] = 1.0f;  // no content words: one fixed direction
    return out;
  }
  for (size_t i = 0; i < v.size(); ++i) out[i] = static_cast<float>(v[i] / norm);
  return out;
}

}  // namespace gw::mock
