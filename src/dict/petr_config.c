/*
 * petr_config.c - reads a PETRARCH PETR_config.ini: the dictionary files of its
 * [Dictionaries] section (resolved against the folder it is in) and its [Options].
 */
#include "dict/dict.h"

#include <stdio.h>
#include <string.h>


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

void dy_petr_config_free(struct dy_petr_config *c)
{
    dy_free(c->verbs);
    dy_free(c->agents);
    dy_free(c->discards);
    for (size_t i = 0; i < c->n_actors; i++)
        dy_free(c->actors[i]);
    memset(c, 0, sizeof *c);
}

dyad_status dy_petr_config_parse(const char *source, const char *text, size_t len,
                                 const char *dir, size_t dir_len, struct dy_petr_config *out,
                                 dyad_options *opts, dyad_error *err)
{
    const char *ini_path = source;
    dyad_status st = DYAD_OK;
    struct dy_petr_config c;
    memset(&c, 0, sizeof c);
    char section[32] = "";
    uint32_t line_no = 0;
    const char *end = text + len;
    for (const char *line = text; line && line < end && st == DYAD_OK;) {
        const char *nl = memchr(line, '\n', (size_t)(end - line));
        size_t ll = nl ? (size_t)(nl - line) : (size_t)(end - line);
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
        if (kl >= sizeof key || vl >= sizeof val) {
            st = dy_fail_at(err, DYAD_LIMIT, ini_path, line_no, 1, SIZE_MAX,
                            "name or value too long (limits %zu and %zu bytes) in '%.40s...'",
                            sizeof key - 1, sizeof val - 1, p);
            break;
        }
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
                    if (il && c.n_actors == 16) {
                        st = dy_fail_at(err, DYAD_LIMIT, ini_path, line_no, 1, SIZE_MAX,
                                        "actorfile_list names more than 16 files");
                    } else if (il) {
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
    if (st != DYAD_OK)
        dy_petr_config_free(&c);
    *out = c;
    return st;
}
