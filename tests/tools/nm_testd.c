/*
 * nm_testd.c — a loopback HTTP server of feed fixtures with fault modes,
 * for the fetch tests and the fetch benchmark.
 *
 *   nm_testd ROOT [--log FILE] [--all-loopback]
 *
 * Binds 127.0.0.1 on a port the OS chooses, prints the port on stdout,
 * serves until SIGTERM/SIGINT. With --all-loopback it answers on every
 * address of 127.0.0.0/8 (it binds the wildcard address and refuses any
 * peer outside that range), so a bench can give each "host" an address
 * of its own, as feeds on the internet have. The first path segment picks the mode; the
 * rest names a file under ROOT:
 *
 *   /feed/NAME            the file, with ETag and Last-Modified; answers 304
 *                         to a matching If-None-Match / If-Modified-Since
 *   /slow/NAME            the file, 16 bytes a second
 *   /reset/NAME           half the file, then the connection is dropped
 *   /status/CODE          that status (500, 404 …) with a short body
 *   /retry/SECS           429 Too Many Requests, Retry-After: SECS
 *   /unavailable/SECS     503 Service Unavailable, Retry-After: SECS
 *   /gzip/NAME            NAME.gz sent with Content-Encoding: gzip
 *   /charset/CS/NAME      the file labelled "charset=CS" (a wrong label)
 *   /redirect/N/NAME      302 to /redirect/N-1/NAME … /redirect/0/NAME → /feed/NAME
 *   /moved/NAME           301 to /feed/NAME
 *   /loop/a, /loop/b      302 to each other, forever
 *   /endless              200 with an endless body (stops after 1 GB)
 *   /changing/NAME        NAME-1.xml at the first request, NAME-2.xml after
 *   /gen/N.xml            a generated RSS feed N of 25 items (?items=K; ?of=M:
 *                         the stories of feed M, under feed N's guids); with
 *                         ?page=1 its items link to /genpage/N/I.html; with
 *                         ?delay=MS it answers after MS milliseconds
 *   /genpage/N/I.html     a generated article page for item I of feed N
 *   /html/NAME            the file as text/html (no charset: the page says)
 *   /to/NAME              302 to /html/NAME
 *   /html-cs/CS/NAME      the file as text/html; charset=CS
 *   /delay/MS/NAME        the file as text/html after MS milliseconds
 *   /img/NAME             the file as an image: Content-Type by its extension
 *                         (.png, .gif, .webp, .avif, .svg; any other, e.g.
 *                         an .html page, claims image/jpeg)
 *   /needref/NAME         as /img/, but 403 unless the Referer is a page of
 *                         this server (http://HOST/…: hotlink protection)
 *   /seq/C1,C2,…/NAME     the k-th request of this URL answers status Ck
 *                         (C = 503r2: 503 with Retry-After: 2; 429r1 …),
 *                         requests after the list the file as text/html
 *
 * Every request is appended to the --log file as one line:
 * "PATH\tinm=If-None-Match\tims=If-Modified-Since\tua=User-Agent\tref=Referer
 * \tt=MS\tactive=N": milliseconds since the server started, and how many
 * requests (this one included) were being answered when it arrived.
 *
 * Deliberately small: no TLS, no range requests, no HEAD semantics.
 */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/util.h"

static const char *root;
static FILE *logf;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static volatile sig_atomic_t stop;

#define CHANGING_MAX 256
static char *changing_seen[CHANGING_MAX];
static int changing_n;

static void on_signal(int sig) { (void)sig; stop = 1; }

static struct timespec started;
static int active; /* requests being answered, under lock */

#define SEQ_MAX 256
static char *seq_url[SEQ_MAX];
static int seq_count[SEQ_MAX];
static int seq_n;

static long ms_since_start(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long)(t.tv_sec - started.tv_sec) * 1000 + (t.tv_nsec - started.tv_nsec) / 1000000;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **state,
                         enum MHD_RequestTerminationCode why)
{
    (void)cls, (void)c, (void)why;
    if (*state == (void *)2) {
        pthread_mutex_lock(&lock);
        active--;
        pthread_mutex_unlock(&lock);
    }
    *state = NULL;
}

static enum MHD_Result send_text(struct MHD_Connection *c, unsigned code, const char *text)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(strlen(text), (void *)text, MHD_RESPMEM_MUST_COPY);
    MHD_add_response_header(r, "Content-Type", "text/plain");
    enum MHD_Result ret = MHD_queue_response(c, code, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result send_redirect(struct MHD_Connection *c, unsigned code, const char *to)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(r, "Location", to);
    enum MHD_Result ret = MHD_queue_response(c, code, r);
    MHD_destroy_response(r);
    return ret;
}

static int read_file(const char *name, nm_buf *out)
{
    if (strstr(name, ".."))
        return -1;
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", root, name);
    buf_init(out, 64u << 20);
    nm_error err;
    return fs_read_file(path, 64u << 20, out, &err);
}

static const char *type_of(const char *name)
{
    if (strstr(name, ".json"))
        return "application/feed+json";
    return "application/xml";
}

/* The file as a 200, or a 304 when the client's validators match. */
static enum MHD_Result send_file(struct MHD_Connection *c, const char *name, const char *ctype,
                                 const char *encoding, const char *data_name)
{
    nm_buf b;
    if (read_file(data_name ? data_name : name, &b)) {
        buf_free(&b);
        return send_text(c, 404, "no such fixture\n");
    }
    char etag[40], h[17];
    hash64_hex(hash64(b.data, b.len, 0), h);
    snprintf(etag, sizeof(etag), "\"%s\"", h);
    const char *lm = "Sat, 01 Jan 2022 00:00:00 GMT";
    const char *inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-None-Match");
    const char *ims = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-Modified-Since");
    bool fresh = inm ? strcmp(inm, etag) == 0 : (ims && strcmp(ims, lm) == 0);
    struct MHD_Response *r;
    unsigned code = 200;
    if (fresh) {
        r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
        code = 304;
    } else {
        r = MHD_create_response_from_buffer(b.len, b.data, MHD_RESPMEM_MUST_COPY);
        MHD_add_response_header(r, "Content-Type", ctype ? ctype : type_of(name));
        if (encoding)
            MHD_add_response_header(r, "Content-Encoding", encoding);
    }
    MHD_add_response_header(r, "ETag", etag);
    MHD_add_response_header(r, "Last-Modified", lm);
    buf_free(&b);
    enum MHD_Result ret = MHD_queue_response(c, code, r);
    MHD_destroy_response(r);
    return ret;
}

/* ---- streamed bodies: slow, reset, endless ------------------------------ */

typedef struct stream {
    nm_buf data;
    int mode; /* 0 slow, 1 reset, 2 endless */
} stream;

static ssize_t stream_read(void *cls, uint64_t pos, char *out, size_t max)
{
    stream *s = cls;
    if (s->mode == 2) {
        if (pos >= (1ull << 30))
            return MHD_CONTENT_READER_END_OF_STREAM;
        memset(out, 'x', max);
        return (ssize_t)max;
    }
    if (s->mode == 1) {
        if (pos >= s->data.len / 2)
            return MHD_CONTENT_READER_END_WITH_ERROR;
        size_t n = s->data.len / 2 - pos;
        n = n < max ? n : max;
        memcpy(out, s->data.data + pos, n);
        return (ssize_t)n;
    }
    if (pos >= s->data.len)
        return MHD_CONTENT_READER_END_OF_STREAM;
    sleep(1);
    size_t n = s->data.len - pos < 16 ? s->data.len - pos : 16;
    n = n < max ? n : max;
    memcpy(out, s->data.data + pos, n);
    return (ssize_t)n;
}

static void stream_free(void *cls)
{
    stream *s = cls;
    buf_free(&s->data);
    free(s);
}

static enum MHD_Result send_stream(struct MHD_Connection *c, const char *name, int mode)
{
    stream *s = xcalloc(1, sizeof(*s));
    s->mode = mode;
    if (mode != 2 && read_file(name, &s->data)) {
        stream_free(s);
        return send_text(c, 404, "no such fixture\n");
    }
    uint64_t size = mode == 1 ? s->data.len : MHD_SIZE_UNKNOWN;
    struct MHD_Response *r = MHD_create_response_from_callback(size, 4096, stream_read, s,
                                                               stream_free);
    MHD_add_response_header(r, "Content-Type", "application/xml");
    enum MHD_Result ret = MHD_queue_response(c, 200, r);
    MHD_destroy_response(r);
    return ret;
}

/* ---- generated feeds ------------------------------------------------------ */

/* Pseudo-words of three syllables (4,096 of them), so that generated
 * stories differ as much as real ones do and no two look alike to
 * SimHash. */
static const char *const syllables[] = {"ka", "lo", "mi", "ne", "ru", "sa", "to", "vi",
                                        "ba", "de", "fu", "go", "hi", "ja", "pe", "zo"};

static void put_word(nm_buf *b, uint64_t h)
{
    for (int i = 0; i < 3; i++)
        buf_puts(b, syllables[(h >> (4 * i)) & 15]);
}

/* With host (…?page=1), each item links to its generated article page on
 * this server, /genpage/FEED/ITEM.html, three times as long as the
 * item's description. */
static void gen_feed(nm_buf *b, int feed, int of, int items, const char *host)
{
    buf_printf(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>"
                  "<title>Generated feed %d</title><link>http://gen.example/%d/</link>"
                  "<description>test feed</description>\n", feed, feed);
    for (int i = 0; i < items; i++) {
        char key[64];
        snprintf(key, sizeof(key), "%d/%d", of, i);
        uint64_t h = hash64(key, strlen(key), 7);
        buf_printf(b, "<item><title>Feed %d story %d</title>", of, i);
        if (host)
            buf_printf(b, "<link>http://%s/genpage/%d/%d.html</link>", host, of, i);
        else
            buf_printf(b, "<link>http://gen.example/%d/story/%d.html</link>", of, i);
        buf_printf(b, "<guid>gen-%d-%d</guid>"
                      "<pubDate>Mon, 02 Jan 2023 %02d:%02d:00 GMT</pubDate>"
                      "<description><![CDATA[<p>", feed, i, i % 24, of % 60);
        for (int w = 0; w < 60; w++) {
            h = h * 6364136223846793005ull + 1442695040888963407ull;
            put_word(b, h >> 30);
            buf_puts(b, (h >> 50) % 7 == 0 ? ". " : " ");
        }
        buf_printf(b, "number %d-%d.</p>]]></description></item>\n", of, i);
    }
    buf_puts(b, "</channel></rss>\n");
}

static void gen_page(nm_buf *b, int feed, int item)
{
    char key[64];
    snprintf(key, sizeof(key), "%d/%d", feed, item);
    uint64_t h = hash64(key, strlen(key), 7);
    buf_printf(b, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Feed %d story %d"
                  "</title></head><body><nav><a href=\"/\">Home</a></nav><article>"
                  "<h1>Feed %d story %d</h1>\n", feed, item, feed, item);
    for (int para = 0; para < 4; para++) {
        buf_puts(b, "<p>");
        for (int w = 0; w < 50; w++) {
            h = h * 6364136223846793005ull + 1442695040888963407ull;
            put_word(b, h >> 30);
            buf_puts(b, (h >> 50) % 7 == 0 ? ". " : " ");
        }
        buf_printf(b, "page %d-%d.</p>\n", feed, item);
    }
    buf_puts(b, "</article><footer>Generated</footer></body></html>\n");
}

static const char *image_type(const char *name)
{
    static const char *const types[][2] = {
        {".png", "image/png"}, {".gif", "image/gif"}, {".webp", "image/webp"},
        {".avif", "image/avif"}, {".svg", "image/svg+xml"}};
    const char *dot = strrchr(name, '.');
    for (size_t i = 0; dot && i < NM_ARRAY_LEN(types); i++)
        if (!strcmp(dot, types[i][0]))
            return types[i][1];
    return "image/jpeg";
}

static bool referer_is_ours(struct MHD_Connection *c)
{
    const char *ref = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Referer");
    const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
    if (!ref || !host || strncmp(ref, "http://", 7) != 0)
        return false;
    size_t n = strlen(host);
    return strncmp(ref + 7, host, n) == 0 && ref[7 + n] == '/';
}

/* ---- dispatch ---------------------------------------------------------- */

static void log_request(struct MHD_Connection *c, const char *url)
{
    if (!logf)
        return;
    const char *inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-None-Match");
    const char *ims = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-Modified-Since");
    const char *ua = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "User-Agent");
    const char *ref = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Referer");
    pthread_mutex_lock(&lock);
    fprintf(logf, "%s\tinm=%s\tims=%s\tua=%s\tref=%s\tt=%ld\tactive=%d\n", url, inm ? inm : "",
            ims ? ims : "", ua ? ua : "", ref ? ref : "", ms_since_start(), active);
    fflush(logf);
    pthread_mutex_unlock(&lock);
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **state)
{
    (void)cls, (void)method, (void)version, (void)upload, (void)upload_size;
    if (!*state) { /* first call: headers only */
        *state = (void *)1;
        return MHD_YES;
    }
    if (*state == (void *)1) {
        *state = (void *)2;
        pthread_mutex_lock(&lock);
        active++;
        pthread_mutex_unlock(&lock);
    }
    log_request(c, url);
    char to[600];
    const char *rest;
#define MODE(m) (strncmp(url, m, strlen(m)) == 0 && (rest = url + strlen(m), 1))
    if (MODE("/feed/"))
        return send_file(c, rest, NULL, NULL, NULL);
    if (MODE("/img/"))
        return send_file(c, rest, image_type(rest), NULL, NULL);
    if (MODE("/needref/"))
        return referer_is_ours(c) ? send_file(c, rest, image_type(rest), NULL, NULL)
                                  : send_text(c, 403, "hotlinking not allowed\n");
    if (MODE("/slow/"))
        return send_stream(c, rest, 0);
    if (MODE("/reset/"))
        return send_stream(c, rest, 1);
    if (MODE("/endless"))
        return send_stream(c, NULL, 2);
    if (MODE("/status/")) {
        int code = atoi(rest);
        return send_text(c, code >= 200 && code < 600 ? (unsigned)code : 500, "status\n");
    }
    if (MODE("/retry/") || MODE("/unavailable/")) {
        struct MHD_Response *r =
            MHD_create_response_from_buffer(5, (void *)"slow\n", MHD_RESPMEM_PERSISTENT);
        MHD_add_response_header(r, "Retry-After", rest);
        enum MHD_Result ret = MHD_queue_response(c, url[1] == 'r' ? 429 : 503, r);
        MHD_destroy_response(r);
        return ret;
    }
    if (MODE("/gzip/")) {
        snprintf(to, sizeof(to), "%s.gz", rest);
        return send_file(c, rest, NULL, "gzip", to);
    }
    if (MODE("/charset/")) {
        const char *slash = strchr(rest, '/');
        if (!slash)
            return send_text(c, 404, "use /charset/CS/NAME\n");
        snprintf(to, sizeof(to), "application/rss+xml; charset=%.*s", (int)(slash - rest), rest);
        return send_file(c, slash + 1, to, NULL, NULL);
    }
    if (MODE("/redirect/")) {
        int n = atoi(rest);
        const char *slash = strchr(rest, '/');
        if (!slash)
            return send_text(c, 404, "use /redirect/N/NAME\n");
        if (n <= 0)
            snprintf(to, sizeof(to), "/feed%s", slash);
        else
            snprintf(to, sizeof(to), "/redirect/%d%s", n - 1, slash);
        return send_redirect(c, 302, to);
    }
    if (MODE("/moved/")) {
        snprintf(to, sizeof(to), "/feed/%s", rest);
        return send_redirect(c, 301, to);
    }
    if (MODE("/loop/"))
        return send_redirect(c, 302, strcmp(rest, "a") == 0 ? "/loop/b" : "/loop/a");
    if (MODE("/changing/")) {
        int seen = 0;
        pthread_mutex_lock(&lock);
        for (int i = 0; i < changing_n; i++)
            if (strcmp(changing_seen[i], rest) == 0)
                seen = 1;
        if (!seen && changing_n < CHANGING_MAX)
            changing_seen[changing_n++] = xstrdup(rest);
        pthread_mutex_unlock(&lock);
        snprintf(to, sizeof(to), "%s-%d.xml", rest, seen ? 2 : 1);
        return send_file(c, rest, NULL, NULL, to);
    }
    if (MODE("/gen/")) {
        const char *q = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "items");
        nm_buf b;
        buf_init(&b, NM_BUF_NOLIMIT);
        const char *pages = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "page");
        const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
        const char *delay = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "delay");
        if (delay && atoi(delay) > 0)
            usleep((useconds_t)atoi(delay) * 1000);
        const char *of = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "of");
        gen_feed(&b, atoi(rest), of ? atoi(of) : atoi(rest), q ? atoi(q) : 25,
                 pages && host ? host : NULL);
        char etag[40], h[17];
        hash64_hex(hash64(b.data, b.len, 0), h);
        snprintf(etag, sizeof(etag), "\"%s\"", h);
        const char *inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-None-Match");
        struct MHD_Response *r;
        unsigned code = 200;
        if (inm && strcmp(inm, etag) == 0) {
            r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
            code = 304;
        } else {
            r = MHD_create_response_from_buffer(b.len, b.data, MHD_RESPMEM_MUST_COPY);
            MHD_add_response_header(r, "Content-Type", "application/rss+xml");
        }
        MHD_add_response_header(r, "ETag", etag);
        buf_free(&b);
        enum MHD_Result ret = MHD_queue_response(c, code, r);
        MHD_destroy_response(r);
        return ret;
    }
    if (MODE("/genpage/")) {
        const char *slash = strchr(rest, '/');
        nm_buf b;
        buf_init(&b, NM_BUF_NOLIMIT);
        gen_page(&b, atoi(rest), slash ? atoi(slash + 1) : 0);
        struct MHD_Response *r =
            MHD_create_response_from_buffer(b.len, b.data, MHD_RESPMEM_MUST_COPY);
        MHD_add_response_header(r, "Content-Type", "text/html; charset=utf-8");
        buf_free(&b);
        enum MHD_Result ret = MHD_queue_response(c, 200, r);
        MHD_destroy_response(r);
        return ret;
    }
    if (MODE("/html/"))
        return send_file(c, rest, "text/html", NULL, NULL);
    if (MODE("/to/")) {
        snprintf(to, sizeof(to), "/html/%s", rest);
        return send_redirect(c, 302, to);
    }
    if (MODE("/html-cs/")) {
        const char *slash = strchr(rest, '/');
        if (!slash)
            return send_text(c, 404, "use /html-cs/CS/NAME\n");
        snprintf(to, sizeof(to), "text/html; charset=%.*s", (int)(slash - rest), rest);
        return send_file(c, slash + 1, to, NULL, NULL);
    }
    if (MODE("/delay/")) {
        const char *slash = strchr(rest, '/');
        if (!slash)
            return send_text(c, 404, "use /delay/MS/NAME\n");
        usleep((useconds_t)atoi(rest) * 1000);
        return send_file(c, slash + 1, "text/html", NULL, NULL);
    }
    if (MODE("/seq/")) {
        const char *slash = strchr(rest, '/');
        if (!slash)
            return send_text(c, 404, "use /seq/C1,C2/NAME\n");
        int k = 0;
        pthread_mutex_lock(&lock);
        int i = 0;
        while (i < seq_n && strcmp(seq_url[i], url) != 0)
            i++;
        if (i == seq_n && seq_n < SEQ_MAX)
            seq_url[seq_n++] = xstrdup(url);
        if (i < SEQ_MAX)
            k = seq_count[i]++;
        pthread_mutex_unlock(&lock);
        const char *p = rest;
        for (int j = 0; j < k && p < slash; j++) {
            p = memchr(p, ',', (size_t)(slash - p));
            p = p ? p + 1 : slash;
        }
        if (p >= slash)
            return send_file(c, slash + 1, "text/html", NULL, NULL);
        int code = atoi(p);
        const char *r = p + strspn(p, "0123456789");
        struct MHD_Response *resp =
            MHD_create_response_from_buffer(4, (void *)"seq\n", MHD_RESPMEM_PERSISTENT);
        if (*r == 'r') {
            snprintf(to, sizeof(to), "%d", atoi(r + 1));
            MHD_add_response_header(resp, "Retry-After", to);
        }
        enum MHD_Result ret =
            MHD_queue_response(c, code >= 200 && code < 600 ? (unsigned)code : 500, resp);
        MHD_destroy_response(resp);
        return ret;
    }
#undef MODE
    return send_text(c, 404, "unknown mode\n");
}

/* --all-loopback: a peer outside 127.0.0.0/8 is refused */
static enum MHD_Result loopback_only(void *cls, const struct sockaddr *sa, socklen_t len)
{
    (void)cls;
    if (sa->sa_family != AF_INET || len < (socklen_t)sizeof(struct sockaddr_in))
        return MHD_NO;
    uint32_t ip = ntohl(((const struct sockaddr_in *)sa)->sin_addr.s_addr);
    return (ip >> 24) == 127 ? MHD_YES : MHD_NO;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: nm_testd ROOT [--log FILE] [--all-loopback]\n");
        return 2;
    }
    root = argv[1];
    bool all_loopback = false;
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--all-loopback") == 0)
            all_loopback = true;
        else if (strcmp(argv[i], "--log") == 0 && i + 1 < argc) {
            logf = fopen(argv[++i], "a");
            if (!logf) {
                perror(argv[i]);
                return 2;
            }
        } else {
            fprintf(stderr, "nm_testd: unknown argument %s\n", argv[i]);
            return 2;
        }
    }
    signal(SIGPIPE, SIG_IGN);
    clock_gettime(CLOCK_MONOTONIC, &started);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = 0};
    addr.sin_addr.s_addr = htonl(all_loopback ? INADDR_ANY : INADDR_LOOPBACK);
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG, 0,
        all_loopback ? loopback_only : NULL, NULL, handle, NULL, MHD_OPTION_SOCK_ADDR, &addr, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)120, MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL, MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "nm_testd: cannot start the server\n");
        return 1;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    printf("%u\n", (unsigned)info->port);
    fflush(stdout);
    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);
    while (!stop)
        pause();
    MHD_stop_daemon(d);
    for (int i = 0; i < changing_n; i++)
        free(changing_seen[i]);
    for (int i = 0; i < seq_n; i++)
        free(seq_url[i]);
    if (logf)
        fclose(logf);
    return 0;
}
