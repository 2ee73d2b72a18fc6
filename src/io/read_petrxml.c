/*
 * read_petrxml.c - PETRARCH validation and sample XML: <Sentence date id category> with
 * <Text>, <EventCoding> expectations and <Config> options between sentences, plus the
 * <Environment> block naming the dictionaries. libxml2 builds the tree in recover mode,
 * so one malformed part costs that part only; its errors come out as rejected records.
 */
#include "io/io.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

/* Options: recover from errors, never touch the network, report errors only through our
 * handler, keep line numbers above 65535. No XML_PARSE_NOENT: external entities stay
 * unloaded and entity references unexpanded. No XML_PARSE_HUGE: libxml2's depth and size
 * limits stay on. */
#define XML_OPTIONS                                                                                \
    (XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |               \
     XML_PARSE_BIG_LINES | XML_PARSE_COMPACT | XML_PARSE_NOBLANKS)

#define MAX_XML_ERRORS 100

#if LIBXML_VERSION >= 21200
#define XML_ERROR_ARG const xmlError *
#else
#define XML_ERROR_ARG xmlErrorPtr
#endif

struct xml_error {
    uint32_t line, column;
    int code; /* libxml2's error code */
    bool nul; /* a NUL byte, found by us (nul_to_space), not by libxml2 */
    char msg[160];
};

struct dy_petrxml {
    const char *source;
    size_t max_text;
    size_t max_record; /* bytes of a record's text before white space is folded */
    xmlDoc *doc;
    xmlNode *cur; /* next node to visit, in document order */

    /* libxml2's errors, in the order it found them, handed out between the records. */
    struct xml_error *errs;
    size_t n_errs, cap_errs, next_err;
    size_t n_dropped; /* beyond MAX_XML_ERRORS */
    bool errs_nomem;
    bool quiet;  /* the second parse: its errors were reported by the first */
    bool failed; /* ran out of memory: at the end */

    struct dy_arena *arena; /* the current record's strings */
    dyad_expect *expect;
    size_t cap_expect;
    dyad_kv *config; /* <Config> seen since the last article; strings dy_strdup'd */
    size_t n_config, cap_config;
    bool config_given; /* handed out with the last article: drop at the next call */
    struct dy_buf tmp;
};

static bool is_elem(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && n->name && strcmp((const char *)n->name, name) == 0;
}

static uint32_t node_line(const xmlNode *n)
{
    long l = xmlGetLineNo((xmlNode *)n);
    return l > 0 && l <= (long)UINT32_MAX ? (uint32_t)l : 0;
}

/* The next node in document order after n and its subtree. */
static xmlNode *after(xmlNode *n)
{
    while (n && n->type != XML_DOCUMENT_NODE) {
        if (n->next)
            return n->next;
        n = n->parent;
    }
    return NULL;
}

/* ---- parsing ------------------------------------------------------------------------ */

/* A new entry at the end of p->errs (NULL past MAX_XML_ERRORS or without memory). */
static struct xml_error *new_error(struct dy_petrxml *p, uint32_t line, uint32_t column)
{
    if (p->n_errs == MAX_XML_ERRORS) {
        p->n_dropped++;
        return NULL;
    }
    if (dy_grow((void **)&p->errs, &p->cap_errs, p->n_errs + 1, sizeof *p->errs) != DYAD_OK) {
        p->errs_nomem = true;
        return NULL;
    }
    struct xml_error *x = &p->errs[p->n_errs++];
    x->line = line;
    x->column = column;
    x->code = 0;
    x->nul = false;
    x->msg[0] = '\0';
    return x;
}

static void on_xml_error(void *data, XML_ERROR_ARG e)
{
    struct dy_petrxml *p = data;
    if (!e || e->level < XML_ERR_ERROR || p->quiet)
        return;
    struct xml_error *x = new_error(p, e->line > 0 ? (uint32_t)e->line : 0,
                                    e->int2 > 0 ? (uint32_t)e->int2 : 0);
    if (!x)
        return;
    x->code = e->code;
    /* Said in our words: libxml2 names an option of its own. */
    if (e->message && strncmp(e->message, "Excessive depth in document:", 28) == 0) {
        snprintf(x->msg, sizeof x->msg, "elements nested more than %d deep",
                 atoi(e->message + 28));
        return;
    }
    /* libxml2's messages end in a newline and some span two lines: make them one. */
    const char *m = e->message ? e->message : "unknown error";
    size_t w = 0;
    for (; *m && w < sizeof x->msg - 1; m++) {
        bool space = *m == ' ' || *m == '\n' || *m == '\t' || *m == '\r';
        if (!space)
            x->msg[w++] = *m;
        else if (w > 0 && x->msg[w - 1] != ' ')
            x->msg[w++] = ' ';
    }
    while (w > 0 && x->msg[w - 1] == ' ')
        w--;
    x->msg[w] = '\0';
}

/* libxml2 reports errors raised outside a parser context (encodings, for one) through
 * its thread-local generic handlers; silence them for the length of one parse. */
static void xml_silent(void *ctx, const char *fmt, ...)
{
    (void)ctx;
    (void)fmt;
}

/* True if buf[0, len) starts with a well-formed reference: "&name;" or "&#...;". */
static bool is_reference(const char *buf, size_t len)
{
    size_t i = 1;
    if (i < len && buf[i] == '#')
        i++;
    size_t start = i;
    while (i < len && i < 64 &&
           (buf[i] == '_' || buf[i] == ':' || buf[i] == '-' || buf[i] == '.' ||
            (buf[i] >= '0' && buf[i] <= '9') || ((buf[i] | 0x20) >= 'a' && (buf[i] | 0x20) <= 'z')))
        i++;
    return i > start && i < len && buf[i] == ';';
}

/* Copies buf to out with the five predefined entity references written as character
 * references, and each bare '&' as "&#38;", outside comments, CDATA sections and
 * processing instructions. libxml2 (2.9) drops every entity reference, &amp; included,
 * once a document has had an error, and drops a bare '&', but keeps character
 * references; this keeps the "&" in the text of a recovered file. */
static dyad_status predefined_to_charrefs(const char *buf, size_t len, struct dy_buf *out)
{
    static const struct {
        const char *ref, *num;
    } map[] = {{"&amp;", "&#38;"},
               {"&lt;", "&#60;"},
               {"&gt;", "&#62;"},
               {"&quot;", "&#34;"},
               {"&apos;", "&#39;"}};
    static const struct {
        const char *open, *close;
    } skip[] = {{"<!--", "-->"}, {"<![CDATA[", "]]>"}, {"<?", "?>"}};
    size_t i = 0;
    out->len = 0;
    while (i < len) {
        size_t run = i;
        while (run < len && buf[run] != '<' && buf[run] != '&')
            run++;
        if (dy_buf_append(out, buf + i, run - i) != DYAD_OK)
            return DYAD_NOMEM;
        i = run;
        if (i == len)
            break;
        size_t take = 1;
        const char *repl = NULL;
        if (buf[i] == '<') {
            for (size_t k = 0; k < sizeof skip / sizeof skip[0]; k++) {
                size_t ol = strlen(skip[k].open), cl = strlen(skip[k].close);
                if (len - i < ol || memcmp(buf + i, skip[k].open, ol) != 0)
                    continue;
                const char *end = memmem(buf + i + ol, len - i - ol, skip[k].close, cl);
                take = end ? (size_t)(end - (buf + i)) + cl : len - i;
                break;
            }
        } else {
            for (size_t k = 0; k < sizeof map / sizeof map[0]; k++) {
                size_t rl = strlen(map[k].ref);
                if (len - i >= rl && memcmp(buf + i, map[k].ref, rl) == 0) {
                    take = rl;
                    repl = map[k].num;
                    break;
                }
            }
            if (!repl && !is_reference(buf + i, len - i))
                repl = "&#38;";
        }
        if (dy_buf_append(out, repl ? repl : buf + i, repl ? strlen(repl) : take) != DYAD_OK)
            return DYAD_NOMEM;
        i += take;
    }
    return DYAD_OK;
}

/* libxml2 takes a NUL byte for the end of the input and would drop all that follows it:
 * each is reported here and read as a space, in a copy of the input in *out. */
static dyad_status nul_to_space(struct dy_petrxml *p, const char *buf, size_t len,
                                struct dy_buf *out)
{
    if (dy_buf_append(out, buf, len) != DYAD_OK)
        return DYAD_NOMEM;
    uint32_t line = 1;
    size_t bol = 0;
    for (size_t i = 0; i < len; i++) {
        if (buf[i] == '\n') {
            line++;
            bol = i + 1;
        } else if (buf[i] == '\0') {
            out->data[i] = ' ';
            struct xml_error *x = new_error(p, line, (uint32_t)(i - bol + 1));
            if (x) {
                x->nul = true;
                snprintf(x->msg, sizeof x->msg, "NUL byte (not allowed in XML; read as a space)");
            }
            if (p->errs_nomem)
                return DYAD_NOMEM;
        }
    }
    return DYAD_OK;
}

static int cmp_error(const void *a, const void *b)
{
    const struct xml_error *x = a, *y = b;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return x->column < y->column ? -1 : x->column > y->column;
}

static dyad_status parse_doc(struct dy_petrxml *p, const char *buf, size_t len)
{
    struct dy_buf clean = {0};
    if (memchr(buf, '\0', len)) {
        if (nul_to_space(p, buf, len, &clean) != DYAD_OK) {
            dy_buf_free(&clean);
            return DYAD_NOMEM;
        }
        buf = clean.data;
    }
    size_t n_nul = p->n_errs;
    xmlParserCtxt *ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        dy_buf_free(&clean);
        return DYAD_NOMEM;
    }
    xmlStructuredErrorFunc old_serror = xmlStructuredError;
    void *old_sctx = xmlStructuredErrorContext;
    xmlGenericErrorFunc old_generic = xmlGenericError;
    void *old_gctx = xmlGenericErrorContext;
    xmlSetStructuredErrorFunc(p, on_xml_error);
    xmlSetGenericErrorFunc(p, xml_silent);

    p->doc = xmlCtxtReadMemory(ctxt, buf, (int)len, NULL, NULL, XML_OPTIONS);
    /* In recovery mode libxml2 stops reading only where it cannot go on: nothing that looks
     * like XML at the start, content after the root element, or (callbacks disabled)
     * nesting too deep or a text node too large. Its last error says where; what it never
     * read, NUL bytes included, goes unreported. */
    struct xml_error stop = {0, 0, 0, false, ""};
    int last = p->n_errs > n_nul ? p->errs[p->n_errs - 1].code : 0;
    bool stopped = p->n_errs > n_nul &&
                   (ctxt->disableSAX || !p->doc || !xmlDocGetRootElement(p->doc) ||
                    last == XML_ERR_DOCUMENT_END);
    if (stopped)
        stop = p->errs[p->n_errs - 1];
    if (stopped && (ctxt->disableSAX || last == XML_ERR_DOCUMENT_END)) {
        struct xml_error *x = &p->errs[p->n_errs - 1];
        size_t used = strlen(x->msg);
        snprintf(x->msg + used, sizeof x->msg - used, "%s",
                 "; the rest of the file is not read");
    }
    if (p->doc && !ctxt->wellFormed && memchr(buf, '&', len)) {
        struct dy_buf copy = {0};
        if (predefined_to_charrefs(buf, len, &copy) == DYAD_OK && copy.len <= INT_MAX) {
            /* The errors reported are those of the file as written, from the first
             * parse; the second parse only gives the tree. */
            xmlFreeDoc(p->doc);
            p->quiet = true;
            p->doc = xmlCtxtReadMemory(ctxt, copy.data, (int)copy.len, NULL, NULL, XML_OPTIONS);
            p->quiet = false;
        }
        dy_buf_free(&copy);
    }

    xmlSetStructuredErrorFunc(old_sctx, old_serror);
    xmlSetGenericErrorFunc(old_gctx, old_generic);
    xmlFreeParserCtxt(ctxt);
    dy_buf_free(&clean);
    if (p->errs_nomem)
        return DYAD_NOMEM;
    /* The NULs' errors and libxml2's are each in order: merge them by position (the
     * records are handed out between the errors, by line). */
    if (n_nul > 0 && p->n_errs > n_nul)
        qsort(p->errs, p->n_errs, sizeof *p->errs, cmp_error);
    if (stopped && n_nul > 0) {
        size_t w = 0;
        for (size_t i = 0; i < p->n_errs; i++)
            if (!p->errs[i].nul || cmp_error(&p->errs[i], &stop) < 0)
                p->errs[w++] = p->errs[i];
        p->n_errs = w;
    }
    if (!p->doc && p->n_errs == 0) {
        /* Keep the promise that a failed document says why. */
        struct xml_error *x;
        if (dy_grow((void **)&p->errs, &p->cap_errs, 1, sizeof *p->errs) != DYAD_OK)
            return DYAD_NOMEM;
        x = &p->errs[p->n_errs++];
        x->line = 1;
        x->column = 0;
        snprintf(x->msg, sizeof x->msg, "no XML document");
    }
    return DYAD_OK;
}

dyad_status dy_petrxml_open(const char *source, const char *buf, size_t len, size_t max_text,
                            size_t max_record, struct dy_petrxml **out, dyad_error *err)
{
    *out = NULL;
    if (len > INT_MAX || len > DY_MAX_XML_BYTES)
        return dy_fail_at(err, DYAD_LIMIT, source, 0, 0, SIZE_MAX,
                          "XML input is larger than the limit of %zu bytes", DY_MAX_XML_BYTES);
    struct dy_petrxml *p = dy_calloc(1, sizeof *p);
    if (!p)
        return dy_fail(err, DYAD_NOMEM, "out of memory");
    p->source = source;
    p->max_text = max_text ? max_text : DY_DEFAULT_MAX_ARTICLE_BYTES;
    p->max_record = max_record ? max_record : DY_DEFAULT_MAX_LINE_BYTES;
    p->arena = dy_arena_new(16 << 10, 0);
    if (!p->arena || parse_doc(p, buf, len) != DYAD_OK) {
        dy_petrxml_free(p);
        return dy_fail(err, DYAD_NOMEM, "out of memory");
    }
    p->cur = p->doc ? p->doc->children : NULL;
    *out = p;
    return DYAD_OK;
}

static void drop_config(struct dy_petrxml *p)
{
    for (size_t i = 0; i < p->n_config; i++) {
        dy_free((char *)p->config[i].key);
        dy_free((char *)p->config[i].value);
    }
    p->n_config = 0;
    p->config_given = false;
}

void dy_petrxml_free(struct dy_petrxml *p)
{
    if (!p)
        return;
    drop_config(p);
    dy_free(p->config);
    dy_free(p->expect);
    dy_free(p->errs);
    dy_buf_free(&p->tmp);
    dy_arena_free(p->arena);
    if (p->doc)
        xmlFreeDoc(p->doc);
    dy_free(p);
}

/* ---- records ------------------------------------------------------------------------ */

/* The value of attribute `name` of n, copied into the record's arena and trimmed if asked;
 * NULL when absent. Entity references inside the value are left out. On allocation
 * failure *nomem is set. */
static const char *attr(struct dy_petrxml *p, const xmlNode *n, const char *name, bool trim,
                        bool *nomem)
{
    for (const xmlAttr *at = n->properties; at; at = at->next) {
        if (!at->name || strcmp((const char *)at->name, name) != 0)
            continue;
        p->tmp.len = 0;
        for (const xmlNode *c = at->children; c; c = c->next) {
            if (c->type != XML_TEXT_NODE || !c->content)
                continue;
            const char *s = (const char *)c->content;
            if (dy_buf_append(&p->tmp, s, strlen(s)) != DYAD_OK) {
                *nomem = true;
                return NULL;
            }
        }
        const char *s = p->tmp.data ? p->tmp.data : "";
        size_t len = p->tmp.len;
        if (trim)
            dy_trim(&s, &len);
        char *v = dy_arena_strndup(p->arena, s, len);
        if (!v)
            *nomem = true;
        return v;
    }
    return NULL;
}

/* All text below n (text and CDATA nodes, in order) into p->tmp; DYAD_LIMIT, with what was
 * gathered so far, once that is more than `max` bytes. */
static dyad_status gather_text(struct dy_petrxml *p, const xmlNode *top, size_t max)
{
    const xmlNode *n = top->children;
    p->tmp.len = 0;
    if (dy_buf_append(&p->tmp, "", 0) != DYAD_OK)
        return DYAD_NOMEM;
    while (n) {
        if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content) {
            const char *s = (const char *)n->content;
            size_t len = strlen(s);
            if (len > max - p->tmp.len)
                return DYAD_LIMIT;
            if (dy_buf_append(&p->tmp, s, len) != DYAD_OK)
                return DYAD_NOMEM;
        }
        /* A record nested here by libxml2's recovery has its own text. */
        if (n->type == XML_ELEMENT_NODE && n->children && !is_elem(n, "Sentence")) {
            n = n->children;
            continue;
        }
        while (n != top && !n->next)
            n = n->parent;
        n = n == top ? NULL : n->next;
    }
    return DYAD_OK;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The text is hard-wrapped in the file: trim it, and turn each run of white space that
 * holds a line break into one space. Runs within a line are kept as written. */
static char *collapse(struct dy_petrxml *p, size_t *out_len)
{
    const char *s = p->tmp.data;
    size_t len = p->tmp.len;
    dy_trim(&s, &len);
    char *out = dy_arena_alloc(p->arena, len + 1);
    if (!out)
        return NULL;
    size_t w = 0;
    for (size_t i = 0; i < len;) {
        if (!is_space(s[i])) {
            out[w++] = s[i++];
            continue;
        }
        size_t j = i;
        bool newline = false;
        for (; j < len && is_space(s[j]); j++)
            newline |= s[j] == '\n' || s[j] == '\r';
        if (newline) {
            out[w++] = ' ';
        } else {
            memcpy(out + w, s + i, j - i);
            w += j - i;
        }
        i = j;
    }
    out[w] = '\0';
    *out_len = w;
    return out;
}

static int nomem(struct dy_petrxml *p, dyad_error *err)
{
    p->failed = true;
    dy_fail(err, DYAD_NOMEM, "out of memory");
    return -1;
}

static int read_sentence(struct dy_petrxml *p, const xmlNode *s, dyad_article *a, dyad_error *err)
{
    bool oom = false;
    uint32_t line = node_line(s);

    a->line = line;
    const char *id = attr(p, s, "id", true, &oom);
    const char *date = attr(p, s, "date", true, &oom);
    a->category = attr(p, s, "category", false, &oom);
    a->source = attr(p, s, "source", false, &oom);
    if (oom)
        return nomem(p, err);
    if (!id || !id[0]) {
        /* The id is generated from the file name and line, as dyad.h promises. */
        const char *src = p->source ? p->source : "sentence";
        const char *base = strrchr(src, '/');
        char buf[64];
        snprintf(buf, sizeof buf, "%.40s:%u", base && base[1] ? base + 1 : src, line);
        id = dy_arena_strndup(p->arena, buf, strlen(buf));
        if (!id)
            return nomem(p, err);
    }
    a->id = id;
    if (date) {
        a->date = date;
        if (dyad_parse_date(date, strlen(date), &a->day) != DYAD_OK) {
            dy_fail_at(err, DYAD_SYNTAX, p->source, line, 0, SIZE_MAX,
                       "sentence \"%.60s\": \"date\" must be a day from 1000-01-01 to "
                       "9999-12-31 as YYYY-MM-DD or YYYYMMDD, got \"%.40s\"",
                       id, date);
            return -1;
        }
    }

    const xmlNode *text = NULL;
    size_t n_expect = 0;
    for (const xmlNode *c = s->children; c; c = c->next) {
        if (is_elem(c, "Text") && !text) {
            text = c;
        } else if (is_elem(c, "EventCoding")) {
            if (dy_grow((void **)&p->expect, &p->cap_expect, n_expect + 1, sizeof *p->expect))
                return nomem(p, err);
            dyad_expect *x = &p->expect[n_expect++];
            x->source = attr(p, c, "sourcecode", false, &oom);
            x->target = attr(p, c, "targetcode", false, &oom);
            x->code = attr(p, c, "eventcode", false, &oom);
            x->error = attr(p, c, "error", false, &oom);
            const char *none = attr(p, c, "noevents", true, &oom);
            x->noevents = none && dy_streq_nocase(none, "true");
            if (oom)
                return nomem(p, err);
        }
    }
    if (!text) {
        dy_fail_at(err, DYAD_SYNTAX, p->source, line, 0, SIZE_MAX,
                   "sentence \"%.60s\" has no <Text> element", id);
        return -1;
    }
    dyad_status st = gather_text(p, text, p->max_record);
    if (st == DYAD_LIMIT) {
        dy_fail_at(err, DYAD_LIMIT, p->source, line, 0, SIZE_MAX,
                   "sentence \"%.60s\": record is larger than the limit of %zu bytes", id,
                   p->max_record);
        return -1;
    }
    if (st != DYAD_OK)
        return nomem(p, err);
    a->text = collapse(p, &a->text_len);
    if (!a->text)
        return nomem(p, err);
    if (a->text_len > p->max_text) {
        dy_fail_at(err, DYAD_LIMIT, p->source, line, 0, SIZE_MAX,
                   "sentence \"%.60s\": text is larger than the limit of %zu bytes", id,
                   p->max_text);
        return -1;
    }
    a->expect = n_expect ? p->expect : NULL;
    a->n_expect = n_expect;
    if (p->n_config) {
        a->config = p->config;
        a->n_config = p->n_config;
        p->config_given = true;
    }
    return 1;
}

/* A <Config option value> between sentences: kept for the next article. */
static int read_config(struct dy_petrxml *p, const xmlNode *c, dyad_error *err)
{
    bool oom = false;
    const char *key = attr(p, c, "option", true, &oom);
    const char *value = attr(p, c, "value", true, &oom);
    if (oom)
        return nomem(p, err);
    if (!key || !key[0] || !value) {
        dy_fail_at(err, DYAD_SYNTAX, p->source, node_line(c), 0, SIZE_MAX,
                   "<Config> needs option=\"...\" and value=\"...\" attributes");
        return -1;
    }
    dyad_kv kv = {dy_strdup(key), dy_strdup(value)};
    if (!kv.key || !kv.value || DY_PUSH(p->config, p->n_config, p->cap_config, kv)) {
        dy_free((char *)kv.key);
        dy_free((char *)kv.value);
        return nomem(p, err);
    }
    return 0;
}

static int xml_error_out(struct dy_petrxml *p, dyad_error *err)
{
    const struct xml_error *x = &p->errs[p->next_err++];
    dy_fail_at(err, DYAD_SYNTAX, p->source, x->line, x->column, SIZE_MAX, "malformed XML: %s",
               x->msg);
    return -1;
}

/* True when libxml2 found an error at or before `line` not yet handed out. */
static bool error_due(const struct dy_petrxml *p, uint32_t line)
{
    return p->next_err < p->n_errs && p->errs[p->next_err].line <= line;
}

int dy_petrxml_next(struct dy_petrxml *p, dyad_article *a, dyad_error *err)
{
    memset(a, 0, sizeof *a);
    a->day = INT32_MIN;
    if (p->config_given)
        drop_config(p);
    dy_arena_reset(p->arena);
    if (p->failed)
        return 0;

    for (;;) {
        xmlNode *n = p->cur;
        if (!n) {
            if (p->next_err < p->n_errs)
                return xml_error_out(p, err);
            if (p->n_dropped) {
                dy_fail_at(err, DYAD_SYNTAX, p->source, 0, 0, SIZE_MAX,
                           "malformed XML: %zu more errors not shown", p->n_dropped);
                p->n_dropped = 0;
                return -1;
            }
            return 0;
        }
        /* Every element is entered, sentences too: when a tag is left open, libxml2's
         * recovery nests the records that follow inside it. */
        if (n->type != XML_ELEMENT_NODE || is_elem(n, "Environment")) {
            p->cur = after(n);
            continue;
        }
        p->cur = n->children ? n->children : after(n);
        if (is_elem(n, "Sentence") || is_elem(n, "Config")) {
            uint32_t line = node_line(n);
            if (error_due(p, line ? line : UINT32_MAX)) {
                p->cur = n;
                return xml_error_out(p, err);
            }
            if (is_elem(n, "Sentence"))
                return read_sentence(p, n, a, err);
            if (read_config(p, n, err) < 0)
                return -1;
        }
    }
}

dyad_status dy_parse_petrxml(const char *source, const char *buf, size_t len, dy_article_fn emit,
                             dy_bad_fn bad, void *ctx)
{
    struct dy_petrxml *p;
    dyad_error err;
    dyad_article a;
    dyad_status st = dy_petrxml_open(source, buf, len, 0, 0, &p, &err);
    if (st != DYAD_OK) {
        if (st != DYAD_NOMEM && bad)
            bad(ctx, &err);
        return st;
    }
    int rc;
    while (st == DYAD_OK && (rc = dy_petrxml_next(p, &a, &err)) != 0) {
        if (rc > 0)
            st = emit(ctx, &a);
        else if (err.status == DYAD_NOMEM)
            st = DYAD_NOMEM;
        else if (bad)
            bad(ctx, &err);
    }
    dy_petrxml_free(p);
    return st;
}

/* ---- the environment ------------------------------------------------------------------ */

void dyad_suite_env_free(dyad_suite_env *e)
{
    if (!e)
        return;
    dy_free(e->verbs);
    for (size_t i = 0; i < e->n_actors; i++)
        dy_free(e->actors[i]);
    dy_free(e->actors);
    dy_free(e->agents);
    dy_free(e->discards);
    for (size_t i = 0; i < e->n_config; i++) {
        dy_free((char *)e->config[i].key);
        dy_free((char *)e->config[i].value);
    }
    dy_free(e->config);
    memset(e, 0, sizeof *e);
}

/* The trimmed text of element n, dy_strdup'd; NULL with *oom set on failure, NULL alone
 * when empty. */
static char *elem_text(struct dy_petrxml *p, const xmlNode *n, bool *oom)
{
    if (gather_text(p, n, SIZE_MAX) != DYAD_OK) {
        *oom = true;
        return NULL;
    }
    const char *s = p->tmp.data;
    size_t len = p->tmp.len;
    dy_trim(&s, &len);
    if (len == 0)
        return NULL;
    char *v = dy_strndup(s, len);
    if (!v)
        *oom = true;
    return v;
}

/* Sets *slot to the text of n unless an earlier element already did. */
static void first_text(struct dy_petrxml *p, const xmlNode *n, char **slot, bool *oom)
{
    if (!*slot)
        *slot = elem_text(p, n, oom);
}

static bool read_env(struct dy_petrxml *p, const xmlNode *env, dyad_suite_env *out)
{
    bool oom = false;
    size_t cap_actors = 0, cap_config = 0;
    for (const xmlNode *c = env->children; c && !oom; c = c->next) {
        if (is_elem(c, "Verbfile")) {
            first_text(p, c, &out->verbs, &oom);
        } else if (is_elem(c, "Agentfile")) {
            first_text(p, c, &out->agents, &oom);
        } else if (is_elem(c, "Discardfile")) {
            first_text(p, c, &out->discards, &oom);
        } else if (is_elem(c, "Actorfile")) {
            char *name = elem_text(p, c, &oom);
            if (name && DY_PUSH(out->actors, out->n_actors, cap_actors, name) != DYAD_OK) {
                dy_free(name);
                oom = true;
            }
        } else if (is_elem(c, "Config")) {
            dy_arena_reset(p->arena);
            const char *key = attr(p, c, "option", true, &oom);
            const char *value = attr(p, c, "value", true, &oom);
            if (oom || !key || !key[0] || !value)
                continue;
            dyad_kv kv = {dy_strdup(key), dy_strdup(value)};
            if (!kv.key || !kv.value ||
                DY_PUSH(out->config, out->n_config, cap_config, kv) != DYAD_OK) {
                dy_free((char *)kv.key);
                dy_free((char *)kv.value);
                oom = true;
            }
        }
    }
    return !oom;
}

dyad_status dy_petrxml_env_parse(const char *source, const char *buf, size_t len,
                                 dyad_suite_env *out, dyad_error *err)
{
    struct dy_petrxml *p;
    memset(out, 0, sizeof *out);
    dyad_status st = dy_petrxml_open(source, buf, len, 0, 0, &p, err);
    if (st != DYAD_OK)
        return st;
    if (!p->doc) {
        const struct xml_error *x = &p->errs[0];
        st = dy_fail_at(err, DYAD_SYNTAX, source, x->line, x->column, SIZE_MAX, "malformed XML: %s",
                        x->msg);
        dy_petrxml_free(p);
        return st;
    }
    /* The first <Environment> anywhere outside a sentence. */
    xmlNode *n = p->doc->children;
    while (n && !is_elem(n, "Environment")) {
        if (n->type == XML_ELEMENT_NODE && n->children && !is_elem(n, "Sentence"))
            n = n->children;
        else
            n = after(n);
    }
    if (n && !read_env(p, n, out)) {
        dyad_suite_env_free(out);
        st = dy_fail(err, DYAD_NOMEM, "out of memory");
    }
    dy_petrxml_free(p);
    return st;
}

dyad_status dyad_suite_env_read(const char *xml_path, dyad_suite_env *out, dyad_error *err)
{
    if (out)
        memset(out, 0, sizeof *out);
    if (!xml_path || !out)
        return dy_fail(err, DYAD_MISUSE, "dyad_suite_env_read: NULL argument");
    FILE *f = fopen(xml_path, "rb");
    if (!f)
        return dy_fail_at(err, DYAD_IO, xml_path, 0, 0, SIZE_MAX, "cannot open: %s",
                          strerror(errno));
    struct dy_buf buf = {0};
    dyad_status st = dy_read_all(f, DY_MAX_XML_BYTES, xml_path, &buf, err);
    fclose(f);
    if (st == DYAD_OK)
        st = dy_petrxml_env_parse(xml_path, buf.data, buf.len, out, err);
    dy_buf_free(&buf);
    return st;
}
