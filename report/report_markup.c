/* report_markup.c - the whole report as one markup document.
 *
 * The report is written once, as the plain markup pdf_report_write lays out
 * (see report/report.h); report.md and report.html are converted from the
 * same text line by line (report_convert.c), so the paper and the files
 * cannot say different things. Untrusted text is escaped here, once, as it
 * enters the markup (markup_cell, markup_para, mk); the converters escape the
 * markup's text again for their medium.
 */
#include "report/report_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ the markup */

/* Markup text of untrusted s for jstr_addf: valid until 8 more calls. */
static const char *mk(const char *s)
{
    static struct jstr ring[8];
    static unsigned next;
    struct jstr *b = &ring[next++ % 8];
    jstr_clear(b);
    esc_markup(b, s);
    return jstr_cstr(b);
}

/* A table cell: the markup's separators and line breaks cannot get in. */
void markup_cell(struct jstr *b, const char *s)
{
    jstr_addc(b, '|');
    esc_markup(b, s);
}

static void cell(struct jstr *b, const char *s)
{
    markup_cell(b, s);
}

static void cellf(struct jstr *b, const char *fmt, double v)
{
    char buf[64] = "";
    if (!isnan(v))
        snprintf(buf, sizeof buf, fmt, v);
    cell(b, buf);
}

static void celli(struct jstr *b, long v)
{
    char buf[32] = "-";
    if (v > 0)
        snprintf(buf, sizeof buf, "%ld", v);
    cell(b, buf);
}

/* A count, 0 included. */
static void cellz(struct jstr *b, size_t v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%zu", v);
    cell(b, buf);
}

void markup_para(struct jstr *b, const char *s)
{
    /* a paragraph must not read as a heading, table row or signature line */
    if (s && (*s == '|' || *s == '#' || *s == '=' || strncmp(s, "---", 3) == 0))
        jstr_addc(b, ' ');
    esc_markup(b, s);
    jstr_addc(b, '\n');
}

static void para(struct jstr *b, const char *s)
{
    markup_para(b, s);
}

static bool in_task(const struct merge_ranking *r, size_t p, const char *task)
{
    return strcmp(report_task(r, p), task) == 0;
}

/* Whether the task [from, to) has a ranked pack (else its tables say none). */
static bool any_ranked(const struct merge_ranking *r, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        if (!r->result->rows[r->result->order[i]].excluded)
            return true;
    return false;
}

static void mk_ranking(struct jstr *b, const struct merge_ranking *r, size_t from, size_t to)
{
    if (!any_ranked(r, from, to)) {
        para(b, "无 none");
        return;
    }
    jstr_add(b, "|名次 rank|申报包 pack|申报单位 applicant|得分 score|评审 n|否决票 veto|"
                "90% 区间|标记 flags|\n");
    for (size_t i = from; i < to; i++) {
        const struct rank_row *row = &r->result->rows[r->result->order[i]];
        if (row->excluded)
            continue;
        char iv[32] = "", flags[160], votes[32];
        if (row->rank_low)
            snprintf(iv, sizeof iv, "%d-%d", row->rank_low, row->rank_high);
        report_flags_text(row->flags, flags, sizeof flags);
        snprintf(votes, sizeof votes, "%zu/%zu", row->veto_votes, row->n_reviewers);
        celli(b, row->rank);
        cell(b, r->in.packs[row->pack].id);
        cell(b, r->in.packs[row->pack].applicant);
        cellf(b, "%.2f", row->score);
        cellz(b, row->n_reviewers);
        cell(b, votes);
        cell(b, iv);
        cell(b, flags);
        jstr_add(b, "|\n");
    }
}

/* Equal scores sharing a rank, and those a named tie-break put apart. */
static void mk_ties(struct jstr *b, const struct merge_ranking *r, size_t from, size_t to)
{
    jstr_add(b, "## 同分 (ties, for the chair)\n");
    size_t mark = b->len;
    for (size_t i = from; i < to; i++) {
        const struct rank_row *row = &r->result->rows[r->result->order[i]];
        const struct rank_row *prev = i > from ? &r->result->rows[r->result->order[i - 1]] : NULL;
        unsigned f = RANK_FLAG_TIE | RANK_FLAG_TIE_BROKEN;
        if (row->excluded || !(row->flags & f) ||
            (prev && !prev->excluded && (prev->flags & f) &&
             round(prev->score * 1e6) == round(row->score * 1e6)))
            continue; /* not a tie, or not the first of its group */
        struct jstr t = {0};
        jstr_addf(&t, "得分 score %.2f：", row->score);
        for (size_t k = i; k < to; k++) {
            const struct rank_row *x = &r->result->rows[r->result->order[k]];
            if (x->excluded || round(x->score * 1e6) != round(row->score * 1e6))
                break;
            jstr_addf(&t, "%s%s 第 %d 名 rank %d", k > i ? "、" : "", mk(r->in.packs[x->pack].id),
                      x->rank, x->rank);
        }
        if (row->flags & RANK_FLAG_TIE)
            jstr_add(&t, "（并列 equal scores share the rank）");
        else
            jstr_add(&t, "（按评审包指定的规则排序 ordered by the kit's tie-break）");
        para(b, jstr_cstr(&t));
        jstr_free(&t);
    }
    if (b->len == mark)
        para(b, "无 none");
}

static void mk_votes(struct jstr *b, const struct merge_ranking *r, const struct decide_report *d,
                     const char *task)
{
    jstr_add(b, "## 否决与资格表决 (veto and eligibility votes)\n");
    size_t mark = b->len;
    for (size_t i = 0; i < d->n_votes; i++) {
        const struct decide_vote *v = &d->votes[i];
        if (!in_task(r, v->pack, task))
            continue;
        if (b->len == mark)
            jstr_add(b,
                     "|申报包 pack|规则 policy|赞成否决 yes|反对 no|回避 abstain|结果 outcome|\n");
        cell(b, r->in.packs[v->pack].id);
        cell(b, decide_policy_name(v->policy));
        cellz(b, v->yes);
        cellz(b, v->no);
        cellz(b, v->abstain);
        cell(b, v->carried ? (v->chair_tie ? "否决（平票，主任委员决定）" : "否决 vetoed")
                : v->chair_tie ? "保留（平票，主任委员决定）"
                : v->split     ? "保留，分歧提交主任委员 split: for the chair"
                               : "保留 kept");
        jstr_add(b, "|\n");
    }
    if (b->len == mark)
        para(b, "无 none");
}

static void mk_excluded(struct jstr *b, const struct merge_ranking *r, size_t from, size_t to)
{
    jstr_add(b, "## 未进入排名 (excluded)\n");
    size_t mark = b->len;
    for (size_t i = from; i < to; i++) {
        const struct rank_row *row = &r->result->rows[r->result->order[i]];
        if (!row->excluded)
            continue;
        if (b->len == mark)
            jstr_add(b, "|申报包 pack|申报单位 applicant|原因 reason|\n");
        cell(b, r->in.packs[row->pack].id);
        cell(b, r->in.packs[row->pack].applicant);
        cell(b, row->reason);
        jstr_add(b, "|\n");
    }
    if (b->len == mark)
        para(b, "无 none");
}

static bool queued(const struct decide_report *d, const char *pack)
{
    for (size_t q = 0; d && q < d->n_queue; q++)
        if (strcmp(d->queue[q].pack, pack) == 0)
            return true;
    return false;
}

/* The outcome of a queued pack: its revisions, before -> after. */
static void outcome(struct jstr *t, const struct decide_report *d, const char *pack)
{
    bool any = false;
    for (size_t i = 0; i < d->n_revisions; i++) {
        const struct requeue_revision *v = &d->revisions[i];
        if (strcmp(v->pack, pack) != 0)
            continue;
        jstr_addf(t, "%s%s %.2f → %.2f（%s）", any ? "; " : "复议 revised: ", v->reviewer,
                  v->old_total, v->new_total, v->reason ? v->reason : "");
        any = true;
    }
    if (!any)
        jstr_add(t, queued(d, pack) ? "待复议 queued" : "-");
}

/* Observation points of the task whose scores spread by more than half
 * the point's maximum. */
static void mk_point_spreads(struct jstr *b, const struct merge_ranking *r, const char *task)
{
    for (size_t i = 0; i < r->n_points; i++) {
        const struct merge_point *x = &r->points[i];
        if (!in_task(r, x->pack, task))
            continue;
        struct jstr t = {0};
        jstr_addf(&t, "%s / %s: spread %.2f > %.2f/2 — %s", mk(r->in.packs[x->pack].id),
                  mk(x->indicator), x->spread, x->max, mk(x->values));
        para(b, jstr_cstr(&t));
        jstr_free(&t);
    }
}

/* Packs whose net totals spread beyond the threshold, or queued for 复议,
 * with the outcome of the re-review when the panel has decided (d). */
static void mk_disagreements(struct jstr *b, const struct merge_ranking *r,
                             const struct decide_report *d, size_t from, size_t to)
{
    jstr_addf(b, "## 分歧与复议 (disagreements: spread > %.2f, 复议)\n",
              r->settings.disagreement_total);
    size_t mark = b->len;
    for (size_t i = from; i < to; i++) {
        size_t p = r->result->order[i];
        if (!queued(d, r->in.packs[p].id) && !(r->result->rows[p].flags & RANK_FLAG_DISAGREE))
            continue;
        if (b->len == mark)
            jstr_add(b, d ? "|申报包 pack|分差 spread|各评审总分 totals|结果 outcome|\n"
                          : "|申报包 pack|分差 spread|各评审总分 totals|\n");
        struct jstr t = {0};
        cell(b, r->in.packs[p].id);
        cellf(b, "%.2f", r->result->rows[p].spread);
        report_pack_values(r, p, &t);
        cell(b, jstr_cstr(&t));
        jstr_clear(&t);
        if (d)
            outcome(&t, d, r->in.packs[p].id), cell(b, jstr_cstr(&t));
        jstr_free(&t);
        jstr_add(b, "|\n");
    }
    mk_point_spreads(b, r, report_task(r, r->result->order[from]));
    if (b->len == mark)
        para(b, "无 none");
}

static void mk_methods(struct jstr *b, const struct merge_ranking *r, const struct decide_report *d,
                       size_t from, size_t to)
{
    const struct decide_methods *dm = d->methods;
    if (!any_ranked(r, from, to))
        return;
    jstr_add(b, "## 各方法名次对照 (ranks under every method; * official)\n|申报包 pack");
    for (int m = 0; m < DECIDE_N_METHODS; m++)
        jstr_addf(b, "|%s%s", decide_method_name((enum decide_method)m),
                  m == (int)dm->official ? "*" : "");
    jstr_add(b, "|\n");
    for (size_t i = from; i < to; i++) {
        size_t p = r->result->order[i];
        if (r->result->rows[p].excluded)
            continue;
        cell(b, r->in.packs[p].id);
        for (int m = 0; m < DECIDE_N_METHODS; m++)
            celli(b, dm->rank[(size_t)m * dm->n_packs + p]);
        jstr_add(b, "|\n");
    }
    jstr_addf(b, "## 敏感性 (sensitivity: moves of more than %u places)\n", dm->threshold);
    size_t mark = b->len;
    for (size_t i = 0; i < dm->n_shifts; i++) {
        const struct decide_shift *s = &dm->shifts[i];
        if (!in_task(r, s->pack, report_task(r, r->result->order[from])))
            continue;
        if (b->len == mark)
            jstr_add(b, "|申报包 pack|正式名次 official|方法 method|该方法名次 rank|\n");
        cell(b, r->in.packs[s->pack].id);
        celli(b, s->official_rank);
        cell(b, decide_method_name(s->method));
        celli(b, s->other_rank);
        jstr_add(b, "|\n");
    }
    if (b->len == mark)
        para(b, "无 none");
    if (dm->schulze_skipped)
        jstr_addf(b, "Schulze 未计算：任务超过 %d 个排名申报包 (not run above %d packs).\n",
                  DECIDE_SCHULZE_MAX, DECIDE_SCHULZE_MAX);
}

/* A statistic, "n/a" when it could not be computed (too few scores). */
static void cell_stat(struct jstr *b, const char *fmt, double v)
{
    if (isnan(v))
        cell(b, "n/a");
    else
        cellf(b, fmt, v);
}

static void mk_agreement(struct jstr *b, const struct merge_ranking *r)
{
    jstr_add(b, "# 一致性统计 (agreement per panel)\n");
    if (r->n_panels == 0) {
        para(b, "无 none");
        return;
    }
    jstr_add(b, "## 评审组 (panels)\n|评审组 panel|评审 reviewers|申报包 packs|全员评分 scored by "
                "all|Kendall's "
                "W|ICC(2,k)|\n");
    for (size_t i = 0; i < r->n_panels; i++) {
        const struct rank_panel_stats *p = &r->panels[i];
        cell(b, p->panel);
        cellz(b, p->n_reviewers);
        cellz(b, p->n_packs);
        cellz(b, p->n_complete);
        cell_stat(b, "%.3f", p->kendall_w);
        cell_stat(b, "%.3f", p->icc2k);
        jstr_add(b, "|\n");
    }
    jstr_add(b, "## 评审专家 (reviewers)\n|评审 reviewer|评审组 panel|申报包 packs|宽严 "
                "leniency|与组均值相关 r with "
                "panel|\n");
    for (size_t i = 0; i < r->n_panels; i++)
        for (size_t k = 0; k < r->panels[i].n_reviewers; k++) {
            const struct rank_reviewer_stats *s = &r->panels[i].reviewers[k];
            char who[160];
            cell(b, report_reviewer_label(r, s->reviewer, who, sizeof who));
            cell(b, r->panels[i].panel);
            cellz(b, s->n_packs);
            cell_stat(b, "%+.2f", s->leniency);
            cell_stat(b, "%.3f", s->correlation);
            jstr_add(b, "|\n");
        }
}

/* Sheet conflicts, declared conflicts of interest, and evidence shared
 * between packs (the same file, or near-identical text). */
static void mk_issues(struct jstr *b, const struct merge_ranking *r)
{
    jstr_add(b, "# 可能的问题 (possible issues)\n");
    if (r->n_conflicts + r->n_cois + r->n_collisions == 0)
        para(b, "无 none: no sheet conflicts, no conflicts of interest, no shared evidence or "
                "cross-pack matches");
    struct jstr t = {0};
    for (size_t i = 0; i < r->n_conflicts; i++) {
        const struct merge_note *c = &r->conflicts[i];
        jstr_clear(&t);
        jstr_addf(&t, "评分表冲突 sheet conflict%s: %s on %s (%s)",
                  c->resolved ? " (resolved, newest kept)" : " (UNRESOLVED)", mk(c->reviewer),
                  mk(c->pack), mk(c->text));
        para(b, jstr_cstr(&t));
    }
    for (size_t i = 0; i < r->n_cois; i++) {
        jstr_clear(&t);
        jstr_addf(&t, "回避 conflict of interest, scores excluded: %s on %s: %s",
                  mk(r->cois[i].reviewer), mk(r->cois[i].pack), mk(r->cois[i].text));
        para(b, jstr_cstr(&t));
    }
    for (size_t i = 0; i < r->n_collisions; i++) {
        const struct rank_collision *c = &r->collisions[i];
        jstr_clear(&t);
        jstr_addf(&t, "%s %s in:", i < r->n_evidence_collisions ? "same evidence file" : "same",
                  mk(c->keys[0]->key));
        for (size_t k = 0; k < c->n_keys; k++)
            jstr_addf(&t, " %s (%s%s%s)", mk(r->in.packs[c->keys[k]->pack].id),
                      mk(r->in.packs[c->keys[k]->pack].applicant), c->keys[k]->label ? ", " : "",
                      mk(c->keys[k]->label));
        jstr_addf(&t, " — %s", mk(c->keys[0]->value));
        para(b, jstr_cstr(&t));
    }
    jstr_free(&t);
}

/* "name (id)" of a reviewer id, or the id when the roster has no such reviewer. */
static const char *label_of(const struct merge_ranking *r, const char *id, char *buf, size_t size)
{
    for (size_t i = 0; id && i < r->in.n_reviewers; i++)
        if (strcmp(r->in.reviewers[i].id, id) == 0)
            return report_reviewer_label(r, i, buf, size);
    snprintf(buf, size, "%s", id ? id : "");
    return buf;
}

static void mk_hashes(struct jstr *b, const struct merge_ranking *r, const struct decide_report *d)
{
    jstr_add(b, "## 文件校验 (SHA-256)\n");
    struct jstr t = {0};
    jstr_addf(&t, "评审包 kit: %s",
              d->kit_hash ? d->kit_hash
                          : "无 — 非正式预览 UNOFFICIAL PREVIEW: merged without --kit, the points "
                            "are what the sheets claim, not re-derived from the kit's rules");
    para(b, jstr_cstr(&t));
    jstr_free(&t);
    jstr_addf(&t, "运行 run: %s", mk(d->run_id ? d->run_id : "-"));
    para(b, jstr_cstr(&t));
    jstr_clear(&t);
    jstr_addf(&t, "封存状态 seal: %s", mk(d->kit_seal ? d->kit_seal : "未记录 unknown"));
    para(b, jstr_cstr(&t));
    jstr_free(&t);
    jstr_add(b, "|评审专家 reviewer|评分表 SHA-256|文件 file|\n");
    for (size_t i = 0; i < d->n_sheet_hashes; i++) {
        char *s = jury_xstrdup(d->sheet_hashes[i]);
        char *save = NULL, *a = strtok_r(s, "\t", &save), *h = strtok_r(NULL, "\t", &save);
        char *f = strtok_r(NULL, "\t", &save);
        char who[160];
        cell(b, label_of(r, a, who, sizeof who));
        cell(b, h);
        cell(b, f);
        jstr_add(b, "|\n");
        free(s);
    }
}

static void mk_signatures(struct jstr *b, const struct decide_report *d)
{
    jstr_add(b, "## 签字 (signatures)\n");
    para(b, "评审组成员确认：本报告所列排名、表决与复议结果与电子文件一致（文件校验值见上）。");
    for (size_t i = 0; i < d->n_members; i++)
        jstr_addf(b, "=sig 评审专家 %s\n", mk(d->members[i]));
    jstr_addf(b, "=sig 主任委员 chair %s\n", mk(d->chair));
}

static void mk_header(struct jstr *b, const struct merge_ranking *r, const struct decide_report *d)
{
    struct jstr t = {0};
    jstr_addf(
        &t, "正式方法 official method: %s；否决规则 veto policy: %s；复议阈值 disagreement: %.2f；",
        r->method, decide_policy_name(r->settings.veto_policy), r->settings.disagreement_total);
    if (d)
        jstr_addf(&t, "敏感性阈值 sensitivity: %u 位；", d->methods->threshold);
    jstr_addf(&t, "评分表 sheets: %zu。", r->n_sheets);
    para(b, jstr_cstr(&t));
    if (d && d->previous_method) {
        jstr_clear(&t);
        jstr_addf(&t,
                  "注意 NOTE: 本次排名方法由 %s 改为 %s（已记录于 merged.sqlite 的 method_log）。",
                  d->previous_method, r->method);
        para(b, jstr_cstr(&t));
    }
    jstr_free(&t);
}

/* One task: its ranking (and where a medium may add a chart of it), ties,
 * every reviewer's scores, votes, excluded packs, disagreements and the
 * ranks under every method. */
static void mk_task(struct jstr *b, const struct merge_ranking *r, const struct decide_report *d,
                    size_t from, size_t to)
{
    const char *task = report_task(r, r->result->order[from]);
    const char *name = r->in.packs[r->result->order[from]].task_name;
    jstr_addf(b, "# 任务 task %s%s%s\n", mk(task), name && *name ? " " : "", mk(name ? name : ""));
    jstr_add(b, "## 正式排名 (official ranking)\n");
    mk_ranking(b, r, from, to);
    jstr_addf(b, "=chart %zu %zu\n", from, to);
    mk_ties(b, r, from, to);
    report_panel_markup(r, from, to, b);
    if (d)
        mk_votes(b, r, d, task);
    mk_excluded(b, r, from, to);
    mk_disagreements(b, r, d, from, to);
    if (d)
        mk_methods(b, r, d, from, to);
}

char *decide_report_text(const struct merge_ranking *r, const struct decide_report *d)
{
    struct jstr b = {0};
    jstr_add(&b, "# 评审报告 (panel report)\n");
    mk_header(&b, r, d);
    report_methods_markup(r, d, &b);
    for (size_t from = 0; from < r->result->n_rows;) {
        size_t to = report_task_end(r, from);
        mk_task(&b, r, d, from, to);
        from = to;
    }
    mk_agreement(&b, r);
    mk_issues(&b, r);
    if (d) {
        jstr_add(&b, "---\n"); /* the hashes and the seal on the page that is signed */
        mk_hashes(&b, r, d);
        mk_signatures(&b, d);
    }
    return jstr_take(&b);
}
