// semantic_guard.h - what an embedding misses, checked before a semantic
// cache hit: two questions an embedding places side by side ("How do I
// enable X?" / "How do I not enable X?", "...port 8080" / "...port 8081",
// "...in user_id" / "...in user_ids") must still agree on
//   - numbers: digits with their decimals and attached units ("3.5GB", "20%",
//     "$10", "1,000" = "1000") and number words up to twenty plus hundred..
//     billion ("five" = "5");
//   - negations: not, no, never, none, nothing, nobody, nowhere, neither,
//     nor, without, except, cannot and every "n't" contraction, counted (a
//     double negation is not a plain statement);
//   - polar words, where an embedding sees near-synonyms: before/after,
//     min/max, increase/decrease, enable/disable, ... (kPolarWords in the .cc);
//   - identifiers: code-like tokens (snake_case, camelCase, dotted.paths,
//     file names, paths, URLs, --flags, tokens with digits), quoted text
//     ('..', "..", `..`), and capitalised words that do not start a sentence
//     (proper names, acronyms: "France", "TCP").
// Agreement is equality of these facts, so the guard errs toward a miss:
// a paraphrase that spells a number or a name differently is answered
// upstream, never the other way round.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gw {

struct PromptFacts {
  std::vector<std::string> numbers;      // normalised, sorted, repeats kept
  std::vector<std::string> polar;        // canonical polar words, sorted
  std::vector<std::string> identifiers;  // as written (proper names lower-cased), sorted
  int negations = 0;
  bool operator==(const PromptFacts&) const = default;
};

PromptFacts prompt_facts(std::string_view text);

// Do two questions agree on everything an embedding misses?
bool facts_agree(const PromptFacts& a, const PromptFacts& b);
inline bool prompts_agree(std::string_view a, std::string_view b) {
  return facts_agree(prompt_facts(a), prompt_facts(b));
}

}  // namespace gw
