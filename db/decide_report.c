/* decide_report.c - the chair's ranking with the panel decisions, and the
 * report to sign.
 *
 * merge_rank builds the decisions (vote tables, every method side by side,
 * the queue and the method log as stored); merge_rank_adopt makes a ranking
 * the official one: the method kept in merged.sqlite so that it cannot change
 * silently, the change logged, the re-review queue updated. The report is first written as the
 * plain markup pdf_report_write lays out (see packs/pack.h); report.md and report.html get the
 * decision sections converted from the same markup, so the paper and the files say the same thing.
 */
#include "db/decide_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ the method */

static const char sql_method_put[] =
    "INSERT INTO method_log(at, previous, method) "
    "VALUES(strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), :previous, :method)";

/* Record the method of this run; *previous gets the one it replaces (NULL
 * when the same or the first). */
static int record_method(struct merge *m, const char *method, char **previous,
                         struct jury_error *err)
{
    char *old = NULL;
    *previous = NULL;
    int rc = merge_meta_get(m, "official_method", &old, err);
    if (rc == 0 && old && strcmp(old, method) == 0) {
        free(old);
        return 0;
    }
    sqlite3_stmt *st = rc == 0 ? sqlq_get(&m->q, sql_method_put, err) : NULL;
    if (rc == 0 && !st)
        rc = err->status;
    if (rc == 0) {
        sqlq_text(st, ":previous", old);
        sqlq_text(st, ":method", method);
        rc = sqlq_done(&m->q, st, err);
    }
    if (rc == 0)
        rc = merge_meta_set(m, "official_method", method, err);
    if (rc == 0)
        *previous = old;
    else
        free(old);
    return rc;
}

static int load_method_log(struct merge *m, struct decide_report *d, struct jury_error *err);

int merge_rank_adopt(struct merge *m, struct merge_ranking *r, struct jury_error *err)
{
    struct decide_report *d = r->decide;
    struct rank_settings kept = r->settings;
    kept.intervals = false;
    char *json = rank_settings_to_json(&kept), *previous = NULL;
    /* one transaction: the settings, the log and the queue change together */
    int rc = sqlq_exec(&m->q, "BEGIN IMMEDIATE", err);
    if (rc == 0)
        rc = merge_meta_set(m, "settings", json, err);
    if (rc == 0)
        rc = record_method(m, r->method, &previous, err);
    if (rc == 0)
        rc = requeue_build(m, r, err);
    if (rc == 0)
        rc = sqlq_exec(&m->q, "COMMIT", err);
    if (rc < 0 && !sqlite3_get_autocommit(m->q.db))
        sqlite3_exec(m->q.db, "ROLLBACK", NULL, NULL, NULL);
    free(json);
    free(d->sections); /* made again from what follows */
    d->sections = NULL;
    if (rc == 0) { /* the report lists the queue and the log as they now are */
        requeue_free(&d->queue, d->n_queue, &d->revisions, d->n_revisions);
        d->n_queue = d->n_revisions = 0;
        rc = requeue_list(m, &d->queue, &d->n_queue, &d->revisions, &d->n_revisions, err);
    }
    if (rc == 0)
        rc = load_method_log(m, d, err);
    free(d->previous_method);
    d->previous_method = rc == 0 ? previous : NULL;
    if (rc < 0)
        free(previous);
    return rc;
}

/* ------------------------------------------------------------ building */

static const char sql_sheets[] =
    "SELECT s.reviewer, s.sha256, s.path FROM sheet s ORDER BY s.reviewer, s.created, s.sha256";
static const char sql_members[] =
    "SELECT id, coalesce(name, ''), coalesce(panel, ''), chair FROM reviewer ORDER BY panel, id";

static const char *base_name(const char *p)
{
    const char *s = p ? strrchr(p, '/') : NULL;
    return s ? s + 1 : p ? p : "";
}

static void add_str(char ***v, size_t *n, char *s)
{
    *v = jury_xrealloc(*v, (*n + 1) * sizeof **v);
    (*v)[(*n)++] = s;
}

static int load_sheets(struct merge *m, struct decide_report *d, struct jury_error *err)
{
    sqlite3_stmt *st = sqlq_get(&m->q, sql_sheets, err);
    if (!st)
        return err->status;
    int rc;
    while ((rc = sqlq_step(&m->q, st, err)) == SQLITE_ROW) {
        struct jstr t = {0};
        jstr_addf(&t, "%s\t%s\t%s", sqlite3_column_text(st, 0), sqlite3_column_text(st, 1),
                  base_name((const char *)sqlite3_column_text(st, 2)));
        add_str(&d->sheet_hashes, &d->n_sheet_hashes, jstr_take(&t));
    }
    sqlite3_reset(st);
    return rc < 0 ? rc : 0;
}

static int load_members(struct merge *m, struct decide_report *d, struct jury_error *err)
{
    sqlite3_stmt *st = sqlq_get(&m->q, sql_members, err);
    if (!st)
        return err->status;
    int rc;
    while ((rc = sqlq_step(&m->q, st, err)) == SQLITE_ROW) {
        struct jstr t = {0};
        jstr_addf(&t, "%s %s (%s)", sqlite3_column_text(st, 1), sqlite3_column_text(st, 0),
                  sqlite3_column_text(st, 2));
        if (sqlite3_column_int(st, 3)) {
            free(d->chair);
            d->chair = jstr_take(&t);
        } else {
            add_str(&d->members, &d->n_members, jstr_take(&t));
        }
    }
    sqlite3_reset(st);
    return rc < 0 ? rc : 0;
}

static const char sql_method_log[] =
    "SELECT at, coalesce(previous, '-'), method FROM method_log ORDER BY rowid";

static int load_method_log(struct merge *m, struct decide_report *d, struct jury_error *err)
{
    for (size_t i = 0; i < d->n_method_log; i++)
        free(d->method_log[i]);
    free(d->method_log);
    d->method_log = NULL;
    d->n_method_log = 0;
    sqlite3_stmt *st = sqlq_get(&m->q, sql_method_log, err);
    if (!st)
        return err->status;
    int rc;
    while ((rc = sqlq_step(&m->q, st, err)) == SQLITE_ROW) {
        struct jstr t = {0};
        jstr_addf(&t, "%s: %s -> %s", sqlite3_column_text(st, 0), sqlite3_column_text(st, 1),
                  sqlite3_column_text(st, 2));
        add_str(&d->method_log, &d->n_method_log, jstr_take(&t));
    }
    sqlite3_reset(st);
    return rc < 0 ? rc : 0;
}

/* The kit's seal as the merge recorded it: "kit_seal" when the merge checked
 * it, else what the kit's recorded hash was taken from. */
static int load_seal(struct merge *m, struct decide_report *d, struct jury_error *err)
{
    int rc = merge_meta_get(m, "kit_seal", &d->kit_seal, err);
    if (rc == 0 && !d->kit_seal && d->kit_hash)
        d->kit_seal = jury_xstrdup(strstr(d->kit_hash, "(seal.json)")
                                       ? "已封存 sealed (the hash is seal.json's)"
                                       : "未封存 not sealed (the hash is kit.json's)");
    return rc;
}

int decide_report_build(struct merge *m, const struct merge_ranking *r, unsigned threshold,
                        struct decide_report **out, struct jury_error *err)
{
    *out = NULL;
    struct decide_report *d = jury_xcalloc(1, sizeof *d);
    enum decide_method dm;
    if (decide_method_parse(r->method, &dm, NULL) < 0)
        dm = decide_method_of_settings(&r->settings);
    int rc = decide_methods_compute(&r->in, r->result, dm, threshold, &d->methods, err);
    if (rc == 0)
        rc = decide_votes(r, &d->votes, &d->n_votes, err);
    if (rc == 0)
        rc = requeue_list(m, &d->queue, &d->n_queue, &d->revisions, &d->n_revisions, err);
    if (rc == 0)
        rc = load_sheets(m, d, err);
    if (rc == 0)
        rc = load_members(m, d, err);
    if (rc == 0)
        rc = merge_meta_get(m, "kit_sha256", &d->kit_hash, err);
    if (rc == 0)
        rc = merge_meta_get(m, "run_id", &d->run_id, err);
    if (rc == 0)
        rc = load_seal(m, d, err);
    if (rc == 0)
        rc = merge_meta_get(m, "kit_settings", &d->kit_settings, err);
    if (rc == 0)
        rc = load_method_log(m, d, err);
    if (rc < 0)
        decide_report_free(&d);
    *out = d;
    return rc;
}

static void free_strv(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void decide_report_free(struct decide_report **p)
{
    struct decide_report *d = p ? *p : NULL;
    if (!d)
        return;
    decide_methods_free(&d->methods);
    free(d->votes);
    requeue_free(&d->queue, d->n_queue, &d->revisions, d->n_revisions);
    free_strv(d->sheet_hashes, d->n_sheet_hashes);
    free_strv(d->members, d->n_members);
    free(d->kit_hash);
    free(d->run_id);
    free(d->kit_seal);
    free(d->kit_settings);
    free(d->sections);
    free_strv(d->method_log, d->n_method_log);
    free(d->previous_method);
    free(d->chair);
    free(d);
    *p = NULL;
}

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

static const char *task_of(const struct merge_ranking *r, size_t p)
{
    return r->in.packs[p].task && *r->in.packs[p].task ? r->in.packs[p].task : "-";
}

static bool in_task(const struct merge_ranking *r, size_t p, const char *task)
{
    return strcmp(task_of(r, p), task) == 0;
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

/* The outcome of a queued pack: its revisions, before -> after. */
static void outcome(struct jstr *t, const struct decide_report *d, const char *pack)
{
    bool queued = false, any = false;
    for (size_t i = 0; i < d->n_queue; i++)
        queued |= strcmp(d->queue[i].pack, pack) == 0;
    for (size_t i = 0; i < d->n_revisions; i++) {
        const struct requeue_revision *v = &d->revisions[i];
        if (strcmp(v->pack, pack) != 0)
            continue;
        jstr_addf(t, "%s%s %.2f → %.2f（%s）", any ? "; " : "复议 revised: ", v->reviewer,
                  v->old_total, v->new_total, v->reason ? v->reason : "");
        any = true;
    }
    if (!any)
        jstr_add(t, queued ? "待复议 queued" : "-");
}

static void mk_disagreements(struct jstr *b, const struct merge_ranking *r,
                             const struct decide_report *d, size_t from, size_t to)
{
    jstr_add(b, "## 分歧与复议 (disagreements, 复议)\n");
    size_t mark = b->len;
    for (size_t i = from; i < to; i++) {
        size_t p = r->result->order[i];
        bool queued = false;
        for (size_t q = 0; q < d->n_queue; q++)
            queued |= strcmp(d->queue[q].pack, r->in.packs[p].id) == 0;
        if (!queued && !(r->result->rows[p].flags & RANK_FLAG_DISAGREE))
            continue;
        if (b->len == mark)
            jstr_add(b, "|申报包 pack|分差 spread|各评审总分 totals|结果 outcome|\n");
        struct jstr t = {0};
        cell(b, r->in.packs[p].id);
        cellf(b, "%.2f", r->result->rows[p].spread);
        report_pack_values(r, p, &t);
        cell(b, jstr_cstr(&t));
        jstr_clear(&t);
        outcome(&t, d, r->in.packs[p].id);
        cell(b, jstr_cstr(&t));
        jstr_free(&t);
        jstr_add(b, "|\n");
    }
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
        if (!in_task(r, s->pack, task_of(r, r->result->order[from])))
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

static void mk_agreement(struct jstr *b, const struct merge_ranking *r)
{
    jstr_add(b, "## 一致性统计 (agreement per panel)\n"
                "|评审组 panel|评审 reviewers|申报包 packs|Kendall W|ICC(2,k)|\n");
    for (size_t i = 0; i < r->n_panels; i++) {
        const struct rank_panel_stats *p = &r->panels[i];
        cell(b, p->panel);
        cellz(b, p->n_reviewers);
        cellz(b, p->n_packs);
        cellf(b, "%.3f", p->kendall_w);
        cellf(b, "%.3f", p->icc2k);
        jstr_add(b, "|\n");
    }
    jstr_add(b, "|评审 reviewer|评审组 panel|申报包 packs|宽严 leniency|与组均值相关 r|\n");
    for (size_t i = 0; i < r->n_panels; i++)
        for (size_t k = 0; k < r->panels[i].n_reviewers; k++) {
            const struct rank_reviewer_stats *s = &r->panels[i].reviewers[k];
            char who[160];
            cell(b, report_reviewer_label(r, s->reviewer, who, sizeof who));
            cell(b, r->panels[i].panel);
            cellz(b, s->n_packs);
            cellf(b, "%+.2f", s->leniency);
            cellf(b, "%.3f", s->correlation);
            jstr_add(b, "|\n");
        }
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
    jstr_addf(&t,
              "正式方法 official method: %s；否决规则 veto policy: %s；复议阈值 disagreement: "
              "%.2f；敏感性阈值 sensitivity: %u 位；评分表 sheets: %zu。",
              r->method, decide_policy_name(r->settings.veto_policy),
              r->settings.disagreement_total, d->methods->threshold, r->n_sheets);
    para(b, jstr_cstr(&t));
    if (d->previous_method) {
        jstr_clear(&t);
        jstr_addf(&t,
                  "注意 NOTE: 本次排名方法由 %s 改为 %s（已记录于 merged.sqlite 的 method_log）。",
                  d->previous_method, r->method);
        para(b, jstr_cstr(&t));
    }
    jstr_free(&t);
}

/* The decision sections; full adds what report.md/html already have
 * (ranking, excluded packs, agreement) for the self-contained PDF. */
static char *markup(const struct merge_ranking *r, const struct decide_report *d, bool full)
{
    struct jstr b = {0};
    if (full)
        jstr_add(&b, "# 评审报告 (panel report)\n");
    mk_header(&b, r, d);
    if (full) /* report.md and report.html open with it themselves */
        report_methods_markup(r, d, &b);
    for (size_t from = 0; from < r->result->n_rows;) {
        size_t to = report_task_end(r, from);
        const char *task = task_of(r, r->result->order[from]);
        const char *name = r->in.packs[r->result->order[from]].task_name;
        jstr_addf(&b, "# 任务 task %s%s%s\n", mk(task), name && *name ? " " : "",
                  mk(name ? name : ""));
        if (full) {
            jstr_add(&b, "## 正式排名 (official ranking)\n");
            mk_ranking(&b, r, from, to);
        }
        mk_ties(&b, r, from, to);
        report_panel_markup(r, from, to, &b);
        mk_votes(&b, r, d, task);
        if (full)
            mk_excluded(&b, r, from, to);
        mk_disagreements(&b, r, d, from, to);
        mk_methods(&b, r, d, from, to);
        from = to;
    }
    if (full)
        mk_agreement(&b, r);
    jstr_add(&b, "---\n"); /* the hashes and the seal on the page that is signed */
    mk_hashes(&b, r, d);
    mk_signatures(&b, d);
    return jstr_take(&b);
}

char *decide_report_text(const struct merge_ranking *r, const struct decide_report *d)
{
    return markup(r, d, true);
}

/* ------------------------------------------------ markup to Markdown, HTML */

/* Markdown text of a markup fragment (core's one Markdown escaper). */
static void md_esc(struct jstr *b, const char *s, size_t n)
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
        md_esc(b, c + 1, n);
        c += 1 + n;
    }
    jstr_addc(b, '\n');
}

static void md_line(struct jstr *b, const char *line, bool *in_table)
{
    bool row = line[0] == '|';
    if (!row && *in_table)
        jstr_addc(b, '\n');
    if (row) {
        md_row(b, line);
        if (!*in_table) { /* the header's rule */
            for (const char *c = line + 1; *c; c++)
                if (*c == '|')
                    jstr_add(b, "| --- ");
            jstr_add(b, "|\n");
        }
    } else if (strncmp(line, "# ", 2) == 0 || strncmp(line, "## ", 3) == 0) {
        bool h2 = line[1] == ' ';
        jstr_add(b, h2 ? "\n## " : "\n### ");
        md_esc(b, line + (h2 ? 2 : 3), strlen(line + (h2 ? 2 : 3)));
        jstr_add(b, "\n\n");
    } else if (strncmp(line, "=sig ", 5) == 0) {
        jstr_add(b, "- ");
        md_esc(b, line + 5, strlen(line + 5));
        jstr_add(b, "　签字：＿＿＿＿＿＿　日期：＿＿＿＿\n");
    } else {
        md_esc(b, line, strlen(line));
        jstr_add(b, "\n\n");
    }
    *in_table = row;
}

static void for_lines(const char *text, void (*fn)(struct jstr *, const char *, bool *),
                      struct jstr *b)
{
    bool state = false;
    char *copy = jury_xstrdup(text), *save = NULL;
    for (char *t = strtok_r(copy, "\n", &save); t; t = strtok_r(NULL, "\n", &save))
        fn(b, t, &state);
    fn(b, "", &state);
    free(copy);
}

void decide_md_methods(struct jstr *b, const struct merge_ranking *r)
{
    if (!r->decide)
        return;
    struct jstr m = {0};
    report_methods_markup(r, r->decide, &m);
    for_lines(m.s, md_line, b);
    jstr_free(&m);
}

void decide_md_sections(struct jstr *b, const struct merge_ranking *r)
{
    if (!r->decide)
        return;
    if (!r->decide->sections)
        r->decide->sections = markup(r, r->decide, false);
    jstr_add(b, "\n## Panel decisions (评审决定)\n\n");
    for_lines(r->decide->sections, md_line, b);
}

static void html_row(struct jstr *b, const char *line, bool head)
{
    jstr_add(b, "<tr>");
    for (const char *c = line + 1; *c;) {
        const char *bar = strchr(c, '|');
        if (!bar)
            break;
        jstr_add(b, head ? "<th>" : "<td>");
        esc_html(b, c, (size_t)(bar - c));
        jstr_add(b, head ? "</th>" : "</td>");
        c = bar + 1;
    }
    jstr_add(b, "</tr>\n");
}

static void html_line(struct jstr *b, const char *line, bool *in_table)
{
    bool row = line[0] == '|';
    if (!row && *in_table)
        jstr_add(b, "</table>\n");
    if (row) {
        if (!*in_table)
            jstr_add(b, "<table>\n");
        html_row(b, line, !*in_table);
    } else if (strncmp(line, "# ", 2) == 0 || strncmp(line, "## ", 3) == 0) {
        bool h2 = line[1] == ' ';
        jstr_add(b, h2 ? "<h2>" : "<h3>");
        esc_html(b, line + (h2 ? 2 : 3), strlen(line + (h2 ? 2 : 3)));
        jstr_add(b, h2 ? "</h2>\n" : "</h3>\n");
    } else if (strncmp(line, "=sig ", 5) == 0) {
        jstr_add(b, "<p class=sig>");
        esc_html(b, line + 5, strlen(line + 5));
        jstr_add(b, "　签字：＿＿＿＿＿＿＿＿　日期：＿＿＿＿＿</p>\n");
    } else if (*line) {
        jstr_add(b, "<p>");
        esc_html(b, line, strlen(line));
        jstr_add(b, "</p>\n");
    }
    *in_table = row;
}

void decide_html_methods(struct jstr *b, const struct merge_ranking *r)
{
    if (!r->decide)
        return;
    struct jstr m = {0};
    report_methods_markup(r, r->decide, &m);
    for_lines(m.s, html_line, b);
    jstr_free(&m);
}

void decide_html_sections(struct jstr *b, const struct merge_ranking *r)
{
    if (!r->decide)
        return;
    if (!r->decide->sections)
        r->decide->sections = markup(r, r->decide, false);
    jstr_add(b, "<section class=decide><h2>Panel decisions (评审决定)</h2>\n");
    for_lines(r->decide->sections, html_line, b);
    jstr_add(b, "</section>\n");
}
