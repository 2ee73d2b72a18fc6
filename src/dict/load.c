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

struct ini {
    char *verbs, *agents, *discards;
    char *actors[16];
    size_t n_actors;
};

static char *join_dir(const char *dir, size_t dir_len, const char *name, size_t len)
{
    if (len && name[0] == '/')
        return dy_strndup(name, len);
    char *p = dy_malloc(dir_len + len + 2);
    if (!p)
        return NULL;
    memcpy(p, dir, dir_len);
    p[dir_len] = '/';
    memcpy(p + dir_len + 1, name, len);
    p[dir_len + 1 + len] = '\0';
    return p;
}

static void ini_free(struct ini *c)
{
    dy_free(c->verbs);
    dy_free(c->agents);
    dy_free(c->discards);
    for (size_t i = 0; i < c->n_actors; i++)
        dy_free(c->actors[i]);
}

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
    const char *dir = slash ? ini_path : ".";
    size_t dir_len = slash ? (size_t)(slash - ini_path) : 1;
    struct ini c;
    memset(&c, 0, sizeof c);
    char section[32] = "";
    uint32_t line_no = 0;
    for (char *line = text; line && *line && st == DYAD_OK;) {
        char *nl = strchr(line, '\n');
        size_t ll = nl ? (size_t)(nl - line) : strlen(line);
        line_no++;
        const char *p = line;
        size_t n = ll;
        dy_trim(&p, &n);
        line = nl ? nl + 1 : NULL;
        if (!n || p[0] == '#' || p[0] == ';')
            continue;
        if (p[0] == '[') {
            const char *close = memchr(p, ']', n);
            if (!close) {
                st = dy_fail_at(err, DYAD_SYNTAX, ini_path, line_no, 1, SIZE_MAX,
                                "unterminated section header '%.*s'", (int)n, p);
                break;
            }
            snprintf(section, sizeof section, "%.*s", (int)(close - p - 1), p + 1);
            continue;
        }
        const char *eq = memchr(p, '=', n);
        if (!eq) {
            st = dy_fail_at(err, DYAD_SYNTAX, ini_path, line_no, 1, SIZE_MAX,
                            "expected 'name = value', got '%.*s'", (int)n, p);
            break;
        }
        const char *k = p, *v = eq + 1;
        size_t kl = (size_t)(eq - p), vl = n - kl - 1;
        dy_trim(&k, &kl);
        dy_trim(&v, &vl);
        char key[64], val[1024];
        snprintf(key, sizeof key, "%.*s", (int)kl, k);
        snprintf(val, sizeof val, "%.*s", (int)vl, v);
        if (strcmp(section, "Dictionaries") == 0) {
            char **slot = NULL;
            if (strcmp(key, "verbfile_name") == 0)
                slot = &c.verbs;
            else if (strcmp(key, "agentfile_name") == 0)
                slot = &c.agents;
            else if (strcmp(key, "discardfile_name") == 0)
                slot = &c.discards;
            if (slot) {
                dy_free(*slot);
                *slot = join_dir(dir, dir_len, val, strlen(val));
                if (!*slot)
                    st = dy_fail(err, DYAD_NOMEM, "out of memory reading '%s'", ini_path);
            } else if (strcmp(key, "actorfile_list") == 0) {
                for (size_t i = 0; i < c.n_actors; i++)
                    dy_free(c.actors[i]);
                c.n_actors = 0;
                for (const char *q = val; *q && st == DYAD_OK;) {
                    const char *e = strchr(q, ',');
                    size_t il = e ? (size_t)(e - q) : strlen(q);
                    const char *item = q;
                    dy_trim(&item, &il);
                    if (il && c.n_actors < 16) {
                        c.actors[c.n_actors] = join_dir(dir, dir_len, item, il);
                        if (!c.actors[c.n_actors++])
                            st = dy_fail(err, DYAD_NOMEM, "out of memory reading '%s'",
                                         ini_path);
                    }
                    q = e ? e + 1 : q + strlen(q);
                }
            }
            /* issuefile_name: issue coding is not part of dyad's events; ignored */
        } else if (strcmp(section, "Options") == 0 && opts) {
            int ignored;
            dyad_error e2;
            if (dyad_options_set(opts, key, val, &ignored, &e2) != DYAD_OK)
                st = dy_fail_at(err, DYAD_SYNTAX, ini_path, line_no, 1, SIZE_MAX, "%s",
                                e2.message);
        }
    }
    dy_free(text);
    if (st == DYAD_OK) {
        dyad_dict_files files = {c.verbs, (const char *const *)c.actors, c.n_actors, c.agents,
                                 c.discards};
        st = dyad_dict_load_petrarch(&files, flags, diag, ctx, out, err);
    }
    ini_free(&c);
    return st;
}
