/*
 * rejects.c - the rejected dictionary entries, kept as the readers reported them, so that
 * a dictionary loaded from its compiled image reports them again, word for word. The
 * records are bytes: the model's own list and the image's section are the same format,
 * checked in full before anything reads it.
 */
#include "dict/dict.h"

#include <string.h>

/* One record: this header, then the source and the message, each NUL-terminated, then
 * zeros up to a multiple of 8 bytes. */
struct rec {
    uint32_t status, line, column;
    uint32_t source_len, message_len; /* without their NULs */
    uint32_t zero;
    uint64_t offset; /* UINT64_MAX when unknown */
};

#define MAX_SOURCE 4096 /* a file name */

static size_t rec_size(const struct rec *r)
{
    size_t n = sizeof *r + (size_t)r->source_len + 1 + (size_t)r->message_len + 1;
    return (n + 7) & ~(size_t)7;
}

void dy_rejects_add(struct dy_dict_model *m, const dyad_error *e)
{
    const char *source = e->source ? e->source : "";
    struct rec r = {0};
    r.status = (uint32_t)e->status;
    r.line = e->line;
    r.column = e->column;
    r.source_len = (uint32_t)strnlen(source, MAX_SOURCE);
    r.message_len = (uint32_t)strnlen(e->message, sizeof e->message - 1);
    r.offset = e->offset == SIZE_MAX ? UINT64_MAX : (uint64_t)e->offset;
    static const char zeros[8];
    size_t pad = rec_size(&r) - (sizeof r + (size_t)r.source_len + 1 + r.message_len + 1);
    struct dy_buf *b = &m->rejects;
    size_t undo = b->len;
    if (m->rejects_lost || dy_buf_append(b, (const char *)&r, sizeof r) != DYAD_OK ||
        dy_buf_append(b, source, r.source_len) != DYAD_OK ||
        dy_buf_append(b, zeros, 1) != DYAD_OK ||
        dy_buf_append(b, e->message, r.message_len) != DYAD_OK ||
        dy_buf_append(b, zeros, 1 + pad) != DYAD_OK) {
        /* out of memory: the model cannot be imaged (dyad_dict_save refuses) */
        m->rejects_lost = true;
        b->len = undo;
        return;
    }
    m->n_rejects++;
}

/* A string of exactly `len` bytes at p, NUL-terminated. */
static bool exact_string(const char *p, uint32_t len)
{
    return p[len] == '\0' && memchr(p, '\0', len) == NULL;
}

bool dy_rejects_check(const char *p, size_t len, size_t *n)
{
    *n = 0;
    size_t at = 0;
    while (at < len) {
        struct rec r;
        dyad_error e;
        if (len - at < sizeof r)
            return false;
        memcpy(&r, p + at, sizeof r);
        if (r.status > DYAD_MISUSE || r.zero || r.source_len > MAX_SOURCE ||
            r.message_len >= sizeof e.message)
            return false;
        size_t size = rec_size(&r);
        if (size > len - at)
            return false;
        const char *source = p + at + sizeof r, *message = source + r.source_len + 1;
        if (!exact_string(source, r.source_len) || !exact_string(message, r.message_len))
            return false;
        for (const char *z = message + r.message_len + 1; z < p + at + size; z++)
            if (*z)
                return false;
        at += size;
        (*n)++;
    }
    return true;
}

void dy_rejects_replay(const char *p, size_t len, dyad_diag_fn fn, void *ctx)
{
    for (size_t at = 0; fn && at < len;) {
        struct rec r;
        memcpy(&r, p + at, sizeof r);
        dyad_error e;
        dy_error_clear(&e);
        e.status = (dyad_status)r.status;
        e.source = p + at + sizeof r;
        e.line = r.line;
        e.column = r.column;
        e.offset = r.offset == UINT64_MAX ? SIZE_MAX : (size_t)r.offset;
        memcpy(e.message, e.source + r.source_len + 1, (size_t)r.message_len + 1);
        fn(ctx, &e);
        at += rec_size(&r);
    }
}
