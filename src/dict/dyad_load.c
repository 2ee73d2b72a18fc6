/*
 * dyad_load.c - loads dyad's own dictionaries from files and folders: finds the *.txt
 * files (recursively, in byte order of their paths, so that the model never depends on
 * the order a file system lists them), reads them with dyad_format.c, compiles the model
 * and counts its entries by kind for `dyad dict stats`.
 */
#include "dict/compiled.h"
#include "dict/dyad_meta.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_DEPTH 16     /* folders within folders (guards against symbolic-link loops) */
#define MAX_FILES 100000 /* files of one load */

struct file_list {
    char **p;
    size_t n, cap;
};

static void list_free(struct file_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        dy_free(l->p[i]);
    dy_free(l->p);
    memset(l, 0, sizeof *l);
}

static dyad_status list_add(struct file_list *l, const char *path, dyad_error *err)
{
    if (l->n >= MAX_FILES)
        return dy_fail(err, DYAD_LIMIT, "more than %d dictionary files", MAX_FILES);
    char *copy = dy_strdup(path);
    if (!copy || DY_PUSH(l->p, l->n, l->cap, copy) != DYAD_OK) {
        dy_free(copy);
        return dy_fail(err, DYAD_NOMEM, "out of memory listing dictionary files");
    }
    return DYAD_OK;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* Adds the *.txt files under folder `dir` to l (unsorted). */
static dyad_status walk(const char *dir, int depth, struct file_list *l, dyad_error *err)
{
    if (depth > MAX_DEPTH)
        return dy_fail_at(err, DYAD_LIMIT, dir, 0, 0, SIZE_MAX,
                          "folders nested more than %d deep under '%s'", MAX_DEPTH, dir);
    DIR *d = opendir(dir);
    if (!d)
        return dy_fail_at(err, DYAD_IO, dir, 0, 0, SIZE_MAX, "cannot open folder '%s': %s", dir,
                          strerror(errno));
    dyad_status st = DYAD_OK;
    struct dy_buf path = {0};
    struct dirent *de;
    while (st == DYAD_OK && (de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        path.len = 0;
        if (dy_buf_printf(&path, "%s/%s", dir, de->d_name) != DYAD_OK) {
            st = dy_fail(err, DYAD_NOMEM, "out of memory listing dictionary files");
            break;
        }
        struct stat sb;
        if (stat(path.data, &sb) != 0)
            continue; /* a dangling link */
        if (S_ISDIR(sb.st_mode))
            st = walk(path.data, depth + 1, l, err);
        else if (S_ISREG(sb.st_mode) && ends_with(de->d_name, ".txt"))
            st = list_add(l, path.data, err);
    }
    closedir(d);
    dy_buf_free(&path);
    return st;
}

static int cmp_path(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The files a path stands for: itself, or the *.txt files under it, sorted. */
static dyad_status files_of(const char *path, struct file_list *l, dyad_error *err)
{
    struct stat sb;
    if (stat(path, &sb) != 0)
        return dy_fail_at(err, DYAD_IO, path, 0, 0, SIZE_MAX, "cannot open '%s': %s", path,
                          strerror(errno));
    if (!S_ISDIR(sb.st_mode))
        return list_add(l, path, err);
    size_t first = l->n;
    dyad_status st = walk(path, 0, l, err);
    if (st == DYAD_OK && l->n > first)
        qsort(l->p + first, l->n - first, sizeof *l->p, cmp_path);
    return st;
}

/* Counts actors by kind (dyad_meta.h) into the public statistics. */
static void count_kinds(struct dyad_dict *d, size_t files)
{
    const struct dy_dyad_meta *meta = d->m.dyad;
    dyad_dict_stats *s = &d->stats;
    s->files = files;
    if (!meta)
        return;
    for (size_t i = 0; i < meta->n_actors; i++) {
        switch (meta->actors[i].cls) {
        case DY_AC_COUNTRY:
            s->countries++;
            break;
        case DY_AC_CAPITAL:
            s->capitals++;
            break;
        case DY_AC_PLACE:
            s->places++;
            break;
        case DY_AC_STATE:
            s->institutions++;
            break;
        case DY_AC_ORG:
            s->organisations++;
            break;
        case DY_AC_PERSON:
            s->persons++;
            break;
        default:
            break;
        }
    }
    for (size_t i = 0; i < meta->n_surname; i++)
        s->surnames += meta->surname[i];
    s->roles = meta->n_roles;
    s->agents = d->m.n_agents;
    s->discard_entries = d->m.n_discards;
}

/* Calls fn for every dictionary file the paths stand for, in load order (written
 * paths, then generated ones), with its label and contents. */
typedef dyad_status (*file_fn)(void *ctx, const char *label, const char *text, size_t len,
                               bool generated, dyad_error *err);

static dyad_status each_file(const char *const *paths, size_t n_paths,
                             const char *const *generated, size_t n_generated, file_fn fn,
                             void *ctx, size_t *n_files, dyad_error *err)
{
    struct file_list files = {0};
    dyad_status st = DYAD_OK;
    *n_files = 0;
    for (int gen = 0; gen < 2 && st == DYAD_OK; gen++) {
        size_t n = gen ? n_generated : n_paths;
        for (size_t i = 0; i < n && st == DYAD_OK; i++) {
            const char *path = gen ? generated[i] : paths[i];
            list_free(&files);
            st = files_of(path, &files, err);
            /* Files found in a folder are named from the folder's own name on
             * ("dict/verbs/04_consult.txt"), so that events' rule provenance does not
             * depend on where the dictionaries are installed. */
            size_t plen = strlen(path);
            while (plen > 1 && path[plen - 1] == '/')
                plen--;
            size_t parent = plen;
            while (parent > 0 && path[parent - 1] != '/')
                parent--;
            for (size_t k = 0; k < files.n && st == DYAD_OK; k++) {
                char *text;
                size_t len;
                const char *label = files.p[k];
                if (strncmp(label, path, plen) == 0 && label[plen] == '/')
                    label += parent;
                st = dy_read_file(files.p[k], &text, &len, err);
                if (st == DYAD_OK) {
                    st = fn(ctx, label, text, len, gen == 1, err);
                    dy_free(text);
                    (*n_files)++;
                }
            }
        }
    }
    list_free(&files);
    if (st == DYAD_OK && *n_files == 0)
        st = dy_fail_at(err, DYAD_IO, n_paths ? paths[0] : "", 0, 0, SIZE_MAX, "%s",
                        "no dictionary files (*.txt) found");
    return st;
}

struct load_ctx {
    struct dy_dyad_reader *r;
    struct dyad_dict *d;
};

static dyad_status load_one(void *ctx, const char *label, const char *text, size_t len,
                            bool generated, dyad_error *err)
{
    struct load_ctx *lc = ctx;
    dy_dict_sources_add(lc->d, label, text, len);
    return dy_dyad_add(lc->r, label, text, len, generated, err);
}

dyad_status dyad_dict_load_paths(const char *const *paths, size_t n_paths,
                                 const char *const *generated, size_t n_generated, unsigned flags,
                                 dyad_diag_fn diag_fn, void *ctx, dyad_dict **out, dyad_error *err)
{
    *out = NULL;
    if ((n_paths && !paths) || (n_generated && !generated))
        return dy_fail(err, DYAD_MISUSE, "dyad_dict_load_paths: no paths");
    struct dyad_dict *d = dy_calloc(1, sizeof *d);
    if (!d)
        return dy_fail(err, DYAD_NOMEM, "out of memory loading dictionaries");
    dy_model_init(&d->m);
    struct dy_diag diag = {diag_fn, ctx, flags};
    struct load_ctx lc = {NULL, d};
    size_t n_files = 0;
    dyad_status st = dy_dyad_begin(&d->m, &diag, &lc.r, err);
    if (st == DYAD_OK)
        st = each_file(paths, n_paths, generated, n_generated, load_one, &lc, &n_files, err);
    if (st == DYAD_OK)
        dy_lexicon_sources_add(d);
    if (st == DYAD_OK) {
        st = dy_dyad_finish(lc.r, err);
        lc.r = NULL;
    }
    dy_dyad_reader_free(lc.r);
    if (st == DYAD_OK)
        st = dy_dict_compile(d, err);
    if (st != DYAD_OK) {
        dyad_dict_free(d);
        return st;
    }
    count_kinds(d, n_files);
    *out = d;
    return DYAD_OK;
}

static dyad_status sum_one(void *ctx, const char *label, const char *text, size_t len,
                           bool generated, dyad_error *err)
{
    (void)generated;
    (void)err;
    dy_dict_sources_add(ctx, label, text, len);
    return DYAD_OK;
}

dyad_status dyad_dict_load_paths_cached(const char *const *paths, size_t n_paths,
                                        const char *const *generated, size_t n_generated,
                                        const char *image, unsigned flags,
                                        dyad_diag_fn diag_fn, void *ctx, dyad_dict **out,
                                        dyad_error *err)
{
    /* The sources' checksum costs one read of the files, no parsing. */
    struct dyad_dict probe;
    memset(&probe, 0, sizeof probe);
    size_t n_files;
    dyad_status st = each_file(paths, n_paths, generated, n_generated, sum_one, &probe,
                               &n_files, err);
    if (st != DYAD_OK)
        return st;
    dy_lexicon_sources_add(&probe);
    if (dy_image_use(image, probe.sources, flags, diag_fn, ctx, out))
        return DYAD_OK;
    st = dyad_dict_load_paths(paths, n_paths, generated, n_generated, flags, diag_fn, ctx, out,
                              err);
    /* The image keeps the rejected entries' reports, to replay them on the next load. */
    if (st == DYAD_OK && image)
        dyad_dict_save(*out, image, NULL); /* a cache that cannot be written is no error */
    return st;
}

dyad_status dyad_dict_load_dir(const char *dir, unsigned flags, dyad_diag_fn diag, void *ctx,
                               dyad_dict **out, dyad_error *err)
{
    return dyad_dict_load_paths(&dir, dir ? 1 : 0, NULL, 0, flags, diag, ctx, out, err);
}
