// tls_client.cc - TlsClient: the SSL_CTX for providers and this thread's
// resumable sessions. Contracts in tls_client.h.
#include "proxy/io/tls_client.h"

#include <arpa/inet.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <map>

namespace gw {
namespace {

// The index of the SSL ex_data slot that holds a session's "host:port".
int authority_slot() {
  static const int slot = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
  return slot;
}

// This thread's latest session per (context, host:port). Sessions are
// reference-counted by OpenSSL; the map holds one reference each.
class SessionStore {
 public:
  static SessionStore& this_thread() {
    thread_local SessionStore store;
    return store;
  }
  ~SessionStore() {
    for (auto& [key, session] : sessions_) SSL_SESSION_free(session);
  }
  void keep(const std::string& key, SSL_SESSION* session) {
    auto [it, added] = sessions_.try_emplace(key, session);
    if (!added) {
      SSL_SESSION_free(it->second);
      it->second = session;
    }
  }
  SSL_SESSION* find(const std::string& key) const {
    auto it = sessions_.find(key);
    return it == sessions_.end() ? nullptr : it->second;
  }

 private:
  std::map<std::string, SSL_SESSION*> sessions_;
};

std::string session_key(const SSL_CTX* ctx, const std::string& authority) {
  return std::to_string(reinterpret_cast<uintptr_t>(ctx)) + " " + authority;
}

// OpenSSL's new-session callback (TLS 1.3 tickets arrive after the handshake).
int on_new_session(SSL* ssl, SSL_SESSION* session) {
  auto* authority = static_cast<const std::string*>(SSL_get_ex_data(ssl, authority_slot()));
  if (!authority) return 0;
  SessionStore::this_thread().keep(session_key(SSL_get_SSL_CTX(ssl), *authority), session);
  return 1;  // we keep the reference
}

void free_authority(SSL* ssl) {
  delete static_cast<const std::string*>(SSL_get_ex_data(ssl, authority_slot()));
  SSL_set_ex_data(ssl, authority_slot(), nullptr);
}

bool is_ip_address(const std::string& host) {
  unsigned char buf[16];
  return ::inet_pton(AF_INET, host.c_str(), buf) == 1 || ::inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

}  // namespace

std::string tls_error_text() {
  std::string text;
  while (unsigned long e = ERR_get_error()) {
    char line[256];
    ERR_error_string_n(e, line, sizeof line);
    if (!text.empty()) text += "; ";
    text += line;
  }
  return text.empty() ? "TLS error" : text;
}

Result<std::shared_ptr<TlsClient>> TlsClient::create(const std::string& ca_file) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  if (!ctx) return make_error(ErrorKind::kInternal, "cannot create a TLS context: " + tls_error_text());
  std::shared_ptr<TlsClient> client(new TlsClient(ctx));
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
  bool trusted = ca_file.empty() ? SSL_CTX_set_default_verify_paths(ctx) == 1
                                 : SSL_CTX_load_verify_locations(ctx, ca_file.c_str(), nullptr) == 1;
  if (!trusted)
    return make_error(ErrorKind::kConfig, (ca_file.empty() ? std::string("the system's CA certificates")
                                                           : "[upstream] ca_file " + ca_file) +
                                              ": " + tls_error_text());
  static const unsigned char kAlpn[] = {8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
  SSL_CTX_set_alpn_protos(ctx, kAlpn, sizeof kAlpn);
  SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);  // an idle pooled connection keeps no 34 KB of buffers
  SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
  SSL_CTX_sess_set_new_cb(ctx, &on_new_session);
  return client;
}

TlsClient::~TlsClient() { SSL_CTX_free(ctx_); }

SSL* TlsClient::new_session(const std::string& host, const std::string& authority) const {
  SSL* ssl = SSL_new(ctx_);
  if (!ssl) return nullptr;
  if (is_ip_address(host)) {
    X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host.c_str());
  } else {
    SSL_set_tlsext_host_name(ssl, host.c_str());
    SSL_set1_host(ssl, host.c_str());
  }
  SSL_set_ex_data(ssl, authority_slot(), new std::string(authority));
  if (SSL_SESSION* resumed = SessionStore::this_thread().find(session_key(ctx_, authority)))
    SSL_set_session(ssl, resumed);
  return ssl;
}

// Frees a session made by new_session (PlainConnection's destructor).
void free_tls_session(SSL* ssl) {
  if (!ssl) return;
  free_authority(ssl);
  SSL_set_quiet_shutdown(ssl, 1);  // no close_notify on the wire; the session stays resumable
  SSL_shutdown(ssl);
  SSL_free(ssl);
}

}  // namespace gw
