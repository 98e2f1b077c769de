/* report_convert.c - the report's markup as Markdown and as HTML.
 *
 * report.md and report.html are the markup of decide_report_text converted line
 * by line, so they say what report.pdf says. The markup's text was escaped
 * for the markup when it entered it; here it is escaped again for the
 * medium, by core's one Markdown and one HTML escaper. A place marker
 * ("=NAME ...", which the PDF skips) goes to the caller's hook, so a medium
 * can add what only it can show there (report.html's histogram).
 */
#include "report/report_int.h"

#include <stdlib.h>
#include <string.h>

struct convert {
    struct jstr *b;
    const char *next; /* the line after this one, NULL at the end */
    bool in_table;
    markup_mark_fn mark;
    const void *ctx;
};

/* The text of a heading line ("# T" or "## T"), its level in *level. */
static const char *heading(const char *line, int *level)
{
    if (strncmp(line, "# ", 2) == 0)
        return *level = 1, line + 2;
    if (strncmp(line, "## ", 3) == 0)
        return *level = 2, line + 3;
    return NULL;
}

/* Whether cell k of a table row is a plain number. */
static bool numeric_cell(const char *row, size_t k)
{
    if (!row || row[0] != '|')
        return false;
    const char *c = row + 1, *bar;
    for (; k > 0 && (bar = strchr(c, '|')); k--)
        c = bar + 1;
    if (k > 0 || !(bar = strchr(c, '|')))
        return false;
    char *cell = jury_xstrndup(c, (size_t)(bar - c));
    bool num = esc_csv_is_number(cell);
    free(cell);
    return num;
}

static bool is_mark(const char *line)
{
    return line[0] == '=' && strncmp(line, "=sig ", 5) != 0;
}

/* ------------------------------------------------------------- Markdown */

static void md_text(struct jstr *b, const char *s, size_t n)
{
    char *t = jury_xstrndup(s, n);
    esc_markdown(b, t);
    free(t);
}

static void md_row(struct jstr *b, const char *line)
{
    for (const char *c = line; *c == '|';) {
        const char *end = strchr(c + 1, '|');
        size_t n = end ? (size_t)(end - c - 1) : strlen(c + 1);
        jstr_addc(b, '|');
        md_text(b, c + 1, n);
        c += 1 + n;
    }
    jstr_addc(b, '\n');
}

/* A row; after the header, its rule (numbers in the first body row align
 * their column right). */
static void md_table_row(struct jstr *b, const char *line, bool first, const char *next)
{
    md_row(b, line);
    if (!first)
        return;
    size_t k = 0;
    for (const char *c = line + 1; *c; c++)
        if (*c == '|')
            jstr_add(b, numeric_cell(next, k++) ? "| ---: " : "| --- ");
    jstr_add(b, "|\n");
}

static void md_line(struct convert *cv, const char *line)
{
    struct jstr *b = cv->b;
    bool row = line[0] == '|';
    int level = 0;
    const char *h = heading(line, &level);
    if (!row && cv->in_table)
        jstr_addc(b, '\n');
    if (row) {
        md_table_row(b, line, !cv->in_table, cv->next);
    } else if (h) {
        jstr_add(b, level == 1 ? "# " : "## ");
        md_text(b, h, strlen(h));
        jstr_add(b, "\n\n");
    } else if (strncmp(line, "=sig ", 5) == 0) {
        jstr_add(b, "- ");
        md_text(b, line + 5, strlen(line + 5));
        jstr_add(b, "　签字：＿＿＿＿＿＿　日期：＿＿＿＿\n\n");
    } else if (strcmp(line, "---") == 0) {
        jstr_add(b, "---\n\n"); /* the paper's new page */
    } else if (is_mark(line)) {
        if (cv->mark)
            cv->mark(b, line, cv->ctx);
    } else if (*line) {
        /* without the space that kept it from reading as markup: Markdown
         * would take " # x" for a heading, its escaped form not */
        line += strspn(line, " ");
        md_text(b, line, strlen(line));
        jstr_add(b, "\n\n");
    }
    cv->in_table = row;
}

/* ----------------------------------------------------------------- HTML */

static void html_row(struct jstr *b, const char *line, bool head)
{
    jstr_add(b, "<tr>");
    for (const char *c = line + 1; *c;) {
        const char *bar = strchr(c, '|');
        if (!bar)
            break;
        char *cell = jury_xstrndup(c, (size_t)(bar - c));
        if (head)
            jstr_add(b, "<th>");
        else if (esc_csv_is_number(cell)) /* numbers right-aligned */
            jstr_add(b, "<td class=n>");
        else
            jstr_add(b, "<td>");
        esc_html(b, cell, strlen(cell));
        jstr_add(b, head ? "</th>" : "</td>");
        free(cell);
        c = bar + 1;
    }
    jstr_add(b, "</tr>\n");
}

static void html_line(struct convert *cv, const char *line)
{
    struct jstr *b = cv->b;
    bool row = line[0] == '|';
    int level = 0;
    const char *h = heading(line, &level);
    if (!row && cv->in_table)
        jstr_add(b, "</table>\n");
    if (row) {
        if (!cv->in_table)
            jstr_add(b, "<table>\n");
        html_row(b, line, !cv->in_table);
    } else if (h) {
        jstr_add(b, level == 1 ? "<h1>" : "<h2>");
        esc_html(b, h, strlen(h));
        jstr_add(b, level == 1 ? "</h1>\n" : "</h2>\n");
    } else if (strncmp(line, "=sig ", 5) == 0) {
        jstr_add(b, "<p class=sig>");
        esc_html(b, line + 5, strlen(line + 5));
        jstr_add(b, "　签字：＿＿＿＿＿＿＿＿　日期：＿＿＿＿＿</p>\n");
    } else if (strcmp(line, "---") == 0) {
        jstr_add(b, "<hr>\n"); /* the paper's new page */
    } else if (is_mark(line)) {
        if (cv->mark)
            cv->mark(b, line, cv->ctx);
    } else if (*line) {
        jstr_add(b, "<p>");
        esc_html(b, line, strlen(line));
        jstr_add(b, "</p>\n");
    }
    cv->in_table = row;
}

/* ---------------------------------------------------------------------- */

static void each_line(const char *markup, void (*fn)(struct convert *, const char *),
                      struct convert *cv)
{
    char *copy = jury_xstrdup(markup ? markup : ""), *save = NULL;
    char *t = strtok_r(copy, "\n", &save);
    while (t) {
        char *next = strtok_r(NULL, "\n", &save);
        cv->next = next;
        fn(cv, t);
        t = next;
    }
    cv->next = NULL;
    fn(cv, ""); /* closes a table that ends the document */
    free(copy);
}

void markup_to_markdown(struct jstr *b, const char *markup, markup_mark_fn mark, const void *ctx)
{
    struct convert cv = {b, NULL, false, mark, ctx};
    each_line(markup, md_line, &cv);
}

void markup_to_html(struct jstr *b, const char *markup, markup_mark_fn mark, const void *ctx)
{
    struct convert cv = {b, NULL, false, mark, ctx};
    each_line(markup, html_line, &cv);
}
