// router_fixture.h - a fixed five-model catalog with scores for the router
// tests: prices, Elo, SWE-bench % and latency priors chosen so each mode has
// one clear answer.
#pragma once

#include <string>
#include <vector>

#include "core/catalog/catalog.h"
#include "core/catalog/model_scores.h"
#include "core/router/route_choice.h"

namespace gw::test {

// id            prompt/completion $/M  elo   code  prior ms  tools ctx
// t/frontier    10 / 40               1450  78    4000      yes   200k
// t/strong       3 / 15               1420  72    2000      yes   200k
// t/mid          0.5 / 2              1380  58    1000      yes   128k
// t/small        0.1 / 0.4            1340  30     400      no     32k
// t/elo-only     1 / 1                1400  -      300      no    128k
inline const char* kFixtureCatalog = R"([
 {"id":"t/frontier","name":"F","context_length":200000,"modality":"text->text","pricing":{"prompt":"10","completion":"40"},"capabilities":["streaming","tools"],"providers":[{"slug":"openai","id":"f"}]},
 {"id":"t/strong","name":"S","context_length":200000,"modality":"text->text","pricing":{"prompt":"3","completion":"15"},"capabilities":["streaming","tools"],"providers":[{"slug":"openai","id":"s"}]},
 {"id":"t/mid","name":"M","context_length":128000,"modality":"text->text","pricing":{"prompt":"0.5","completion":"2"},"capabilities":["streaming","tools"],"providers":[{"slug":"groq","id":"m"}]},
 {"id":"t/small","name":"Sm","context_length":32000,"modality":"text->text","pricing":{"prompt":"0.1","completion":"0.4"},"capabilities":["streaming"],"providers":[{"slug":"groq","id":"sm"}]},
 {"id":"t/elo-only","name":"E","context_length":128000,"modality":"text->text","pricing":{"prompt":"1","completion":"1"},"capabilities":["streaming"],"providers":[{"slug":"mistral","id":"e"}]}
])";

inline const char* kFixtureScores = R"({"sources":{"a":"arena test","s":"swe test"},"models":[
 {"id":"t/frontier","general":1450,"general_source":"a","general_date":"2025-09","code":78,"code_source":"s","code_date":"2025-09","latency_ms":4000},
 {"id":"t/strong","general":1420,"general_source":"a","general_date":"2025-09","code":72,"code_source":"s","code_date":"2025-09","latency_ms":2000},
 {"id":"t/mid","general":1380,"general_source":"a","general_date":"2025-09","code":58,"code_source":"s","code_date":"2025-09","latency_ms":1000},
 {"id":"t/small","general":1340,"general_source":"a","general_date":"2025-09","code":30,"code_source":"s","code_date":"2025-09","latency_ms":400},
 {"id":"t/elo-only","general":1400,"general_source":"a","general_date":"2025-09","latency_ms":300}
]})";

struct RouterFixture {
  Catalog catalog = Catalog::parse(kFixtureCatalog, "{}").value();
  ScoreTable scores = ScoreTable::parse(kFixtureScores, catalog).value();
  std::vector<RouterCandidate> all() const {
    std::vector<RouterCandidate> out;
    for (const auto& s : scores.models()) out.push_back(RouterCandidate{catalog.find(s.model_id), &s, {}});
    return out;
  }
  std::vector<RouterCandidate> without(const std::string& id) const {
    auto out = all();
    std::erase_if(out, [&](const RouterCandidate& c) { return c.model->id == id; });
    return out;
  }
};

}  // namespace gw::test
