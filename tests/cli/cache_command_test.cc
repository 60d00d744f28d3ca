// gw cache stats' view of GET /admin/cache (cli/cmd_cache.cc), pinned on a
// fixed document.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "cli/views.h"

namespace gw {

TEST_CASE("gw cache stats: settings and counters as CACHE/VALUE rows, tab-separated for scripts") {
  const nlohmann::json stats = {{"enabled", true},
                                {"mode", "deterministic"},
                                {"charge_hits", "free"},
                                {"max_entries", 20000},
                                {"max_mib", 256},
                                {"ttl_s", 3600},
                                {"entries", 3},
                                {"bytes", 3 << 19},
                                {"hits", 2},
                                {"misses", 6},
                                {"hit_ratio", 0.25},
                                {"stores", 3},
                                {"evictions", 0},
                                {"expirations", 1},
                                {"failures", 0},
                                {"saved_usd", "0.000046"}};
  CHECK(cache_stats_report(stats, false) ==
        "CACHE\tVALUE\n"
        "mode\tdeterministic\n"
        "charge_hits\tfree\n"
        "entries\t3 of 20000\n"
        "memory\t1.5 MiB of 256 MiB\n"
        "ttl\t3600 s\n"
        "hits\t2\n"
        "misses\t6\n"
        "hit_ratio\t25.0%\n"
        "stores\t3\n"
        "evictions\t0\n"
        "expirations\t1\n"
        "failures\t0\n"
        "saved\t$0.000046\n");
}

TEST_CASE("gw cache stats: a server without a response cache says so in one line") {
  CHECK(cache_stats_report({{"enabled", false}, {"mode", "off"}}, true) ==
        "the response cache is off ([cache] mode = \"off\")\n");
}

}  // namespace gw
