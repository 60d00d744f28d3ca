// curl_transfer.h - CurlTransfer: one HTTP exchange on a libcurl easy
// handle, the part gw's two curl drivers share: how the handle is set up for
// an HttpRequest (TLS trust, HTTP version, headers, body), the callbacks that
// collect the response head and the body, and how curl's errors become gw's
// transport errors. A driver (CurlHttpClient on an ordinary thread,
// FiberCurlClient on a fiber loop) owns the multi handle the transfer runs
// in and implements wait(): "make progress until this transfer wants no more".
//
// Thread-safety: a transfer belongs to the thread (or fiber loop) that
// opened it; its cancel flag may be set from any thread.
#pragma once

#include <curl/curl.h>

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "core/http/http_types.h"

namespace gw {

// How gw sets up every transfer to a provider ([upstream] in the config).
struct CurlOptions {
  std::string ca_file;  // PEM bundle trusted instead of the system's; empty: the system's
  bool http2 = false;   // offer HTTP/2 (ALPN) on https; HTTP/1.1 when the provider declines
};

// Idle easy handles of one thread, reused so a transfer costs no handle set-up.
class CurlEasyPool {
 public:
  CurlEasyPool() = default;
  CurlEasyPool(const CurlEasyPool&) = delete;
  CurlEasyPool& operator=(const CurlEasyPool&) = delete;
  ~CurlEasyPool();
  // A reset handle (reused when one is idle), or nullptr.
  CURL* acquire();
  // Takes back a handle that is in no multi handle.
  void release(CURL* easy);
  // Frees every idle handle (before the share handle they use is freed).
  void clear();

 private:
  static constexpr size_t kMaxIdle = 16;
  std::vector<CURL*> idle_;
};

class CurlTransfer : public ResponseStream {
 public:
  int status() const override { return status_; }
  const Headers& headers() const override { return headers_; }
  const Status& error() const override { return error_; }
  bool next(std::string& chunk) override;

 protected:
  // What a driver's wait() is waiting for.
  enum class Want { kHead, kBody };

  explicit CurlTransfer(const HttpRequest& request);
  ~CurlTransfer() override;

  // Sets up `easy` (fresh or reset) for `request`; the callbacks fill this.
  void configure(CURL* easy, const HttpRequest& request, const CurlOptions& options);
  // Waits (driving curl) until wants(want) is false. Ends with finished_ set
  // when the transfer ended, by curl or by fail().
  virtual void wait(Want want) = 0;
  // Called from curl's callbacks when head or body bytes arrived or the
  // transfer ended; a fiber driver wakes the transfer's fiber.
  virtual void progressed() {}

  bool wants(Want want) const { return !finished_ && (want == Want::kHead ? !head_done_ : pending_.empty()); }
  // The transfer ended as curl says (CURLE_OK: cleanly).
  void finish(CURLcode code);
  // Ends the transfer early with `error`.
  void fail(Error error);
  // Status after open's wait for the head.
  Status head_status() const;
  // The read-timeout (or cancel) check between waits: fails the transfer and
  // returns false when it is over. Sets `deadline_ns` (monotonic; -1 none)
  // to the next moment it must be looked at again.
  bool within_limits(int64_t now_ns, int64_t& deadline_ns);

  const std::string authority_;
  CURL* easy_ = nullptr;
  bool finished_ = false;

 private:
  static int on_connected(void* self, char*, char*, int, int);
  static size_t on_body(char* data, size_t size, size_t count, void* self);
  static size_t on_header(char* data, size_t size, size_t count, void* self);
  Error map_error(CURLcode code) const;

  const int connect_timeout_ms_;
  const int read_timeout_ms_;        // <= 0: no read timeout
  const std::atomic<bool>* cancel_;  // null: the transfer cannot be cancelled
  const std::string body_;           // our copy: curl reads it during the transfer
  curl_slist* header_list_ = nullptr;
  bool connected_ = false;  // connection established (or reused); read timeout applies
  bool head_done_ = false;
  int64_t last_activity_ns_ = 0;
  int status_ = 0;
  Headers headers_;
  std::string pending_;  // body bytes received but not yet handed out by next()
  Status error_ = ok_status();
  char error_buffer_[CURL_ERROR_SIZE] = {};
};

}  // namespace gw
