/*
 * load.c - loads a PETRARCH/TABARI dictionary set (files, or the ones a PETR_config.ini
 * names, directly or through a compiled image) into the model and compiles it. Problems
 * with single entries go to the caller's diag callback and loading goes on, unless the
 * caller asked for strict mode.
 */
#include "dict/compiled.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

typedef dyad_status (*reader_fn)(struct dy_dict_model *, const char *, const char *, size_t,
                                 const struct dy_diag *, dyad_error *);

static dyad_status read_one(struct dyad_dict *d, const char *path, reader_fn fn,
                            const struct dy_diag *diag, dyad_error *err)
{
    char *text;
    size_t len;
    dyad_status st = dy_read_file(path, &text, &len, err);
    if (st != DYAD_OK)
        return st;
    uint32_t fi = dy_model_add_file(&d->m, path);
    if (fi == UINT32_MAX) {
        dy_free(text);
        return dy_fail(err, DYAD_NOMEM, "out of memory reading '%s'", path);
    }
    dy_dict_sources_add(d, d->m.files[fi], text, len);
    st = fn(&d->m, d->m.files[fi], text, len, diag, err);
    dy_free(text);
    return st;
}

/* The limits decide which entries are rejected, and WordNet which forms are made, so they
 * are part of the sources. */
static void sum_limits(struct dyad_dict *d)
{
    char text[64];
    int n = snprintf(text, sizeof text, "%zu %zu", d->m.max_entry_bytes, d->m.max_entries);
    dy_dict_sources_add(d, "(limits)", text, n > 0 ? (size_t)n : 0);
    dy_lexicon_sources_add(d);
}

static void set_limits(struct dyad_dict *d, const dyad_options *opts)
{
    if (opts) {
        d->m.max_entry_bytes = opts->max_entry_bytes;
        d->m.max_entries = opts->max_dict_entries;
    }
    sum_limits(d);
}

static dyad_status sum_file(struct dyad_dict *d, const char *path, dyad_error *err)
{
    return path ? dy_dict_sources_add_file(d, path, path, err) : DYAD_OK;
}

/* d->sources as dyad_dict_load_petrarch computes it (same files, same order), from one
 * read of each file and no parsing. */
static dyad_status sum_files(const dyad_dict_files *files, struct dyad_dict *d, dyad_error *err)
{
    set_limits(d, files->options);
    dyad_status st = sum_file(d, files->verbs, err);
    for (size_t i = 0; st == DYAD_OK && i < files->n_actors; i++)
        st = sum_file(d, files->actors[i], err);
    if (st == DYAD_OK)
        st = sum_file(d, files->agents, err);
    if (st == DYAD_OK)
        st = sum_file(d, files->discards, err);
    return st;
}

dyad_status dyad_dict_load_petrarch(const dyad_dict_files *files, unsigned flags,
                                    dyad_diag_fn diag_fn, void *ctx, dyad_dict **out,
                                    dyad_error *err)
{
    *out = NULL;
    struct dyad_dict *d = dy_calloc(1, sizeof *d);
    if (!d)
        return dy_fail(err, DYAD_NOMEM, "out of memory loading dictionaries");
    dy_model_init(&d->m);
    set_limits(d, files->options);
    struct dy_diag diag = {diag_fn, ctx, flags};
    dyad_status st = DYAD_OK;
    if (files->verbs)
        st = read_one(d, files->verbs, dy_petr_read_verbs, &diag, err);
    for (size_t i = 0; st == DYAD_OK && i < files->n_actors; i++)
        st = read_one(d, files->actors[i], dy_petr_read_actors, &diag, err);
    if (st == DYAD_OK && files->agents)
        st = read_one(d, files->agents, dy_petr_read_agents, &diag, err);
    if (st == DYAD_OK && files->discards)
        st = read_one(d, files->discards, dy_petr_read_discards, &diag, err);
    if (st == DYAD_OK)
        st = dy_dict_compile(d, err);
    if (st != DYAD_OK) {
        dyad_dict_free(d);
        return st;
    }
    *out = d;
    return DYAD_OK;
}

/* ---- PETR_config.ini ------------------------------------------------------------- */

/* The ini is read and its [Options] applied every time; the dictionaries come from the
 * image at `image` when it was built from the same ini, files and limits. */
static dyad_status load_config(const char *ini_path, const char *image, unsigned flags,
                               dyad_diag_fn diag, void *ctx, dyad_options *opts,
                               dyad_dict **out, dyad_error *err)
{
    *out = NULL;
    char *text;
    size_t len;
    dyad_status st = dy_read_file(ini_path, &text, &len, err);
    if (st != DYAD_OK)
        return st;
    const char *slash = strrchr(ini_path, '/');
    struct dy_petr_config c;
    st = dy_petr_config_parse(ini_path, text, len, slash ? ini_path : ".",
                              slash ? (size_t)(slash - ini_path) : 1, &c, opts, err);
    dyad_dict_files files = {c.verbs,    (const char *const *)c.actors, c.n_actors, c.agents,
                             c.discards, opts};
    bool cached = false;
    if (st == DYAD_OK && image) {
        /* The sources' checksum costs one pass over the files, no parsing. */
        struct dyad_dict probe;
        memset(&probe, 0, sizeof probe);
        st = sum_files(&files, &probe, err);
        dy_dict_sources_add(&probe, ini_path, text, len);
        cached = st == DYAD_OK && dy_image_use(image, probe.sources, flags, diag, ctx, out);
    }
    if (st == DYAD_OK && !cached) {
        st = dyad_dict_load_petrarch(&files, flags, diag, ctx, out, err);
        if (st == DYAD_OK) {
            dy_dict_sources_add(*out, ini_path, text, len);
            /* the image keeps the rejected entries' reports, to replay them next time */
            if (image)
                dyad_dict_save(*out, image, NULL); /* a cache not written is no error */
        }
    }
    dy_free(text);
    dy_petr_config_free(&c);
    return st;
}

dyad_status dyad_dict_load_petrarch_config(const char *ini_path, unsigned flags,
                                           dyad_diag_fn diag, void *ctx, dyad_options *opts,
                                           dyad_dict **out, dyad_error *err)
{
    return load_config(ini_path, NULL, flags, diag, ctx, opts, out, err);
}

dyad_status dyad_dict_load_petrarch_config_cached(const char *ini_path, const char *image,
                                                  unsigned flags, dyad_diag_fn diag, void *ctx,
                                                  dyad_options *opts, dyad_dict **out,
                                                  dyad_error *err)
{
    return load_config(ini_path, image, flags, diag, ctx, opts, out, err);
}
