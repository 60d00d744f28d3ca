// usage_cost.h - the exact cost of one request's usage at a catalog model's
// prices: uncached prompt tokens x prompt price + cached prompt tokens x
// cached price + completion tokens x completion price. Money is fixed point
// (core/money.h); nothing is rounded. Shared by the gateway's settle step
// and gw chat's per-answer line. Pure; thread-safe.
#pragma once

#include <optional>

#include "core/catalog.h"
#include "core/money.h"
#include "core/usage.h"

namespace gw {

// nullopt on overflow (or negative token counts).
std::optional<Money> usage_cost(const CatalogModel& model, const Usage& usage);

}  // namespace gw
