// secret_scrub.h - removes anything that looks like a credential from text
// that leaves the process (error reports, log lines): gw keys (gw_live_...,
// gw_test_...), provider keys (sk-..., sk-ant-..., AIza...), bearer tokens,
// x-api-key / x-goog-api-key header values and ?key= URL parameters. Each
// becomes "[redacted]" (the prefix naming what it was is kept for headers and
// parameters). Errs on the side of removing too much. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace gw {

std::string scrub_secrets(std::string_view text);

}  // namespace gw
