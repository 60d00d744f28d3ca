// cassette_lint.h - `gw cassette lint`: finds what looks like a secret in a
// cassette's text, so a CI step or a pre-commit hook can refuse it. Looks
// for provider key shapes (sk-..., sk-ant-..., AIza...), gw keys
// (gw_live_..., gw_test_...), bearer tokens, and long high-entropy values of
// members or headers whose name says credential (authorization, api-key,
// x-api-key, token, secret, password, ...). "<redacted:...>" placeholders
// and "[redacted]" are fine. Errs on the side of reporting.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gw {

struct LintFinding {
  int line = 0;       // 1-based
  std::string what;   // "an OpenAI-style key (sk-...)"
  std::string shown;  // the match, most of it masked: "sk-p…(40 chars)"
};

std::vector<LintFinding> lint_cassette(std::string_view text);

}  // namespace gw
