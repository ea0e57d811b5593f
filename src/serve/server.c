/*
 * server.c — libmicrohttpd glue: bind, answer GET/HEAD from the root, stop.
 *
 * We open the listening socket ourselves and hand it to libmicrohttpd
 * (MHD_OPTION_LISTEN_SOCKET) so that "port in use" becomes one clear
 * message naming the address, and so that port 0 can report the port the
 * kernel chose. libmicrohttpd then runs its own polling threads (a small
 * pool); the caller's thread is free to wait for a signal.
 *
 * libmicrohttpd would percent-decode the URL before we see it, turning
 * "%2F" into '/' and "%00" into the end of the string; we install an
 * identity unescaper so that the raw path reaches serve_path_normalize,
 * the one place that decodes. A normalized path is joined to the root's
 * realpath, resolved with realpath() and must still lie under the root:
 * a symlink inside public/ may point anywhere inside it, never out.
 *
 * Each answer: 200 with the file sent from its descriptor (never read
 * into memory), 304 when If-None-Match / If-Modified-Since say the
 * client's copy is current, 301 to the slash form for a directory, the
 * site's 404.html (status 404) for anything missing or hidden, 400, 403,
 * 405 (with Allow) or 414 with a short built-in page otherwise.
 *
 * libmicrohttpd is loaded by serve_start (serve_int.h): every call goes
 * through the nm_mhd table.
 *
 * Deliberately not here: directory listings, ranges, compression, caching
 * file descriptors, live reload.
 */
#include "serve.h"
#include "serve_int.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

struct serve_server {
    struct MHD_Daemon *daemon;
    char *root;      /* realpath of the root; xmalloc'd */
    size_t root_len;
    int port;
    bool access_log;
    char url[INET6_ADDRSTRLEN + 32];
};

/* ---- answers ------------------------------------------------------------ */

static const char *status_text(unsigned status)
{
    switch (status) {
    case 400: return "400 Bad Request";
    case 403: return "403 Forbidden";
    case 404: return "404 Not Found";
    case 405: return "405 Method Not Allowed";
    case 414: return "414 URI Too Long";
    default: return "500 Internal Server Error";
    }
}

/* in as sent, cut to fit, with control bytes shown as '?' so that a
 * request cannot write escape sequences to the terminal */
static void printable(const char *in, char *out, size_t cap)
{
    size_t n = 0;
    for (; in[n] && n + 1 < cap; n++)
        out[n] = (unsigned char)in[n] < 0x20 || in[n] == 0x7f ? '?' : in[n];
    out[n] = '\0';
}

static void access_log(const serve_server *s, struct MHD_Connection *c, const char *method,
                       const char *url, unsigned status, unsigned long long bytes)
{
    if (!s->access_log)
        return;
    char addr[INET6_ADDRSTRLEN] = "-";
    const union MHD_ConnectionInfo *ci =
        nm_mhd.get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ci && ci->client_addr) {
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, addr,
                      sizeof(addr));
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
                      addr, sizeof(addr));
    }
    char m[32], target[512];
    printable(method, m, sizeof(m));
    printable(url, target, sizeof(target));
    log_debug("%s \"%s %s\" %u %llu", addr, m, target, status, bytes);
}

static enum MHD_Result queue(const serve_server *s, struct MHD_Connection *c,
                             const char *method, const char *url, unsigned status,
                             struct MHD_Response *r, unsigned long long bytes)
{
    if (!r)
        return MHD_NO; /* out of memory in the library: drop the connection */
    enum MHD_Result ret = nm_mhd.queue_response(c, status, r);
    nm_mhd.destroy_response(r);
    access_log(s, c, method, url, status, strcmp(method, "HEAD") == 0 ? 0 : bytes);
    return ret;
}

/* A short built-in page for an error status. */
static enum MHD_Result reply_error(const serve_server *s, struct MHD_Connection *c,
                                   const char *method, const char *url, unsigned status)
{
    char body[160];
    int n = snprintf(body, sizeof(body),
                     "<!DOCTYPE html>\n<title>%s</title>\n<h1>%s</h1>\n", status_text(status),
                     status_text(status));
    struct MHD_Response *r =
        nm_mhd.create_response_from_buffer((size_t)n, body, MHD_RESPMEM_MUST_COPY);
    if (r) {
        nm_mhd.add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "text/html; charset=utf-8");
        if (status == 405)
            nm_mhd.add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
    }
    return queue(s, c, method, url, status, r, (unsigned long long)n);
}

/* ---- the file system side ---------------------------------------------- */

/* True when the absolute, symlink-free path p is the root or below it. */
static bool under_root(const serve_server *s, const char *p)
{
    size_t len = strlen(p);
    return len >= s->root_len && memcmp(p, s->root, s->root_len) == 0 &&
           (len == s->root_len || p[s->root_len] == '/' || s->root_len == 1 /* "/" */);
}

/* Resolves rel (normalized, relative) under the root into out. Returns 0
 * with *st filled, 404 when there is nothing there, 403 when it resolves
 * outside the root or may not be read. */
static unsigned resolve(const serve_server *s, const char *rel, char out[PATH_MAX],
                        struct stat *st)
{
    char joined[PATH_MAX];
    int n = snprintf(joined, sizeof(joined), "%s/%s", s->root, rel);
    if (n < 0 || (size_t)n >= sizeof(joined))
        return 404;
    if (!realpath(joined, out))
        return errno == EACCES ? 403 : 404;
    if (!under_root(s, out))
        return 403;
    if (stat(out, st) != 0)
        return 404;
    return 0;
}

/* Opens the regular file at path (from resolve) for sending: blocking,
 * not a FIFO or device, and, where /proc tells what was really opened,
 * still under the root (a directory swapped for a symlink between
 * realpath and open is caught here). -1 when it may not be sent. */
static int open_regular(const serve_server *s, const char *path, struct stat *st)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0)
        return -1;
    char link[64], opened[PATH_MAX];
    snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, opened, sizeof(opened) - 1);
    if (n > 0) {
        opened[n] = '\0';
        if (!under_root(s, opened))
            goto refuse;
    }
    if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode))
        goto refuse;
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) != 0)
        goto refuse;
    return fd;
refuse:
    close(fd);
    return -1;
}

static enum MHD_Result reply_not_found(const serve_server *s, struct MHD_Connection *c,
                                       const char *method, const char *url)
{
    char path[PATH_MAX];
    struct stat st;
    int fd = -1;
    if (resolve(s, "404.html", path, &st) == 0 && S_ISREG(st.st_mode))
        fd = open_regular(s, path, &st);
    if (fd < 0)
        return reply_error(s, c, method, url, 404);
    struct MHD_Response *r = nm_mhd.create_response_from_fd64((uint64_t)st.st_size, fd);
    if (!r) {
        close(fd);
        return MHD_NO;
    }
    nm_mhd.add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "text/html; charset=utf-8");
    nm_mhd.add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
    return queue(s, c, method, url, 404, r, (unsigned long long)st.st_size);
}

static enum MHD_Result reply_redirect(const serve_server *s, struct MHD_Connection *c,
                                      const char *method, const char *url, const char *rel)
{
    /* Built from the normalized path, never from the raw one: "//host/x"
     * must not become a protocol-relative redirect to another site. */
    nm_buf loc;
    buf_init(&loc, PATH_MAX * 3 + 2);
    buf_putc(&loc, '/');
    if (url_encode_path(&loc, rel, strlen(rel)) != 0 || (rel[0] && buf_putc(&loc, '/') != 0)) {
        buf_free(&loc);
        return reply_error(s, c, method, url, 414);
    }
    static const char body[] = "<!DOCTYPE html>\n<title>301 Moved Permanently</title>\n";
    struct MHD_Response *r = nm_mhd.create_response_from_buffer(
        sizeof(body) - 1, (void *)body, MHD_RESPMEM_PERSISTENT);
    if (r) {
        nm_mhd.add_response_header(r, MHD_HTTP_HEADER_LOCATION, buf_cstr(&loc));
        nm_mhd.add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "text/html; charset=utf-8");
    }
    buf_free(&loc);
    return queue(s, c, method, url, 301, r, sizeof(body) - 1);
}

/* True when If-None-Match (a list of entity tags, or "*") holds etag;
 * weak and strong tags compare alike, as RFC 9110 asks for GET. */
static bool etag_listed(const char *header, const char *etag)
{
    size_t el = strlen(etag);
    for (const char *p = header; *p;) {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        if (*p == '*')
            return true;
        if (p[0] == 'W' && p[1] == '/')
            p += 2;
        const char *end = p;
        while (*end && *end != ',')
            end++;
        size_t n = (size_t)(end - p);
        while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
            n--;
        if (n == el && memcmp(p, etag, el) == 0)
            return true;
        p = end;
    }
    return false;
}

static enum MHD_Result reply_file(const serve_server *s, struct MHD_Connection *c,
                                  const char *method, const char *url, const char *path)
{
    struct stat st;
    int fd = open_regular(s, path, &st);
    if (fd < 0)
        return reply_not_found(s, c, method, url);
    char etag[64], modified[32];
    snprintf(etag, sizeof(etag), "\"%llx-%llx-%llx\"", (unsigned long long)st.st_mtim.tv_sec,
             (unsigned long long)st.st_mtim.tv_nsec, (unsigned long long)st.st_size);
    date_format_rfc1123((int64_t)st.st_mtim.tv_sec, modified);

    const char *inm = nm_mhd.lookup_connection_value(c, MHD_HEADER_KIND, "If-None-Match");
    const char *ims = nm_mhd.lookup_connection_value(c, MHD_HEADER_KIND, "If-Modified-Since");
    bool current = false;
    if (inm) {
        current = etag_listed(inm, etag); /* If-Modified-Since is then ignored */
    } else if (ims) {
        int64_t t = date_parse(ims, strlen(ims), NULL);
        current = t != NM_NO_TIME && (int64_t)st.st_mtim.tv_sec <= t;
    }
    struct MHD_Response *r;
    unsigned status;
    unsigned long long bytes = 0;
    if (current) {
        close(fd);
        r = nm_mhd.create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
        status = 304;
    } else {
        r = nm_mhd.create_response_from_fd64((uint64_t)st.st_size, fd);
        if (!r)
            close(fd);
        status = 200;
        bytes = (unsigned long long)st.st_size;
    }
    if (r) {
        if (status == 200)
            nm_mhd.add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, serve_content_type(path));
        nm_mhd.add_response_header(r, MHD_HTTP_HEADER_LAST_MODIFIED, modified);
        nm_mhd.add_response_header(r, MHD_HTTP_HEADER_ETAG, etag);
        /* a preview: always revalidate, so an edit shows on reload */
        nm_mhd.add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
        nm_mhd.add_response_header(r, "X-Content-Type-Options", "nosniff");
    }
    return queue(s, c, method, url, status, r, bytes);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **req_cls)
{
    (void)version, (void)upload_data;
    const serve_server *s = cls;
    /* Other methods are answered at once: libmicrohttpd then closes the
     * connection instead of reading a body we do not want. */
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
        return reply_error(s, c, method, url, 405);
    /* GET and HEAD on the second call, once the request is read whole: a
     * response queued on the first call makes libmicrohttpd close the
     * connection (it cannot know what follows), losing keep-alive. */
    static int seen;
    if (!*req_cls) {
        *req_cls = &seen;
        return MHD_YES;
    }
    if (*upload_data_size != 0) {
        *upload_data_size = 0; /* a body on a GET: read and dropped */
        return MHD_YES;
    }

    char rel[PATH_MAX];
    bool slash;
    switch (serve_path_normalize(url, strlen(url), rel, sizeof(rel), &slash)) {
    case SERVE_PATH_OK: break;
    case SERVE_PATH_BAD: return reply_error(s, c, method, url, 400);
    case SERVE_PATH_FORBIDDEN: return reply_error(s, c, method, url, 403);
    case SERVE_PATH_HIDDEN: return reply_not_found(s, c, method, url);
    case SERVE_PATH_TOO_LONG: return reply_error(s, c, method, url, 414);
    }

    char path[PATH_MAX];
    struct stat st;
    unsigned code = resolve(s, rel, path, &st);
    if (code == 403)
        return reply_error(s, c, method, url, 403);
    if (code != 0)
        return reply_not_found(s, c, method, url);
    if (S_ISDIR(st.st_mode)) {
        if (!slash)
            return reply_redirect(s, c, method, url, rel);
        char index[PATH_MAX];
        int n = snprintf(index, sizeof(index), "%s%sindex.html", rel, rel[0] ? "/" : "");
        if (n < 0 || (size_t)n >= sizeof(index))
            return reply_error(s, c, method, url, 414);
        code = resolve(s, index, path, &st);
        if (code == 403)
            return reply_error(s, c, method, url, 403);
        if (code != 0)
            return reply_not_found(s, c, method, url);
    }
    if (!S_ISREG(st.st_mode))
        return reply_not_found(s, c, method, url);
    return reply_file(s, c, method, url, path);
}

/* ---- the daemon ---------------------------------------------------------- */

/* Leaves the raw, percent-encoded path alone (see the head comment). */
static size_t keep_escapes(void *cls, struct MHD_Connection *c, char *s)
{
    (void)cls, (void)c;
    return strlen(s);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char msg[1024];
    vsnprintf(msg, sizeof(msg), fmt, ap);
    size_t n = strlen(msg);
    while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
        msg[--n] = '\0';
    log_debug("http: %s", msg);
}

/* Binds and listens on host:port; fills s->port and s->url. */
static int listen_on(serve_server *s, const char *host, int port, nm_error *err)
{
    char where[300], service[16];
    bool v6_literal = strchr(host, ':') != NULL;
    snprintf(where, sizeof(where), v6_literal ? "[%s]:%d" : "%s:%d", host, port);
    snprintf(service, sizeof(service), "%d", port);
    struct addrinfo hints = {.ai_family = AF_UNSPEC,
                             .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_PASSIVE | AI_NUMERICSERV};
    struct addrinfo *ai = NULL;
    int rc = getaddrinfo(host, service, &hints, &ai);
    if (rc != 0)
        return nm_fail(err, where, 0, "cannot use this address: %s; give --bind an address "
                       "such as 127.0.0.1, ::1 or 0.0.0.0", gai_strerror(rc));
    /* non-blocking: the pool's threads all accept on it */
    int fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) {
        int e = errno;
        freeaddrinfo(ai);
        return nm_fail(err, where, 0, "cannot open a socket: %s", strerror(e));
    }
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, 128) != 0) {
        int e = errno;
        freeaddrinfo(ai);
        close(fd);
        if (e == EADDRINUSE)
            return nm_fail(err, where, 0,
                           "address already in use; stop the other server or choose another "
                           "port with -p PORT (-p 0 picks a free one)");
        if (e == EACCES)
            return nm_fail(err, where, 0,
                           "permission denied (ports below 1024 need privileges); choose "
                           "another port with -p PORT");
        if (e == EADDRNOTAVAIL)
            return nm_fail(err, where, 0,
                           "not an address of this machine; choose another with --bind");
        return nm_fail(err, where, 0, "cannot listen: %s", strerror(e));
    }
    freeaddrinfo(ai);
    struct sockaddr_storage ss;
    socklen_t sl = sizeof(ss);
    char addr[INET6_ADDRSTRLEN] = "?";
    if (getsockname(fd, (struct sockaddr *)&ss, &sl) != 0) {
        int e = errno;
        close(fd);
        return nm_fail(err, where, 0, "cannot read the bound address: %s", strerror(e));
    }
    if (ss.ss_family == AF_INET6) {
        const struct sockaddr_in6 *a6 = (const struct sockaddr_in6 *)&ss;
        inet_ntop(AF_INET6, &a6->sin6_addr, addr, sizeof(addr));
        s->port = ntohs(a6->sin6_port);
        snprintf(s->url, sizeof(s->url), "http://[%s]:%d/", addr, s->port);
    } else {
        const struct sockaddr_in *a4 = (const struct sockaddr_in *)&ss;
        inet_ntop(AF_INET, &a4->sin_addr, addr, sizeof(addr));
        s->port = ntohs(a4->sin_port);
        snprintf(s->url, sizeof(s->url), "http://%s:%d/", addr, s->port);
    }
    return fd;
}

serve_server *serve_start(const serve_options *o, nm_error *err)
{
    if (!o->root || !fs_is_dir(o->root)) {
        nm_fail(err, o->root ? o->root : "", 0, "no such directory; run 'newsmill build' first");
        return NULL;
    }
    if (o->port < 0 || o->port > 65535) {
        nm_fail(err, "", 0, "port %d is out of range (0-65535)", o->port);
        return NULL;
    }
    if (mhd_lib_load(err) != 0)
        return NULL;
    serve_server *s = xcalloc(1, sizeof(*s));
    s->access_log = o->access_log;
    s->root = realpath(o->root, NULL);
    if (!s->root) {
        nm_fail(err, o->root, 0, "cannot resolve the directory: %s", strerror(errno));
        free(s);
        return NULL;
    }
    s->root_len = strlen(s->root);
    int fd = listen_on(s, o->bind ? o->bind : "127.0.0.1", o->port, err);
    if (fd < 0) {
        free(s->root);
        free(s);
        return NULL;
    }
    int threads = nm_cpu_count();
    threads = threads < 2 ? 2 : threads > 8 ? 8 : threads;
    s->daemon = nm_mhd.start_daemon(
        MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG, 0, NULL, NULL, on_request, s,
        MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
        MHD_OPTION_LISTEN_SOCKET, fd,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads,
        MHD_OPTION_CONNECTION_TIMEOUT, 30u,
        MHD_OPTION_CONNECTION_LIMIT, 512u,
        MHD_OPTION_UNESCAPE_CALLBACK, keep_escapes, NULL,
        MHD_OPTION_END);
    if (!s->daemon) {
        close(fd);
        nm_fail(err, s->url, 0, "cannot start the HTTP server (libmicrohttpd refused)");
        free(s->root);
        free(s);
        return NULL;
    }
    return s;
}

int serve_port(const serve_server *s)
{
    return s->port;
}

const char *serve_url(const serve_server *s)
{
    return s->url;
}

void serve_stop(serve_server *s)
{
    if (!s)
        return;
    nm_mhd.stop_daemon(s->daemon); /* also closes the listening socket */
    free(s->root);
    free(s);
}
