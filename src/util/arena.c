/*
 * arena.c — a bump allocator for things that live and die together.
 *
 * Memory comes from a chain of blocks; an allocation takes the next aligned
 * bytes of the current block (strings: the next bytes, unaligned), or
 * starts a new block (a dedicated one for requests larger than a block). Nothing is freed one by one: arena_free()
 * drops the whole chain. This keeps parsing a feed or building a page free
 * of per-string malloc/free storms and of leaks on error paths.
 */
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define ARENA_ALIGN 16
#define ARENA_DEFAULT_BLOCK (64 * 1024)

typedef struct arena_block {
    struct arena_block *next;
    size_t size; /* usable bytes after the header */
    size_t used;
    _Alignas(ARENA_ALIGN) unsigned char data[];
} arena_block;

struct arena {
    arena_block *head; /* current block; older ones follow */
    size_t block_size;
    size_t used;       /* bytes handed out, for statistics */
};

#define ARENA_MAX_BLOCK ((size_t)8 << 20)
#define HUGE_PAGE ((uintptr_t)2 << 20)

void mem_advise_huge(void *p, size_t n)
{
    uintptr_t start = ((uintptr_t)p + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
    uintptr_t end = ((uintptr_t)p + n) & ~(HUGE_PAGE - 1);
    if (end > start)
        (void)madvise((void *)start, end - start, MADV_HUGEPAGE);
}

static arena_block *block_new(size_t size)
{
    arena_block *b = xmalloc(sizeof(*b) + size);
    if (size >= 2 * HUGE_PAGE)
        mem_advise_huge(b->data, size);
    b->next = NULL;
    b->size = size;
    b->used = 0;
    return b;
}

arena *arena_new(size_t block_size)
{
    arena *a = xmalloc(sizeof(*a));
    a->block_size = block_size ? block_size : ARENA_DEFAULT_BLOCK;
    a->head = block_new(a->block_size);
    a->used = 0;
    return a;
}

/* The next n bytes at a multiple of align (a power of two, at most
 * ARENA_ALIGN): strings take align 1, so a million short ones do not
 * each round up to 16 bytes. */
static void *bump(arena *a, size_t n, size_t align)
{
    size_t need = (n + align - 1) & ~(align - 1);
    if (need < n)
        nm_die("arena allocation overflow (%zu bytes)", n);
    arena_block *b = a->head;
    size_t at = (b->used + align - 1) & ~(align - 1);
    if (at > b->size || b->size - at < need) {
        if (need > a->block_size / 4) {
            /* Large request: its own block, placed behind the current one
             * so the current block's free space is not wasted. */
            arena_block *big = block_new(need);
            big->used = need;
            big->next = b->next;
            b->next = big;
            a->used += need;
            return big->data;
        }
        /* an arena that keeps growing gets bigger blocks (half of what it
         * holds, up to 8 MiB): a 50 MB feed takes a dozen mallocs, not a
         * thousand */
        size_t size = a->block_size;
        if (a->used / 2 > size)
            size = a->used / 2 < ARENA_MAX_BLOCK ? (a->used / 2 + 4095) & ~(size_t)4095
                                                 : ARENA_MAX_BLOCK;
        b = block_new(size);
        b->next = a->head;
        a->head = b;
        at = 0;
    }
    void *p = b->data + at;
    b->used = at + need;
    a->used += need;
    return p;
}

void *arena_alloc(arena *a, size_t n)
{
    return bump(a, n, ARENA_ALIGN);
}

void *arena_zalloc(arena *a, size_t n)
{
    void *p = arena_alloc(a, n);
    memset(p, 0, n);
    return p;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
    char *d = bump(a, n + 1, 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *arena_strdup(arena *a, const char *s)
{
    return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_printf(arena *a, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        nm_die("arena_printf: bad format");
    char *d = bump(a, (size_t)n + 1, 1);
    vsnprintf(d, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return d;
}

size_t arena_used(const arena *a)
{
    return a->used;
}

void arena_reset(arena *a)
{
    /* The tail of the chain is the block arena_new() made (big blocks are
     * always linked behind the head, never at the tail): keep it. */
    arena_block *b = a->head;
    while (b->next) {
        arena_block *next = b->next;
        free(b);
        b = next;
    }
    b->used = 0;
    a->head = b;
    a->used = 0;
}

void arena_free(arena *a)
{
    if (!a)
        return;
    arena_block *b = a->head;
    while (b) {
        arena_block *next = b->next;
        free(b);
        b = next;
    }
    free(a);
}
