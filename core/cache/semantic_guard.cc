// semantic_guard.cc - see semantic_guard.h. Pure; thread-safe.
#include "core/cache/semantic_guard.h"

#include <algorithm>
#include <cctype>
#include <utility>

namespace gw {
namespace {

bool alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }
bool upper(char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; }
bool lower_case(char c) { return std::islower(static_cast<unsigned char>(c)) != 0; }

std::string lowered(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool ends_with(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

constexpr std::string_view kNegations[] = {
    "not",    "no",      "never",    "none",    "nothing", "nobody", "nowhere", "neither", "nor",    "without",
    "except", "cannot",  "cant",     "dont",    "doesnt",  "didnt",  "isnt",    "arent",   "wasnt",  "werent",
    "wont",   "wouldnt", "shouldnt", "couldnt", "hasnt",   "havent", "hadnt",   "mustnt",  "neednt", "aint"};

// Words an embedding places close to their opposite, by class; synonyms
// share a class so that paraphrases still agree.
constexpr std::pair<std::string_view, std::string_view> kPolarWords[] = {
    {"before", "before"},
    {"prior", "before"},
    {"after", "after"},
    {"min", "min"},
    {"minimum", "min"},
    {"smallest", "min"},
    {"lowest", "min"},
    {"least", "min"},
    {"fewest", "min"},
    {"max", "max"},
    {"maximum", "max"},
    {"largest", "max"},
    {"biggest", "max"},
    {"highest", "max"},
    {"most", "max"},
    {"increase", "up"},
    {"raise", "up"},
    {"increment", "up"},
    {"grow", "up"},
    {"decrease", "down"},
    {"reduce", "down"},
    {"decrement", "down"},
    {"shrink", "down"},
    {"enable", "enable"},
    {"activate", "enable"},
    {"disable", "disable"},
    {"deactivate", "disable"},
    {"add", "add"},
    {"insert", "add"},
    {"append", "add"},
    {"remove", "remove"},
    {"delete", "remove"},
    {"drop", "remove"},
    {"erase", "remove"},
    {"true", "true"},
    {"false", "false"},
    {"first", "first"},
    {"last", "last"},
    {"above", "above"},
    {"below", "below"},
    {"ascending", "ascending"},
    {"asc", "ascending"},
    {"descending", "descending"},
    {"desc", "descending"},
    {"start", "start"},
    {"begin", "start"},
    {"stop", "stop"},
    {"open", "open"},
    {"close", "close"},
    {"encrypt", "encrypt"},
    {"decrypt", "decrypt"},
    {"encode", "encode"},
    {"decode", "decode"},
    {"compress", "compress"},
    {"decompress", "decompress"},
    {"upload", "upload"},
    {"download", "download"},
    {"import", "import"},
    {"export", "export"},
    {"input", "input"},
    {"output", "output"},
    {"push", "push"},
    {"pull", "pull"},
    {"left", "left"},
    {"right", "right"},
    {"oldest", "old"},
    {"older", "old"},
    {"newest", "new"},
    {"newer", "new"},
    {"more", "more"},
    {"less", "less"},
    {"fewer", "less"},
    {"include", "include"},
    {"exclude", "exclude"},
    {"allow", "allow"},
    {"deny", "deny"},
    {"block", "deny"},
    {"accept", "accept"},
    {"reject", "reject"},
    {"buy", "buy"},
    {"sell", "sell"},
    {"cheap", "cheap"},
    {"cheapest", "cheap"},
    {"expensive", "expensive"},
    {"fast", "fast"},
    {"faster", "fast"},
    {"fastest", "fast"},
    {"quick", "fast"},
    {"slow", "slow"},
    {"slower", "slow"},
    {"slowest", "slow"},
    {"hot", "hot"},
    {"cold", "cold"},
    {"positive", "positive"},
    {"negative", "negative"},
    {"odd", "odd"},
    {"even", "even"},
    {"sync", "sync"},
    {"synchronous", "sync"},
    {"async", "async"},
    {"asynchronous", "async"},
    {"inside", "inside"},
    {"outside", "outside"},
    {"success", "success"},
    {"failure", "failure"},
    {"fail", "failure"},
    {"win", "win"},
    {"lose", "lose"},
    {"north", "north"},
    {"south", "south"},
    {"east", "east"},
    {"west", "west"},
    {"off", "off"},
    {"lock", "lock"},
    {"unlock", "unlock"},
    {"install", "install"},
    {"uninstall", "uninstall"},
};

// "one" is left out: "which one" is not a count.
constexpr std::pair<std::string_view, std::string_view> kNumberWords[] = {
    {"zero", "0"},
    {"two", "2"},
    {"three", "3"},
    {"four", "4"},
    {"five", "5"},
    {"six", "6"},
    {"seven", "7"},
    {"eight", "8"},
    {"nine", "9"},
    {"ten", "10"},
    {"eleven", "11"},
    {"twelve", "12"},
    {"thirteen", "13"},
    {"fourteen", "14"},
    {"fifteen", "15"},
    {"sixteen", "16"},
    {"seventeen", "17"},
    {"eighteen", "18"},
    {"nineteen", "19"},
    {"twenty", "20"},
    {"thirty", "30"},
    {"forty", "40"},
    {"fifty", "50"},
    {"sixty", "60"},
    {"seventy", "70"},
    {"eighty", "80"},
    {"ninety", "90"},
    {"hundred", "100"},
    {"thousand", "1000"},
    {"million", "1000000"},
    {"billion", "1000000000"},
    {"half", "0.5"},
    {"twice", "x2"},
    {"double", "x2"},
    {"triple", "x3"},
};

template <size_t N>
std::string_view look_up(const std::pair<std::string_view, std::string_view> (&table)[N], std::string_view word) {
  for (const auto& entry : table)
    if (entry.first == word) return entry.second;
  return {};
}

// The polar class of a word or of its stem (increases, enabled, closing).
std::string_view polar_class(std::string_view w) {
  if (auto c = look_up(kPolarWords, w); !c.empty()) return c;
  for (std::string_view suffix : {"s", "es", "d", "ed", "ing", "ly"}) {
    if (w.size() > suffix.size() + 2 && ends_with(w, suffix)) {
      std::string_view stem = w.substr(0, w.size() - suffix.size());
      if (auto c = look_up(kPolarWords, stem); !c.empty()) return c;
      if (suffix == "ing" || suffix == "ed")  // closing -> close, enabled -> enable
        if (auto c = look_up(kPolarWords, std::string(stem) + "e"); !c.empty()) return c;
    }
  }
  return {};
}

// "3.5GB" -> "3.5gb", "1,000" -> "1000", "$10" -> "$10", "20%" -> "20%".
bool as_number(std::string_view t, std::string& out) {
  size_t i = 0;
  std::string n;
  if (!t.empty() && (t[0] == '$' || t[0] == '-' || t[0] == '+')) n += t[i++];
  if (i >= t.size() || !digit(t[i])) return false;
  while (i < t.size() && (digit(t[i]) || (t[i] == ',' && i + 1 < t.size() && digit(t[i + 1])))) {
    if (t[i] != ',') n += t[i];
    ++i;
  }
  if (i + 1 < t.size() && t[i] == '.' && digit(t[i + 1])) {
    n += t[i++];
    while (i < t.size() && digit(t[i])) n += t[i++];
  }
  for (; i < t.size(); ++i) {  // an attached unit: letters or %
    if (!std::isalpha(static_cast<unsigned char>(t[i])) && t[i] != '%') return false;
    n += static_cast<char>(std::tolower(static_cast<unsigned char>(t[i])));
  }
  out = std::move(n);
  return true;
}

// snake_case, camelCase, dotted.path, file.txt, a/path, a::b, --flag, f(),
// key=value, @user, #tag, v2: a token an embedding reads as a plain word.
bool code_like(std::string_view t) {
  bool letters = false, digits = false;
  for (size_t i = 0; i < t.size(); ++i) {
    char c = t[i];
    if (std::isalpha(static_cast<unsigned char>(c))) letters = true;
    if (digit(c)) digits = true;
    if (c == '_' || c == '=' || c == '@' || c == '#' || c == '(' || c == '<' || c == '{' || c == '[' || c == '\\')
      return true;
    if (c == ':' && i + 1 < t.size() && t[i + 1] == ':') return true;
    if ((c == '/' || c == '.') && i > 0 && i + 1 < t.size() && alnum(t[i - 1]) && alnum(t[i + 1])) {
      if (c == '/') return true;
      // a dotted name, unless every part is one letter (e.g., i.e)
      bool long_part = false;
      size_t start = 0;
      for (size_t j = 0; j <= t.size(); ++j)
        if (j == t.size() || t[j] == '.') {
          long_part = long_part || j - start > 1;
          start = j + 1;
        }
      if (long_part) return true;
    }
    if (i > 0 && upper(c) && lower_case(t[i - 1])) return true;  // camelCase
  }
  if (starts_with(t, "-") && t.size() > 1 && (std::isalpha(static_cast<unsigned char>(t[1])) || t[1] == '-'))
    return true;
  return letters && digits;
}

bool all_caps(std::string_view t) {
  int letters = 0;
  for (char c : t) {
    if (lower_case(c)) return false;
    if (upper(c)) ++letters;
  }
  return letters >= 2;
}

// Curly quotes and apostrophes become ASCII ones.
std::string ascii_quotes(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (i + 2 < text.size() && static_cast<unsigned char>(text[i]) == 0xE2 &&
        static_cast<unsigned char>(text[i + 1]) == 0x80) {
      unsigned char c = static_cast<unsigned char>(text[i + 2]);
      if (c == 0x98 || c == 0x99) {
        out += '\'';
        i += 2;
        continue;
      }
      if (c == 0x9C || c == 0x9D) {
        out += '"';
        i += 2;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

// Quoted text: "..", `..`, and '..' when the quotes are not apostrophes.
void quoted(std::string_view text, std::vector<std::string>& out) {
  for (size_t i = 0; i < text.size(); ++i) {
    char q = text[i];
    if (q != '"' && q != '`' && q != '\'') continue;
    if (q == '\'' && i > 0 && alnum(text[i - 1])) continue;  // don't, Paris's
    size_t end = i + 1;
    while (end < text.size() && text[end] != q && text[end] != '\n') ++end;
    if (end >= text.size() || text[end] != q) continue;
    if (q == '\'' && end + 1 < text.size() && alnum(text[end + 1])) continue;
    if (end > i + 1) out.push_back("'" + std::string(text.substr(i + 1, end - i - 1)) + "'");
    i = end;
  }
}

void sort_unique(std::vector<std::string>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

}  // namespace

PromptFacts prompt_facts(std::string_view raw) {
  const std::string text = ascii_quotes(raw);
  PromptFacts f;
  quoted(text, f.identifiers);
  bool sentence_start = true;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) {
      if (text[i] == '\n') sentence_start = true;
      ++i;
    }
    size_t end = i;
    while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end]))) ++end;
    std::string_view chunk(text.data() + i, end - i);
    i = end;
    if (chunk.empty()) break;
    const bool at_start = sentence_start;
    const char last = chunk.back();
    sentence_start = last == '.' || last == '!' || last == '?' || last == ':';
    if (chunk.find("://") != std::string_view::npos) {  // a URL, less closing punctuation
      while (!chunk.empty() && std::string_view(".,;:!?)]}>\"'").find(chunk.back()) != std::string_view::npos)
        chunk.remove_suffix(1);
      f.identifiers.emplace_back(chunk);
      continue;
    }
    while (!chunk.empty() && std::string_view("\"'`([{<*").find(chunk.front()) != std::string_view::npos)
      chunk.remove_prefix(1);
    while (!chunk.empty() && std::string_view(".,;:!?)]}>\"'`*").find(chunk.back()) != std::string_view::npos)
      chunk.remove_suffix(1);
    if (ends_with(chunk, "'s") && chunk.size() > 2) chunk.remove_suffix(2);
    if (chunk.empty()) continue;
    std::string number;
    if (as_number(chunk, number)) {
      f.numbers.push_back(std::move(number));
      continue;
    }
    std::string word = lowered(chunk);
    std::string bare;  // without apostrophes: don't -> dont
    for (char c : word)
      if (c != '\'') bare += c;
    if (ends_with(word, "n't") ||
        std::find(std::begin(kNegations), std::end(kNegations), bare) != std::end(kNegations)) {
      ++f.negations;
      continue;
    }
    if (auto n = look_up(kNumberWords, bare); !n.empty()) {
      f.numbers.emplace_back(n);
      continue;
    }
    if (auto p = polar_class(bare); !p.empty()) f.polar.emplace_back(p);
    if (code_like(chunk)) {
      f.identifiers.emplace_back(chunk);
    } else if (all_caps(chunk) || (!at_start && upper(chunk[0]) && chunk != "I" && !starts_with(chunk, "I'"))) {
      f.identifiers.push_back(std::move(word));
    }
  }
  std::sort(f.numbers.begin(), f.numbers.end());  // a multiset: "2 + 2" is not "2"
  sort_unique(f.polar);
  sort_unique(f.identifiers);
  return f;
}

bool facts_agree(const PromptFacts& a, const PromptFacts& b) { return a == b; }

}  // namespace gw
