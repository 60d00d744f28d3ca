// Step 4b, second layer: the semantic cache (core/cache/semantic_*.h), asked
// by look_up_cache after an exact miss when [cache.semantic] is enabled. A
// qualifying request (a short plain conversation: semantic_question.h) has
// its last user turn embedded through gw's own /v1/embeddings route, as the
// owner (s.embedder; bounded by [cache.semantic] timeout_ms); the index
// offers the closest stored questions of the same context (tenant, model,
// system prompt, earlier turns, parameters, behaviour headers) at or above
// the threshold, and the first whose numbers, negations and names agree with
// this one (semantic_guard.h) and whose answer is still in the exact cache
// is the hit: that answer is served as an exact hit is. A failed embedding
// is a warning on stderr, counted (cache_requests_total{layer="semantic",
// result="error"}), and the request goes upstream.
#include "core/cache/semantic_guard.h"
#include "core/cache/semantic_question.h"
#include "proxy/pipeline/steps.h"

namespace gw {
namespace {

constexpr size_t kCandidates = 4;  // near questions the guard may look at

}  // namespace

std::shared_ptr<const CachedAnswer> look_up_semantic(const Services& s, const CacheKeyInput& key_in,
                                                     const CacheDirective& directive, const std::string& answer_key,
                                                     RequestContext& ctx) {
  if (!s.semantic || !s.embedder) return nullptr;
  const SemanticCacheSettings& settings = s.config->cache.semantic;
  SemanticQuestion q = semantic_question(
      key_in, {static_cast<size_t>(settings.max_messages), static_cast<size_t>(settings.max_prompt_chars)});
  if (!q.skip.empty()) {
    ctx.semantic_result = "bypass";
    return nullptr;
  }
  auto embedded = s.embedder->embed(q.prompt);
  std::optional<std::vector<float>> unit = embedded ? unit_vector(*embedded) : std::nullopt;
  if (!unit) {
    ctx.semantic_result = "error";
    warn_cache(s, "semantic cache",
               "request " + ctx.request_id + ": " +
                   (embedded ? std::string("the embedding is empty or not finite") : embedded.error().message));
    return nullptr;
  }
  ctx.semantic_result = "miss";
  const PromptFacts facts = prompt_facts(q.prompt);
  for (const SemanticCandidate& c :
       s.semantic->nearest(q.context, *unit, static_cast<float>(settings.threshold), kCandidates)) {
    if (!facts_agree(facts, prompt_facts(c.prompt))) continue;  // an embedding's blind spot
    auto answer = s.cache->get(c.answer_key, directive.max_age_s);
    if (!answer) continue;  // gone from the exact cache, or too old for this caller
    s.semantic->touch(c.answer_key);
    ctx.semantic_result = "hit";
    ctx.cache_layer = "semantic";
    ctx.cache_similarity = c.similarity;
    return answer;
  }
  if (!answer_key.empty())
    ctx.semantic_entry = SemanticEntry{std::move(q.context), answer_key, std::move(q.prompt), std::move(*unit)};
  return nullptr;
}

}  // namespace gw
