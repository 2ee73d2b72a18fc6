/*
 * fuzz_dict.h - what the dictionary-reader fuzz targets share: a diagnostics callback
 * that touches every field of each report, and CHECK, which aborts on a broken invariant.
 */
#ifndef FUZZ_DICT_H
#define FUZZ_DICT_H

#include "dict/dict.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct count {
    size_t calls, sum;
};

static void on_diag(void *ctx, const dyad_error *e)
{
    struct count *c = ctx;
    c->calls++;
    c->sum += strlen(e->message) + e->line + e->column + (e->source ? strlen(e->source) : 0);
}

#define CHECK(c)                                                                                   \
    do {                                                                                           \
        if (!(c))                                                                                  \
            abort();                                                                               \
    } while (0)

#endif
