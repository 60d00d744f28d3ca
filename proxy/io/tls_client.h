// tls_client.h - TLS for gw's own HTTP/1.1 client (PlainHttpClient) over
// OpenSSL: the trust and settings every https connection to a provider
// shares (TlsClient: an SSL_CTX), and the per-connection session (TlsSession)
// driven over a non-blocking socket by PlainConnection.
//
// Settings: TLS 1.2 or later; the peer's certificate verified against the
// system's CAs or [upstream] ca_file, and its name checked against the URL's
// host (DNS name or IP address); SNI for names; ALPN offers http/1.1 only.
// Sessions are resumed: each thread keeps the latest session ticket per
// host:port, so a new connection to a provider skips the full handshake.
//
// Thread-safety: a TlsClient may be shared by any number of threads (OpenSSL's
// SSL_CTX is, once set up); a TlsSession belongs to its connection.
#pragma once

#include <memory>
#include <string>

#include "core/base/result.h"

typedef struct ssl_ctx_st SSL_CTX;  // openssl/ssl.h stays in tls_client.cc
typedef struct ssl_st SSL;

namespace gw {

class TlsClient {
 public:
  // `ca_file`: a PEM bundle trusted instead of the system's (empty: the
  // system's). Errors (kConfig): the file cannot be read or holds no CA.
  static Result<std::shared_ptr<TlsClient>> create(const std::string& ca_file);
  ~TlsClient();
  TlsClient(const TlsClient&) = delete;
  TlsClient& operator=(const TlsClient&) = delete;

  // A new client session for `host` (connect to it by its "host:port"
  // `authority`), resuming this thread's last session with it when there is
  // one. Null only when OpenSSL cannot allocate.
  SSL* new_session(const std::string& host, const std::string& authority) const;

 private:
  explicit TlsClient(SSL_CTX* ctx) : ctx_(ctx) {}
  SSL_CTX* ctx_;
};

// Frees a session made by TlsClient::new_session (null: nothing), keeping
// its ticket resumable.
void free_tls_session(SSL* ssl);

// OpenSSL's queue of errors for this thread, as one line (and cleared).
std::string tls_error_text();

}  // namespace gw
