/*
 * pq_lib.h — libpq (PostgreSQL's client library) loaded at run time.
 *
 * Only a site whose store is a PostgreSQL server needs libpq; linked, it
 * (and its Kerberos, LDAP and TLS dependencies) would be mapped at the
 * start of every command of every site. pq_lib_load() dlopens
 * libpq.so.5 the first time a PostgreSQL store is opened and fills nm_pq;
 * store_pg.c calls nm_pq.exec() where it would call PQexec(). Each entry
 * of NM_PQ_FUNCS is (return type, name without "PQ", parameters).
 */
#ifndef NM_PQ_LIB_H
#define NM_PQ_LIB_H

#include <libpq-fe.h>

#include "util/util.h"

#define NM_PQ_FUNCS(X)                                                                       \
    X(PGconn *, connectdbParams,                                                             \
      (const char *const *keywords, const char *const *values, int expand_dbname))          \
    X(ConnStatusType, status, (const PGconn *conn))                                          \
    X(char *, errorMessage, (const PGconn *conn))                                            \
    X(void, finish, (PGconn * conn))                                                         \
    X(PQnoticeProcessor, setNoticeProcessor, (PGconn * conn, PQnoticeProcessor p, void *arg)) \
    X(PGresult *, exec, (PGconn * conn, const char *query))                                  \
    X(PGresult *, prepare,                                                                   \
      (PGconn * conn, const char *name, const char *query, int nparams, const Oid *types))   \
    X(PGresult *, execPrepared,                                                              \
      (PGconn * conn, const char *name, int nparams, const char *const *values,              \
       const int *lengths, const int *formats, int result_format))                           \
    X(PGresult *, execParams,                                                                \
      (PGconn * conn, const char *command, int nparams, const Oid *types,                    \
       const char *const *values, const int *lengths, const int *formats, int result_format)) \
    X(ExecStatusType, resultStatus, (const PGresult *res))                                   \
    X(char *, resultErrorMessage, (const PGresult *res))                                     \
    X(void, clear, (PGresult * res))                                                         \
    X(int, ntuples, (const PGresult *res))                                                   \
    X(char *, getvalue, (const PGresult *res, int row, int col))                             \
    X(int, getisnull, (const PGresult *res, int row, int col))

typedef struct nm_pq_api {
#define NM_PQ_FIELD(ret, name, params) ret(*name) params;
    NM_PQ_FUNCS(NM_PQ_FIELD)
#undef NM_PQ_FIELD
} nm_pq_api;

/* Valid once pq_lib_load() returned 0. */
extern nm_pq_api nm_pq;

/* Loads libpq once per process (thread safe); later calls report the
 * first outcome. -1 with err ("cannot load libpq (…); install the libpq5
 * package") when it is not there. */
int pq_lib_load(nm_error *err);

#endif
