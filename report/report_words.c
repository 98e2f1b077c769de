/* report_words.c - the report shows its work: the methods stated in
 * sentences, and per pack every reviewer's total, deductions and net total,
 * whether it counted, and how the official figure was computed, in words.
 *
 * Everything is written as the plain markup the PDF writer lays out (see
 * report/report.h), which report.md and report.html convert, so every output
 * says the same thing; the chair's view calls report_figure_text and
 * report_entry_status for the same words. Chinese first, English after, as
 * in the rest of the report. */
#include "report/report_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double net_of(const struct rank_entry *e)
{
    return e->total - e->deduction;
}

const char *report_reviewer_label(const struct merge_ranking *r, size_t reviewer, char *buf,
                                  size_t size)
{
    const struct rank_reviewer *v = &r->in.reviewers[reviewer];
    if (v->name && *v->name)
        snprintf(buf, size, "%s (%s)", v->name, v->id);
    else
        snprintf(buf, size, "%s", v->id);
    return buf;
}

/* Entries of pack p in reviewer order (the entries are sorted by reviewer). */
static size_t pack_entries(const struct merge_ranking *r, size_t p, const size_t **out)
{
    report_index(r);
    *out = r->by_pack + r->pack_start[p];
    return r->pack_start[p + 1] - r->pack_start[p];
}

void report_entry_status(const struct merge_ranking *r, size_t e, char *buf, size_t size)
{
    const struct rank_result *res = r->result;
    const struct rank_row *row = &res->rows[r->in.entries[e].pack];
    if (row->excluded)
        snprintf(buf, size, "%s", "不计 not ranked");
    else if (res->dropped[e] && res->settings.agg == RANK_AGG_MEDIAN)
        snprintf(buf, size, "%s", "去掉 dropped（非中位 not a middle value）");
    else if (res->dropped[e])
        snprintf(buf, size, "%s",
                 res->dropped[e] > 0 ? "去掉 dropped（最高分 highest）"
                                     : "去掉 dropped（最低分 lowest）");
    else if (res->points_dropped[e])
        snprintf(buf, size, "计入；去掉 %zu 个观测点分 counted; %zu point scores dropped",
                 res->points_dropped[e], res->points_dropped[e]);
    else
        snprintf(buf, size, "%s", "计入 counted");
}

/* "(a + b + c) / 3" of the values that counted, in reviewer order. */
static void counted_sum(const struct merge_ranking *r, const size_t *ent, size_t n, bool norm,
                        struct jstr *t, size_t *kept)
{
    *kept = 0;
    jstr_addc(t, '(');
    for (size_t i = 0; i < n; i++) {
        if (r->result->dropped[ent[i]])
            continue;
        double v = norm ? r->result->norm[ent[i]] : net_of(&r->in.entries[ent[i]]);
        jstr_addf(t, "%s%.2f", (*kept)++ ? " + " : "", v);
    }
    jstr_addf(t, ") / %zu", *kept);
}

static void words_trimmed(const struct merge_ranking *r, const size_t *ent, size_t n,
                          struct jstr *t)
{
    const struct rank_settings *s = &r->result->settings;
    bool norm = s->norm != RANK_NORM_NONE;
    size_t kept, cut = 0;
    for (size_t i = 0; i < n; i++)
        cut += r->result->dropped[ent[i]] != 0;
    cut /= 2;
    if (cut == 1)
        jstr_add(t, "去掉一个最高分和一个最低分后取平均：");
    else if (cut > 1)
        jstr_addf(t, "去掉 %zu 个最高分和 %zu 个最低分后取平均：", cut, cut);
    else if (n < s->min_reviewers_for_trim)
        jstr_addf(t, "评审不足 %zu 人，不去分，取全部平均：", s->min_reviewers_for_trim);
    else
        jstr_add(t, "取全部平均：");
    counted_sum(r, ent, n, norm, t, &kept);
    jstr_addf(t, " = %.2f", r->result->rows[r->in.entries[ent[0]].pack].score);
    if (cut)
        jstr_addf(t, " (the %zu highest and %zu lowest dropped, the mean of the other %zu)", cut,
                  cut, kept);
    else
        jstr_addf(t, " (the mean of all %zu)", kept);
}

static void words_median(const struct merge_ranking *r, const size_t *ent, size_t n, struct jstr *t)
{
    size_t kept;
    jstr_addf(t, "取 %zu 个分数的中位数：", n);
    counted_sum(r, ent, n, r->result->settings.norm != RANK_NORM_NONE, t, &kept);
    jstr_addf(t, " = %.2f (the median of %zu)", r->result->rows[r->in.entries[ent[0]].pack].score,
              n);
}

static void words_other(const struct merge_ranking *r, size_t p, struct jstr *t)
{
    double v = r->result->rows[p].score;
    const char *m = r->method;
    if (strcmp(m, "borda") == 0)
        jstr_addf(t,
                  "Borda 计数：各评审专家在本任务内按净分排序，所得名次分的平均 ×100 = %.2f "
                  "(the mean Borda points over the reviewers, x100)",
                  v);
    else if (strcmp(m, "schulze") == 0)
        jstr_addf(t,
                  "Schulze 两两比较：本申报包胜出的申报包数 = %.0f "
                  "(the packs it beats by Schulze's strongest paths)",
                  v);
    else if (strcmp(m, "percentile") == 0)
        jstr_addf(t, "评审组内百分位 = %.2f (the percentile within its panel)", v);
    else
        jstr_addf(t,
                  "逐个观测点去掉最高分和最低分后取平均，各点之和减去同样处理的扣分 = %.2f "
                  "(each observation point trimmed and averaged, summed, minus the "
                  "deductions trimmed the same way)",
                  v);
}

char *report_figure_text(const struct merge_ranking *r, size_t p)
{
    const struct rank_row *row = &r->result->rows[p];
    struct jstr t = {0};
    if (row->excluded) {
        jstr_addf(&t, "未进入排名 not ranked: %s", row->reason ? row->reason : "");
        return jstr_take(&t);
    }
    const size_t *ent;
    size_t n = pack_entries(r, p, &ent);
    const struct rank_settings *s = &r->result->settings;
    jstr_addf(&t, "正式得分 official score %.2f：", row->score);
    if (s->norm != RANK_NORM_NONE && !r->settings.official[0])
        jstr_addf(&t, "各评审专家的净分先按%s的均值和标准差标准化 (z-scores per %s)；",
                  s->norm == RANK_NORM_PANEL ? "评审组" : "本人",
                  s->norm == RANK_NORM_PANEL ? "panel" : "reviewer");
    if (r->settings.official[0] || s->agg == RANK_AGG_POINT_TRIMMED)
        words_other(r, p, &t);
    else if (s->agg == RANK_AGG_MEDIAN)
        words_median(r, ent, n, &t);
    else
        words_trimmed(r, ent, n, &t);
    return jstr_take(&t);
}

/* ------------------------------------------------------------ the methods */

static void sentence_method(const struct merge_ranking *r, struct jstr *t)
{
    const struct rank_settings *s = &r->settings;
    jstr_addf(t, "正式方法 official method (%s)：", r->method);
    if (!strcmp(s->official, "borda"))
        jstr_add(t, "Borda 计数：每位评审专家在任务内按净分给申报包排序，取名次分的平均。"
                    "Each reviewer orders the task's packs by net total; the mean rank points "
                    "decide.");
    else if (!strcmp(s->official, "schulze"))
        jstr_add(t, "Schulze 法：按评审专家两两比较的强路径排序。Pairwise preferences of the "
                    "reviewers, ranked by Schulze's strongest paths.");
    else if (!strcmp(s->official, "percentile"))
        jstr_add(t, "评审组内百分位：在评审组与任务内换算百分位后排序。Percentiles within each "
                    "panel and task.");
    else if (s->agg == RANK_AGG_MEAN)
        jstr_add(t, "取各评审专家净分（总分减扣分）的平均。The mean of the reviewers' net "
                    "totals (total minus deductions).");
    else if (s->agg == RANK_AGG_MEDIAN)
        jstr_add(t, "取各评审专家净分的中位数。The median of the reviewers' net totals.");
    else if (s->agg == RANK_AGG_POINT_TRIMMED)
        jstr_addf(t,
                  "逐个观测点：评审专家不少于 %zu 人时去掉 %zu 个最高分和 %zu 个最低分后取平均，"
                  "各观测点平均分相加，再减去同样处理的扣分。Per observation point: with at least "
                  "%zu reviewers the %zu highest and %zu lowest points are dropped and the rest "
                  "averaged; the points' means are summed and the deductions, trimmed the same "
                  "way, subtracted.",
                  s->min_reviewers_for_trim, s->trim, s->trim, s->min_reviewers_for_trim, s->trim,
                  s->trim);
    else
        jstr_addf(t,
                  "评审专家不少于 %zu 人时，去掉 %zu 个最高分和 %zu 个最低分后取平均；不足 %zu "
                  "人时取全部平均。With at least %zu reviewers the %zu highest and %zu lowest net "
                  "totals are dropped and the rest averaged; with fewer, all are averaged.",
                  s->min_reviewers_for_trim, s->trim, s->trim, s->min_reviewers_for_trim,
                  s->min_reviewers_for_trim, s->trim, s->trim);
}

static void sentence_norm(const struct rank_settings *s, struct jstr *t)
{
    if (s->norm == RANK_NORM_NONE)
        jstr_add(t, "标准化 normalisation：不做标准化，直接使用净分。None: the net totals are used "
                    "as they are.");
    else
        jstr_addf(t,
                  "标准化 normalisation：每位%s的净分按其均值和标准差换算为 z 分数，再映射回全体"
                  "净分的均值和标准差。Each %s's net totals become z-scores, mapped back onto the "
                  "mean and spread of all net totals.",
                  s->norm == RANK_NORM_PANEL ? "评审组" : "评审专家",
                  s->norm == RANK_NORM_PANEL ? "panel" : "reviewer");
}

static void sentence_veto(const struct rank_settings *s, struct jstr *t)
{
    static const char *const words[] = {
        ("过半数评审专家确认否决项（或资格不符）时，申报包不进入排名；票数相等时由主任委员决定。"
         "A pack leaves the ranking when more than half of its reviewers confirm a veto or a "
         "failed eligibility item; a tie goes to the chair."),
        "任何一位评审专家确认否决项即不进入排名。One reviewer's confirmed veto is enough.",
        ("由主任委员的表决决定；主任委员未评审时按过半数。The chair's vote decides; by majority "
         "when the chair did not score the pack.")};
    jstr_addf(t, "否决规则 veto policy (%s)：%s", decide_policy_name(s->veto_policy),
              words[(unsigned)s->veto_policy < 3 ? s->veto_policy : 0]);
}

static void sentence_ties(const struct rank_settings *s, struct jstr *t)
{
    if (s->n_tie_breaks == 0 && !s->spread_tie_break) {
        jstr_add(t, "同分处理 ties：得分相同者并列同一名次（如 1, 2, 2, 4），并提示主任委员；"
                    "评审包未指定同分排序规则。Equal scores share a rank (1, 2, 2, 4) and are "
                    "flagged for the chair; the kit names no tie-break.");
        return;
    }
    jstr_add(t, "同分处理 ties：得分相同者依次比较");
    for (size_t i = 0; i < s->n_tie_breaks; i++)
        jstr_addf(t, "%s观测点 %s 的平均分（高者在前）", i ? "、" : "", s->tie_breaks[i]);
    if (s->spread_tie_break)
        jstr_addf(t, "%s评审专家净分的极差（小者在前）", s->n_tie_breaks ? "、" : "");
    jstr_add(t, "；仍相同者并列。Equal scores are ordered by the tie-breaks the kit names:");
    for (size_t i = 0; i < s->n_tie_breaks; i++)
        jstr_addf(t, " the mean on %s (higher first),", s->tie_breaks[i]);
    if (s->spread_tie_break)
        jstr_add(t, " the spread of net totals (smaller first),");
    jstr_add(t, " then they share the rank; such packs are flagged tie-broken.");
}

/* The settings that differ from the kit's (meta "kit_settings" when the merge
 * kept them, else jury's defaults), by name. */
static void sentence_changed(const struct merge_ranking *r, const struct decide_report *d,
                             struct jstr *t)
{
    struct rank_settings base;
    rank_settings_default(&base);
    if (d->kit_settings)
        rank_settings_from_kit_json(&base, d->kit_settings, strlen(d->kit_settings), "kit", NULL);
    const struct rank_settings *s = &r->settings;
    char a[96], b[96];
    jstr_addf(t, "与%s不同的设置 settings differing from the %s: ",
              d->kit_settings ? "评审包默认" : "默认", d->kit_settings ? "kit's" : "defaults");
    size_t mark = t->len;
    if (strcmp(rank_settings_method_name(s, a, sizeof a),
               rank_settings_method_name(&base, b, sizeof b)) != 0)
        jstr_addf(t, "method %s (kit: %s); ", a, b);
    if (s->norm != base.norm)
        jstr_add(t, "normalisation; ");
    if (s->veto_policy != base.veto_policy)
        jstr_addf(t, "veto %s; ", decide_policy_name(s->veto_policy));
    if (s->disagreement_total != base.disagreement_total)
        jstr_addf(t, "disagreement %.2f; ", s->disagreement_total);
    if (s->n_tie_breaks != base.n_tie_breaks || s->spread_tie_break != base.spread_tie_break)
        jstr_add(t, "tie-breaks; ");
    if (s->sensitivity != base.sensitivity)
        jstr_addf(t, "sensitivity %u; ", s->sensitivity);
    if (t->len == mark)
        jstr_add(t, "无 none.");
    else
        t->s[t->len -= 2] = '\0'; /* the last "; " */
}

void report_methods_markup(const struct merge_ranking *r, const struct decide_report *d,
                           struct jstr *b)
{
    const struct rank_settings *s = &r->settings;
    struct jstr t = {0};
    jstr_add(b, "## 评审方法 (methods)\n");
    sentence_method(r, &t);
    markup_para(b, jstr_cstr(&t));
    jstr_clear(&t);
    sentence_norm(s, &t);
    markup_para(b, jstr_cstr(&t));
    jstr_clear(&t);
    sentence_veto(s, &t);
    markup_para(b, jstr_cstr(&t));
    jstr_clear(&t);
    sentence_ties(s, &t);
    markup_para(b, jstr_cstr(&t));
    jstr_clear(&t);
    jstr_addf(&t,
              "复议阈值 disagreement：评审专家净分最高与最低相差超过 %.2f 分的申报包列入复议。"
              "Packs whose net totals spread by more than %.2f points go to re-review (复议).",
              s->disagreement_total, s->disagreement_total);
    markup_para(b, jstr_cstr(&t));
    jstr_clear(&t);
    if (r->result->settings.intervals && r->result->settings.bootstrap)
        jstr_addf(&t,
                  "名次区间 rank intervals：对评审专家重抽样 %u 次（种子 %llu）的 90%% 区间。"
                  "90%% intervals from %u resamples of the reviewers (seed %llu).",
                  r->result->settings.bootstrap, (unsigned long long)s->seed,
                  r->result->settings.bootstrap, (unsigned long long)s->seed);
    else
        jstr_add(&t, "名次区间 rank intervals：本次未计算 (not computed in this run; "
                     "jury rank --bootstrap N)。");
    markup_para(b, jstr_cstr(&t));
    jstr_clear(&t);
    if (d) /* the kit's settings are known once the panel's decisions are */
        sentence_changed(r, d, &t), markup_para(b, jstr_cstr(&t));
    jstr_free(&t);
}

/* ------------------------------------------------------------ panel tables */

/* The scores of entry e, and the mean of the pack's other reviewers on each
 * of its points: where a dropped or extreme result differs most. */
struct deviation {
    size_t point;
    double dev;
};

static int cmp_dev(const void *a, const void *b)
{
    double x = fabs(((const struct deviation *)a)->dev),
           y = fabs(((const struct deviation *)b)->dev);
    return (x < y) - (x > y);
}

static size_t deviations(const struct merge_ranking *r, size_t e, struct deviation *out)
{
    size_t n = 0;
    const size_t *ent;
    size_t m = pack_entries(r, r->in.entries[e].pack, &ent);
    for (size_t i = r->score_start[e]; i < r->score_start[e + 1]; i++) {
        const struct rank_score *x = &r->in.scores[r->by_entry[i]];
        double sum = 0, cnt = 0;
        for (size_t k = 0; k < m; k++)
            for (size_t j = r->score_start[ent[k]]; ent[k] != e && j < r->score_start[ent[k] + 1];
                 j++) {
                const struct rank_score *y = &r->in.scores[r->by_entry[j]];
                if (y->point == x->point)
                    sum += y->points, cnt++;
            }
        if (cnt > 0)
            out[n++] = (struct deviation){x->point, x->points - sum / cnt};
    }
    qsort(out, n, sizeof *out, cmp_dev);
    return n;
}

/* For each dropped result of pack p (or, in a flagged disagreement, the
 * highest and the lowest), the observation points where it differs most
 * from the other reviewers' mean. */
static void where_differs(const struct merge_ranking *r, size_t p, struct jstr *b)
{
    const size_t *ent;
    size_t n = pack_entries(r, p, &ent);
    bool disagree = r->result->rows[p].flags & RANK_FLAG_DISAGREE;
    struct jstr t = {0}, said = {0}; /* said: the reviewers' comments */
    size_t most = 0;                 /* scores of the pack's largest result */
    for (size_t i = 0; r->score_start && i < n; i++) {
        size_t k = r->score_start[ent[i] + 1] - r->score_start[ent[i]];
        most = k > most ? k : most;
    }
    if (!r->score_start)
        n = 0; /* no per-point scores loaded */
    struct deviation *d = jury_xmalloc((most + 1) * sizeof *d);
    for (size_t i = 0; i < n; i++) {
        signed char side = r->result->dropped[ent[i]];
        if (!side && !disagree)
            continue;
        size_t k = deviations(r, ent[i], d);
        if (k == 0 || (!side && fabs(d[0].dev) < 1e-9))
            continue;
        char who[160], tagged[256];
        size_t pts[3];
        report_reviewer_label(r, r->in.entries[ent[i]].reviewer, who, sizeof who);
        snprintf(tagged, sizeof tagged, "%s%s", who,
                 side > 0   ? "［去掉的最高 top, dropped］"
                 : side < 0 ? "［去掉的最低 bottom, dropped］"
                            : "");
        jstr_addf(&t, "%s%s：", t.len ? "；" : "", tagged);
        for (size_t j = 0; j < k && j < 3; j++) {
            jstr_addf(&t, "%s%s %+.2f", j ? "，" : "", r->point_ids[d[j].point], d[j].dev);
            pts[j] = d[j].point;
        }
        report_point_comments(r, ent[i], pts, k < 3 ? k : 3, tagged, &said);
    }
    free(d);
    if (t.len) {
        struct jstr line = {0};
        jstr_addf(&line,
                  "差异最大的观测点（与其他评审专家平均分之差）where these scores differ most "
                  "from the other reviewers' mean: %s",
                  jstr_cstr(&t));
        markup_para(b, jstr_cstr(&line));
        jstr_free(&line);
    }
    jstr_add(b, jstr_cstr(&said)); /* already markup: one paragraph per reviewer */
    jstr_free(&said);
    jstr_free(&t);
}

static void pack_table(const struct merge_ranking *r, size_t p, struct jstr *b)
{
    const struct rank_pack *pk = &r->in.packs[p];
    const size_t *ent;
    size_t n = pack_entries(r, p, &ent);
    char *fig = report_figure_text(r, p);
    struct jstr t = {0};
    jstr_addf(&t, "申报包 pack %s（%s）— %s", pk->id, pk->applicant ? pk->applicant : "", fig);
    markup_para(b, jstr_cstr(&t));
    jstr_free(&t);
    free(fig);
    if (n)
        jstr_add(b, "|评审专家 reviewer|总分 total|扣分 deductions|净分 net|是否计入 counted|\n");
    for (size_t i = 0; i < n; i++) {
        const struct rank_entry *x = &r->in.entries[ent[i]];
        char who[256], num[3][32], st[160];
        report_reviewer_label(r, x->reviewer, who, sizeof who);
        snprintf(num[0], sizeof num[0], "%.2f", x->total);
        snprintf(num[1], sizeof num[1], "%.2f", x->deduction);
        snprintf(num[2], sizeof num[2], "%.2f", net_of(x));
        report_entry_status(r, ent[i], st, sizeof st);
        const char *cells[] = {who, num[0], num[1], num[2], st};
        for (size_t k = 0; k < 5; k++)
            markup_cell(b, cells[k]);
        jstr_add(b, "|\n");
    }
    if (n && !r->result->rows[p].excluded)
        where_differs(r, p, b);
    if (n) /* what each reviewer wrote on the pack's conditions and vetoes, excluded or not */
        report_check_comments(r, p, b);
}

void report_panel_markup(const struct merge_ranking *r, size_t from, size_t to, struct jstr *b)
{
    jstr_add(b, "## 评分明细 (each reviewer's scores, and what counted)\n");
    for (size_t i = from; i < to; i++)
        pack_table(r, r->result->order[i], b);
}
