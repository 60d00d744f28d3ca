// lazy_library.h - a shared library opened on first use instead of at
// start. libcurl and libpq, with what they pull in (GnuTLS, Kerberos,
// LDAP, SASL, libssh2 and a dozen more), are over 4 MB of resident memory
// and most of the start-up time of every `gw` command, while a default
// `gw serve` never calls them: its https goes through gw's own client and
// its database is SQLite. lazy_curl.cc and lazy_pq.cc define the C
// functions gw calls and forward each to the library's own, opened here.
//
// Thread-safety: symbol() may be called from any thread (the library is
// opened once, under a function-local static's guard).
#pragma once

namespace gw {

// The address of `name` in the library `soname` (e.g. "libcurl.so.4"),
// opening it on first use. A library or symbol that cannot be found ends
// the process with a message naming it and the Debian package that has it:
// gw's package depends on it, so this is a broken installation.
void* lazy_symbol(const char* soname, const char* package, const char* name);

// A typed pointer to the function `name`, looked up once per call site.
template <class F>
F lazy_function(const char* soname, const char* package, const char* name) {
  return reinterpret_cast<F>(lazy_symbol(soname, package, name));
}

}  // namespace gw
