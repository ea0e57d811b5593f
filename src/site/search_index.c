/*
 * search_index.c — the build's hook for the static search index: the
 * posts' searchable fields (in parallel), the files of public/search/
 * (src/search/shards.c makes them), written like every other output:
 * only when the manifest says the bytes or the file on disk differ.
 *
 * The index is cut into segments of `newsmill: search_segment` posts counted
 * from the oldest (shards.c), each under search/<K>/, and made one at a
 * time, so memory holds one segment's postings, not the site's. Bodies
 * are not kept in the model (memory follows metadata), so making a
 * segment reads its posts' files again. That is paid only for a segment
 * whose inputs changed: their hash (this program, _config.yml, the
 * theme, the segment's number and each of its posts' identity, deps.c)
 * is recorded as the dep of each of its files, and a segment whose files
 * all carry the same hash keeps them as they are, reading no post; its
 * line of index.json is taken from the last build's index.json. Adding
 * newer posts thus reads and rewrites only the last segment; editing or
 * deleting an old post renumbers the posts after it, and every segment
 * from its own on is made again. The result is the same bytes a clean
 * build writes.
 *
 * The Bloom filters of every segment but the last (search/f/, shards.c)
 * are made from each segment's filters, which a build keeps in
 * .newsmill/search-bloom/<segment dep>.bin: when a segment fills, the
 * files of search/f/ are made again from the cached filters of the older
 * segments, without reading their posts (a segment whose cached filters
 * are missing is made again; search_bloom.c). Their dep is the hash of
 * those segments'.
 *
 * The last segment's terms as its builder left them are kept in
 * .newsmill/search-tail.bin (shards.c's search_static_state): when newer
 * posts are added, that segment is made again from them and the kept
 * terms, so only the new posts are tokenized (its older posts are still
 * read: the meta files need their titles and excerpts).
 *
 * A whole-index hash (every post's identity) is recorded on
 * search/index.json: a build whose hash matches keeps every file without
 * looking at segments.
 *
 * Every file but search/index.json is named by a hash of its bytes; the
 * build's stale sweep deletes the ones no longer named.
 */
#include "site_int.h"

#include "search/search.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

typedef struct fields_job {
    site_model *m;
    size_t first; /* doc number of docs[0] */
    search_static_doc *docs;
    arena **arenas;  /* per worker: the docs' fields, for the segment */
    arena **scratch; /* per worker: one post's file, reset after it */
} fields_job;

static void fields_one(size_t d, int worker, void *ctx)
{
    fields_job *j = ctx;
    const site_model *m = j->m;
    site_post *sp = m->posts[m->nposts - 1 - (j->first + d)]; /* oldest first */
    arena *a = j->arenas[worker], *tmp = j->scratch[worker];
    search_static_doc *doc = &j->docs[d];
    /* the body as the file has it (the CLI's index reads the same), read
     * again: the model keeps none; a file gone since the model was made
     * is indexed by its metadata (the page build reports it) */
    post fm;
    post_init(&fm);
    fm.title = sp->fm.title;
    fm.categories = sp->fm.categories;
    fm.ncategories = sp->fm.ncategories;
    fm.author = sp->fm.author;
    post_read_opts ro = {m->cfg.zone};
    post again;
    nm_error e;
    const char *path = site_post_file(tmp, m, sp->rel);
    if (post_read_file(tmp, path, &ro, &again, &e) == 0)
        fm.body = again.body;
    search_fields f;
    search_post_fields(tmp, &fm, path, SEARCH_BODY_MAX, &f);
    /* only the fields stay for the segment: the file and its parse go */
    doc->f = (search_fields){arena_strdup(a, f.title), arena_strdup(a, f.categories),
                             arena_strdup(a, f.author), arena_strdup(a, f.body)};
    arena_reset(tmp);
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    site_href(&b, &m->cfg, sp->path);
    doc->url = arena_strdup(a, buf_cstr(&b));
    buf_free(&b);
    doc->date = sp->date == NM_NO_TIME ? ""
                                       : arena_printf(a, "%04d-%02d-%02d", sp->local.year,
                                                      sp->local.month, sp->local.day);
    doc->category = "";
    for (size_t k = 0; k < sp->ncats; k++)
        if (sp->cats[k]->depth == 0) {
            doc->category = sp->cats[k]->name;
            break;
        }
}

typedef struct write_job {
    uint64_t dep; /* of every file written */
    const search_static_files *files;
    const manifest *old;
    const char *public_dir;
    manifest_entry *entries;
    bool *written;
    nm_error *errs;
    bool *failed;
} write_job;

static void write_one(size_t i, int worker, void *ctx)
{
    (void)worker;
    write_job *j = ctx;
    const search_static_file *f = &j->files->v[i];
    manifest_entry *e = &j->entries[i];
    e->path = f->name;
    e->hash = hash64(f->data, f->len, 0);
    e->size = f->len;
    e->dep = j->dep;
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", j->public_dir, f->name);
    const manifest_entry *old = manifest_find(j->old, f->name);
    if (old && old->hash == e->hash && old->size == e->size &&
        site_file_matches(path, old->size, old->mtime_ns)) {
        e->mtime_ns = old->mtime_ns;
        return;
    }
    nm_error_clear(&j->errs[i]);
    if (site_write_file(path, f->data, f->len, &e->mtime_ns, &j->errs[i]) < 0)
        j->failed[i] = true;
    else
        j->written[i] = true;
}

int site_search_write_files(pool *p, arena *a, const search_static_files *files, uint64_t dep,
                            const manifest *old, const char *public_dir, site_search_out *out,
                            size_t *cap, nm_error *err)
{
    manifest_entry *entries = xcalloc(files->n + 1, sizeof *entries);
    write_job wj = {dep, files, old, public_dir, entries, xcalloc(files->n + 1, sizeof(bool)),
                    xcalloc(files->n + 1, sizeof(nm_error)), xcalloc(files->n + 1, sizeof(bool))};
    pool_for(p, files->n, write_one, &wj);
    int rc = 0;
    for (size_t i = 0; i < files->n; i++) {
        if (wj.failed[i]) {
            if (rc == 0)
                *err = wj.errs[i];
            else
                log_nm_error(&wj.errs[i]);
            rc = -1;
            continue;
        }
        if (out->n == *cap) {
            *cap = *cap ? *cap * 2 : 1024;
            out->entries = xrealloc(out->entries, *cap * sizeof *out->entries);
        }
        entries[i].path = arena_strdup(a, entries[i].path);
        out->entries[out->n++] = entries[i];
        out->bytes += files->v[i].len;
        if (wj.written[i])
            out->written++;
    }
    free(entries);
    free(wj.written);
    free(wj.errs);
    free(wj.failed);
    return rc;
}

/* The hash of what the whole index is made of. */
static uint64_t index_dep(const site_model *m, uint64_t global)
{
    uint64_t h = hash64(&global, sizeof global, 0x7365617263682031ull);
    for (size_t i = 0; i < m->nposts; i++)
        h = hash64(&m->posts[i]->dep, sizeof m->posts[i]->dep, h);
    return h ? h : 1; /* 0 means "no dep" in the manifest */
}

/* The hash of what segment seg is made of: docs [first, first + n). */
static uint64_t segment_dep(const site_model *m, uint64_t global, size_t seg, size_t first,
                            size_t n)
{
    uint64_t k[3] = {global, seg, (uint64_t)m->cfg.search_segment};
    uint64_t h = hash64(k, sizeof k, 0x7365676d656e7431ull);
    for (size_t d = first; d < first + n; d++)
        h = hash64(&m->posts[m->nposts - 1 - d]->dep, sizeof h, h);
    return h ? h : 1;
}

/* A file of the index (not the search page, search/index.html): index.json
 * and the files under search/<K>/. */
static bool is_index_file(const char *path)
{
    return !strcmp(path, SEARCH_INDEX_FILE) ||
           (!strncmp(path, "search/", 7) && strchr(path + 7, '/'));
}

/* The segment number of an index file's path, or -1 (index.json, files
 * of an older layout). */
static long segment_of(const char *path)
{
    const char *s = path + 7;
    if (strncmp(path, "search/", 7) || *s < '0' || *s > '9')
        return -1;
    char *end;
    long k = strtol(s, &end, 10);
    return *end == '/' ? k : -1;
}

/* The last build's index when its inputs are the same and its index.json
 * is on disk as written (every file of it with verify): true with out
 * filled from old's entries. */
static bool index_unchanged(uint64_t dep, const char *public_dir, const manifest *old,
                            bool verify, site_search_out *out)
{
    const manifest_entry *top = manifest_find(old, SEARCH_INDEX_FILE);
    if (!top || top->dep != dep)
        return false;
    char path[4200];
    size_t n = 0;
    for (size_t i = 0; i < old->n; i++) {
        const manifest_entry *e = &old->v[i];
        if (!is_index_file(e->path))
            continue;
        if (e == top || verify) {
            snprintf(path, sizeof path, "%s/%s", public_dir, e->path);
            if (!site_file_matches(path, e->size, e->mtime_ns))
                return false;
        }
        n++;
    }
    out->entries = xcalloc(n + 1, sizeof *out->entries);
    for (size_t i = 0; i < old->n; i++)
        if (is_index_file(old->v[i].path)) {
            out->entries[out->n++] = old->v[i];
            out->bytes += old->v[i].size;
        }
    return true;
}

/* The last build's index.json as its manifest entry records it, or NULL.
 * Malloc'd; *len its length. */
static char *old_index(const char *public_dir, const manifest *old, size_t *len)
{
    const manifest_entry *top = manifest_find(old, SEARCH_INDEX_FILE);
    if (!top)
        return NULL;
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", public_dir, SEARCH_INDEX_FILE);
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    nm_error e;
    if (!site_file_matches(path, top->size, top->mtime_ns) ||
        fs_read_file(path, 64u << 20, &b, &e) < 0 || b.len != top->size ||
        hash64(b.data, b.len, 0) != top->hash) {
        buf_free(&b);
        return NULL;
    }
    return buf_detach(&b, len);
}

typedef struct old_segment {
    const manifest_entry **v; /* its files in the last build's manifest */
    size_t n, cap;
    bool mixed;               /* not all with the same dep */
} old_segment;

/* True when every file of os is on disk as the manifest records it. */
static bool on_disk(const old_segment *os, const char *public_dir)
{
    char path[4200];
    for (size_t i = 0; i < os->n; i++) {
        snprintf(path, sizeof path, "%s/%s", public_dir, os->v[i]->path);
        if (!site_file_matches(path, os->v[i]->size, os->v[i]->mtime_ns))
            return false;
    }
    return true;
}

/* Keeps segment seg's files from the last build when they were made from
 * the same inputs (dep) and index.json has its line: true with the
 * entries appended to out and *desc set. */
static bool segment_unchanged(const old_segment *os, uint64_t dep, const char *line,
                              const char *public_dir, bool verify, site_search_out *out,
                              size_t *cap)
{
    if (!os || !os->n || os->mixed || os->v[0]->dep != dep || !line)
        return false;
    if (verify && !on_disk(os, public_dir))
        return false;
    for (size_t i = 0; i < os->n; i++) {
        if (out->n == *cap) {
            *cap = *cap ? *cap * 2 : 1024;
            out->entries = xrealloc(out->entries, *cap * sizeof *out->entries);
        }
        out->entries[out->n++] = *os->v[i];
        out->bytes += os->v[i]->size;
    }
    return true;
}

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The sorted distinct top categories of m's posts (each post's first). */
static const char **top_categories(const site_model *m, size_t *n)
{
    const char **v = xcalloc(m->nposts + 1, sizeof *v);
    size_t k = 0;
    for (size_t i = 0; i < m->nposts; i++) {
        const site_post *sp = m->posts[i];
        for (size_t c = 0; c < sp->ncats; c++)
            if (sp->cats[c]->depth == 0) {
                v[k++] = sp->cats[c]->name;
                break;
            }
    }
    qsort(v, k, sizeof *v, cmp_str);
    size_t u = 0;
    for (size_t i = 0; i < k; i++)
        if (!u || strcmp(v[u - 1], v[i]))
            v[u++] = v[i];
    *n = u;
    return v;
}

/* ---- the last segment's terms --------------------------------------------- */

/* The last segment's terms as its builder left them (shards.c's state)
 * are kept in STATE/search-tail.bin, with the segment's number, its
 * number of posts and the dep of those posts (segment_dep) at the head
 * and a hash of it all at the end: when newer posts are added, the
 * segment is made again from them and the kept terms of the posts it
 * had, which are not tokenized again. */
#define TAIL_FILE "search-tail.bin"

static char *tail_path(const char *state_dir)
{
    char *p = xmalloc(strlen(state_dir) + sizeof TAIL_FILE + 2);
    sprintf(p, "%s/%s", state_dir, TAIL_FILE);
    return p;
}

static void tail_put(const char *state_dir, size_t seg, uint64_t dep,
                     const search_static_state *st)
{
    char *path = tail_path(state_dir);
    uint64_t head[3] = {seg, st->docs, dep};
    char *data = xmalloc(sizeof head + st->len + 8);
    memcpy(data, head, sizeof head);
    memcpy(data + sizeof head, st->data, st->len);
    uint64_t h = hash64(data, sizeof head + st->len, 0x7461696c00000001ull);
    memcpy(data + sizeof head + st->len, &h, 8);
    int64_t mtime;
    nm_error e;
    if (site_write_file(path, data, sizeof head + st->len + 8, &mtime, &e) < 0)
        log_nm_error(&e); /* the next build tokenizes the segment's posts */
    free(data);
    free(path);
}

/* The kept terms (st->data malloc'd, or NULL), their segment *seg and
 * the dep of their posts *dep. */
static void tail_get(const char *state_dir, search_static_state *st, uint64_t *seg,
                     uint64_t *dep)
{
    char *path = tail_path(state_dir);
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    nm_error e;
    int rc = fs_exists(path) ? fs_read_file(path, SIZE_MAX / 2, &b, &e) : -1;
    free(path);
    uint64_t head[3], h;
    bool ok = rc == 0 && b.len >= sizeof head + 8;
    if (ok) {
        memcpy(head, b.data, sizeof head);
        memcpy(&h, b.data + b.len - 8, 8);
        ok = h == hash64(b.data, b.len - 8, 0x7461696c00000001ull) && head[1] > 0;
    }
    *st = (search_static_state){0};
    if (!ok) {
        buf_free(&b);
        return;
    }
    size_t len;
    char *data = buf_detach(&b, &len);
    memmove(data, data + sizeof head, len - sizeof head - 8);
    *st = (search_static_state){data, len - sizeof head - 8, (size_t)head[1]};
    *seg = head[0];
    *dep = head[2];
}

int site_search_index(site_model *m, pool *p, const char *public_dir, const char *state_dir,
                      const manifest *old, uint64_t global, bool verify, site_search_out *out,
                      nm_error *err)
{
    memset(out, 0, sizeof *out);
    double t0 = now();
    uint64_t dep = index_dep(m, global);
    if (index_unchanged(dep, public_dir, old, verify, out)) {
        log_debug("search index: unchanged (%zu files)", out->n);
        return 0;
    }
    size_t n = m->nposts, cap = 0, Z = (size_t)m->cfg.search_segment;
    size_t nseg = (n + Z - 1) / Z;
    /* the last build's segments */
    old_segment *olds = xcalloc(nseg + 1, sizeof *olds);
    /* the filters of every segment but the last (search/f/) */
    uint32_t nbuckets = search_bloom_buckets(Z), ngrams = search_gram_buckets(Z);
    size_t nclosed = nseg ? nseg - 1 : 0;
    uint64_t *sdeps = xcalloc(nseg + 1, sizeof *sdeps);
    uint64_t bk[3] = {global, nbuckets + ngrams, Z};
    uint64_t bdep = hash64(bk, sizeof bk, 0x626c6f6f6d000002ull);
    for (size_t k = 0; k < nseg; k++) {
        size_t first = k * Z, cnt = n - first < Z ? n - first : Z;
        sdeps[k] = segment_dep(m, global, k, first, cnt);
        if (k < nclosed)
            bdep = hash64(&sdeps[k], sizeof sdeps[k], bdep);
    }
    bdep = bdep ? bdep : 1;
    old_segment oldf = {0};
    /* a made segment's filters, kept only when its cache file could not
     * be written (search/f/ reads the others from there) */
    char **blooms = xcalloc(nseg + 1, sizeof *blooms);
    size_t *bloom_lens = xcalloc(nseg + 1, sizeof *bloom_lens);
    for (size_t i = 0; i < old->n; i++) {
        if (!strncmp(old->v[i].path, "search/f/", 9)) {
            if (oldf.n == oldf.cap) {
                oldf.cap = oldf.cap ? oldf.cap * 2 : 64;
                oldf.v = xrealloc(oldf.v, oldf.cap * sizeof *oldf.v);
            }
            oldf.v[oldf.n++] = &old->v[i];
            oldf.mixed |= old->v[i].dep != oldf.v[0]->dep;
            continue;
        }
        long k = segment_of(old->v[i].path);
        if (k < 0 || (size_t)k >= nseg)
            continue;
        old_segment *os = &olds[k];
        if (os->n == os->cap) {
            os->cap = os->cap ? os->cap * 2 : 256;
            os->v = xrealloc(os->v, os->cap * sizeof *os->v);
        }
        os->v[os->n++] = &old->v[i];
        os->mixed |= old->v[i].dep != os->v[0]->dep;
    }
    size_t old_len = 0;
    char *old_json = old_index(public_dir, old, &old_len);
    const char *bloom_line =
        old_json ? search_static_index_line(m->a, old_json, old_len, SEARCH_LINE_BLOOM) : NULL;
    /* filters kept when made of the same segments; none at all for one */
    bool bloom_same = nclosed == 0 || (oldf.n && !oldf.mixed && oldf.v[0]->dep == bdep &&
                                       bloom_line && (!verify || on_disk(&oldf, public_dir)));
    const char **descs = arena_new_array(m->a, const char *, nseg + 1);
    int nworkers = pool_size(p) + 1;
    arena **arenas = xcalloc((size_t)nworkers, sizeof(arena *));
    arena **scratch = xcalloc((size_t)nworkers, sizeof(arena *));
    for (int w = 0; w < nworkers; w++) {
        arenas[w] = arena_new(1u << 20);
        scratch[w] = arena_new(1u << 20);
    }
    arena *seg_arena = arena_new(1u << 20);
    /* the kept terms of the last build's last segment: that segment is
     * made again from them and its newer posts (it may be full now) */
    search_static_state tail;
    uint64_t tail_seg = 0, tail_dep = 0;
    tail_get(state_dir, &tail, &tail_seg, &tail_dep);
    search_static_doc *docs = xcalloc(Z + 1, sizeof *docs);
    size_t made = 0, read = 0;
    int rc = 0;
    for (size_t k = 0; k < nseg; k++) {
        size_t first = k * Z;
        size_t cnt = n - first < Z ? n - first : Z;
        uint64_t sdep = sdeps[k];
        const char *line =
            old_json ? search_static_index_line(m->a, old_json, old_len, SEARCH_LINE_SEGMENT(k))
                     : NULL;
        /* a kept segment whose filters are needed must have them cached */
        bool need_bloom = k < nclosed && !bloom_same;
        if ((!need_bloom || (line && olds[k].n && site_bloom_cache_check(state_dir, sdep))) &&
            segment_unchanged(&olds[k], sdep, line, public_dir, verify, out, &cap)) {
            descs[k] = line;
            continue;
        }
        memset(docs, 0, cnt * sizeof *docs);
        fields_job fj = {m, first, docs, arenas, scratch};
        double t1 = now();
        pool_for(p, cnt, fields_one, &fj);
        double t2 = now();
        search_static_files files;
        const char *desc, *bloom;
        size_t bloom_len;
        /* the last segment: resumed from its kept terms, and its terms kept */
        bool last = k + 1 == nseg;
        search_static_state state = {0};
        bool resumed = tail.data && tail_seg == k && tail.docs <= cnt &&
                       tail_dep == segment_dep(m, global, k, first, tail.docs);
        /* only a full segment's filters are ever read (every segment
         * but the last is full), so only it gets its 4-grams */
        search_static_segment(seg_arena, k, docs, cnt, nbuckets, ngrams, cnt == Z,
                              resumed ? &tail : NULL, &files, &desc, &bloom, &bloom_len,
                              last ? &state : NULL);
        if (last)
            tail_put(state_dir, k, sdep, &state);
        free(state.data);
        double t3 = now();
        descs[k] = arena_strdup(m->a, desc);
        if (site_bloom_cache_put(state_dir, sdep, bloom, bloom_len) < 0 && need_bloom) {
            blooms[k] = xmalloc(bloom_len + 1);
            memcpy(blooms[k], bloom, bloom_len);
            bloom_lens[k] = bloom_len;
        }
        nm_error e;
        if (site_search_write_files(p, m->a, &files, sdep, old, public_dir, out, &cap, &e) < 0) {
            if (rc == 0)
                *err = e;
            else
                log_nm_error(&e);
            rc = -1;
        }
        log_debug("search index: segment %zu: %zu posts read in %.2f s, indexed in %.2f s "
                  "(%zu tokenized%s), %zu files written in %.2f s",
                  k, cnt, t2 - t1, t3 - t2, cnt - (resumed ? tail.docs : 0),
                  files.rescanned ? arena_printf(seg_arena, ", %zu more for their 4-grams",
                                                 files.rescanned)
                                  : "",
                  files.n, now() - t3);
        free(files.v);
        arena_reset(seg_arena);
        for (int w = 0; w < nworkers; w++)
            arena_reset(arenas[w]);
        made++;
        read += cnt;
    }
    const char *bloom_desc = NULL;
    if (nclosed && bloom_same) {
        bloom_desc = bloom_line;
        segment_unchanged(&oldf, bdep, bloom_line, public_dir, verify, out, &cap);
    } else if (nclosed) {
        nm_error e;
        if (site_bloom_write_files(m, p, state_dir, sdeps, blooms, bloom_lens, nclosed,
                                   nbuckets + ngrams, bdep, old, public_dir, out, &cap,
                                   &bloom_desc, &e) < 0) {
            if (rc == 0)
                *err = e;
            else
                log_nm_error(&e);
            rc = -1;
        }
    }
    free(tail.data);
    if (made)
        site_bloom_cache_sweep(state_dir, sdeps, nseg);
    for (size_t k = 0; k < nseg; k++)
        free(blooms[k]);
    free(blooms);
    free(bloom_lens);
    free(sdeps);
    free(oldf.v);
    size_t ncats;
    const char **cats = top_categories(m, &ncats);
    const char *json = search_static_index(m->a, n, Z, descs, nseg, bloom_desc, cats, ncats);
    search_static_files top = {xcalloc(1, sizeof *top.v), 1, 1};
    top.v[0] = (search_static_file){SEARCH_INDEX_FILE, json, strlen(json)};
    nm_error e;
    if (site_search_write_files(p, m->a, &top, dep, old, public_dir, out, &cap, &e) < 0) {
        if (rc == 0)
            *err = e;
        else
            log_nm_error(&e);
        rc = -1;
    }
    free(top.v);
    free(cats);
    free(docs);
    arena_free(seg_arena);
    for (int w = 0; w < nworkers; w++) {
        arena_free(arenas[w]);
        arena_free(scratch[w]);
    }
    free(arenas);
    free(scratch);
    free(old_json);
    for (size_t k = 0; k < nseg; k++)
        free(olds[k].v);
    free(olds);
    log_debug("search index: %zu posts in %zu segments (%zu made, %zu posts read), %zu files "
              "(%zu written), %llu bytes in %.2f s",
              n, nseg, made, read, out->n, out->written, (unsigned long long)out->bytes,
              now() - t0);
    return rc;
}
