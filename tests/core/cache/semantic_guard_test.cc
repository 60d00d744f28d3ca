// The semantic cache's guard (core/cache/semantic_guard.h): what an
// embedding misses - numbers, negations, polar words, identifiers - must
// agree; wording around them may differ.
#include "core/cache/semantic_guard.h"

#include <doctest/doctest.h>

namespace gw {

TEST_CASE("semantic guard: numbers agree only when equal, however they are written") {
  CHECK(prompts_agree("What is 1,000 divided by 8?", "what's 1000 divided by 8"));
  CHECK(prompts_agree("Give me five ideas for dinner", "Suggest 5 dinner ideas"));
  CHECK_FALSE(prompts_agree("Give me five ideas for dinner", "Suggest 6 dinner ideas"));
  CHECK_FALSE(prompts_agree("Is 3.5GB enough RAM?", "Is 3.5MB enough RAM?"));
  CHECK_FALSE(prompts_agree("Convert 20% to a fraction", "Convert 25% to a fraction"));
  CHECK_FALSE(prompts_agree("What is 2 + 2?", "What is 2 + 2 + 2?"));
  CHECK(prompt_facts("It costs $10.50").numbers == std::vector<std::string>{"$10.50"});
}

TEST_CASE("semantic guard: a negated question never agrees with the plain one") {
  CHECK_FALSE(prompts_agree("Why is my build failing?", "Why is my build not failing?"));
  CHECK_FALSE(prompts_agree("Should I use a mutex here?", "Shouldn't I use a mutex here?"));
  CHECK_FALSE(prompts_agree("Can I travel with a passport?", "Can I travel without a passport?"));
  CHECK_FALSE(prompts_agree("List the files", "List the files except the logs"));
  CHECK(prompts_agree("Why doesn't my code compile?", "Why does my code not compile?"));
  CHECK(prompts_agree("Why doesn’t it work?", "why does it not work"));  // curly apostrophe
  CHECK(prompt_facts("I never said I don't like it").negations == 2);
}

TEST_CASE("semantic guard: opposite words an embedding places together disagree; synonyms agree") {
  CHECK_FALSE(prompts_agree("How do I enable logging?", "How do I disable logging?"));
  CHECK_FALSE(prompts_agree("Sort the list in ascending order", "Sort the list in descending order"));
  CHECK_FALSE(prompts_agree("What happened before the war?", "What happened after the war?"));
  CHECK_FALSE(prompts_agree("Find the largest element", "Find the smallest element"));
  CHECK(prompts_agree("Find the largest element", "Find the biggest element"));
  CHECK(prompts_agree("How do I delete a branch?", "How can I remove a branch?"));
  CHECK(prompts_agree("Increasing the timeout", "increase timeout"));
}

TEST_CASE("semantic guard: identifiers, quoted text and names must match exactly") {
  CHECK_FALSE(prompts_agree("What does user_id mean?", "What does user_ids mean?"));
  CHECK_FALSE(prompts_agree("Explain getUserName", "Explain getUserId"));
  CHECK_FALSE(prompts_agree("What is in config.yaml?", "What is in config.json?"));
  CHECK_FALSE(prompts_agree("Open https://a.example/x", "Open https://a.example/y"));
  CHECK_FALSE(prompts_agree("What does --verbose do?", "What does --quiet do?"));
  CHECK_FALSE(prompts_agree("Translate 'good morning'", "Translate 'good night'"));
  CHECK_FALSE(prompts_agree("What is the capital of France?", "What is the capital of Germany?"));
  CHECK_FALSE(prompts_agree("Is TCP reliable?", "Is UDP reliable?"));
  CHECK_FALSE(prompts_agree("What is new in Python 3.12?", "What is new in Python 3.11?"));
  CHECK(prompts_agree("What is the capital of France?", "Tell me France's capital city."));
  CHECK(prompts_agree("What does os.path.join do?", "Explain os.path.join, please"));
  // A capital that only starts a sentence is not a name.
  CHECK(prompts_agree("Explain recursion. Keep it short.", "Explain recursion briefly. Short please."));
  CHECK(prompt_facts("i.e. a cat").identifiers.empty());
}

}  // namespace gw
