// tls_pipe.cc - TlsPipe: the test TLS terminator. Contracts in tls_pipe.h.
#include "tests/support/tls_pipe.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>

namespace gw {
namespace {

struct TestCa {
  std::string dir, ca, cert, key;
};

// The throwaway CA and the pipe's certificate, made once per process.
const TestCa& test_ca() {
  static const TestCa ca = [] {
    char dir_template[] = "/tmp/gw-test-ca.XXXXXX";
    const char* dir = ::mkdtemp(dir_template);
    if (!dir) throw std::runtime_error("mkdtemp failed");
    std::string cmd = std::string(GW_SOURCE_DIR) + "/tests/support/make_test_ca.sh " + dir;
    if (std::system(cmd.c_str()) != 0) throw std::runtime_error("make_test_ca.sh failed");
    std::string d = dir;
    static const std::string* remove_at_exit = new std::string("rm -rf " + d);  // outlives static destructors
    std::atexit([] { [[maybe_unused]] int rc = std::system(remove_at_exit->c_str()); });
    return TestCa{d, d + "/ca.pem", d + "/server.pem", d + "/server.key"};
  }();
  return ca;
}

int connect_loopback(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

bool write_all(int fd, const char* data, size_t size) {
  while (size > 0) {
    ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
    if (n <= 0) return false;
    data += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

const std::string& TlsPipe::ca_file() { return test_ca().ca; }

TlsPipe::TlsPipe(int upstream_port) : upstream_port_(upstream_port) {
  const TestCa& ca = test_ca();
  ctx_ = SSL_CTX_new(TLS_server_method());
  if (!ctx_ || SSL_CTX_use_certificate_chain_file(ctx_, ca.cert.c_str()) != 1 ||
      SSL_CTX_use_PrivateKey_file(ctx_, ca.key.c_str(), SSL_FILETYPE_PEM) != 1)
    throw std::runtime_error("TlsPipe: cannot load the test certificate");
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), len) != 0 || ::listen(listen_fd_, 128) != 0 ||
      ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
    throw std::runtime_error("TlsPipe: cannot listen");
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
}

TlsPipe::~TlsPipe() {
  stopping_ = true;
  ::shutdown(listen_fd_, SHUT_RDWR);
  acceptor_.join();
  ::close(listen_fd_);
  std::list<std::thread> carriers;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (int fd : open_fds_) ::shutdown(fd, SHUT_RDWR);
    carriers.swap(carriers_);
  }
  for (auto& t : carriers) t.join();
  SSL_CTX_free(ctx_);
}

void TlsPipe::accept_loop() {
  for (;;) {
    int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
      if (stopping_) return;
      continue;
    }
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    ++accepted_;
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) {
      ::close(fd);
      return;
    }
    open_fds_.push_back(fd);
    carriers_.emplace_back([this, fd] { carry(fd); });
  }
}

void TlsPipe::carry(int client_fd) {
  SSL* ssl = SSL_new(ctx_);
  SSL_set_fd(ssl, client_fd);
  int upstream = -1;
  if (SSL_accept(ssl) == 1) upstream = connect_loopback(upstream_port_);
  if (upstream >= 0) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      open_fds_.push_back(upstream);
    }
    char buf[16384];
    for (;;) {
      pollfd fds[2] = {{client_fd, POLLIN, 0}, {upstream, POLLIN, 0}};
      if (SSL_pending(ssl) == 0 && ::poll(fds, 2, -1) < 0) break;
      if (SSL_pending(ssl) > 0 || (fds[0].revents & (POLLIN | POLLHUP | POLLERR))) {
        int n = SSL_read(ssl, buf, sizeof buf);
        if (n <= 0 || !write_all(upstream, buf, static_cast<size_t>(n))) break;
      }
      if (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) {
        ssize_t n = ::recv(upstream, buf, sizeof buf, 0);
        if (n <= 0 || SSL_write(ssl, buf, static_cast<int>(n)) <= 0) break;
      }
    }
  }
  ERR_clear_error();
  SSL_free(ssl);  // no close_notify: the client sees the connection close, as the upstream closed it
  std::lock_guard<std::mutex> lock(mu_);
  for (int fd : {client_fd, upstream}) {
    if (fd < 0) continue;
    open_fds_.remove(fd);
    ::close(fd);
  }
}

}  // namespace gw
