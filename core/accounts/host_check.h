// host_check.h - which Host header values `gw serve` answers: its defence
// against DNS rebinding. A web page on evil.example.com whose name the
// attacker re-points at 127.0.0.1 reaches the gateway with
// "Host: evil.example.com:PORT"; only names the gateway is bound to or
// configured for are answered, so such a page never reads a reply.
//
// Accepted, with the bound port (a Host without a port means port 80):
//   - the bind address itself ("127.0.0.1:8080", "[::1]:8080");
//   - localhost, 127.0.0.1 and [::1] when bound to a loopback or wildcard
//     address (0.0.0.0, ::);
//   - any IP literal when bound to a wildcard address (an IP literal cannot
//     be re-pointed, so reaching gw by its LAN address keeps working);
// and the entries of [server] allowed_hosts: "name" (any port), "name:port",
// or "*" for any Host (behind a reverse proxy that checks it).
// Names compare case-insensitively, ignoring one trailing dot.
//
// Immutable after construction: safe to share between threads. allows()
// does not allocate.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"

namespace gw {

class HostCheck {
 public:
  // `bind_host` as configured ([server] host, e.g. "127.0.0.1", "0.0.0.0",
  // "::1", "localhost"); `port` the port actually bound; `allowed` the
  // [server] allowed_hosts entries, each valid per check_allowed_host().
  HostCheck(std::string_view bind_host, int port, const std::vector<std::string>& allowed);

  // `host` is the request's Host header value ("" when it had none).
  bool allows(std::string_view host) const;

 private:
  struct Entry {
    std::string name;  // lowercase, IPv6 in brackets, no trailing dot
    int port;          // -1 = any port
  };
  std::vector<Entry> entries_;
  int port_;
  bool any_host_ = false;  // "*" listed
  bool any_ip_ = false;    // bound to a wildcard address: IP literals on port_
};

// Whether `entry` may appear in [server] allowed_hosts: "*", or a host name
// or IP literal (IPv6 in brackets) with an optional ":port". kConfig naming
// the entry otherwise (a scheme or path, blanks, a bad port).
Status check_allowed_host(std::string_view entry);

}  // namespace gw
