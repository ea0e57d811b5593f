/*
 * fetch_int.h — private to src/fetch/: libcurl, loaded when a fetch starts.
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
 * libcurl: …; install the libcurl4 package") when it is not there. */
int curl_lib_load(nm_error *err);

#endif
