/*
 * core.h - what every stage shares: allocation (with failure injection for tests),
 * errors, arenas, growable arrays, hashing and string interning. Never installed.
 */
#ifndef DY_CORE_H
#define DY_CORE_H

#include "dyad.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(__GNUC__)
#define DY_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define DY_PRINTF(a, b)
#endif

/* ---- allocation: nothing in src/ calls malloc directly -------------------------- */
void *dy_malloc(size_t n);
void *dy_calloc(size_t count, size_t n);
void *dy_realloc(void *p, size_t n);
void dy_free(void *p);
char *dy_strndup(const char *s, size_t len);
char *dy_strdup(const char *s);

/* Tests: make the n-th allocation from now (1-based) and all after it fail; 0 = never.
 * dy_alloc_count() is the number of allocations since the last reset. Not thread-safe:
 * for single-threaded tests only. */
void dy_alloc_fail_after(long n);
long dy_alloc_count(void);
long dy_alloc_live(void); /* allocations not yet freed (tracked while injecting) */

/* ---- errors ---------------------------------------------------------------------- */
/* Fills err (if non-NULL) and returns s. Message is printf-style. */
dyad_status dy_fail(dyad_error *err, dyad_status s, const char *fmt, ...) DY_PRINTF(3, 4);
dyad_status dy_fail_at(dyad_error *err, dyad_status s, const char *source, uint32_t line,
                       uint32_t column, size_t offset, const char *fmt, ...) DY_PRINTF(7, 8);
void dy_error_clear(dyad_error *err);

/* ---- arena: per-article memory, freed at once ------------------------------------ */
struct dy_arena;
struct dy_arena *dy_arena_new(size_t block_size, size_t max_bytes);
void *dy_arena_alloc(struct dy_arena *a, size_t n); /* 16-byte aligned; NULL on failure/limit */
char *dy_arena_strndup(struct dy_arena *a, const char *s, size_t len);
void dy_arena_reset(struct dy_arena *a);
void dy_arena_free(struct dy_arena *a);

/* ---- growable arrays ------------------------------------------------------------- */
/* Ensures room for `need` elements of `elem` bytes in *p (capacity *cap). */
dyad_status dy_grow(void **p, size_t *cap, size_t need, size_t elem);
#define DY_PUSH(arr, n, cap, val)                                                          \
    (((n) < (cap) || dy_grow((void **)&(arr), &(cap), (n) + 1, sizeof *(arr)) == DYAD_OK)  \
         ? ((arr)[(n)++] = (val), DYAD_OK)                                                 \
         : DYAD_NOMEM)

/* ---- byte buffer ------------------------------------------------------------------ */
struct dy_buf {
    char *data;
    size_t len, cap;
};
dyad_status dy_buf_append(struct dy_buf *b, const char *s, size_t len);
dyad_status dy_buf_printf(struct dy_buf *b, const char *fmt, ...) DY_PRINTF(2, 3);
dyad_status dy_buf_putc(struct dy_buf *b, char c);
void dy_buf_free(struct dy_buf *b);

/* ---- hashing and interning ------------------------------------------------------- */
/* FNV-1a, byte by byte (with its own offset basis). Its values are persisted (the event
 * store): never change it. */
uint64_t dy_hash(const void *data, size_t len);
/* A 64-bit hash of bulk bytes, 32 at a time (several times faster than dy_hash on large
 * inputs): for the dictionary image's checksums. Its value depends on the host's byte
 * order, so it must not be persisted beyond files that record that order. */
uint64_t dy_hash_fast(const void *data, size_t len);

/* Maps byte strings to dense ids 1..n (0 = absent). Strings are copied. */
struct dy_intern {
    char **strs;      /* strs[id] (strs[0] unused) */
    uint32_t *lens;
    uint32_t n;       /* ids in use: 1..n */
    uint32_t cap;
    uint32_t *slots;  /* open addressing: 0, or an id and a hash tag (strings.c) */
    uint32_t n_slots; /* power of two */
};
void dy_intern_init(struct dy_intern *t);
void dy_intern_free(struct dy_intern *t);
uint32_t dy_intern_find(const struct dy_intern *t, const char *s, size_t len);
/* The same in two steps, for looking up many strings at once: hash them all and prefetch
 * their slots, then find each (the memory they need is then on its way). */
uint32_t dy_intern_hash(const char *s, size_t len);
void dy_intern_prefetch(const struct dy_intern *t, uint32_t hash);
uint32_t dy_intern_find_hashed(const struct dy_intern *t, const char *s, size_t len,
                               uint32_t hash);
/* At most 2^DY_INTERN_ID_BITS - 1 distinct strings; dy_intern_add returns 0 past that. */
#define DY_INTERN_ID_BITS 22
/* Returns the id (existing or new); 0 on allocation failure. */
uint32_t dy_intern_add(struct dy_intern *t, const char *s, size_t len);
static inline const char *dy_intern_str(const struct dy_intern *t, uint32_t id)
{
    return id && id <= t->n ? t->strs[id] : "";
}

/* ---- small string helpers --------------------------------------------------------- */
bool dy_streq_nocase(const char *a, const char *b);
/* Trims ASCII white space from both ends of [*s, *s + *len). */
void dy_trim(const char **s, size_t *len);
/* Whether w[0, len) ends in `suffix` with at least two bytes before it ("TALKING": "ING";
 * not "KING"). */
bool dy_ends_with(const char *w, size_t len, const char *suffix);
/* Whether code is "---" (no actor, or no event), without a call: events are tested for it
 * several times each. */
static inline bool dy_is_dashes(const char *code)
{
    return code[0] == '-' && code[1] == '-' && code[2] == '-' && !code[3];
}

/* Bytes at any address as a number, in the host's byte order (word-at-a-time scans). */
static inline uint64_t dy_load64(const void *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

static inline uint64_t dy_load32(const void *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

#endif
