/*
 * serve.h — the preview server: a built site's public/ over HTTP.
 *
 * `newsmill serve` answers GET and HEAD for the files under one root
 * directory, the way `hexo server` previews a site: a directory path gets
 * its index.html (after a 301 to the trailing-slash form), a missing file
 * gets the site's own 404.html with status 404, files go out straight
 * from their descriptor (libmicrohttpd sends them with sendfile), with a
 * Content-Type by extension and Last-Modified/ETag for 304 answers.
 *
 * Safety is the point of the module: a request path is percent-decoded
 * once, as UTF-8, by serve_path_normalize, which refuses ".." segments,
 * NUL bytes, encoded slashes and hidden names before the file system is
 * touched; the file the path names is then resolved with realpath() and
 * must lie under the root's realpath, so a symlink cannot lead out.
 *
 * With live_reload (serve --watch), every HTML page sent gets a small
 * script that reloads it after a rebuild and shows a build error (live.c);
 * the files on disk are never changed.
 *
 * Deliberately not here (yet): /api/search, directory
 * listings, ranges, compression, TLS. Bind to loopback; it is a preview.
 */
#ifndef NM_SERVE_H
#define NM_SERVE_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/util.h"

/* ---- request paths (path.c) ------------------------------------------- */

typedef enum serve_path_status {
    SERVE_PATH_OK = 0,
    SERVE_PATH_BAD,       /* not "/…", a malformed %XX, invalid UTF-8: 400 */
    SERVE_PATH_FORBIDDEN, /* a ".." segment, a NUL, an encoded '/': 403 */
    SERVE_PATH_HIDDEN,    /* a segment starting with '.' (.git …): 404 */
    SERVE_PATH_TOO_LONG,  /* decoded path does not fit in out: 414 */
} serve_path_status;

/* Decodes the path of a request target, raw[0..n) as the client sent it
 * (percent-encoded, query already split off), into out (cap bytes, NUL
 * terminated): the path relative to the site root, its segments joined by
 * single '/', with no leading or trailing '/', no empty, "." or ".."
 * segment, no NUL byte, valid UTF-8; "" is the root itself. "." segments
 * and repeated slashes are dropped; %XX is decoded exactly once (so
 * "%252e" is the name "%2e"). *trailing_slash says whether raw ended in
 * '/'. On any status but SERVE_PATH_OK, out holds "". Thread safe. */
serve_path_status serve_path_normalize(const char *raw, size_t n, char *out, size_t cap,
                                       bool *trailing_slash);

/* ---- content types (mime.c) ------------------------------------------- */

/* The Content-Type for a file name, by its extension (case-insensitive):
 * text types carry "; charset=utf-8"; atom.xml and rss*.xml get their
 * feed types; anything unknown is application/octet-stream. Returns a
 * static string. */
const char *serve_content_type(const char *name);

/* ---- the server (server.c) -------------------------------------------- */

typedef struct serve_options {
    const char *root;   /* directory to serve; must exist */
    const char *bind;   /* numeric address or host name; NULL: 127.0.0.1 */
    int port;           /* 0: any free port (see serve_port) */
    bool access_log;    /* one log_debug line per request */
    bool live_reload;   /* serve --watch: HTML gets the reload script (live.c) */
} serve_options;

typedef struct serve_server serve_server;

/* Binds, listens and starts answering on libmicrohttpd's own threads; the
 * caller's thread is free (cmd_serve waits for a signal). Returns NULL
 * with err filled when the root is missing ("DIR: no such directory"),
 * the address does not resolve or cannot be bound ("ADDR:PORT: address
 * already in use …"). The caller owns the server: serve_stop it. */
serve_server *serve_start(const serve_options *o, nm_error *err);
/* The port actually bound (useful after port 0). */
int serve_port(const serve_server *s);
/* "http://127.0.0.1:4000/" or "http://[::1]:4000/": owned by s. */
const char *serve_url(const serve_server *s);
/* With live_reload: the state open pages see. gen counts successful
 * builds (a new value reloads them); error (NULL or "" when none) shows
 * in them until the next successful build. Thread safe. */
void serve_set_build(serve_server *s, unsigned long gen, const char *error);
/* Stops listening, finishes or drops open connections, frees s. NULL ok. */
void serve_stop(serve_server *s);

#endif
