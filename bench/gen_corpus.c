/*
 * gen_corpus.c - builds the benchmark corpus: the sentences of the given inputs (read
 * with dyad's own readers: PETRARCH XML, JSONL), replicated and shuffled into JSONL
 * articles of 5-30 sentences with unique ids, until at least N sentences are written.
 * Deterministic for a given seed.
 *
 *   gen_corpus N SEED INPUT... > corpus.jsonl
 */
#include "dyad.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng;

static uint64_t next_rand(void)
{
    /* xorshift64*: enough for shuffling */
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return rng * 2685821657736338717ull;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: gen_corpus N_SENTENCES SEED INPUT...\n");
        return 2;
    }
    long target = atol(argv[1]);
    rng = (uint64_t)atoll(argv[2]) | 1;
    char **sent = NULL;
    size_t n = 0, cap = 0;
    for (int i = 3; i < argc; i++) {
        dyad_reader *r;
        dyad_error err;
        if (dyad_reader_open(argv[i], DYAD_FORMAT_AUTO, NULL, &r, &err) != DYAD_OK) {
            fprintf(stderr, "gen_corpus: %s: %s\n", argv[i], err.message);
            return 2;
        }
        dyad_article a;
        int got;
        while ((got = dyad_reader_next(r, &a, &err)) != 0) {
            if (got < 0 || !a.text_len)
                continue;
            if (n == cap) {
                cap = cap ? cap * 2 : 256;
                sent = realloc(sent, cap * sizeof *sent);
                if (!sent)
                    return 2;
            }
            sent[n] = strndup(a.text, a.text_len);
            for (char *p = sent[n]; *p; p++)
                if (*p == '\n')
                    *p = ' ';
            n++;
        }
        dyad_reader_free(r);
    }
    if (!n) {
        fprintf(stderr, "gen_corpus: no sentences read\n");
        return 2;
    }
    size_t *order = malloc(n * sizeof *order);
    if (!order)
        return 2;
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    long written = 0, article = 0;
    size_t pos = n;
    static const char *dates[] = {"2024-02-24", "2025-01-20", "2025-07-19", "2026-03-01"};
    while (written < target) {
        long k = 5 + (long)(next_rand() % 26);
        json_t *text = NULL;
        char *buf = NULL;
        size_t len = 0;
        FILE *m = open_memstream(&buf, &len);
        for (long j = 0; j < k; j++) {
            if (pos == n) { /* reshuffle for each pass: Fisher-Yates */
                for (size_t i = n - 1; i > 0; i--) {
                    size_t r = (size_t)(next_rand() % (i + 1));
                    size_t t = order[i];
                    order[i] = order[r];
                    order[r] = t;
                }
                pos = 0;
            }
            fprintf(m, "%s%s", j ? " " : "", sent[order[pos++]]);
        }
        fclose(m);
        text = json_stringn(buf, len);
        json_t *o = json_pack("{s:s+, s:s, s:o}", "id", "bench-", "", "date",
                              dates[article % 4], "text", text);
        char id[32];
        snprintf(id, sizeof id, "bench-%ld", article);
        json_object_set_new(o, "id", json_string(id));
        char *line = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
        puts(line);
        free(line);
        json_decref(o);
        free(buf);
        written += k;
        article++;
    }
    fprintf(stderr, "gen_corpus: %ld articles, %ld sentences (from %zu distinct)\n", article,
            written, n);
    return 0;
}
