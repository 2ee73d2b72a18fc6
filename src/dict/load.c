/*
 * load.c - loads a PETRARCH/TABARI dictionary set (files, or the ones a PETR_config.ini
 * names) into the model and compiles it. Problems with single entries go to the
 * caller's diag callback and loading goes on, unless the caller asked for strict mode.
 */
#include "dict/compiled.h"

#include <ctype.h>
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

dyad_status dyad_dict_load_petrarch(const dyad_dict_files *files, unsigned flags,
                                    dyad_diag_fn diag_fn, void *ctx, dyad_dict **out,
                                    dyad_error *err)
{
    *out = NULL;
    struct dyad_dict *d = dy_calloc(1, sizeof *d);
    if (!d)
        return dy_fail(err, DYAD_NOMEM, "out of memory loading dictionaries");
    dy_model_init(&d->m);
    if (files->options) {
        d->m.max_entry_bytes = files->options->max_entry_bytes;
        d->m.max_entries = files->options->max_dict_entries;
    }
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

dyad_status dyad_dict_load_petrarch_config(const char *ini_path, unsigned flags,
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
    dy_free(text);
    if (st == DYAD_OK) {
        dyad_dict_files files = {c.verbs,    (const char *const *)c.actors, c.n_actors, c.agents,
                                 c.discards, opts};
        st = dyad_dict_load_petrarch(&files, flags, diag, ctx, out, err);
    }
    dy_petr_config_free(&c);
    return st;
}
