/*
 * serve_int.h — what the files of the serve module share: the server's
 * state (server.c) and the live-reload helpers (live.c). Not for other
 * modules.
 */
#ifndef NM_SERVE_INT_H
#define NM_SERVE_INT_H

#include "serve.h"

#include <limits.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <pthread.h>

struct serve_server {
    struct MHD_Daemon *daemon;
    char *root;      /* realpath of the root; xmalloc'd */
    size_t root_len;
    int port;
    bool access_log;
    char url[INET6_ADDRSTRLEN + 32];
    /* serve --watch */
    bool live;               /* inject the script, answer /__newsmill/live */
    pthread_mutex_t live_mu; /* guards the two below */
    unsigned long live_gen;  /* builds that succeeded */
    char *live_error;        /* the last build's error, or NULL; xmalloc'd */
};

#define SERVE_LIVE_PATH "/__newsmill/live"

/* {"gen":N,"error":"…"|null}; caller frees. */
char *serve_live_status(serve_server *s, size_t *len);
/* html[0, n) with the reload script before </body>; caller frees. */
char *serve_live_inject(const char *html, size_t n, size_t *len);

#endif
