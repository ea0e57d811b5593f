/*
 * server.h — private to src/serve/: the server's state, shared by
 * server.c (the answers) and live.c (serve --watch: the build state and
 * the reload script).
 */
#ifndef NM_SERVE_SERVER_H
#define NM_SERVE_SERVER_H

#include "serve.h"

#include <arpa/inet.h>
#include <netinet/in.h>
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
