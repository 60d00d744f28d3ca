// lazy_pq.cc - libpq's functions as gw calls them (proxy/io/pg_database.cc),
// each forwarding to libpq opened on first use (lazy_library.h): a gw on
// SQLite never loads it.
#include <libpq-fe.h>

#include "proxy/io/lazy_library.h"

namespace {

template <class F>
F pq_fn(const char* name) {
  return gw::lazy_function<F>("libpq.so.5", "libpq5", name);
}

}  // namespace

// Defines `name` to forward its arguments to libpq's.
#define GW_FORWARD(ret, name, params, args)              \
  ret name params {                                      \
    static const auto f = pq_fn<decltype(&name)>(#name); \
    return f args;                                       \
  }

extern "C" {

GW_FORWARD(PGconn*, PQconnectdb, (const char* conninfo), (conninfo))

GW_FORWARD(void, PQfinish, (PGconn * c), (c))

GW_FORWARD(ConnStatusType, PQstatus, (const PGconn* c), (c))

GW_FORWARD(char*, PQerrorMessage, (const PGconn* c), (c))

GW_FORWARD(PQnoticeProcessor, PQsetNoticeProcessor, (PGconn * c, PQnoticeProcessor proc, void* arg), (c, proc, arg))

GW_FORWARD(int, PQsendQuery, (PGconn * c, const char* query), (c, query))

int PQsendQueryParams(PGconn* c, const char* command, int count, const Oid* types, const char* const* values,
                      const int* lengths, const int* formats, int result_format) {
  static const auto f = pq_fn<decltype(&PQsendQueryParams)>("PQsendQueryParams");
  return f(c, command, count, types, values, lengths, formats, result_format);
}

GW_FORWARD(int, PQflush, (PGconn * c), (c))

GW_FORWARD(int, PQsocket, (const PGconn* c), (c))

GW_FORWARD(int, PQconsumeInput, (PGconn * c), (c))

GW_FORWARD(int, PQisBusy, (PGconn * c), (c))

GW_FORWARD(PGresult*, PQgetResult, (PGconn * c), (c))

GW_FORWARD(void, PQclear, (PGresult * r), (r))

GW_FORWARD(ExecStatusType, PQresultStatus, (const PGresult* r), (r))

GW_FORWARD(char*, PQcmdTuples, (PGresult * r), (r))

GW_FORWARD(int, PQntuples, (const PGresult* r), (r))

GW_FORWARD(int, PQnfields, (const PGresult* r), (r))

GW_FORWARD(Oid, PQftype, (const PGresult* r, int column), (r, column))

GW_FORWARD(int, PQgetisnull, (const PGresult* r, int row, int column), (r, row, column))

GW_FORWARD(char*, PQgetvalue, (const PGresult* r, int row, int column), (r, row, column))

GW_FORWARD(int, PQgetlength, (const PGresult* r, int row, int column), (r, row, column))

}  // extern "C"
