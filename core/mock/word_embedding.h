// word_embedding.h - the mock's deterministic "semantic" embedding (model
// mock/embed-words): a bag of content words, feature-hashed into `dims`
// signed dimensions and scaled to unit length. Paraphrases that share most
// content words score high, unrelated texts near 0. Like real embedding
// models, it is blind to what the semantic cache's guard checks
// (semantic_guard.h): negations and other function words are dropped, and a
// changed number or name moves it only as much as any one word. Words are
// lower-cased ASCII letter/digit runs, apostrophes dropped (don't -> dont),
// with a light stem (plural s, -ing, -ed).
//
// Thread-safety: pure function.
#pragma once

#include <string_view>
#include <vector>

namespace gw::mock {

inline constexpr int kWordEmbeddingDims = 384;  // mock/embed-words' default `dimensions`

std::vector<float> word_embedding(std::string_view text, int dims = kWordEmbeddingDims);

}  // namespace gw::mock
