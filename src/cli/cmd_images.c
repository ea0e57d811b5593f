/*
 * cmd_images.c — `newsmill images gc [--delete]`: the mirrored images
 * (source/images/, written by fetch with newsmill: images: mirror) that
 * no file under source/ names any more; listed, or with --delete removed.
 * Takes the fetch lock, so that a fetch does not write an image and then
 * the post that names it while gc decides.
 */
#include "cli.h"

#include "ingest/ingest.h"
#include "mirror/mirror.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void print_unused(const char *path, uint64_t bytes, void *ctx)
{
    printf("%s%s\t%llu\n", *(const bool *)ctx ? "deleted: " : "unused: ", path,
           (unsigned long long)bytes);
}

static int images_run(const nm_cli *cli, int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "gc") != 0)
        return cli_usage_error("images", "expected gc");
    bool del = false;
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--delete"))
            del = true;
        else
            return cli_usage_error("images", "unknown option '%s'", argv[i]);
    }
    nm_error err;
    char state[4096];
    snprintf(state, sizeof(state), "%s/" NM_STATE_DIR, cli->site_dir);
    if (fs_mkdirs(state, &err)) {
        log_nm_error(&err);
        return EXIT_SOME_FAILED;
    }
    int lock = ingest_lock(cli->site_dir, &err);
    if (lock < 0) {
        log_nm_error(&err);
        return EXIT_SOME_FAILED;
    }
    mirror_gc_summary sum;
    int rc = mirror_gc(cli->site_dir, del, print_unused, &del, &sum, &err);
    close(lock);
    if (rc) {
        log_nm_error(&err);
        return EXIT_SOME_FAILED;
    }
    if (del)
        printf("images: %zu files, %zu unused (%.1f MB) deleted\n", sum.files, sum.deleted,
               (double)sum.unused_bytes / (1 << 20));
    else
        printf("images: %zu files, %zu unused (%.1f MB); run 'newsmill images gc --delete' to "
               "remove them\n",
               sum.files, sum.unused, (double)sum.unused_bytes / (1 << 20));
    if (sum.swept)
        log_info("%zu temporary files of an interrupted fetch removed", sum.swept);
    fflush(stdout);
    return del && sum.deleted != sum.unused ? EXIT_SOME_FAILED : EXIT_OK;
}

const nm_command cmd_images = {
    .name = "images",
    .summary = "list or delete mirrored images no post uses (images gc)",
    .usage = "Usage: newsmill images gc [--delete]\n"
             "\n"
             "With newsmill: images: mirror in _config.yml, fetch keeps each post's\n"
             "images once by content under source/images/HH/HASH.EXT. gc lists the\n"
             "ones that no file under source/ names any more (a post deleted or\n"
             "rewritten), one line each: \"unused: PATH<TAB>BYTES\", then a total.\n"
             "It only lists (a dry run) unless --delete is given; then each line\n"
             "says \"deleted:\". It waits for no fetch: when one is running on the\n"
             "site it stops with an error (exit 1).\n"
             "\n"
             "  --delete   remove the unused images\n"
             "\n"
             "Examples:\n"
             "  newsmill images gc\n"
             "  newsmill -C mysite images gc --delete\n",
    .run = images_run,
};
