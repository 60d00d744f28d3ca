// request_id.h - request IDs: "req_" + 24 lowercase hex characters from a
// per-thread generator seeded from the OS. A client's own x-request-id is kept
// when it is safe to echo (1-128 characters of [A-Za-z0-9._:-]).
// Thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace gw {

std::string new_request_id();
// The same length and alphabet, ordered by time: the first 12 hex characters
// are `unix_ms`, the last 12 random. Requests that are billed get these, so
// the ledger's and usage log's unique request_id indexes grow at their right
// edge (a random key lands on a random page: with 400k rows the usage
// writer fell behind the traffic, reading index pages it had no room to cache).
std::string new_request_id(int64_t unix_ms);
bool is_acceptable_request_id(std::string_view id);

}  // namespace gw
