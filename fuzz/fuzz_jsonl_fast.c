/*
 * fuzz_jsonl_fast.c - differential target for the JSON lines fast path. Each input is one
 * line. If dy_jsonl_fast accepts it, jansson must accept it too and yield the same bytes
 * in every field; and dy_jsonl_line (fast path first) must give exactly what the jansson
 * path alone gives - the same record, or the same error at the same place.
 */
#include "io/io.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)                                                                                   \
    do {                                                                                           \
        if (!(c)) {                                                                                \
            fprintf(stderr, "fuzz_jsonl_fast: %s:%d: %s\n", __FILE__, __LINE__, #c);               \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

static bool same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static void check_same_article(const dyad_article *a, const dyad_article *b)
{
    CHECK(same_str(a->id, b->id));
    CHECK(same_str(a->date, b->date));
    CHECK(a->day == b->day);
    CHECK(a->text_len == b->text_len);
    CHECK(memcmp(a->text, b->text, a->text_len) == 0);
    /* Both hand out C strings: jansson's never hold a NUL, so neither may ours. */
    CHECK(strlen(a->text) == a->text_len && strlen(b->text) == b->text_len);
    CHECK(same_str(a->title, b->title));
    CHECK(same_str(a->source, b->source));
    CHECK(same_str(a->url, b->url));
    CHECK(same_str(a->gold_json, b->gold_json));
    CHECK(a->line == b->line);
}

static void check_same_error(const dyad_error *a, const dyad_error *b)
{
    CHECK(a->status == b->status);
    CHECK(same_str(a->source, b->source));
    CHECK(a->line == b->line);
    CHECK(a->column == b->column);
    CHECK(a->offset == b->offset);
    CHECK(strcmp(a->message, b->message) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *buf = (const char *)data;
    struct dy_jsonl_rec jr = {0}, fr = {0};
    dyad_article ja, fa;
    dyad_error je, fe;

    /* Line 1, so that a byte order mark is skipped. */
    int jrc = dy_jsonl_line_jansson(&jr, "fuzz.jsonl", 1, 7, buf, size, &ja, &je);

    /* The fast path on its own, as it sees a line without a byte order mark (one that
     * it accepts has none, so jansson read the same text). */
    memset(&fa, 0, sizeof fa);
    fa.day = INT32_MIN;
    fa.line = 1;
    int frc = dy_jsonl_fast(&fr, buf, size, &fa);
    CHECK(frc == 0 || frc == 1); /* no allocation fails here */
    if (frc == 1) {
        CHECK(jrc == 1);
        check_same_article(&fa, &ja);
    }

    /* The whole line, fast path first: exactly what jansson alone gives. */
    int lrc = dy_jsonl_line(&fr, "fuzz.jsonl", 1, 7, buf, size, &fa, &fe);
    CHECK(lrc == jrc);
    if (lrc == 1)
        check_same_article(&fa, &ja);
    else if (lrc < 0)
        check_same_error(&fe, &je);

    dy_jsonl_rec_free(&jr);
    dy_jsonl_rec_free(&fr);
    return 0;
}
