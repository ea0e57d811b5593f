/*
 * cmd_store.c — `newsmill store status|migrate|export|import`: look at
 * the site's store and move it between back ends (SQLite, PostgreSQL).
 *
 * Which store is the site's is store_open's business (NEWSMILL_STORE,
 * else `newsmill: store:` in _config.yml, else SQLite); moving a site is
 * export from one, import into the other, then pointing the site at it.
 */
#include "cli.h"

#include "ingest/ingest.h"
#include "store/store.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *when(int64_t t, char out[32])
{
    if (t <= 0)
        return "never";
    date_format_iso(t, out);
    return out;
}

static int open_or_say(const nm_cli *cli, store **s)
{
    nm_error err;
    if (store_open(cli->site_dir, s, &err)) {
        log_nm_error(&err);
        return EXIT_SOME_FAILED;
    }
    return 0;
}

static int status_cmd(const nm_cli *cli, store *s)
{
    store_stats st;
    store_worker_stats ws;
    nm_error err;
    int64_t now = (int64_t)time(NULL), synced = 0;
    if (store_get_stats(s, now, &st, &err) || sync_cursor(cli->site_dir, &synced, &err) ||
        store_get_worker_stats(s, now, synced, &ws, &err)) {
        log_nm_error(&err);
        return EXIT_SOME_FAILED;
    }
    char t1[32], t2[32];
    printf("store\t%s %s\n", store_backend(s), store_where(s));
    printf("schema\t%d\n", store_schema_version(s));
    printf("feeds\t%lld\tdue now %lld\tfailing %lld\tnever fetched %lld\n", (long long)st.feeds,
           (long long)st.feeds_due, (long long)st.feeds_failing, (long long)st.feeds_never);
    printf("fetched\toldest %s\tnewest %s\n", when(st.oldest_fetch, t1), when(st.newest_fetch, t2));
    printf("next due\t%s\n", st.next_due ? when(st.next_due, t1) : "none later");
    printf("items\t%lld\taliases %lld\n", (long long)st.items, (long long)st.aliases);
    printf("pages\t%lld\tdue now %lld\n", (long long)st.pages, (long long)st.pages_due);
    printf("workers\t%lld seen in the last hour\tleases held %lld\n", (long long)ws.workers,
           (long long)ws.leases);
    printf("posts in the store\t%lld\tunsynced here %lld\toldest unsynced %s\n",
           (long long)ws.posts, (long long)ws.unsynced, when(ws.oldest_unsynced, t1));
    return EXIT_OK;
}

static int export_cmd(store *s, const char *path)
{
    nm_error err;
    FILE *out = stdout;
    char *tmp = NULL;
    if (path && strcmp(path, "-") != 0) {
        /* written beside, renamed when whole: a failed export leaves no
         * file that looks like a dump */
        size_t n = strlen(path) + 64;
        tmp = xmalloc(n);
        if (fs_temp_path(path, tmp, n) || !(out = fopen(tmp, "w"))) {
            log_error("%s: cannot write: %s", path, strerror(errno));
            free(tmp);
            return EXIT_SOME_FAILED;
        }
    }
    int rc = store_export(s, out, &err);
    if (tmp) {
        if (fclose(out) != 0 && rc == 0)
            rc = nm_fail(&err, path, 0, "cannot write: %s", strerror(errno));
        if (rc == 0 && rename(tmp, path) != 0)
            rc = nm_fail(&err, path, 0, "cannot write: %s", strerror(errno));
        if (rc)
            remove(tmp);
        free(tmp);
    } else if (rc == 0 && (fflush(stdout) != 0 || ferror(stdout))) {
        rc = nm_fail(&err, "stdout", 0, "cannot write: %s", strerror(errno));
    }
    if (rc) {
        if (!err.where[0] && path)
            snprintf(err.where, sizeof(err.where), "%s", path);
        log_nm_error(&err);
        return EXIT_SOME_FAILED;
    }
    return EXIT_OK;
}

static int import_cmd(store *s, const char *path)
{
    nm_error err;
    bool std_in = strcmp(path, "-") == 0;
    FILE *in = std_in ? stdin : fopen(path, "r");
    if (!in) {
        log_error("%s: cannot read: %s", path, strerror(errno));
        return EXIT_SOME_FAILED;
    }
    int rc = store_import(s, in, std_in ? "stdin" : path, &err);
    if (!std_in)
        fclose(in);
    if (rc) {
        log_nm_error(&err);
        return EXIT_SOME_FAILED;
    }
    store_stats st;
    if (store_get_stats(s, 0, &st, &err) == 0)
        log_info("imported %lld feeds, %lld items, %lld aliases, %lld pages into %s %s",
                 (long long)st.feeds, (long long)st.items, (long long)st.aliases,
                 (long long)st.pages, store_backend(s), store_where(s));
    return EXIT_OK;
}

static int store_run(const nm_cli *cli, int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error("store", "expected status, migrate, export or import");
    const char *sub = argv[1];
    bool known = (strcmp(sub, "status") == 0 && argc == 2) ||
                 (strcmp(sub, "migrate") == 0 && argc == 2) ||
                 (strcmp(sub, "export") == 0 && argc <= 3) ||
                 (strcmp(sub, "import") == 0 && argc == 3);
    if (!known)
        return cli_usage_error("store", "unknown subcommand or wrong arguments: '%s'", sub);
    store *s;
    int rc = open_or_say(cli, &s);
    if (rc)
        return rc;
    if (strcmp(sub, "status") == 0) {
        rc = status_cmd(cli, s);
    } else if (strcmp(sub, "migrate") == 0) {
        int from = store_schema_found(s), to = store_schema_version(s);
        if (from == to)
            printf("%s %s: schema %d, up to date\n", store_backend(s), store_where(s), to);
        else
            printf("%s %s: schema %d, migrated from %d\n", store_backend(s), store_where(s), to,
                   from);
    } else if (strcmp(sub, "export") == 0) {
        rc = export_cmd(s, argc == 3 ? argv[2] : NULL);
    } else {
        rc = import_cmd(s, argv[2]);
    }
    store_close(s);
    return rc;
}

const nm_command cmd_store = {
    .name = "store",
    .summary = "show, migrate, export and import the site's store (SQLite or PostgreSQL)",
    .usage = "Usage: newsmill store status\n"
             "       newsmill store migrate\n"
             "       newsmill store export [FILE|-]\n"
             "       newsmill store import FILE|-\n"
             "\n"
             "The store is what newsmill remembers between fetches: each feed's state,\n"
             "the items taken in, their aliases, the article pages still to fetch. It\n"
             "is SQLite in .newsmill/newsmill.db unless the site names a PostgreSQL\n"
             "server, in _config.yml:\n"
             "\n"
             "  newsmill:\n"
             "    store: postgresql://USER@HOST:PORT/DATABASE\n"
             "\n"
             "or in the environment, NEWSMILL_STORE=postgresql://… (which wins over\n"
             "the file; NEWSMILL_STORE=sqlite picks SQLite). The database must exist;\n"
             "newsmill creates its tables. A password is best kept out of the file:\n"
             "libpq reads PGPASSWORD and ~/.pgpass. Every command opens the store\n"
             "and brings its schema up to date.\n"
             "\n"
             "  status   which store, its schema, feeds (due now, failing, never\n"
             "           fetched), the oldest and newest last fetch, the next due\n"
             "           time, items, aliases, article pages waiting; fetch\n"
             "           workers seen in the last hour and the leases they hold;\n"
             "           posts kept in the store (fetch --worker), those not yet\n"
             "           written here by 'newsmill sync' and when the oldest of\n"
             "           them was stored\n"
             "  migrate  bring the schema up to date and say from which version\n"
             "  export   print every row as JSON lines (to FILE, written whole or\n"
             "           not at all, or stdout); the same content gives the same\n"
             "           bytes from either back end\n"
             "  import   load such a dump into an empty store, all or nothing\n"
             "\n"
             "Examples:\n"
             "  newsmill store status\n"
             "  newsmill store export site.jsonl     (then, to move the site to a server:)\n"
             "  NEWSMILL_STORE=postgresql://news@db.example/news newsmill store import site.jsonl\n"
             "  (and newsmill: store: postgresql://news@db.example/news in _config.yml)\n",
    .run = store_run,
};
