/* report_comments.c - beside the points where a dropped or disagreeing
 * result differs most, what that reviewer wrote about them.
 *
 * A comment comes from a signed sheet but is still untrusted text: it goes
 * into the plain text of a paragraph, which markup_para escapes like every
 * other field. It is cut by display width, not by bytes, so a long comment
 * neither splits a character nor outgrows a line of the report. */
#include "report/report_int.h"

#include <stdlib.h>
#include <string.h>

static int cmp_comment(const void *key, const void *el)
{
    size_t k = *(const size_t *)key, s = ((const struct merge_comment *)el)->score;
    return (k > s) - (k < s);
}

const char *report_point_comment(const struct merge_ranking *r, size_t e, size_t point)
{
    if (!r->n_comments || !r->score_start)
        return NULL;
    for (size_t i = r->score_start[e]; i < r->score_start[e + 1]; i++) {
        size_t x = r->by_entry[i];
        if (r->in.scores[x].point != point)
            continue;
        const struct merge_comment *c =
            bsearch(&x, r->comments, r->n_comments, sizeof *c, cmp_comment);
        return c ? c->text : NULL;
    }
    return NULL;
}

void report_clip(const char *s, int cols, struct jstr *out)
{
    size_t n = strlen(s);
    while (n && s[n - 1] == ' ')
        n--;
    while (n && *s == ' ')
        s++, n--;
    if (utf8_width(s, n) <= cols) {
        jstr_addn(out, s, n);
        return;
    }
    static const char ellipsis[] = "\xe2\x80\xa6"; /* U+2026 */
    int room = cols - utf8_width(ellipsis, sizeof ellipsis - 1);
    size_t fit = utf8_fit(s, n, room > 0 ? room : 0, NULL);
    while (fit && s[fit - 1] == ' ')
        fit--;
    jstr_addn(out, s, fit);
    jstr_add(out, ellipsis);
}

void report_point_comments(const struct merge_ranking *r, size_t e, const size_t *points, size_t n,
                           const char *who, struct jstr *b)
{
    struct jstr t = {0};
    for (size_t j = 0; j < n; j++) {
        const char *c = report_point_comment(r, e, points[j]);
        if (!c)
            continue;
        jstr_addf(&t, "%s%s「", t.len ? "；" : "", r->point_ids[points[j]]);
        report_clip(c, REPORT_COMMENT_COLS, &t);
        jstr_add(&t, "」");
    }
    if (t.len) {
        struct jstr line = {0};
        jstr_addf(&line, "评语 comments — %s：%s", who, jstr_cstr(&t));
        markup_para(b, jstr_cstr(&line));
        jstr_free(&line);
    }
    jstr_free(&t);
}

void report_check_comments(const struct merge_ranking *r, size_t p, struct jstr *b)
{
    report_index(r);
    for (size_t k = r->pack_start[p]; k < r->pack_start[p + 1]; k++) {
        size_t e = r->by_pack[k];
        struct jstr t = {0};
        for (size_t i = 0; i < r->n_check_comments; i++) {
            const struct merge_check_comment *c = &r->check_comments[i];
            if (c->entry != e)
                continue;
            jstr_addf(&t, "%s%s「", t.len ? "；" : "", c->item);
            report_clip(c->text, REPORT_COMMENT_COLS, &t);
            jstr_add(&t, "」");
        }
        if (t.len) {
            char who[300];
            struct jstr line = {0};
            report_reviewer_label(r, r->in.entries[e].reviewer, who, sizeof who);
            jstr_addf(&line, "评语 comments — %s：%s", who, jstr_cstr(&t));
            markup_para(b, jstr_cstr(&line));
            jstr_free(&line);
        }
        jstr_free(&t);
    }
}
