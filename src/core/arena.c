/*
 * arena.c - per-article bump allocator. Everything an article needs while it is coded
 * (tokens, matches, clauses, events) comes from here and goes with one reset, so the hot
 * path makes no heap calls once the first blocks exist.
 */
#include "core.h"

#include <string.h>

struct block {
    struct block *next;
    size_t size, used;
    _Alignas(16) unsigned char data[];
};

struct dy_arena {
    struct block *head; /* current block; older ones follow */
    size_t block_size, max_bytes, total;
};

struct dy_arena *dy_arena_new(size_t block_size, size_t max_bytes)
{
    struct dy_arena *a = dy_calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->block_size = block_size ? block_size : 64 << 10;
    a->max_bytes = max_bytes ? max_bytes : SIZE_MAX;
    return a;
}

/* A new block for n bytes (the current one is full, or there is none). Kept out of
 * dy_arena_alloc so that the usual case is small enough to be inlined (with LTO). */
__attribute__((noinline)) static void *alloc_block(struct dy_arena *a, size_t n)
{
    size_t want = n > a->block_size ? n : a->block_size;
    if (a->total + want > a->max_bytes)
        return NULL;
    struct block *b = dy_malloc(sizeof *b + want);
    if (!b)
        return NULL;
    b->size = want;
    b->used = n;
    b->next = a->head;
    a->head = b;
    a->total += want;
    return b->data;
}

void *dy_arena_alloc(struct dy_arena *a, size_t n)
{
    n = ((n ? n : 1) + 15) & ~(size_t)15;
    struct block *b = a->head;
    if (!b || b->size - b->used < n)
        return alloc_block(a, n);
    void *p = b->data + b->used;
    b->used += n;
    return p;
}

char *dy_arena_strndup(struct dy_arena *a, const char *s, size_t len)
{
    char *d = dy_arena_alloc(a, len + 1);
    if (!d)
        return NULL;
    memcpy(d, s, len);
    d[len] = '\0';
    return d;
}

/* Keeps the most recent block (the usual working set of one article) and frees the
 * rest, so a huge article does not pin its memory for the whole run. */
void dy_arena_reset(struct dy_arena *a)
{
    if (!a || !a->head)
        return;
    struct block *keep = a->head, *b = keep->next;
    while (b) {
        struct block *next = b->next;
        dy_free(b);
        b = next;
    }
    keep->next = NULL;
    keep->used = 0;
    a->total = keep->size;
}

void dy_arena_free(struct dy_arena *a)
{
    if (!a)
        return;
    struct block *b = a->head;
    while (b) {
        struct block *next = b->next;
        dy_free(b);
        b = next;
    }
    dy_free(a);
}
