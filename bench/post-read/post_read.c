/*
 * post_read.c — the bench/post-read program: generates seed-format posts
 * and times reading their front matter with post_read_file().
 *
 *   post_read gen DIR N            writes DIR/0000000.md … (post_write, the
 *                                  seed's body, varied titles/categories/dates)
 *   post_read read DIR N MODE      MODE: raw (open+read+close only, the
 *                                  anchor), fast (post_read_file as the site
 *                                  build uses it), libyaml (fast path off)
 *
 * Prints one line: mode, posts, seconds, posts/s and MB/s by the wall
 * clock and per CPU second (user + system; on a shared machine the wall
 * clock also counts other processes' turns). One core, files in
 * the page cache (gen has just written them): it measures our cost, not
 * the disk's. Not a test: run.sh runs it.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "post/post.h"

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static double now(void)
{
    return clock_s(CLOCK_MONOTONIC);
}

/* CPU time of this process (user + system): on a shared machine the wall
 * clock also counts the time other processes held the core. */
static double cpu(void)
{
    return clock_s(CLOCK_PROCESS_CPUTIME_ID);
}

static int gen(const char *dir, size_t n, const char *seed_path)
{
    arena *a = arena_new(0);
    nm_error err;
    post seed;
    if (post_read_file(a, seed_path, NULL, &seed, &err) < 0) {
        log_nm_error(&err);
        return 1;
    }
    static const char *const groups[] = {"金融", "科技", "体育", "国际"};
    static const char *const sites[] = {"新浪财经", "IT之家", "新浪体育", "BBC 中文"};
    nm_buf out;
    buf_init(&out, NM_BUF_NOLIMIT);
    char path[4096];
    for (size_t i = 0; i < n; i++) {
        post p = seed;
        p.lead = sv_make("", 0);
        const char *names[3] = {groups[i % 4], sites[(i / 4) % 4],
                                arena_printf(a, "%s－第%zu频道", sites[(i / 4) % 4], i % 37)};
        post_hierarchy h = {names, 3};
        p.categories = &h;
        p.ncategories = 1;
        p.title = arena_printf(a, "%s：第 %zu 条新闻 'quoted' 的标题", seed.title, i);
        p.date = seed.date - (int64_t)i * 600;
        buf_reset(&out);
        post_write(&p, &out);
        snprintf(path, sizeof(path), "%s/%07zu.md", dir, i);
        FILE *f = fopen(path, "wb");
        if (!f || fwrite(out.data, 1, out.len, f) != out.len || fclose(f) != 0) {
            perror(path);
            return 1;
        }
        if (i % 1000 == 999)
            arena_reset(a), post_read_file(a, seed_path, NULL, &seed, &err);
    }
    buf_free(&out);
    arena_free(a);
    return 0;
}

static int read_all(const char *dir, size_t n, const char *mode)
{
    bool raw = strcmp(mode, "raw") == 0;
    post_read_opts opts = {.no_fast_path = strcmp(mode, "libyaml") == 0};
    arena *a = arena_new(1 << 16);
    char path[4096], *buf = xmalloc(1 << 20);
    size_t bytes = 0, failed = 0;
    double t0 = now(), c0 = cpu();
    for (size_t i = 0; i < n; i++) {
        snprintf(path, sizeof(path), "%s/%07zu.md", dir, i);
        if (raw) {
            int fd = open(path, O_RDONLY | O_CLOEXEC);
            ssize_t r;
            while (fd >= 0 && (r = read(fd, buf, 1 << 20)) > 0)
                bytes += (size_t)r;
            if (fd < 0)
                failed++;
            else
                close(fd);
            continue;
        }
        post p;
        nm_error err;
        if (post_read_file(a, path, &opts, &p, &err) < 0) {
            if (!failed++)
                log_nm_error(&err);
        } else {
            bytes += (size_t)(p.body.ptr + p.body.len - (p.lead.ptr ? p.lead.ptr : p.body.ptr));
            if (!p.title || p.ncategories != 1 || p.date == NM_NO_TIME)
                failed++;
        }
        arena_reset(a);
    }
    double dt = now() - t0, dc = cpu() - c0;
    printf("%-8s %zu posts in %.3f s: %.0f posts/s, %.1f MB/s; per CPU second: %.0f posts/s, "
           "%.1f MB/s%s\n",
           mode, n, dt, n / dt, bytes / dt / 1e6, n / dc, bytes / dc / 1e6,
           failed ? " (SOME FAILED)" : "");
    free(buf);
    arena_free(a);
    return failed ? 1 : 0;
}

int main(int argc, char **argv)
{
    if (argc >= 5 && strcmp(argv[1], "gen") == 0)
        return gen(argv[2], strtoul(argv[3], NULL, 10), argv[4]);
    if (argc >= 5 && strcmp(argv[1], "read") == 0)
        return read_all(argv[2], strtoul(argv[3], NULL, 10), argv[4]);
    fprintf(stderr, "usage: post_read gen DIR N SEED | read DIR N raw|fast|libyaml\n");
    return 2;
}
