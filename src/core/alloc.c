/*
 * alloc.c - the one place that calls malloc. Tests can make the n-th allocation fail
 * (dy_alloc_fail_after) to check every error path for clean failure and no leaks.
 */
#include "core.h"

#include <stdlib.h>
#include <string.h>

/* Failure injection state. Only tests set it; production never pays more than one
 * predictable branch per allocation. */
static long fail_after;
static long n_allocs;
static long n_live;

void dy_alloc_fail_after(long n)
{
    fail_after = n;
    n_allocs = 0;
    n_live = 0;
}

long dy_alloc_count(void)
{
    return n_allocs;
}

long dy_alloc_live(void)
{
    return n_live;
}

static bool should_fail(void)
{
    if (fail_after <= 0)
        return false;
    n_allocs++;
    return n_allocs >= fail_after;
}

void *dy_malloc(size_t n)
{
    if (should_fail())
        return NULL;
    void *p = malloc(n ? n : 1);
    if (p && fail_after > 0)
        n_live++;
    return p;
}

void *dy_calloc(size_t count, size_t n)
{
    if (should_fail())
        return NULL;
    void *p = calloc(count ? count : 1, n ? n : 1);
    if (p && fail_after > 0)
        n_live++;
    return p;
}

void *dy_realloc(void *p, size_t n)
{
    if (should_fail())
        return NULL;
    void *q = realloc(p, n ? n : 1);
    if (q && !p && fail_after > 0)
        n_live++;
    return q;
}

void dy_free(void *p)
{
    if (p && fail_after > 0)
        n_live--;
    free(p);
}

char *dy_strndup(const char *s, size_t len)
{
    char *d = dy_malloc(len + 1);
    if (!d)
        return NULL;
    memcpy(d, s, len);
    d[len] = '\0';
    return d;
}

char *dy_strdup(const char *s)
{
    return dy_strndup(s, strlen(s));
}

dyad_status dy_grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return DYAD_OK;
    size_t ncap = *cap ? *cap : 8;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2 / elem)
            return DYAD_NOMEM;
        ncap *= 2;
    }
    void *q = dy_realloc(*p, ncap * elem);
    if (!q)
        return DYAD_NOMEM;
    *p = q;
    *cap = ncap;
    return DYAD_OK;
}
