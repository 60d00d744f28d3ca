// tls_pipe.h - a TLS terminator for tests: listens on an ephemeral
// 127.0.0.1 port, completes the TLS handshake with a certificate from a
// throwaway CA (tests/support/make_test_ca.sh, made once per process), and
// carries each connection's bytes both ways to a plain upstream on loopback,
// byte for byte: whatever the upstream does (slow heads, cut streams,
// garbage, closes) reaches the client as it did, only inside TLS. A client
// that goes away closes the upstream connection too, so the upstream sees it.
//
// Tests only. Each connection runs on a thread of its own; the destructor
// stops accepting, closes every connection and joins the threads.
#pragma once

#include <atomic>
#include <list>
#include <mutex>
#include <string>
#include <thread>

typedef struct ssl_ctx_st SSL_CTX;

namespace gw {

class TlsPipe {
 public:
  explicit TlsPipe(int upstream_port);
  ~TlsPipe();
  TlsPipe(const TlsPipe&) = delete;
  TlsPipe& operator=(const TlsPipe&) = delete;

  int port() const { return port_; }
  // https://127.0.0.1:PORT
  std::string url() const { return "https://127.0.0.1:" + std::to_string(port_); }
  // The PEM file of the CA that signed the pipe's certificate (trust it with
  // [upstream] ca_file or TlsClient::create).
  static const std::string& ca_file();
  // Connections accepted so far (TLS handshakes begun).
  int accepted() const { return accepted_.load(); }

 private:
  void accept_loop();
  void carry(int client_fd);

  int upstream_port_;
  int listen_fd_ = -1;
  int port_ = 0;
  SSL_CTX* ctx_ = nullptr;
  std::atomic<bool> stopping_{false};
  std::atomic<int> accepted_{0};
  std::thread acceptor_;
  std::mutex mu_;
  std::list<std::thread> carriers_;  // guarded by mu_
  std::list<int> open_fds_;          // guarded by mu_: shut down at stop
};

}  // namespace gw
