/*
 * fuzz_petrxml.c - libFuzzer target for the PETRARCH XML reader (dy_parse_petrxml) and
 * the <Environment> reader (dy_petrxml_env_parse). Every field of every record is read.
 */
#include "io/io.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t touch_str(const char *s)
{
    return s ? strlen(s) : 0;
}

static dyad_status on_article(void *ctx, const dyad_article *a)
{
    size_t *sum = ctx;
    *sum += touch_str(a->id) + touch_str(a->date) + touch_str(a->category) + touch_str(a->source) +
            a->line + (size_t)a->day;
    for (size_t i = 0; i < a->text_len; i++)
        *sum += (unsigned char)a->text[i];
    for (size_t i = 0; i < a->n_expect; i++) {
        const dyad_expect *x = &a->expect[i];
        *sum += touch_str(x->source) + touch_str(x->target) + touch_str(x->code) +
                touch_str(x->error) + (size_t)x->noevents;
    }
    for (size_t i = 0; i < a->n_config; i++)
        *sum += touch_str(a->config[i].key) + touch_str(a->config[i].value);
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
    dy_parse_petrxml("fuzz.xml", (const char *)data, size, on_article, on_bad, &sum);

    dyad_suite_env env;
    dyad_error err;
    if (dy_petrxml_env_parse("fuzz.xml", (const char *)data, size, &env, &err) == DYAD_OK) {
        sum += touch_str(env.verbs) + touch_str(env.agents) + touch_str(env.discards);
        for (size_t i = 0; i < env.n_actors; i++)
            sum += touch_str(env.actors[i]);
        for (size_t i = 0; i < env.n_config; i++)
            sum += touch_str(env.config[i].key) + touch_str(env.config[i].value);
    }
    dyad_suite_env_free(&env);
    return 0;
}
