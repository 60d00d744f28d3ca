// lazy_curl.cc - libcurl's functions as gw calls them, each forwarding to
// libcurl opened on first use (lazy_library.h). The variadic setters take
// the one argument their option's type says (curl.h: CURLOPTTYPE_*), as
// libcurl's own do. The first handle made initializes libcurl, once for
// all threads (curl_global_init is not thread-safe; left to itself, each
// handle's first use would call it).
#define CURL_DISABLE_TYPECHECK  // the macros of typecheck-gcc.h would rename the definitions below
#include <curl/curl.h>

#include <cstdarg>
#include <mutex>

#include "proxy/io/lazy_library.h"

namespace {

template <class F>
F curl_fn(const char* name) {
  return gw::lazy_function<F>("libcurl.so.4", "libcurl4", name);
}

// A pointer-sized argument of any kind (object, string, function, blob).
template <class F, class Handle, class Option>
auto forward_option(const char* name, Handle h, Option option, va_list args) {
  static const auto f = curl_fn<F>(name);
  const long kind = static_cast<long>(option) / 10000 * 10000;
  if (kind == CURLOPTTYPE_LONG) return f(h, option, va_arg(args, long));
  if (kind == CURLOPTTYPE_OFF_T) return f(h, option, va_arg(args, curl_off_t));
  return f(h, option, va_arg(args, void*));
}

// Before the first handle of any kind.
void initialize_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace

// Defines `name` to forward its arguments to libcurl's (GW_FORWARD_INIT:
// after initializing libcurl, for the functions that make a handle).
#define GW_FORWARD(ret, name, params, args)                \
  ret name params {                                        \
    static const auto f = curl_fn<decltype(&name)>(#name); \
    return f args;                                         \
  }
#define GW_FORWARD_INIT(ret, name, params, args)           \
  ret name params {                                        \
    static const auto f = curl_fn<decltype(&name)>(#name); \
    initialize_once();                                     \
    return f args;                                         \
  }

extern "C" {

GW_FORWARD(CURLcode, curl_global_init, (long flags), (flags))

GW_FORWARD_INIT(CURL*, curl_easy_init, (), ())

GW_FORWARD(void, curl_easy_cleanup, (CURL * h), (h))

GW_FORWARD(void, curl_easy_reset, (CURL * h), (h))

GW_FORWARD(const char*, curl_easy_strerror, (CURLcode code), (code))

GW_FORWARD(struct curl_slist*, curl_slist_append, (struct curl_slist * list, const char* text), (list, text))

GW_FORWARD(void, curl_slist_free_all, (struct curl_slist * list), (list))

GW_FORWARD_INIT(CURLM*, curl_multi_init, (), ())

GW_FORWARD(CURLMcode, curl_multi_cleanup, (CURLM * m), (m))

GW_FORWARD(CURLMcode, curl_multi_add_handle, (CURLM * m, CURL* h), (m, h))

GW_FORWARD(CURLMcode, curl_multi_remove_handle, (CURLM * m, CURL* h), (m, h))

GW_FORWARD(CURLMsg*, curl_multi_info_read, (CURLM * m, int* left), (m, left))

GW_FORWARD(CURLMcode, curl_multi_socket_action, (CURLM * m, curl_socket_t s, int events, int* running),
           (m, s, events, running))

GW_FORWARD(CURLMcode, curl_multi_poll,
           (CURLM * m, struct curl_waitfd extra[], unsigned int count, int timeout_ms, int* ready),
           (m, extra, count, timeout_ms, ready))

GW_FORWARD(CURLMcode, curl_multi_perform, (CURLM * m, int* running), (m, running))

GW_FORWARD_INIT(CURLSH*, curl_share_init, (), ())

GW_FORWARD(CURLSHcode, curl_share_cleanup, (CURLSH * s), (s))

CURLcode curl_easy_setopt(CURL* h, CURLoption option, ...) {
  va_list args;
  va_start(args, option);
  CURLcode rc = forward_option<decltype(&curl_easy_setopt)>("curl_easy_setopt", h, option, args);
  va_end(args);
  return rc;
}

CURLMcode curl_multi_setopt(CURLM* m, CURLMoption option, ...) {
  va_list args;
  va_start(args, option);
  CURLMcode rc = forward_option<decltype(&curl_multi_setopt)>("curl_multi_setopt", m, option, args);
  va_end(args);
  return rc;
}

// CURLSHOPT_SHARE and _UNSHARE take an int (curl_lock_data); the others a
// pointer (lock functions, user data).
CURLSHcode curl_share_setopt(CURLSH* s, CURLSHoption option, ...) {
  static const auto f = curl_fn<decltype(&curl_share_setopt)>("curl_share_setopt");
  va_list args;
  va_start(args, option);
  CURLSHcode rc = option == CURLSHOPT_SHARE || option == CURLSHOPT_UNSHARE ? f(s, option, va_arg(args, int))
                                                                           : f(s, option, va_arg(args, void*));
  va_end(args);
  return rc;
}

// Every CURLINFO_* takes a pointer to where the answer goes.
CURLcode curl_easy_getinfo(CURL* h, CURLINFO info, ...) {
  static const auto f = curl_fn<decltype(&curl_easy_getinfo)>("curl_easy_getinfo");
  va_list args;
  va_start(args, info);
  CURLcode rc = f(h, info, va_arg(args, void*));
  va_end(args);
  return rc;
}

}  // extern "C"
