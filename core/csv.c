/* csv.c - RFC 4180 CSV as organisers' spreadsheets write it: UTF-8 with or
 * without BOM, or GBK from Chinese Excel; quoted fields; CRLF or LF. */
#include "core.h"

#include <stdlib.h>
#include <string.h>

static void add_field(struct csv *c, struct jstr *f)
{
    size_t r = c->nrows - 1;
    size_t n = c->ncols[r];
    if ((n & (n - 1)) == 0)
        c->rows[r] = jury_xrealloc(c->rows[r], sizeof(char *) * (n ? n * 2 : 4));
    c->rows[r][n] = jstr_take(f);
    c->ncols[r] = n + 1;
}

static void add_row(struct csv *c)
{
    size_t n = c->nrows;
    if ((n & (n - 1)) == 0) {
        c->rows = jury_xrealloc(c->rows, sizeof(char **) * (n ? n * 2 : 4));
        c->ncols = jury_xrealloc(c->ncols, sizeof(size_t) * (n ? n * 2 : 4));
    }
    c->rows[n] = NULL;
    c->ncols[n] = 0;
    c->nrows = n + 1;
}

/* Parse one record starting at *pos, advancing it and the line count. */
static int parse_record(struct csv *c, const char *s, size_t len, size_t *pos, int *line,
                        const char *where, struct jury_error *err)
{
    struct jstr f = {0};
    size_t i = *pos;
    int start_line = *line;
    add_row(c);
    for (;;) {
        jstr_clear(&f);
        if (i < len && s[i] == '"') {
            for (i++;; i++) {
                if (i >= len) {
                    jstr_free(&f);
                    return jury_error_set(err, JURY_ERR_FORMAT, where,
                                          "line %d: unterminated quoted field", start_line);
                }
                if (s[i] == '"' && i + 1 < len && s[i + 1] == '"') {
                    jstr_addc(&f, '"');
                    i++;
                } else if (s[i] == '"') {
                    i++;
                    break;
                } else {
                    if (s[i] == '\n')
                        (*line)++;
                    jstr_addc(&f, s[i]);
                }
            }
        }
        while (i < len && s[i] != ',' && s[i] != '\n' && s[i] != '\r')
            jstr_addc(&f, s[i++]);
        add_field(c, &f);
        if (i < len && s[i] == ',') {
            i++;
            continue;
        }
        if (i < len && s[i] == '\r')
            i++;
        if (i < len && s[i] == '\n')
            i++;
        (*line)++;
        break;
    }
    jstr_free(&f);
    *pos = i;
    return JURY_OK;
}

int csv_parse(const char *data, size_t len, const char *where, struct csv **out,
              const char **encoding, struct jury_error *err)
{
    *out = NULL;
    char *text = text_to_utf8(data, len, encoding, err);
    if (!text)
        return err ? err->status : JURY_ERR_FORMAT;
    struct csv *c = jury_xcalloc(1, sizeof *c);
    size_t n = strlen(text), pos = 0;
    int line = 1, rc = JURY_OK;
    while (pos < n) {
        rc = parse_record(c, text, n, &pos, &line, where, err);
        if (rc != JURY_OK)
            break;
    }
    free(text);
    if (rc != JURY_OK) {
        csv_free(&c);
        return rc;
    }
    *out = c;
    return JURY_OK;
}

int csv_read_file(const char *path, struct csv **out, const char **encoding, struct jury_error *err)
{
    char *data;
    size_t len;
    *out = NULL;
    int rc = jury_read_file(path, 64u << 20, &data, &len, err);
    if (rc != JURY_OK)
        return rc;
    rc = csv_parse(data, len, path, out, encoding, err);
    free(data);
    return rc;
}

const char *csv_get(const struct csv *c, size_t row, size_t col)
{
    if (row >= c->nrows || col >= c->ncols[row])
        return "";
    return c->rows[row][col];
}

int csv_column(const struct csv *c, const char *name)
{
    if (c->nrows == 0)
        return -1;
    for (size_t i = 0; i < c->ncols[0]; i++)
        if (strcmp(c->rows[0][i], name) == 0)
            return (int)i;
    return -1;
}

void csv_free(struct csv **p)
{
    if (!p || !*p)
        return;
    struct csv *c = *p;
    for (size_t r = 0; r < c->nrows; r++) {
        for (size_t i = 0; i < c->ncols[r]; i++)
            free(c->rows[r][i]);
        free(c->rows[r]);
    }
    free(c->rows);
    free(c->ncols);
    free(c);
    *p = NULL;
}

void csv_add_field(struct jstr *b, const char *field, bool last)
{
    if (strpbrk(field, ",\"\r\n")) {
        jstr_addc(b, '"');
        for (const char *p = field; *p; p++) {
            if (*p == '"')
                jstr_addc(b, '"');
            jstr_addc(b, *p);
        }
        jstr_addc(b, '"');
    } else {
        jstr_add(b, field);
    }
    jstr_add(b, last ? "\r\n" : ",");
}
