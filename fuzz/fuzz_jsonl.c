/*
 * fuzz_jsonl.c - libFuzzer target for the JSON lines parser (dy_parse_jsonl). Every
 * field of every article is read, and each article goes through the event writer with
 * spans taken from its text, so out-of-bounds bytes and bad UTF-8 reach both; the line
 * written must be one jansson reads and writes back byte for byte.
 */
#include "io/io.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t touch_str(const char *s)
{
    return s ? strlen(s) : 0;
}

static dyad_status on_article(void *ctx, const dyad_article *a)
{
    size_t *sum = ctx;
    *sum += touch_str(a->id) + touch_str(a->date) + touch_str(a->title) + touch_str(a->source) +
            touch_str(a->url) + touch_str(a->gold_json) + a->line;
    for (size_t i = 0; i < a->text_len; i++)
        *sum += (unsigned char)a->text[i];

    dyad_event e = {0};
    size_t half = a->text_len / 2;
    e.source = (dyad_actor){"SRC", {0, half}};
    e.target = (dyad_actor){"---", {0, 0}};
    e.verb = (dyad_span){half, a->text_len + 3}; /* past the end on purpose */
    e.cameo = "010";
    e.goldstein = -2.5;
    e.quad_class = 3;
    e.rule = a->id;
    e.rule_file = a->title;
    /* The line must be what jansson reads and writes back byte for byte. */
    char *line = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&line, &len);
    if (!f)
        return DYAD_OK;
    dyad_status st = dyad_write_event_jsonl(f, a, &e);
    fclose(f);
    if (st == DYAD_OK) {
        if (len == 0 || line[len - 1] != '\n')
            abort();
        json_t *j = json_loadb(line, len - 1, JSON_ALLOW_NUL, NULL);
        char *again = j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15))
                        : NULL;
        if (!again || strlen(again) != len - 1 || memcmp(again, line, len - 1) != 0)
            abort();
        free(again);
        json_decref(j);
    }
    free(line);
    return DYAD_OK;
}

static void on_bad(void *ctx, const dyad_error *e)
{
    size_t *sum = ctx;
    *sum += strlen(e->message) + e->line + e->column + touch_str(e->source);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t sum = 0;
    dy_parse_jsonl("fuzz.jsonl", (const char *)data, size, on_article, on_bad, &sum);
    return 0;
}
