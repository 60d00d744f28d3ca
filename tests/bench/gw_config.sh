# tests/bench/gw_config.sh - sourced by run.sh and profile.sh: the config of
# the gw serve they measure, so both run the same full pipeline.
#
# write_bench_config FILE WORK UPSTREAM_PORT [TLS_PORT]: a mock provider at
# that port, the access log in WORK, and Enterprise limits raised so the
# limiter counts every request but never refuses one. With TLS_PORT, the
# openai provider is the same mock behind an HTTPS terminator on that port,
# trusted through WORK/tls/ca.pem (the benchmark's throwaway CA).
write_bench_config() {
  local tls=""
  [[ -n ${4:-} ]] && tls="
[providers.openai]
base_url = \"https://127.0.0.1:$4/v1\"
api_key = \"sk-bench-not-a-secret\"

[upstream]
ca_file = \"$2/tls/ca.pem\"
"
  cat >"$1" <<TOML
[providers.mock]
base_url = "http://127.0.0.1:$3/v1"
$tls
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
