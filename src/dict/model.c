/*
 * model.c - the in-memory dictionary model, and what the PETRARCH readers share: reading a
 * file, walking its lines past comment blocks, normalising and interning words, splitting a
 * phrase into elements, and reporting a malformed entry without stopping the load.
 */
#include "dict/dict.h"
#include "text/text.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

void dy_model_init(struct dy_dict_model *m)
{
    memset(m, 0, sizeof *m);
    dy_intern_init(&m->words);
}

void dy_model_free(struct dy_dict_model *m)
{
    if (!m)
        return;
    dy_intern_free(&m->words);
    dy_free(m->elems);
    dy_buf_free(&m->strings);
    for (size_t i = 0; i < m->n_files; i++)
        dy_free((void *)m->files[i]);
    dy_free(m->files);
    dy_free(m->blocks);
    dy_free(m->forms);
    dy_free(m->patterns);
    dy_free(m->synsets);
    dy_free(m->synset_phrases);
    dy_free(m->transforms);
    dy_free(m->actors);
    dy_free(m->actor_codes);
    dy_free(m->actor_phrases);
    dy_free(m->agents);
    dy_free(m->agent_phrases);
    dy_free(m->discards);
    dy_free(m->discard_phrases);
    dy_buf_free(&m->rejects);
    dy_lexicon_free(m->lex);
    dy_dyad_meta_free(m->dyad);
    memset(m, 0, sizeof *m);
}

uint32_t dy_model_add_file(struct dy_dict_model *m, const char *path)
{
    if (m->n_files >= UINT32_MAX - 1)
        return UINT32_MAX;
    char *copy = dy_strdup(path ? path : "");
    if (!copy)
        return UINT32_MAX;
    if (DY_PUSH(m->files, m->n_files, m->cap_files, copy) != DYAD_OK) {
        dy_free(copy);
        return UINT32_MAX;
    }
    return (uint32_t)(m->n_files - 1);
}

dyad_status dy_read_file(const char *path, char **out, size_t *len, dyad_error *err)
{
    *out = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return dy_fail_at(err, DYAD_IO, path, 0, 0, SIZE_MAX, "cannot open '%s': %s", path,
                          strerror(errno));
    char *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (dy_grow((void **)&buf, &cap, n + (64 << 10) + 1, 1) != DYAD_OK) {
            dy_free(buf);
            fclose(f);
            return dy_fail(err, DYAD_NOMEM, "out of memory reading '%s'", path);
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        int e = errno;
        dy_free(buf);
        fclose(f);
        return dy_fail_at(err, DYAD_IO, path, 0, 0, SIZE_MAX, "cannot read '%s': %s", path,
                          strerror(e));
    }
    fclose(f);
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return DYAD_OK;
}

dyad_status dy_file_view_open(struct dy_file_view *v, const char *path, dyad_error *err)
{
    memset(v, 0, sizeof *v);
    int fd = open(path, O_RDONLY);
    struct stat sb;
    if (fd >= 0 && fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0 &&
        (uint64_t)sb.st_size <= SIZE_MAX) {
        void *p = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (p != MAP_FAILED) {
            close(fd);
            v->map = p;
            v->data = p;
            v->len = (size_t)sb.st_size;
            return DYAD_OK;
        }
    }
    if (fd >= 0)
        close(fd);
    /* not mappable: read it, which also gives the usual messages when it cannot be */
    dyad_status st = dy_read_file(path, &v->copy, &v->len, err);
    v->data = v->copy;
    return st;
}

void dy_file_view_close(struct dy_file_view *v)
{
    if (v->map)
        munmap(v->map, v->len);
    dy_free(v->copy);
    memset(v, 0, sizeof *v);
}

/* ---- the line walk ----------------------------------------------------------------- */

dyad_status dy_petr_begin(struct dy_petr_ctx *c, struct dy_dict_model *m, const char *source,
                          const char *text, size_t len, const struct dy_diag *diag, dyad_error *err)
{
    memset(c, 0, sizeof *c);
    c->m = m;
    c->diag = diag;
    c->err = err;
    c->text = text ? text : "";
    c->len = text ? len : 0;
    dy_intern_init(&c->spelled);
    c->file = dy_model_add_file(m, source);
    if (c->file == UINT32_MAX)
        return dy_fail(err, DYAD_NOMEM, "out of memory");
    c->source = m->files[c->file];
    return DYAD_OK;
}

void dy_petr_free(struct dy_petr_ctx *c)
{
    dy_buf_free(&c->norm);
    dy_intern_free(&c->spelled);
    dy_free(c->spelled_word);
    c->spelled_word = NULL;
    c->cap_spelled_word = 0;
}

dyad_status dy_petr_end(struct dy_petr_ctx *c)
{
    dyad_status st = c->stop;
    if (st == DYAD_OK && c->in_comment) {
        const char *at = c->comment_at;
        size_t n = 0;
        while (at + n < c->text + c->len && at[n] != '\n' && at[n] != '\r' && n < 60)
            n++;
        c->in_comment = false;
        st = dy_petr_reject(c, c->comment_line, NULL, at, n, "unterminated '<!--' comment");
    }
    dy_petr_free(c);
    return st;
}

static const char *find3(const char *s, size_t n, const char *pat)
{
    for (size_t i = 0; i + 3 <= n; i++)
        if (s[i] == pat[0] && s[i + 1] == pat[1] && s[i + 2] == pat[2])
            return s + i;
    return NULL;
}

static dyad_status reject_status(struct dy_petr_ctx *c, dyad_status status, uint32_t line,
                                 const char *at, const char *entry, size_t entry_len,
                                 const char *fmt, ...) DY_PRINTF(7, 8);

/* The model's limits on the line s[0..n): 0 take it, 1 skip it, -1 end the walk. */
static int check_limits(struct dy_petr_ctx *c, const char *s, size_t n)
{
    struct dy_dict_model *m = c->m;
    size_t max_bytes = m->max_entry_bytes ? m->max_entry_bytes : DY_DICT_MAX_ENTRY_BYTES;
    size_t max_entries = m->max_entries ? m->max_entries : DY_DICT_MAX_ENTRIES;
    dyad_status st = DYAD_OK;
    dy_trim(&s, &n);
    if (n > max_bytes) {
        if (c->quiet)
            return 1;
        st = reject_status(c, DYAD_LIMIT, c->line, NULL, s, n,
                           "line of %zu bytes, more than the limit of %zu", n, max_bytes);
        if (st == DYAD_OK)
            return 1;
    } else if (n == 0 || c->quiet) {
        return 0;
    } else if (m->n_entries < max_entries) {
        m->n_entries++;
        return 0;
    } else {
        st = reject_status(c, DYAD_LIMIT, c->line, NULL, s, n,
                           "more than %zu dictionary entries, the limit: the rest of the file "
                           "is ignored",
                           max_entries);
    }
    c->stop = st;
    c->pos = c->len;
    return -1;
}

bool dy_petr_line(struct dy_petr_ctx *c, const char **out, size_t *out_len)
{
    while (c->pos < c->len) {
        const char *start = c->text + c->pos;
        const char *nl = memchr(start, '\n', c->len - c->pos);
        size_t n = nl ? (size_t)(nl - start) : c->len - c->pos;
        c->pos += n + (nl ? 1 : 0);
        c->line++;
        c->line_off = (size_t)(start - c->text);
        if (n && start[n - 1] == '\r')
            n--;
        const char *s = start;
        /* Comment blocks open at the start of a line; a line may close one and open
         * another, so loop until what is left is plain text. */
        for (;;) {
            if (!c->in_comment) {
                const char *t = s;
                size_t k = n;
                dy_trim(&t, &k);
                if (k < 2 || t[0] != '<' || t[1] != '!')
                    break;
                c->in_comment = true;
                c->comment_line = c->line;
                c->comment_at = t;
                n = k - 2;
                s = t + 2;
            }
            const char *e = find3(s, n, "-->");
            if (!e) {
                n = 0;
                break;
            }
            c->in_comment = false;
            n -= (size_t)(e + 3 - s);
            s = e + 3;
        }
        int lim = check_limits(c, s, n);
        if (lim > 0)
            continue;
        if (lim < 0)
            return false;
        *out = s;
        *out_len = n;
        return true;
    }
    return false;
}

size_t dy_petr_uncomment(const char *s, size_t len, bool semicolon)
{
    int depth = 0;
    size_t i;
    for (i = 0; i < len; i++) {
        char ch = s[i];
        if (ch == '[')
            depth++;
        else if (ch == ']' && depth > 0)
            depth--;
        else if (depth == 0 && (ch == '#' || (semicolon && ch == ';')))
            break;
    }
    while (i > 0 && isspace((unsigned char)s[i - 1]))
        i--;
    return i;
}

/* ---- reporting ----------------------------------------------------------------------- */

/* Cuts n back so that s[0..n) does not end inside a UTF-8 sequence. */
static size_t utf8_cut(const char *s, size_t n)
{
    size_t k = n;
    while (k > 0 && ((unsigned char)s[k - 1] & 0xC0) == 0x80)
        k--;
    if (k > 0 && ((unsigned char)s[k - 1] & 0x80)) {
        unsigned char lead = (unsigned char)s[k - 1];
        size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        if (n - (k - 1) < want)
            return k - 1;
    }
    return n;
}

DY_PRINTF(7, 0)
static dyad_status vreject(struct dy_petr_ctx *c, dyad_status status, uint32_t line,
                           const char *at, const char *entry, size_t entry_len, const char *fmt,
                           va_list ap)
{
    dyad_error e;
    dy_error_clear(&e);
    e.status = status;
    e.source = c->source;
    e.line = line;
    /* `at` may point into a scratch buffer (an expanded agent phrase): compare addresses
     * as integers, since pointers into different objects cannot be compared in C. */
    uintptr_t a = (uintptr_t)at, lo = (uintptr_t)(c->text + c->line_off);
    if (at && line == c->line && a >= lo && a <= (uintptr_t)(c->text + c->len)) {
        e.offset = c->line_off + (size_t)(a - lo);
        e.column = (uint32_t)(e.offset - c->line_off + 1);
    }
    char msg[sizeof e.message];
    vsnprintf(msg, sizeof msg, fmt, ap);
    if (entry) {
        size_t max = 100;
        size_t n = entry_len > max ? utf8_cut(entry, max) : entry_len;
        snprintf(e.message, sizeof e.message, "%.140s ('%.*s%s')", msg, (int)n, entry,
                 n < entry_len ? "..." : "");
    } else {
        snprintf(e.message, sizeof e.message, "%s", msg);
    }
    c->m->rejected++;
    dy_rejects_add(c->m, &e);
    if (c->diag && c->diag->fn)
        c->diag->fn(c->diag->ctx, &e);
    if (c->diag && (c->diag->flags & DYAD_DICT_STRICT)) {
        if (c->err)
            *c->err = e;
        return DYAD_SYNTAX;
    }
    return DYAD_OK;
}

dyad_status dy_petr_reject(struct dy_petr_ctx *c, uint32_t line, const char *at, const char *entry,
                           size_t entry_len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    dyad_status st = vreject(c, DYAD_SYNTAX, line, at, entry, entry_len, fmt, ap);
    va_end(ap);
    return st;
}

static dyad_status reject_status(struct dy_petr_ctx *c, dyad_status status, uint32_t line,
                                 const char *at, const char *entry, size_t entry_len,
                                 const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    dyad_status st = vreject(c, status, line, at, entry, entry_len, fmt, ap);
    va_end(ap);
    return st;
}

static dyad_status fail_msg(struct dy_petr_ctx *c, const char *at, const char *fmt, ...)
    DY_PRINTF(3, 4);

static dyad_status fail_msg(struct dy_petr_ctx *c, const char *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->msg, sizeof c->msg, fmt, ap);
    va_end(ap);
    c->msg_at = at;
    return DYAD_SYNTAX;
}

/* ---- words -------------------------------------------------------------------------- */

dyad_status dy_petr_word(struct dy_petr_ctx *c, const char *s, size_t len, uint32_t *id)
{
    /* The same spellings recur thousands of times in the actor files ("_GOV", "AL"), so
     * each distinct one is normalised once. */
    uint32_t sid = dy_intern_find(&c->spelled, s, len);
    if (sid) {
        *id = c->spelled_word[sid];
        return DYAD_OK;
    }
    if (memchr(s, '\0', len))
        return fail_msg(c, s, "NUL byte in word");
    c->norm.len = 0;
    dyad_status st = dy_norm_word(s, len, &c->norm);
    if (st == DYAD_NOMEM)
        return DYAD_NOMEM;
    if (st != DYAD_OK)
        return fail_msg(c, s, "invalid UTF-8 in word '%.*s'", (int)utf8_cut(s, len > 40 ? 40 : len),
                        s);
    if (c->norm.len == 0)
        return fail_msg(c, s, "word '%.*s' is empty once normalised", (int)(len > 40 ? 40 : len),
                        s);
    if (c->norm.len > UINT32_MAX / 2)
        return fail_msg(c, s, "word too long");
    uint32_t wid = dy_intern_add(&c->m->words, c->norm.data, c->norm.len);
    if (!wid)
        return DYAD_NOMEM;
    sid = dy_intern_add(&c->spelled, s, len);
    if (!sid)
        return DYAD_NOMEM;
    if (dy_grow((void **)&c->spelled_word, &c->cap_spelled_word, (size_t)sid + 1,
                sizeof *c->spelled_word) != DYAD_OK)
        return DYAD_NOMEM;
    c->spelled_word[sid] = wid;
    *id = wid;
    return DYAD_OK;
}

/* ---- phrases ------------------------------------------------------------------------ */

static bool is_group_char(char ch)
{
    return ch == '{' || ch == '}' || ch == '(' || ch == ')';
}

/* "&NAME..." at s[0]: the longest prefix of the name run (which may hold '_', as in
 * &FIGHT_OF_WORDS, or go on into joined words, as in &GENINT_CONVENTIONS) that names a
 * synset. Returns its length after the '&' (0: none) and the word id. */
static dyad_status synset_ref(struct dy_petr_ctx *c, const char *s, size_t n, unsigned flags,
                              size_t *name_len, uint32_t *id)
{
    size_t j = 1;
    while (j < n && !isspace((unsigned char)s[j]) && s[j] != '[' && s[j] != ']' && s[j] != '*' &&
           !((flags & DY_PT_GROUP) && is_group_char(s[j])))
        j++;
    size_t k = j;
    *name_len = 0;
    /* Names are short: only prefixes of up to 256 bytes are looked up, so that a huge run
     * of "&A_A_A_..." costs linear time, not quadratic. */
    while (k > 257) {
        k--;
        while (k > 1 && s[k - 1] != '_')
            k--;
    }
    while (k > 1) {
        while (k > 1 && s[k - 1] == '_')
            k--;
        if (k <= 1)
            break;
        if (c->synset_names) {
            c->norm.len = 0;
            dyad_status st = dy_norm_word(s + 1, k - 1, &c->norm);
            if (st == DYAD_NOMEM)
                return st;
            if (st == DYAD_OK && c->norm.len &&
                dy_intern_find(c->synset_names, c->norm.data, c->norm.len)) {
                *name_len = k - 1;
                return dy_petr_word(c, s + 1, k - 1, id);
            }
        }
        /* Try again without the last "_WORD". */
        while (k > 1 && s[k - 1] != '_')
            k--;
    }
    size_t e = 1;
    while (e < j && s[e] != '_')
        e++;
    if (e == 1)
        return fail_msg(c, s, "'&' with no synset name");
    return fail_msg(c, s, "undefined synset '&%.*s'", (int)utf8_cut(s + 1, e - 1 > 60 ? 60 : e - 1),
                    s + 1);
}

dyad_status dy_petr_phrase(struct dy_petr_ctx *c, const char *s, size_t n, unsigned flags,
                           struct dy_petr_phrase *out)
{
    struct dy_dict_model *m = c->m;
    size_t first = m->n_elems;
    bool joined = false, token_start = true, head_next = false;
    unsigned open = 0;
    int noun = 0, prep = 0;
    const char *noun_at = NULL, *prep_at = NULL, *head_at = NULL;
    dyad_status st = DYAD_OK;
    out->head = -1;
    out->n_verbs = 0;
    out->verb_pos = 0;
    size_t i = 0;
    while (i < n) {
        char ch = s[i];
        if (isspace((unsigned char)ch)) {
            joined = false;
            token_start = true;
            i++;
            continue;
        }
        if (ch == '_') {
            bool end = i + 1 == n || isspace((unsigned char)s[i + 1]) ||
                       ((flags & DY_PT_GROUP) && (s[i + 1] == '}' || s[i + 1] == ')'));
            if (m->n_elems > first) {
                if (end)
                    m->elems[m->n_elems - 1].exact = 1;
                else
                    joined = true;
            }
            token_start = true;
            i++;
            continue;
        }
        if (ch == '[' || ch == ']') {
            st = fail_msg(c, s + i, "unexpected '%c'", ch);
            goto fail;
        }
        if (is_group_char(ch)) {
            if (!(flags & DY_PT_GROUP)) {
                if (ch == '{' || ch == '}') {
                    st = fail_msg(c, s + i, "unexpected '%c'", ch);
                    goto fail;
                }
                /* '(' and ')' are ordinary characters in names: "(ACTING". */
            } else {
                if (ch == '{') {
                    if (noun++ == 0)
                        noun_at = s + i;
                    open |= DY_G_NOUN;
                } else if (ch == '(') {
                    if (prep++ == 0)
                        prep_at = s + i;
                    open |= DY_G_PREP;
                } else if (ch == '}') {
                    if (noun == 0) {
                        st = fail_msg(c, s + i, "unbalanced '}'");
                        goto fail;
                    }
                    noun--;
                    open &= ~(unsigned)DY_G_NOUN; /* an empty group "{}" */
                } else {
                    if (prep == 0) {
                        st = fail_msg(c, s + i, "unbalanced ')'");
                        goto fail;
                    }
                    prep--;
                    open &= ~(unsigned)DY_G_PREP;
                }
                token_start = true;
                i++;
                continue;
            }
        }
        struct dy_elem e = {0};
        e.joined = joined;
        size_t comma = 0;
        if ((flags & DY_PT_SPECIAL) &&
            (ch == '*' || (token_start && (ch == '$' || ch == '+' || ch == '%' || ch == '^')))) {
            e.kind = ch == '*'   ? DY_E_VERB
                     : ch == '$' ? DY_E_SOURCE
                     : ch == '+' ? DY_E_TARGET
                     : ch == '%' ? DY_E_COMPOUND
                                 : DY_E_SKIP;
            if (ch == '*') {
                if (out->n_verbs++ == 0)
                    out->verb_pos = (uint32_t)(m->n_elems - first);
            }
            i++;
            token_start = true;
        } else if ((flags & DY_PT_HEAD) && ch == '+' && token_start) {
            if (head_next || out->head >= 0) {
                st = fail_msg(c, s + i, "more than one '+' verb marker");
                goto fail;
            }
            head_next = true;
            head_at = s + i;
            i++;
            continue;
        } else if ((flags & DY_PT_SYNSET) && ch == '&') {
            size_t name_len;
            st = synset_ref(c, s + i, n - i, flags, &name_len, &e.id);
            if (st != DYAD_OK)
                goto fail;
            e.kind = DY_E_SYNSET;
            i += 1 + name_len;
            token_start = false;
        } else {
            size_t j = i;
            while (j < n && !isspace((unsigned char)s[j]) && s[j] != '_' && s[j] != '[' &&
                   s[j] != ']' && s[j] != '{' && s[j] != '}' &&
                   !((flags & DY_PT_GROUP) && (s[j] == '(' || s[j] == ')')) &&
                   !((flags & DY_PT_SPECIAL) && s[j] == '*'))
                j++;
            size_t wlen = j - i;
            if (wlen > 1 && s[j - 1] == ',') {
                wlen--;
                comma = j - 1;
            }
            e.kind = DY_E_WORD;
            st = dy_petr_word(c, s + i, wlen, &e.id);
            if (st != DYAD_OK)
                goto fail;
            if (head_next) {
                out->head = (int)(m->n_elems - first);
                head_next = false;
            }
            i = j;
            token_start = false;
        }
        e.group = (uint8_t)((noun ? DY_G_NOUN : 0) | (prep ? DY_G_PREP : 0));
        e.open = (uint8_t)open;
        open = 0;
        if (DY_PUSH(m->elems, m->n_elems, m->cap_elems, e) != DYAD_OK) {
            st = DYAD_NOMEM;
            goto fail;
        }
        joined = false;
        if (comma) {
            struct dy_elem ce = e;
            ce.joined = 1;
            ce.exact = 0;
            ce.open = 0;
            st = dy_petr_word(c, s + comma, 1, &ce.id);
            if (st != DYAD_OK)
                goto fail;
            if (DY_PUSH(m->elems, m->n_elems, m->cap_elems, ce) != DYAD_OK) {
                st = DYAD_NOMEM;
                goto fail;
            }
        }
    }
    if (noun) {
        st = fail_msg(c, noun_at, "unbalanced '{'");
        goto fail;
    }
    if (prep) {
        st = fail_msg(c, prep_at, "unbalanced '('");
        goto fail;
    }
    if (head_next) {
        st = fail_msg(c, head_at, "'+' with no word after it");
        goto fail;
    }
    if (m->n_elems - first > UINT32_MAX / 2) {
        st = fail_msg(c, s, "phrase too long");
        goto fail;
    }
    out->seq.first = (uint32_t)first;
    out->seq.n = (uint32_t)(m->n_elems - first);
    return DYAD_OK;
fail:
    m->n_elems = first;
    return st;
}
