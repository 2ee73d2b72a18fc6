/*
 * error.c - filling dyad_error. One helper builds every message, so error paths stay
 * one line long at the call site.
 */
#include "core.h"

#include <stdio.h>
#include <string.h>

const char *dyad_status_str(dyad_status s)
{
    switch (s) {
    case DYAD_OK:
        return "ok";
    case DYAD_NOMEM:
        return "out of memory";
    case DYAD_IO:
        return "input/output error";
    case DYAD_SYNTAX:
        return "syntax error";
    case DYAD_LIMIT:
        return "limit reached";
    case DYAD_MISUSE:
        return "misuse";
    }
    return "unknown status";
}

const char *dyad_version(void)
{
    return DYAD_VERSION;
}

void dy_error_clear(dyad_error *err)
{
    if (!err)
        return;
    memset(err, 0, sizeof *err);
    err->offset = SIZE_MAX;
}

DY_PRINTF(3, 0)
static void vfill(dyad_error *err, dyad_status s, const char *fmt, va_list ap)
{
    err->status = s;
    vsnprintf(err->message, sizeof err->message, fmt, ap);
}

dyad_status dy_fail(dyad_error *err, dyad_status s, const char *fmt, ...)
{
    if (!err)
        return s;
    dy_error_clear(err);
    va_list ap;
    va_start(ap, fmt);
    vfill(err, s, fmt, ap);
    va_end(ap);
    return s;
}

dyad_status dy_fail_at(dyad_error *err, dyad_status s, const char *source, uint32_t line,
                       uint32_t column, size_t offset, const char *fmt, ...)
{
    if (!err)
        return s;
    dy_error_clear(err);
    err->source = source;
    err->line = line;
    err->column = column;
    err->offset = offset;
    va_list ap;
    va_start(ap, fmt);
    vfill(err, s, fmt, ap);
    va_end(ap);
    return s;
}
