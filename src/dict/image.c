/*
 * image.c - the compiled dictionary as one file: a header (magic, version, checksum of
 * the sources it was built from, checksum of its own bytes) and the model's and the
 * indexes' arrays, each 16-byte aligned, and the rejected entries' reports (rejects.c).
 * Loading maps the file read-only and points the arrays into it; only the word and file
 * name tables get small pointer arrays, so loading costs one pass over the bytes (the
 * content checksum) and no parsing.
 */
#include "dict/compiled.h"

#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAGIC "DYADIMG\0"
#define VERSION 10u

enum section {
    S_WORD_BLOB, S_WORD_OFFS, S_WORD_LENS, S_WORD_SLOTS, S_ELEMS, S_STRINGS, S_FILE_BLOB,
    S_FILE_OFFS, S_BLOCKS, S_FORMS, S_PATTERNS, S_SYNSETS, S_SYN_PHRASES, S_ACTORS,
    S_ACTOR_CODES, S_ACTOR_PHRASES, S_AGENTS, S_AGENT_PHRASES, S_DISCARDS,
    S_DISCARD_PHRASES, S_BY_WORD, S_INDEX, S_SECOND, S_LIST_AT, S_LIST_WORDS,
    S_BLOCK_PATTERNS, S_FORM_TYPE, S_SYN_INDEX, S_SYN_NESTED, S_SYN_NESTED_AT,
    S_PATTERN_NEED, S_PATTERN_KEYS, S_STATS, S_REJECTS, S_COUNT
};

struct header {
    char magic[8];
    uint32_t version, endian;  /* endian: 0x01020304 as written */
    uint64_t sources;          /* dyad_dict_checksum() of what it was built from */
    uint64_t content;          /* dy_hash_fast of everything after the section table */
    uint64_t n_words, n_slots;
    struct {
        uint64_t offset, bytes;
    } sec[S_COUNT];
};

struct mapped {
    void *base;
    size_t size;
    char **word_strs;
    const char **files;
};

static size_t pad16(size_t n)
{
    return (n + 15) & ~(size_t)15;
}

/* The arrays of a dictionary, as (pointer, bytes) per section. */
static void sections(const struct dyad_dict *d, const void *ptr[S_COUNT], size_t len[S_COUNT],
                     struct dy_buf *word_blob, uint32_t *word_offs, struct dy_buf *file_blob,
                     uint32_t *file_offs)
{
    const struct dy_dict_model *m = &d->m;
    size_t nw = (size_t)m->words.n + 1;
#define SET(s, p, n)                                                                       \
    do {                                                                                   \
        ptr[s] = (p);                                                                      \
        len[s] = (n);                                                                      \
    } while (0)
    SET(S_WORD_BLOB, word_blob->data, word_blob->len);
    SET(S_WORD_OFFS, word_offs, nw * sizeof *word_offs);
    SET(S_WORD_LENS, m->words.lens, m->words.n ? nw * sizeof *m->words.lens : 0);
    SET(S_WORD_SLOTS, m->words.slots, (size_t)m->words.n_slots * sizeof *m->words.slots);
    SET(S_ELEMS, m->elems, m->n_elems * sizeof *m->elems);
    SET(S_STRINGS, m->strings.data, m->strings.len);
    SET(S_FILE_BLOB, file_blob->data, file_blob->len);
    SET(S_FILE_OFFS, file_offs, m->n_files * sizeof *file_offs);
    SET(S_BLOCKS, m->blocks, m->n_blocks * sizeof *m->blocks);
    SET(S_FORMS, m->forms, m->n_forms * sizeof *m->forms);
    SET(S_PATTERNS, m->patterns, m->n_patterns * sizeof *m->patterns);
    SET(S_SYNSETS, m->synsets, m->n_synsets * sizeof *m->synsets);
    SET(S_SYN_PHRASES, m->synset_phrases, m->n_synset_phrases * sizeof *m->synset_phrases);
    SET(S_ACTORS, m->actors, m->n_actors * sizeof *m->actors);
    SET(S_ACTOR_CODES, m->actor_codes, m->n_actor_codes * sizeof *m->actor_codes);
    SET(S_ACTOR_PHRASES, m->actor_phrases, m->n_actor_phrases * sizeof *m->actor_phrases);
    SET(S_AGENTS, m->agents, m->n_agents * sizeof *m->agents);
    SET(S_AGENT_PHRASES, m->agent_phrases, m->n_agent_phrases * sizeof *m->agent_phrases);
    SET(S_DISCARDS, m->discards, m->n_discards * sizeof *m->discards);
    SET(S_DISCARD_PHRASES, m->discard_phrases,
        m->n_discard_phrases * sizeof *m->discard_phrases);
    SET(S_BY_WORD, d->by_word, nw * sizeof *d->by_word);
    SET(S_INDEX, d->index, d->n_index * sizeof *d->index);
    SET(S_SECOND, d->second, (d->n_index + DY_SECOND_PAD) * sizeof *d->second);
    SET(S_LIST_AT, d->list_at, d->n_index * sizeof *d->list_at);
    SET(S_LIST_WORDS, d->list_words, d->n_list_words * sizeof *d->list_words);
    SET(S_BLOCK_PATTERNS, d->block_patterns, m->n_patterns * sizeof *d->block_patterns);
    SET(S_FORM_TYPE, d->form_type, m->n_forms);
    SET(S_SYN_INDEX, d->syn_index, m->n_synset_phrases * sizeof *d->syn_index);
    SET(S_SYN_NESTED, d->syn_nested, m->n_synset_phrases * sizeof *d->syn_nested);
    SET(S_SYN_NESTED_AT, d->syn_nested_at, (m->n_synsets + 1) * sizeof *d->syn_nested_at);
    SET(S_PATTERN_NEED, d->pattern_need, m->n_patterns * sizeof *d->pattern_need);
    SET(S_PATTERN_KEYS, d->pattern_keys, m->n_patterns * sizeof *d->pattern_keys);
    SET(S_STATS, &d->stats, sizeof d->stats);
    SET(S_REJECTS, m->rejects.data, m->rejects.len);
#undef SET
}

/* Blob + offsets of NUL-terminated strings. */
static dyad_status string_table(const char *const *strs, size_t n, size_t first,
                                struct dy_buf *blob, uint32_t *offs)
{
    for (size_t i = first; i < n; i++) {
        if (blob->len > UINT32_MAX)
            return DYAD_LIMIT;
        offs[i] = (uint32_t)blob->len;
        if (dy_buf_append(blob, strs[i], strlen(strs[i]) + 1) != DYAD_OK)
            return DYAD_NOMEM;
    }
    return DYAD_OK;
}

dyad_status dyad_dict_save(const dyad_dict *d, const char *path, dyad_error *err)
{
    const struct dy_dict_model *m = &d->m;
    struct dy_buf words = {0}, files = {0}, out = {0};
    uint32_t *word_offs = dy_calloc((size_t)m->words.n + 1, sizeof *word_offs);
    uint32_t *file_offs = dy_calloc(m->n_files ? m->n_files : 1, sizeof *file_offs);
    dyad_status st = word_offs && file_offs ? DYAD_OK : DYAD_NOMEM;
    /* an image replays every rejected entry, or is not written */
    if (st == DYAD_OK && (m->rejects_lost || m->n_rejects != d->stats.rejected))
        st = DYAD_NOMEM;
    if (st == DYAD_OK && m->words.n)
        st = string_table((const char *const *)m->words.strs, (size_t)m->words.n + 1, 1, &words,
                          word_offs);
    if (st == DYAD_OK)
        st = string_table(m->files, m->n_files, 0, &files, file_offs);
    const void *ptr[S_COUNT];
    size_t len[S_COUNT];
    struct header h;
    memset(&h, 0, sizeof h);
    if (st == DYAD_OK) {
        sections(d, ptr, len, &words, word_offs, &files, file_offs);
        memcpy(h.magic, MAGIC, 8);
        h.version = VERSION;
        h.endian = 0x01020304u;
        h.sources = d->sources;
        h.n_words = m->words.n;
        h.n_slots = m->words.n_slots;
        size_t at = pad16(sizeof h);
        for (int s = 0; s < S_COUNT; s++) {
            h.sec[s].offset = at;
            h.sec[s].bytes = len[s];
            at += pad16(len[s]);
        }
        static const char zeros[16];
        st = dy_buf_append(&out, (const char *)&h, sizeof h);
        if (st == DYAD_OK)
            st = dy_buf_append(&out, zeros, pad16(sizeof h) - sizeof h);
        for (int s = 0; s < S_COUNT && st == DYAD_OK; s++) {
            if (len[s])
                st = dy_buf_append(&out, ptr[s], len[s]);
            if (st == DYAD_OK)
                st = dy_buf_append(&out, zeros, pad16(len[s]) - len[s]);
        }
        if (st == DYAD_OK) {
            h.content = dy_hash_fast(out.data + pad16(sizeof h), out.len - pad16(sizeof h));
            memcpy(out.data, &h, sizeof h);
        }
    }
    if (st != DYAD_OK) {
        dy_fail(err, st, "cannot build the dictionary image for '%s'", path);
    } else {
        /* write to a temporary name and rename, so a reader never sees half a file */
        struct dy_buf tmp = {0};
        st = dy_buf_printf(&tmp, "%s.%ld.tmp", path, (long)getpid());
        int fd = st == DYAD_OK ? open(tmp.data, O_WRONLY | O_CREAT | O_TRUNC, 0644) : -1;
        size_t done = 0;
        while (fd >= 0 && done < out.len) {
            ssize_t w = write(fd, out.data + done, out.len - done);
            if (w <= 0)
                break;
            done += (size_t)w;
        }
        if (fd < 0 || done != out.len || close(fd) != 0 || rename(tmp.data, path) != 0) {
            if (tmp.data)
                unlink(tmp.data);
            st = dy_fail(err, DYAD_IO, "cannot write the dictionary image '%s'", path);
        }
        dy_buf_free(&tmp);
    }
    dy_buf_free(&words);
    dy_buf_free(&files);
    dy_buf_free(&out);
    dy_free(word_offs);
    dy_free(file_offs);
    return st;
}

uint64_t dyad_dict_checksum(const dyad_dict *d)
{
    return d->sources;
}

/* Points `*p` at section s, checking it holds n elements of `size` bytes. */
static bool take(const struct header *h, const char *base, int s, size_t n, size_t size,
                 void *p)
{
    if (n && size > SIZE_MAX / n)
        return false;
    if (h->sec[s].bytes != n * size)
        return false;
    *(const void **)p = n ? base + h->sec[s].offset : NULL;
    return true;
}

dyad_status dyad_dict_load_image(const char *path, uint64_t sources, dyad_dict **out,
                                 dyad_error *err)
{
    *out = NULL;
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return dy_fail_at(err, DYAD_IO, path, 0, 0, SIZE_MAX, "cannot open '%s'", path);
    struct stat sb;
    if (fstat(fd, &sb) != 0 || (size_t)sb.st_size < sizeof(struct header)) {
        close(fd);
        return dy_fail_at(err, DYAD_SYNTAX, path, 0, 0, SIZE_MAX,
                          "'%s' is not a dictionary image (too short)", path);
    }
    size_t size = (size_t)sb.st_size;
    void *base = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (base == MAP_FAILED)
        return dy_fail_at(err, DYAD_IO, path, 0, 0, SIZE_MAX, "cannot map '%s'", path);
    const char *b = base;
    struct header h;
    memcpy(&h, b, sizeof h);
    const char *why = NULL;
    size_t body = pad16(sizeof h);
    if (memcmp(h.magic, MAGIC, 8) != 0)
        why = "not a dictionary image";
    else if (h.version != VERSION || h.endian != 0x01020304u)
        why = "a dictionary image of another version or byte order";
    else if (sources && h.sources != sources)
        why = "a dictionary image of other sources";
    else if (h.n_words >= UINT32_MAX || h.n_slots >= UINT32_MAX)
        why = "a damaged dictionary image";
    for (int s = 0; !why && s < S_COUNT; s++)
        if (h.sec[s].offset < body || h.sec[s].offset > size ||
            h.sec[s].bytes > size - h.sec[s].offset || h.sec[s].offset % 16)
            why = "a damaged dictionary image (section out of bounds)";
    if (!why && dy_hash_fast(b + body, size - body) != h.content)
        why = "a damaged dictionary image (checksum)";
    if (why) {
        munmap(base, size);
        return dy_fail_at(err, DYAD_SYNTAX, path, 0, 0, SIZE_MAX, "'%s' is %s", path, why);
    }

    struct dyad_dict *d = dy_calloc(1, sizeof *d);
    struct mapped *mp = dy_calloc(1, sizeof *mp);
    if (!d || !mp) {
        dy_free(d);
        dy_free(mp);
        munmap(base, size);
        return dy_fail(err, DYAD_NOMEM, "out of memory loading '%s'", path);
    }
    mp->base = base;
    mp->size = size;
    d->mapped = mp;
    struct dy_dict_model *m = &d->m;
    size_t nw = (size_t)h.n_words + 1;
    const char *word_blob = NULL, *file_blob = NULL;
    const uint32_t *word_offs = NULL, *file_offs = NULL;
    const dyad_dict_stats *stats = NULL;
    m->words.n = (uint32_t)h.n_words;
    m->words.n_slots = (uint32_t)h.n_slots;
#define SECTION_ELEMS(s, sz) (h.sec[s].bytes / (sz))
    m->n_elems = SECTION_ELEMS(S_ELEMS, sizeof *m->elems);
    m->n_files = SECTION_ELEMS(S_FILE_OFFS, sizeof(uint32_t));
    m->n_blocks = SECTION_ELEMS(S_BLOCKS, sizeof *m->blocks);
    m->n_forms = SECTION_ELEMS(S_FORMS, sizeof *m->forms);
    m->n_patterns = SECTION_ELEMS(S_PATTERNS, sizeof *m->patterns);
    m->n_synsets = SECTION_ELEMS(S_SYNSETS, sizeof *m->synsets);
    m->n_synset_phrases = SECTION_ELEMS(S_SYN_PHRASES, sizeof *m->synset_phrases);
    m->n_actors = SECTION_ELEMS(S_ACTORS, sizeof *m->actors);
    m->n_actor_codes = SECTION_ELEMS(S_ACTOR_CODES, sizeof *m->actor_codes);
    m->n_actor_phrases = SECTION_ELEMS(S_ACTOR_PHRASES, sizeof *m->actor_phrases);
    m->n_agents = SECTION_ELEMS(S_AGENTS, sizeof *m->agents);
    m->n_agent_phrases = SECTION_ELEMS(S_AGENT_PHRASES, sizeof *m->agent_phrases);
    m->n_discards = SECTION_ELEMS(S_DISCARDS, sizeof *m->discards);
    m->n_discard_phrases = SECTION_ELEMS(S_DISCARD_PHRASES, sizeof *m->discard_phrases);
    d->n_index = SECTION_ELEMS(S_INDEX, sizeof *d->index);
    d->n_list_words = SECTION_ELEMS(S_LIST_WORDS, sizeof *d->list_words);
#undef SECTION_ELEMS
    bool ok = take(&h, b, S_WORD_BLOB, h.sec[S_WORD_BLOB].bytes, 1, &word_blob) &&
              take(&h, b, S_WORD_OFFS, nw, sizeof *word_offs, &word_offs) &&
              take(&h, b, S_WORD_LENS, h.n_words ? nw : 0, sizeof *m->words.lens,
                   &m->words.lens) &&
              take(&h, b, S_WORD_SLOTS, h.n_slots, sizeof *m->words.slots, &m->words.slots) &&
              take(&h, b, S_ELEMS, m->n_elems, sizeof *m->elems, &m->elems) &&
              take(&h, b, S_STRINGS, h.sec[S_STRINGS].bytes, 1, &m->strings.data) &&
              take(&h, b, S_FILE_BLOB, h.sec[S_FILE_BLOB].bytes, 1, &file_blob) &&
              take(&h, b, S_FILE_OFFS, m->n_files, sizeof *file_offs, &file_offs) &&
              take(&h, b, S_BLOCKS, m->n_blocks, sizeof *m->blocks, &m->blocks) &&
              take(&h, b, S_FORMS, m->n_forms, sizeof *m->forms, &m->forms) &&
              take(&h, b, S_PATTERNS, m->n_patterns, sizeof *m->patterns, &m->patterns) &&
              take(&h, b, S_SYNSETS, m->n_synsets, sizeof *m->synsets, &m->synsets) &&
              take(&h, b, S_SYN_PHRASES, m->n_synset_phrases, sizeof *m->synset_phrases,
                   &m->synset_phrases) &&
              take(&h, b, S_ACTORS, m->n_actors, sizeof *m->actors, &m->actors) &&
              take(&h, b, S_ACTOR_CODES, m->n_actor_codes, sizeof *m->actor_codes,
                   &m->actor_codes) &&
              take(&h, b, S_ACTOR_PHRASES, m->n_actor_phrases, sizeof *m->actor_phrases,
                   &m->actor_phrases) &&
              take(&h, b, S_AGENTS, m->n_agents, sizeof *m->agents, &m->agents) &&
              take(&h, b, S_AGENT_PHRASES, m->n_agent_phrases, sizeof *m->agent_phrases,
                   &m->agent_phrases) &&
              take(&h, b, S_DISCARDS, m->n_discards, sizeof *m->discards, &m->discards) &&
              take(&h, b, S_DISCARD_PHRASES, m->n_discard_phrases,
                   sizeof *m->discard_phrases, &m->discard_phrases) &&
              take(&h, b, S_BY_WORD, nw, sizeof *d->by_word, &d->by_word) &&
              take(&h, b, S_INDEX, d->n_index, sizeof *d->index, &d->index) &&
              take(&h, b, S_SECOND, d->n_index + DY_SECOND_PAD, sizeof *d->second,
                   &d->second) &&
              take(&h, b, S_LIST_AT, d->n_index, sizeof *d->list_at, &d->list_at) &&
              take(&h, b, S_LIST_WORDS, d->n_list_words, sizeof *d->list_words,
                   &d->list_words) &&
              take(&h, b, S_BLOCK_PATTERNS, m->n_patterns, sizeof *d->block_patterns,
                   &d->block_patterns) &&
              take(&h, b, S_FORM_TYPE, m->n_forms, 1, &d->form_type) &&
              take(&h, b, S_SYN_INDEX, m->n_synset_phrases, sizeof *d->syn_index,
                   &d->syn_index) &&
              take(&h, b, S_SYN_NESTED, m->n_synset_phrases, sizeof *d->syn_nested,
                   &d->syn_nested) &&
              take(&h, b, S_SYN_NESTED_AT, m->n_synsets + 1, sizeof *d->syn_nested_at,
                   &d->syn_nested_at) &&
              take(&h, b, S_PATTERN_NEED, m->n_patterns, sizeof *d->pattern_need,
                   &d->pattern_need) &&
              take(&h, b, S_PATTERN_KEYS, m->n_patterns, sizeof *d->pattern_keys,
                   &d->pattern_keys) &&
              take(&h, b, S_STATS, 1, sizeof *stats, &stats) &&
              take(&h, b, S_REJECTS, h.sec[S_REJECTS].bytes, 1, &m->rejects.data);
    m->strings.len = h.sec[S_STRINGS].bytes;
    m->rejects.len = h.sec[S_REJECTS].bytes;
    /* word 0 (not a dictionary word) begins nothing: the matcher reads its entry */
    static const struct dy_word_entry none;
    ok = ok && memcmp(&d->by_word[0], &none, sizeof none) == 0;
    /* every rejected entry the statistics count has its report, and each is well-formed */
    ok = ok && dy_rejects_check(m->rejects.data, m->rejects.len, &m->n_rejects) &&
         m->n_rejects == stats->rejected;
    /* The word and file name tables: pointers into the blobs, checked to be inside. */
    mp->word_strs = ok ? dy_calloc(nw, sizeof *mp->word_strs) : NULL;
    mp->files = ok ? dy_calloc(m->n_files ? m->n_files : 1, sizeof *mp->files) : NULL;
    ok = ok && mp->word_strs && mp->files;
    size_t wb = h.sec[S_WORD_BLOB].bytes, fb = h.sec[S_FILE_BLOB].bytes;
    for (size_t i = 1; ok && i < nw; i++) {
        ok = word_offs[i] < wb && memchr(word_blob + word_offs[i], 0, wb - word_offs[i]);
        if (ok)
            mp->word_strs[i] = (char *)word_blob + word_offs[i];
    }
    for (size_t i = 0; ok && i < m->n_files; i++) {
        ok = file_offs[i] < fb && memchr(file_blob + file_offs[i], 0, fb - file_offs[i]);
        if (ok)
            mp->files[i] = file_blob + file_offs[i];
    }
    if (!ok) {
        dyad_dict_free(d);
        return dy_fail_at(err, DYAD_SYNTAX, path, 0, 0, SIZE_MAX,
                          "'%s' is a damaged dictionary image (tables)", path);
    }
    m->words.strs = mp->word_strs;
    m->files = mp->files;
    d->stats = *stats;
    d->sources = h.sources;
    *out = d;
    return DYAD_OK;
}

void dy_image_reseal(void *data, size_t size)
{
    size_t body = pad16(sizeof(struct header));
    if (size < body)
        return;
    struct header h;
    memcpy(&h, data, sizeof h);
    h.content = dy_hash_fast((const char *)data + body, size - body);
    memcpy(data, &h, sizeof h);
}

bool dy_image_use(const char *image, uint64_t sources, unsigned flags, dyad_diag_fn diag,
                  void *ctx, struct dyad_dict **out)
{
    if (!image || dyad_dict_load_image(image, sources, out, NULL) != DYAD_OK)
        return false;
    const struct dy_dict_model *m = &(*out)->m;
    if ((flags & DYAD_DICT_STRICT) && m->n_rejects) {
        /* strict loading stops at the first bad entry: the sources say where */
        dyad_dict_free(*out);
        *out = NULL;
        return false;
    }
    dy_rejects_replay(m->rejects.data, m->rejects.len, diag, ctx);
    return true;
}

void dy_dict_unmap(struct dyad_dict *d)
{
    struct mapped *mp = d->mapped;
    dy_free(mp->word_strs);
    dy_free(mp->files);
    munmap(mp->base, mp->size);
    dy_free(mp);
    d->mapped = NULL;
}
