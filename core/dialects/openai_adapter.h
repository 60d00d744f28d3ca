// openai_adapter.h - the adapter for OpenAI-compatible providers (most of the
// provider table, and the mock). Requests keep the client's fields, with the
// model rewritten, usage asked for on streams, and gw's internal fields
// removed; per-provider quirks live in one table in openai_adapter.cc.
#pragma once

#include "core/dialects/dialect.h"

namespace gw {

const ProviderAdapter& openai_adapter();

// Auth headers for an endpoint, by its table's auth style.
void add_auth_headers(const ProviderEndpoint& endpoint, Headers& headers);

}  // namespace gw
