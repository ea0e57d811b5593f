/*
 * fetch_int.h — private to src/fetch/: libcurl, loaded when a fetch starts,
 * and the per-host pacing of pace.c, used by http.c's transfer loop.
 *
 * newsmill does not link libcurl: its TLS, HTTP/2, LDAP, Kerberos, SSH …
 * libraries would be mapped and relocated at the start of every command,
 * also of the ones that never touch the network (`post show`, `check`,
 * `sanitize` in a git hook). curl_lib_load() dlopens libcurl.so.4 the first
 * time a fetch needs it and fills nm_curl with its functions; the code
 * calls nm_curl.easy_init() where it would call curl_easy_init().
 *
 * All libcurl use stays in src/fetch/. A new libcurl function is one line
 * of NM_CURL_FUNCS below (return type, name without "curl_", parameters).
 * The variadic ones (easy_setopt, easy_getinfo, multi_setopt) are called
 * through a variadic pointer, exactly as through the linked symbol, so the
 * same argument rules hold: a long for LONG options (< 10000), a pointer
 * for OBJECTPOINT and FUNCTIONPOINT ones (< 30000), a curl_off_t for OFF_T
 * ones (>= 30000) — cast constants: (long)1, (curl_off_t)n.
 */
#ifndef NM_FETCH_INT_H
#define NM_FETCH_INT_H

#include <curl/curl.h>

#include "fetch.h"
#include "util/util.h"

#define NM_CURL_FUNCS(X)                                                                   \
    X(CURLcode, global_init, (long flags))                                                 \
    X(CURL *, easy_init, (void))                                                           \
    X(CURLcode, easy_setopt, (CURL * h, CURLoption opt, ...))                              \
    X(CURLcode, easy_getinfo, (CURL * h, CURLINFO info, ...))                              \
    X(void, easy_cleanup, (CURL * h))                                                      \
    X(const char *, easy_strerror, (CURLcode cc))                                          \
    X(struct curl_slist *, slist_append, (struct curl_slist * l, const char *s))           \
    X(void, slist_free_all, (struct curl_slist * l))                                       \
    X(CURLM *, multi_init, (void))                                                         \
    X(CURLMcode, multi_setopt, (CURLM * m, CURLMoption opt, ...))                          \
    X(CURLMcode, multi_add_handle, (CURLM * m, CURL * h))                                  \
    X(CURLMcode, multi_remove_handle, (CURLM * m, CURL * h))                               \
    X(CURLMcode, multi_perform, (CURLM * m, int *running))                                 \
    X(CURLMcode, multi_poll, (CURLM * m, struct curl_waitfd * fds, unsigned n, int ms,     \
                              int *numfds))                                                \
    X(CURLMsg *, multi_info_read, (CURLM * m, int *left))                                  \
    X(CURLMcode, multi_cleanup, (CURLM * m))

typedef struct nm_curl_api {
#define NM_CURL_FIELD(ret, name, params) ret(*name) params;
    NM_CURL_FUNCS(NM_CURL_FIELD)
#undef NM_CURL_FIELD
} nm_curl_api;

/* Valid once curl_lib_load() returned 0. */
extern nm_curl_api nm_curl;

/* Loads libcurl and runs curl_global_init once per process (thread safe);
 * later calls only report the first outcome. -1 with err ("cannot load
 * libcurl (…); install the libcurl4 package") when it is not there. */
int curl_lib_load(nm_error *err);

/* Which request may start now, host by host: at most per_host transfers
 * at once, starts at least host_interval_ms apart, and none before a
 * host's Retry-After has passed. Requests start in list order within a
 * host. Times are milliseconds of a monotonic clock. Not thread safe. */
typedef struct pace pace;

pace *pace_new(const fetch_request *reqs, size_t n, const fetch_opts *o);
void pace_free(pace *p);

typedef enum pace_verdict {
    PACE_START,    /* *idx may start now */
    PACE_REFUSE,   /* *idx is not to be sent: its host asked to wait longer
                      than max_wait; *wait_s seconds are left */
    PACE_WAIT,     /* nothing may start yet; *wait_ms until something may
                      (-1: only a transfer's end can change that) */
    PACE_EMPTY,    /* every request was handed out */
} pace_verdict;

pace_verdict pace_next(pace *p, int64_t now_ms, size_t *idx, int64_t *wait_ms, int64_t *wait_s);
/* Request idx ended; retry_after_s >= 0 when its host said so (429/503). */
void pace_done(pace *p, size_t idx, int64_t now_ms, int64_t retry_after_s);

#endif
