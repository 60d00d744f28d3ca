// router_spec_fuzz.cc - a request's model name as a router name
// (core/router/router_spec.h): parsing never crashes, only names that start
// with "router:" parse, and a parsed spec's canonical name parses to the
// same spec.
#include "core/router/router_spec.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view model = gw::fuzz::text(data, size);
  auto spec = gw::parse_router_spec(model);
  if (!spec) return 0;
  GW_FUZZ_CHECK(gw::is_router_name(model));
  auto canonical = gw::parse_router_spec(gw::router_name(*spec));
  GW_FUZZ_CHECK(canonical.ok());
  GW_FUZZ_CHECK(*canonical == *spec);
  return 0;
}
