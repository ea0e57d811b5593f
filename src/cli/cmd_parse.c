/*
 * cmd_parse.c — `newsmill parse [--json] [--base URL] [--charset NAME] FILE…`.
 *
 * Reads feed files (or standard input), parses each with the feed module
 * and prints either a short readable summary or the normalized JSON of
 * doc/feed-json.md (one object per file, in order). A recovered, not
 * well-formed feed is still a success (bozo noted); a file that cannot be
 * read or is not a feed is reported and the next one is parsed; exit 1
 * when any failed, 2 on misuse.
 */
#include "cli.h"
#include "feed/feed.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Reads a stream (standard input, a pipe, a FIFO) to its end. */
static int read_stream(int fd, const char *name, nm_buf *out, nm_error *err)
{
    char chunk[65536];
    for (;;) {
        ssize_t n = read(fd, chunk, sizeof(chunk));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return nm_fail(err, name, 0, "cannot read: %s", strerror(errno));
        if (n == 0)
            return 0;
        if (buf_append(out, chunk, (size_t)n) != 0)
            return nm_fail(err, name, 0, "input larger than %zu MiB: not read",
                           FEED_MAX_INPUT >> 20);
    }
}

static void print_summary(const feed *f)
{
    printf("format: %s\n", f->format);
    if (f->bozo)
        printf("bozo: %s\n", f->bozo_reason ? f->bozo_reason : "not well-formed");
    printf("title: %s\n", f->title ? f->title : "(none)");
    if (f->link)
        printf("link: %s\n", f->link);
    printf("entries: %zu\n", f->nentries);
    for (size_t i = 0; i < f->nentries; i++) {
        const feed_entry *e = &f->entries[i];
        int64_t t = e->published != NM_NO_TIME ? e->published : e->updated;
        char iso[32] = "-                   ";
        if (t != NM_NO_TIME)
            date_format_iso(t, iso);
        printf("  %s  %s\n", iso, e->title ? e->title : "(no title)");
    }
}

/* Reads path whole: a regular file in one read into a buffer of its size
 * (no regrowth for a 50 MB feed; no mmap, so a file truncated meanwhile
 * cannot crash us), anything else (a pipe, a FIFO, a terminal) as a
 * stream into in. "-" is standard input. On success *data and *len hold
 * the bytes; *owned is what the caller frees (may be NULL). */
static int read_input(const char *path, nm_buf *in, char **owned, const char **data, size_t *len,
                      nm_error *err)
{
    *owned = NULL;
    if (strcmp(path, "-") == 0) {
        if (read_stream(STDIN_FILENO, "-", in, err) != 0)
            return -1;
        *data = in->data ? in->data : "";
        *len = in->len;
        return 0;
    }
    if (fs_is_dir(path))
        return fs_read_file(path, FEED_MAX_INPUT, in, err); /* says it clearly */
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return nm_fail(err, path, 0, "cannot open: %s", strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        int rc = read_stream(fd, path, in, err); /* the same fd: a FIFO's data is there */
        close(fd);
        *data = in->data ? in->data : "";
        *len = in->len;
        return rc;
    }
    if ((uint64_t)st.st_size > FEED_MAX_INPUT) {
        close(fd);
        return nm_fail(err, path, 0, "file larger than %zu MiB (%lld bytes): not read",
                       FEED_MAX_INPUT >> 20, (long long)st.st_size);
    }
    size_t want = (size_t)st.st_size, got = 0;
    char *buf = xmalloc(want + 1);
    mem_advise_huge(buf, want + 1); /* a 50 MB feed: 25 faults, not 12,000 */
    while (got < want) {
        ssize_t n = read(fd, buf + got, want - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int e = errno;
            free(buf);
            close(fd);
            return nm_fail(err, path, 0, "cannot read: %s", strerror(e));
        }
        if (n == 0)
            break; /* truncated meanwhile: parse what is there */
        got += (size_t)n;
    }
    close(fd);
    buf[got] = 0;
    *owned = buf;
    *data = buf;
    *len = got;
    return 0;
}

/* Parses and prints one file; -1 when it cannot be read or is no feed
 * (reported here). */
static int parse_one(const char *path, bool json, bool several, const char *base,
                     const char *charset)
{
    nm_error err;
    nm_error_clear(&err);
    nm_buf in;
    buf_init(&in, FEED_MAX_INPUT);
    char *owned = NULL;
    const char *data = NULL;
    size_t len = 0;
    int rc = read_input(path, &in, &owned, &data, &len, &err);
    if (rc != 0) {
        log_nm_error(&err);
        buf_free(&in);
        return -1;
    }
    feed_parse_opts opts = {.base_url = base, .http_charset = charset, .source = path};
    feed *f = NULL;
    rc = feed_parse(data, len, &opts, &f, &err);
    free(owned);
    buf_free(&in);
    if (rc != 0) {
        log_nm_error(&err);
        return -1;
    }
    if (json) {
        feed_write_json(f, stdout); /* a failed write is reported at the end */
    } else {
        if (several)
            printf("file: %s\n", path);
        print_summary(f);
    }
    feed_free(f);
    return 0;
}

static int parse_run(const nm_cli *cli, int argc, char **argv)
{
    (void)cli;
    static const struct option longopts[] = {{"json", no_argument, NULL, 'j'},
                                              {"base", required_argument, NULL, 'b'},
                                              {"charset", required_argument, NULL, 'c'},
                                              {NULL, 0, NULL, 0}};
    bool json = false;
    const char *base = NULL, *charset = NULL;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case 'j': json = true; break;
        case 'b': base = optarg; break;
        case 'c': charset = optarg; break;
        default:
            if (optopt == 'b' || optopt == 'c')
                return cli_usage_error("parse", "option '%s' needs a value", argv[optind - 1]);
            return cli_usage_error("parse", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return cli_usage_error("parse", "expected a FILE (or - for standard input)");
    /* One process parses a batch of feeds, each allocating and freeing
     * megabytes: keep that memory for the next file rather than giving it
     * back to the kernel (glibc trims the heap past 128 KiB and maps big
     * blocks one by one) and taking page faults for it again. */
    mallopt(M_MMAP_THRESHOLD, 96 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    mallopt(M_TOP_PAD, 16 << 20);
    int rc = EXIT_OK;
    for (int i = optind; i < argc; i++) {
        if (parse_one(argv[i], json, argc - optind > 1, base, charset) != 0)
            rc = EXIT_SOME_FAILED;
    }
    if (fflush(stdout) != 0) {
        log_error("parse: cannot write the output");
        return EXIT_SOME_FAILED;
    }
    return rc;
}

const nm_command cmd_parse = {
    .name = "parse",
    .summary = "parse a feed file and print it normalized",
    .usage = "Usage: newsmill parse [--json] [--base URL] [--charset NAME] FILE|-...\n"
             "\n"
             "Reads RSS 0.9x/1.0/2.0, Atom 0.3/1.0 or JSON Feed files (- for standard\n"
             "input) in any charset and prints a summary of each: format, title, number\n"
             "of entries, each entry's date and title. A feed that is not well-formed\n"
             "is recovered where possible and marked 'bozo'.\n"
             "\n"
             "Options:\n"
             "  --json          print each normalized feed as one JSON object (see\n"
             "                  doc/newsmill.1), one after the other\n"
             "  --base URL      the document's URL: relative links resolve against it\n"
             "  --charset NAME  the charset an HTTP server declared for the file\n"
             "\n"
             "Exit status: 0 all parsed (also when recovered), 1 some file unreadable or\n"
             "not a feed (the others are still parsed), 2 usage error.\n"
             "\n"
             "Examples:\n"
             "  newsmill parse feed.xml\n"
             "  newsmill parse --json --base https://example.com/feed.xml feed.xml\n"
             "  curl -s https://example.com/feed | newsmill parse --json -\n",
    .run = parse_run,
};
