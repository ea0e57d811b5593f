/*
 * watch.h — `serve --watch` (watch.c): rebuild on change, tell the pages.
 */
#ifndef NM_CLI_WATCH_H
#define NM_CLI_WATCH_H

#include <signal.h>

#include "../serve/serve.h"

/* Builds the site in site (the server s, started with live_reload, shows
 * its pages), then rebuilds after every change under source/, themes/ or
 * to _config.yml until a signal of stop arrives (stop must be blocked).
 * Returns 0, or -1 when inotify cannot be used (message logged). */
int serve_watch(const char *site, serve_server *s, const sigset_t *stop);

#endif
