// Tests for core/config/config.h: parsing, validation errors, rendering and the
// starter file.
#include "core/config/config.h"

#include <doctest/doctest.h>

#include <sstream>

namespace gw {
namespace {

Config parse_ok(std::string_view text) {
  Result<Config> config = parse_config(text);
  REQUIRE_MESSAGE(config.ok(), config.error().message);
  return config.value();
}

Error parse_error(std::string_view text) {
  Result<Config> config = parse_config(text);
  REQUIRE_FALSE(config.ok());
  CHECK(config.error().kind == ErrorKind::kConfig);
  return config.error();
}

void check_same(const Config& a, const Config& b) {
  CHECK(a.server.host == b.server.host);
  CHECK(a.server.port == b.server.port);
  CHECK(a.server.threads == b.server.threads);
  CHECK(a.server.max_body_bytes == b.server.max_body_bytes);
  CHECK(a.server.head_timeout_s == b.server.head_timeout_s);
  CHECK(a.server.body_timeout_s == b.server.body_timeout_s);
  CHECK(a.server.shutdown_grace_s == b.server.shutdown_grace_s);
  CHECK(a.server.master_key == b.server.master_key);
  CHECK(a.server.allowed_hosts == b.server.allowed_hosts);
  CHECK(a.server.cors_origins == b.server.cors_origins);
  CHECK(a.upstream.connect_timeout_ms == b.upstream.connect_timeout_ms);
  CHECK(a.upstream.read_timeout_ms == b.upstream.read_timeout_ms);
  CHECK(a.catalog.sync == b.catalog.sync);
  CHECK(a.catalog.sync_interval_s == b.catalog.sync_interval_s);
  CHECK(a.catalog.l1_ttl_s == b.catalog.l1_ttl_s);
  CHECK(a.catalog.l2_ttl_s == b.catalog.l2_ttl_s);
  CHECK(a.health.active_checks == b.health.active_checks);
  CHECK(a.health.daily_spend_cap == b.health.daily_spend_cap);
  CHECK(a.health.max_tokens == b.health.max_tokens);
  CHECK(a.health.cache_ttl_s == b.health.cache_ttl_s);
  CHECK(a.log.level == b.log.level);
  CHECK(a.log.access_log == b.log.access_log);
  CHECK(a.db_path == b.db_path);
  CHECK(a.cassette.match_ignore == b.cassette.match_ignore);
  REQUIRE(a.providers.size() == b.providers.size());
  for (const auto& [name, p] : a.providers) {
    const std::string& slug = name;  // clang 14: doctest's lambdas cannot capture a structured binding
    REQUIRE_MESSAGE(b.providers.count(slug) == 1, slug);
    const ProviderSettings& q = b.providers.at(slug);
    CHECK(p.api_key == q.api_key);
    CHECK(p.api_key_env == q.api_key_env);
    CHECK(p.base_url == q.base_url);
    CHECK(p.enabled == q.enabled);
  }
}

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("config: empty config text gives every default") {
  check_same(parse_ok(""), Config{});
  Config c = parse_ok("");
  CHECK(c.server.host == "127.0.0.1");
  CHECK(c.server.port == 8080);
  CHECK(c.log.level == "info");
  CHECK(c.providers.empty());
}

TEST_CASE("config: server section is parsed") {
  Config c = parse_ok(
      "[server]\nhost = \"0.0.0.0\"\nport = 9000\nthreads = 8\nmax_body_bytes = 1024\n"
      "shutdown_grace_s = 5\nmaster_key = \"sk-master\"\n");
  CHECK(c.server.host == "0.0.0.0");
  CHECK(c.server.port == 9000);
  CHECK(c.server.threads == 8);
  CHECK(c.server.max_body_bytes == 1024);
  CHECK(c.server.shutdown_grace_s == 5);
  CHECK(c.server.master_key == "sk-master");
  CHECK(c.upstream.read_timeout_ms == 120000);  // untouched sections keep defaults
}

TEST_CASE("config: [server] allowed_hosts and cors_origins are arrays of checked entries, empty by default") {
  Config d = parse_ok("");
  CHECK(d.server.allowed_hosts.empty());
  CHECK(d.server.cors_origins.empty());
  Config c = parse_ok(
      "[server]\nallowed_hosts = [\"gw.example.com\", \"[::1]:9000\", \"*\"]\n"
      "cors_origins = [\"https://app.example.com\", \"http://localhost:5173\"]\n");
  CHECK(c.server.allowed_hosts == std::vector<std::string>{"gw.example.com", "[::1]:9000", "*"});
  CHECK(c.server.cors_origins == std::vector<std::string>{"https://app.example.com", "http://localhost:5173"});
  CHECK(contains(render_config(c, false), "allowed_hosts = [\"gw.example.com\", \"[::1]:9000\", \"*\"]"));
  CHECK(contains(render_config(d, false), "cors_origins = []"));
  Error scheme = parse_error("[server]\nallowed_hosts = [\"https://gw.example.com\"]\n");
  CHECK(contains(scheme.message, "server.allowed_hosts"));
  CHECK(contains(scheme.message, "'https://gw.example.com' is not a host name"));
  Error path = parse_error("[server]\ncors_origins = [\"https://app.example.com/chat\"]\n");
  CHECK(contains(path.message, "'https://app.example.com/chat' is not an origin"));
  CHECK(
      contains(parse_error("[server]\ncors_origins = \"https://a.example\"\n").message, "must be an array of strings"));
  CHECK(contains(parse_error("[server]\nallowed_hosts = [1]\n").message, "must be an array of strings"));
}

TEST_CASE("config: upstream, log and db sections are parsed") {
  Config c = parse_ok(
      "[upstream]\nconnect_timeout_ms = 250\nread_timeout_ms = 9000\n"
      "[log]\nlevel = \"debug\"\naccess_log = \"-\"\n"
      "[db]\npath = \"/var/lib/gw/gw.db\"\n");
  CHECK(c.upstream.connect_timeout_ms == 250);
  CHECK(c.upstream.read_timeout_ms == 9000);
  CHECK(c.log.level == "debug");
  CHECK(c.log.access_log == "-");
  CHECK(c.db_path == "/var/lib/gw/gw.db");
  CHECK(c.server.port == 8080);
}

TEST_CASE("config: provider tables are parsed by slug") {
  Config c = parse_ok(
      "[providers.openai]\napi_key_env = \"MY_OPENAI\"\nbase_url = \"http://localhost:9/v1\"\n"
      "[providers.groq]\napi_key = \"gsk-1\"\nenabled = false\n");
  REQUIRE(c.providers.size() == 2);
  CHECK(c.providers["openai"].api_key_env == "MY_OPENAI");
  CHECK(c.providers["openai"].base_url == "http://localhost:9/v1");
  CHECK_FALSE(c.providers["openai"].enabled.has_value());
  CHECK(c.providers["groq"].api_key == "gsk-1");
  CHECK(c.providers["groq"].enabled == std::optional<bool>(false));
}

TEST_CASE("config: an unknown setting is an error naming it and its line") {
  Error e = parse_error("[server]\nhost = \"x\"\nprot = 80\n");
  CHECK(contains(e.message, "unknown setting 'server.prot'"));
  CHECK(contains(e.message, "line 3"));
  CHECK(contains(parse_error("[providers.openai]\napi_kye = \"k\"\n").message,
                 "unknown setting 'providers.openai.api_kye'"));
  CHECK(contains(parse_error("port = 80\n").message, "'port'"));
}

TEST_CASE("config: an unknown section is an error naming it") {
  CHECK(contains(parse_error("[sever]\nport = 1\n").message, "unknown section 'sever'"));
}

TEST_CASE("config: settings of the wrong type are errors naming the setting") {
  CHECK(contains(parse_error("[server]\nport = \"8080\"\n").message, "'server.port' must be an integer"));
  CHECK(contains(parse_error("[server]\nhost = 1\n").message, "'server.host' must be a string"));
  CHECK(contains(parse_error("[server]\nport = 80.5\n").message, "'server.port'"));
  CHECK(contains(parse_error("[providers.openai]\nenabled = \"yes\"\n").message,
                 "'providers.openai.enabled' must be true or false"));
  CHECK(contains(parse_error("server = 3\n").message, "'server' must be a table"));
  CHECK(contains(parse_error("[providers]\nopenai = 1\n").message, "'providers.openai' must be a table"));
}

TEST_CASE("config: settings out of range are errors") {
  CHECK(contains(parse_error("[server]\nport = 70000\n").message, "'server.port' must be 0..65535"));
  CHECK(contains(parse_error("[server]\nport = -1\n").message, "'server.port'"));
  CHECK(contains(parse_error("[upstream]\nconnect_timeout_ms = 0\n").message, "'upstream.connect_timeout_ms'"));
  CHECK(contains(parse_error("[upstream]\nread_timeout_ms = -5\n").message, "'upstream.read_timeout_ms'"));
  CHECK(contains(parse_error("[upstream]\nread_timeout_ms = 99999999999\n").message, "'upstream.read_timeout_ms'"));
  Error level = parse_error("[log]\nlevel = \"verbose\"\n");
  CHECK(contains(level.message, "'log.level' must be one of error|warn|info|debug"));
  CHECK(contains(level.message, "'verbose'"));
  CHECK(parse_ok("[server]\nport = 0\n").server.port == 0);
  CHECK(parse_ok("[server]\nport = 65535\n").server.port == 65535);
}

TEST_CASE("config: the request head and body deadlines default to 30 s and 60 s and must be positive") {
  Config defaults = parse_ok("");
  CHECK(defaults.server.head_timeout_s == 30);
  CHECK(defaults.server.body_timeout_s == 60);
  Config set = parse_ok("[server]\nhead_timeout_s = 5\nbody_timeout_s = 600\n");
  CHECK(set.server.head_timeout_s == 5);
  CHECK(set.server.body_timeout_s == 600);
  CHECK(contains(parse_error("[server]\nhead_timeout_s = 0\n").message, "'server.head_timeout_s' must be 1..3600"));
  CHECK(contains(parse_error("[server]\nbody_timeout_s = 86401\n").message, "'server.body_timeout_s'"));
}

TEST_CASE("config: malformed TOML is an error with its line") {
  Error e = parse_error("[server]\nport = 80\nhost = \n");
  CHECK(contains(e.message, "invalid TOML"));
  CHECK(contains(e.message, "line 3"));
}

TEST_CASE("config: render_config output parses back to the same config") {
  Config c;
  c.server.host = "::1";
  c.server.port = 0;
  c.server.threads = 3;
  c.server.max_body_bytes = int64_t{5} << 40;
  c.server.head_timeout_s = 7;
  c.server.body_timeout_s = 86400;
  c.server.shutdown_grace_s = 0;
  c.server.master_key = "mk \"quoted\" \\ back\nslash\ttab\x01";
  c.server.allowed_hosts = {"gw.example.com", "lan-box:8443"};
  c.server.cors_origins = {"https://app.example.com"};
  c.upstream.connect_timeout_ms = 1;
  c.upstream.read_timeout_ms = 2147483647;
  c.catalog.sync = true;
  c.catalog.sync_interval_s = 600;
  c.health.active_checks = true;
  c.health.daily_spend_cap = *Money::parse("2.5");
  c.log.level = "warn";
  c.log.access_log = "/tmp/gw access.log";
  c.db_path = "/data/gw.db";
  c.providers["openai"].api_key = "sk-1";
  c.providers["openai"].enabled = true;
  c.providers["ollama"].base_url = "http://127.0.0.1:8000/v1";
  c.providers["anthropic"].enabled = false;
  check_same(parse_ok(render_config(c, false)), c);
  check_same(parse_ok(render_config(Config{}, false)), Config{});
}

TEST_CASE("config: catalog and health settings default to no outbound calls and the claim-list TTLs") {
  Config c = parse_ok("");
  CHECK_FALSE(c.catalog.sync);
  CHECK(c.catalog.sync_interval_s == 900);
  CHECK(c.catalog.l1_ttl_s == 300);
  CHECK(c.catalog.l2_ttl_s == 1200);
  CHECK_FALSE(c.health.active_checks);
  CHECK(c.health.daily_spend_cap == Money::from_units(1'000'000'000));  // exactly $0.10
  CHECK(c.health.max_tokens == 1);
  CHECK(c.health.cache_ttl_s == 360);  // CM-8.2.4: 6 minutes
}

TEST_CASE("config: catalog and health sections are parsed; the cap is an exact decimal string") {
  Config c = parse_ok(
      "[catalog]\nsync = true\nsync_interval_s = 600\nl1_ttl_s = 60\nl2_ttl_s = 1800\n"
      "[health]\nactive_checks = true\ndaily_spend_cap_usd = \"0.0000000001\"\nmax_tokens = 2\ncache_ttl_s = 30\n");
  CHECK(c.catalog.sync);
  CHECK(c.catalog.sync_interval_s == 600);
  CHECK(c.catalog.l1_ttl_s == 60);
  CHECK(c.catalog.l2_ttl_s == 1800);
  CHECK(c.health.active_checks);
  CHECK(c.health.daily_spend_cap.units() == 1);
  CHECK(c.health.max_tokens == 2);
  CHECK(c.health.cache_ttl_s == 30);
  CHECK(contains(render_config(c, false), "daily_spend_cap_usd = \"0.0000000001\""));
  for (std::string bad : {"[health]\ndaily_spend_cap_usd = 0.1\n", "[health]\ndaily_spend_cap_usd = \"-1\"\n",
                          "[health]\ndaily_spend_cap_usd = \"1e-3\"\n", "[catalog]\nsync = \"yes\"\n",
                          "[catalog]\nsync_interval_s = 5\n"}) {
    CAPTURE(bad);
    parse_error(bad);
  }
}

TEST_CASE("config: [cassette] match_ignore defaults to user and metadata; [] matches whole bodies") {
  CHECK(parse_ok("").cassette.match_ignore == std::vector<std::string>{"user", "metadata"});
  Config c = parse_ok("[cassette]\nmatch_ignore = [\"user\", \"metadata.session_id\"]\n");
  CHECK(c.cassette.match_ignore == std::vector<std::string>{"user", "metadata.session_id"});
  CHECK(contains(render_config(c, false), "match_ignore = [\"user\", \"metadata.session_id\"]"));
  CHECK(parse_ok("[cassette]\nmatch_ignore = []\n").cassette.match_ignore.empty());
  Error bad = parse_error("[cassette]\nmatch_ignore = [\"messages[0]\"]\n");
  CHECK(contains(bad.message, "ignored member 'messages[0]'"));
  parse_error("[cassette]\nmatch_ignore = \"user\"\n");
  parse_error("[cassette]\nignore = []\n");
}

TEST_CASE("config: redacted rendering hides set secrets and leaves empty ones empty") {
  Config c;
  c.server.master_key = "master-secret";
  c.providers["openai"].api_key = "sk-secret";
  c.providers["openai"].api_key_env = "OPENAI_API_KEY";
  c.providers["groq"].api_key_env = "GROQ_API_KEY";
  std::string text = render_config(c, true);
  CHECK_FALSE(contains(text, "master-secret"));
  CHECK_FALSE(contains(text, "sk-secret"));
  Config back = parse_ok(text);
  CHECK(back.server.master_key == "***");
  CHECK(back.providers["openai"].api_key == "***");
  CHECK(back.providers["openai"].api_key_env == "OPENAI_API_KEY");  // not a secret
  CHECK(back.providers["groq"].api_key == "");
  CHECK(parse_ok(render_config(Config{}, true)).server.master_key == "");
  CHECK(contains(render_config(c, false), "sk-secret"));
}

TEST_CASE("config: the starter file parses to the defaults") { check_same(parse_ok(starter_config_text()), Config{}); }

TEST_CASE("config: the starter file documents every setting with its true default") {
  std::string starter = starter_config_text();
  // Every line of the default rendering ("port = 8080") appears commented out.
  std::istringstream rendered(render_config(Config{}, false));
  for (std::string line; std::getline(rendered, line);) {
    if (line.empty() || line[0] == '[') continue;
    CHECK_MESSAGE(contains(starter, "\n#" + line + "\n"), line);
  }
  // Uncommenting every "#key = value" line still yields the defaults outside
  // the provider example.
  std::istringstream in(starter);
  std::string uncommented;
  for (std::string line; std::getline(in, line);) {
    bool setting = line.size() > 1 && line[0] == '#' && line[1] != ' ';
    uncommented += (setting ? line.substr(1) : line) + "\n";
  }
  Config c = parse_ok(uncommented);
  CHECK(c.providers.size() == 1);
  c.providers.clear();
  check_same(c, Config{});
}

}  // namespace gw

TEST_CASE("config: a [providers.<slug>] table for an unknown provider is an error naming it") {
  auto c = gw::parse_config("[providers.opnai]\napi_key_env = \"X\"\n");
  REQUIRE_FALSE(c.ok());
  CHECK(c.error().kind == gw::ErrorKind::kConfig);
  CHECK(c.error().message.find("unknown provider 'opnai'") != std::string::npos);
}

TEST_CASE("config: [limits] has documented defaults and is parsed") {
  gw::LimitSettings defaults;
  CHECK(defaults.enabled.value_or(true));
  CHECK(defaults.ip_requests_per_minute == 300);
  CHECK(defaults.velocity_error_percent == 25);
  CHECK(defaults.velocity_min_requests == 100);
  CHECK(defaults.velocity_window_s == 60);
  auto c = gw::parse_config(
      "[limits]\nenabled = false\nip_requests_per_minute = 50\nanonymous_requests_per_minute = 5\n"
      "velocity_limit_percent = 20\nvelocity_duration_s = 600\n");
  REQUIRE(c.ok());
  CHECK_FALSE(c->limits.enabled.value_or(true));
  CHECK(c->limits.ip_requests_per_minute == 50);
  CHECK(c->limits.anonymous.requests_per_minute == 5);
  CHECK(c->limits.anonymous.tokens_per_day == gw::kAnonymousLimits.tokens_per_day);
  CHECK(c->limits.velocity_limit_percent == 20);
  CHECK(c->limits.velocity_duration_s == 600);
}

TEST_CASE("config: anonymous limits may not reach any plan's") {
  auto c = gw::parse_config("[limits]\nanonymous_requests_per_minute = 60\n");  // the trial plan's
  REQUIRE_FALSE(c.ok());
  CHECK(c.error().message.find("limits.anonymous_requests_per_minute") != std::string::npos);
  CHECK(c.error().message.find("trial plan's 60") != std::string::npos);
  CHECK(gw::parse_config("[limits]\nanonymous_concurrent_requests = 3\n").ok());
}

TEST_CASE("config: [partners.<CODE>] tables give trial lengths, matched case-insensitively") {
  auto c = gw::parse_config("[partners.REDBEARD]\ntrial_days = 30\n[partners.launch-week]\n");
  REQUIRE(c.ok());
  REQUIRE(gw::find_partner(*c, "redbeard"));
  CHECK(gw::find_partner(*c, "redbeard")->trial_days == 30);
  CHECK(gw::find_partner(*c, "LAUNCH-WEEK")->trial_days == 14);
  CHECK_FALSE(gw::find_partner(*c, "bluebeard"));
  auto back = gw::parse_config(gw::render_config(*c, false));
  REQUIRE(back.ok());
  CHECK(gw::find_partner(*back, "RedBeard")->trial_days == 30);
  CHECK_FALSE(gw::parse_config("[partners.X]\ntrial_days = 0\n").ok());
  CHECK_FALSE(gw::parse_config("[partners.X]\ntrial_weeks = 2\n").ok());
  CHECK_FALSE(gw::parse_config("[partners.a]\n[partners.A]\n").ok());
}

TEST_CASE("config: [auth] identity_secret is a secret") {
  auto c = gw::parse_config("[auth]\nidentity_secret = \"idp-signing-secret\"\n");
  REQUIRE(c.ok());
  CHECK(c->auth.identity_secret == "idp-signing-secret");
  CHECK(gw::render_config(*c, true).find("idp-signing-secret") == std::string::npos);
}

TEST_CASE("config: [plans.<name>] tables change a plan's per-key limits, keys left out keep the plan's") {
  auto c = gw::parse_config("[plans.enterprise]\nrequests_per_minute = 1000000\n");
  REQUIRE(c.ok());
  const gw::PlanLimits& built_in = gw::plan(gw::PlanId::kEnterprise).limits;
  const gw::PlanLimits& e = gw::effective_plan_limits(*c, gw::PlanId::kEnterprise);
  CHECK(e.requests_per_minute == 1000000);
  CHECK(e.tokens_per_day == built_in.tokens_per_day);
  CHECK(e.concurrent_requests == built_in.concurrent_requests);
  CHECK(gw::effective_plan_limits(*c, gw::PlanId::kDev).requests_per_minute ==
        gw::plan(gw::PlanId::kDev).limits.requests_per_minute);
  auto back = gw::parse_config(gw::render_config(*c, false));
  REQUIRE(back.ok());
  CHECK(gw::effective_plan_limits(*back, gw::PlanId::kEnterprise).requests_per_minute == 1000000);
  auto unknown = gw::parse_config("[plans.platinum]\nrequests_per_minute = 5\n");
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().message.find("unknown plan 'platinum'") != std::string::npos);
  CHECK_FALSE(gw::parse_config("[plans.dev]\nrequests_per_minute = 0\n").ok());
  CHECK_FALSE(gw::parse_config("[plans.dev]\nrequests_per_hour = 5\n").ok());
  // Anonymous callers must still get less than every plan as configured.
  auto below = gw::parse_config("[plans.trial]\nrequests_per_minute = 10\n");
  REQUIRE_FALSE(below.ok());
  CHECK(below.error().message.find("anonymous_requests_per_minute") != std::string::npos);
}

namespace gw {

TEST_CASE("config: [cache.semantic] is off by default, parsed when given, and rendered back") {
  Config d = parse_ok("");
  CHECK_FALSE(d.cache.semantic.enabled);
  CHECK(d.cache.semantic.threshold == 0.95);
  CHECK(d.cache.semantic.timeout_ms == 2000);
  Config c = parse_ok(
      "[cache]\nmode = \"all\"\n[cache.semantic]\nenabled = true\nmodel = \"openai/text-embedding-3-small\"\n"
      "threshold = 0.9\nmax_entries = 500\ntimeout_ms = 300\nmax_messages = 2\nmax_prompt_chars = 100\n");
  CHECK(c.cache.mode == "all");
  CHECK(c.cache.semantic.enabled);
  CHECK(c.cache.semantic.model == "openai/text-embedding-3-small");
  CHECK(c.cache.semantic.threshold == 0.9);
  CHECK(c.cache.semantic.max_entries == 500);
  CHECK(c.cache.semantic.timeout_ms == 300);
  CHECK(c.cache.semantic.max_messages == 2);
  CHECK(c.cache.semantic.max_prompt_chars == 100);
  CHECK(parse_ok("[cache.semantic]\nthreshold = 1\n").cache.semantic.threshold == 1.0);  // an integer is a number
  const std::string rendered = render_config(c, false);
  CHECK(rendered.find("[cache.semantic]\nenabled = true\n") != std::string::npos);
  CHECK(rendered.find("threshold = 0.9\n") != std::string::npos);
  Config back = parse_ok(rendered);
  CHECK(back.cache.semantic.threshold == 0.9);
  CHECK(back.cache.semantic.model == c.cache.semantic.model);
  CHECK(parse_ok(render_config(Config{}, false)).cache.semantic.threshold == 0.95);
}

TEST_CASE("config: [cache.semantic] errors name the setting") {
  CHECK(parse_error("[cache.semantic]\nenabled = true\n").message.find("'cache.semantic.model' is required") !=
        std::string::npos);
  CHECK(
      parse_error("[cache.semantic]\nthreshold = 1.5\n").message.find("'cache.semantic.threshold' must be a number") !=
      std::string::npos);
  CHECK(parse_error("[cache.semantic]\nthreshold = \"high\"\n").message.find("cache.semantic.threshold") !=
        std::string::npos);
  CHECK(parse_error("[cache.semantic]\ntimeout_ms = 0\n").message.find("cache.semantic.timeout_ms") !=
        std::string::npos);
  CHECK(
      parse_error("[cache.semantic]\nthreshhold = 0.9\n").message.find("unknown setting 'cache.semantic.threshhold'") !=
      std::string::npos);
}

}  // namespace gw
