/*
 * serve_int.h — private to src/serve/: libmicrohttpd, loaded when `serve`
 * starts (the same idea as src/fetch/fetch_int.h).
 *
 * Debian's libmicrohttpd links GnuTLS and its dependencies; linked into
 * newsmill they would be mapped at the start of every command. serve_start
 * calls mhd_lib_load(), which dlopens libmicrohttpd.so.12 and fills
 * nm_mhd; the code calls nm_mhd.queue_response() where it would call
 * MHD_queue_response(). A new function is one line of NM_MHD_FUNCS
 * (return type, name without "MHD_", parameters). start_daemon is
 * variadic and is called through a variadic pointer, as the symbol is.
 */
#ifndef NM_SERVE_INT_H
#define NM_SERVE_INT_H

#include <microhttpd.h>

#include "util/util.h"

#define NM_MHD_FUNCS(X)                                                                    \
    X(struct MHD_Daemon *, start_daemon,                                                   \
      (unsigned int flags, uint16_t port, MHD_AcceptPolicyCallback apc, void *apc_cls,     \
       MHD_AccessHandlerCallback dh, void *dh_cls, ...))                                   \
    X(void, stop_daemon, (struct MHD_Daemon * d))                                          \
    X(struct MHD_Response *, create_response_from_buffer,                                  \
      (size_t size, void *buffer, enum MHD_ResponseMemoryMode mode))                       \
    X(struct MHD_Response *, create_response_from_fd64, (uint64_t size, int fd))           \
    X(enum MHD_Result, add_response_header,                                                \
      (struct MHD_Response * r, const char *header, const char *content))                  \
    X(enum MHD_Result, queue_response,                                                     \
      (struct MHD_Connection * c, unsigned int status, struct MHD_Response *r))            \
    X(void, destroy_response, (struct MHD_Response * r))                                   \
    X(const char *, lookup_connection_value,                                               \
      (struct MHD_Connection * c, enum MHD_ValueKind kind, const char *key))               \
    X(const union MHD_ConnectionInfo *, get_connection_info,                               \
      (struct MHD_Connection * c, enum MHD_ConnectionInfoType type, ...))

typedef struct nm_mhd_api {
#define NM_MHD_FIELD(ret, name, params) ret(*name) params;
    NM_MHD_FUNCS(NM_MHD_FIELD)
#undef NM_MHD_FIELD
} nm_mhd_api;

/* Valid once mhd_lib_load() returned 0. */
extern nm_mhd_api nm_mhd;

/* Loads libmicrohttpd once per process (thread safe). -1 with err
 * ("cannot load libmicrohttpd: …; install the libmicrohttpd12 package")
 * when it is not there. */
int mhd_lib_load(nm_error *err);

#endif
