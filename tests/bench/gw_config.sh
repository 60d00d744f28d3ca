# tests/bench/gw_config.sh - sourced by run.sh and profile.sh: the config of
# the gw serve they measure, so both run the same full pipeline.
#
# write_bench_config FILE WORK UPSTREAM_PORT: a mock provider at that port,
# the access log in WORK, and Enterprise limits raised so the limiter counts
# every request but never refuses one.
write_bench_config() {
  cat >"$1" <<TOML
[providers.mock]
base_url = "http://127.0.0.1:$3/v1"

[log]
access_log = "$2/access.log"

# The limiter counts every request, but a benchmark must not be refused.
[plans.enterprise]
requests_per_minute = 100000000
tokens_per_day = 1000000000000
tokens_per_month = 1000000000000
concurrent_requests = 4096
TOML
}
