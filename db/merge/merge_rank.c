/* merge_rank.c - from the merged database to a merge_ranking: the one
 * ranking path every output and the chair's view share.
 *
 * Loads packs (with their task's name), reviewers (with their roster name)
 * and each submitted result (its kept total, or with MERGE_RANK_FROM_SCORES
 * the sum of its stored scores; per-point scores when the method trims per
 * point), hands the plain arrays to rank_compute, applies an official
 * Borda/Schulze/percentile method, and adds what only the database knows:
 * tie-break indicator means, sheet conflicts, conflicts of interest,
 * cross-pack collisions, (MERGE_RANK_DETAILS) observation-point spreads and
 * per-indicator means, and the panel decisions (decide_report_build). */
#include "db/merge/decide_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct loader {
    struct merge *m;
    struct merge_ranking *r;
    struct jury_error *err;
    size_t pool_cap;
    size_t cap_packs, cap_revs, cap_ents, cap_keys, cap_notes, cap_points, cap_means, cap_scores,
        cap_comments, cap_check_comments;
    size_t tie_slot;   /* the tie-break being loaded */
    char **indicators; /* indicator ids in the order first seen (point numbers) */
    size_t n_indicators, last_point;
    char *last_rev, *last_pack; /* the result of the last score row */
    size_t at_entry;            /* its entry, SIZE_MAX when not ranked */
};

/* Keep a column's text for the life of the ranking ("" for NULL). Control
 * characters (from a sheet's names) become spaces, so no output format's
 * lines or cells can be broken by them. */
static const char *pool_take(struct loader *ld, char *s);

static const char *keep(struct loader *ld, sqlite3_stmt *st, int col, bool null_ok)
{
    char *s = sqlq_col_dup(st, col);
    if (!s && null_ok)
        return NULL;
    if (!s)
        s = jury_xstrdup("");
    for (char *c = s; *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            *c = ' ';
    return pool_take(ld, s);
}

/* A reviewer's comment, kept as written but for its line breaks and tabs
 * (a comment is shown on one line); any other control character stays for
 * the outputs' escapers to show visibly. */
static const char *keep_comment(struct loader *ld, sqlite3_stmt *st, int col)
{
    char *s = sqlq_col_dup(st, col);
    if (!s)
        return NULL;
    bool blank = true;
    for (char *c = s; *c; c++) {
        if (*c == '\n' || *c == '\r' || *c == '\t')
            *c = ' ';
        blank &= *c == ' ';
    }
    if (blank) { /* nothing said */
        free(s);
        return NULL;
    }
    return pool_take(ld, s);
}

static const char *pool_take(struct loader *ld, char *s)
{
    struct merge_ranking *r = ld->r;
    if (r->n_pool == ld->pool_cap) {
        ld->pool_cap = ld->pool_cap ? 2 * ld->pool_cap : 256;
        r->pool = jury_xrealloc(r->pool, ld->pool_cap * sizeof *r->pool);
    }
    r->pool[r->n_pool++] = s;
    return s;
}

/* Step through a query; each row goes to fn. */
static int each_row(struct loader *ld, sqlite3_stmt *st, int (*fn)(struct loader *, sqlite3_stmt *))
{
    if (!st)
        return ld->err->status;
    int rc;
    while ((rc = sqlq_step(&ld->m->q, st, ld->err)) == SQLITE_ROW)
        if ((rc = fn(ld, st)) < 0)
            break;
    sqlite3_reset(st);
    return rc < 0 ? rc : 0;
}

/* Make room for one more element in a growing array. */
#define GROW(arr, n, cap)                                                                          \
    do {                                                                                           \
        if ((n) == (cap)) {                                                                        \
            (cap) = (cap) ? 2 * (cap) : 64;                                                        \
            (arr) = jury_xrealloc((arr), (cap) * sizeof *(arr));                                   \
        }                                                                                          \
    } while (0)

/* Calibration packs (calib.c) never enter the ranking. */
static const char sql_packs[] =
    "SELECT p.id, p.task, p.applicant, p.ineligible, p.veto_policy, t.name FROM pack p "
    "LEFT JOIN task_name t ON t.task = p.task "
    "WHERE p.id NOT IN (SELECT pack FROM calibration) ORDER BY p.id";
static const char sql_reviewers[] = "SELECT id, panel, chair, name FROM reviewer ORDER BY id";
static const char sql_entries[] =
    "SELECT reviewer, pack, total, deduction, veto, veto_reason FROM entry WHERE state = 2 "
    "AND pack NOT IN (SELECT pack FROM calibration) ORDER BY reviewer, pack";
static const char sql_entries_raw[] =
    "SELECT e.reviewer, e.pack, (SELECT coalesce(sum(s.points), 0) FROM score s "
    "WHERE s.reviewer = e.reviewer AND s.pack = e.pack), e.deduction, e.veto, e.veto_reason "
    "FROM entry e WHERE e.state = 2 AND e.pack NOT IN (SELECT pack FROM calibration) "
    "ORDER BY e.reviewer, e.pack";
/* in the table's own order (its key: reviewer, pack, indicator), no sort */
static const char sql_scores[] = "SELECT reviewer, pack, indicator, points, comment FROM score";

static int row_pack(struct loader *ld, sqlite3_stmt *st)
{
    struct merge_ranking *r = ld->r;
    GROW(r->packs, r->in.n_packs, ld->cap_packs);
    struct rank_pack *p = &r->packs[r->in.n_packs++];
    memset(p, 0, sizeof *p);
    p->id = keep(ld, st, 0, false);
    p->task = keep(ld, st, 1, false);
    p->applicant = keep(ld, st, 2, false);
    p->ineligible = keep(ld, st, 3, true);
    p->veto_policy = keep(ld, st, 4, true);
    p->task_name = keep(ld, st, 5, true);
    for (int i = 0; i < RANK_MAX_TIE_BREAKS; i++)
        p->tie[i] = NAN;
    return 0;
}

static int row_reviewer(struct loader *ld, sqlite3_stmt *st)
{
    struct merge_ranking *r = ld->r;
    GROW(r->reviewers, r->in.n_reviewers, ld->cap_revs);
    struct rank_reviewer *v = &r->reviewers[r->in.n_reviewers++];
    v->id = keep(ld, st, 0, false);
    v->panel = keep(ld, st, 1, false);
    v->chair = sqlite3_column_int(st, 2) != 0;
    v->name = keep(ld, st, 3, true);
    return 0;
}

static int cmp_pack_id(const void *key, const void *el)
{
    return strcmp(key, ((const struct rank_pack *)el)->id);
}

static int cmp_reviewer_id(const void *key, const void *el)
{
    return strcmp(key, ((const struct rank_reviewer *)el)->id);
}

/* Index of a pack by id (the array is sorted by id), or SIZE_MAX. */
static size_t pack_index(const struct merge_ranking *r, const char *id)
{
    const struct rank_pack *p = bsearch(id, r->packs, r->in.n_packs, sizeof *p, cmp_pack_id);
    return p ? (size_t)(p - r->packs) : SIZE_MAX;
}

static size_t reviewer_index(const struct merge_ranking *r, const char *id)
{
    const struct rank_reviewer *v =
        bsearch(id, r->reviewers, r->in.n_reviewers, sizeof *v, cmp_reviewer_id);
    return v ? (size_t)(v - r->reviewers) : SIZE_MAX;
}

static int row_entry(struct loader *ld, sqlite3_stmt *st)
{
    struct merge_ranking *r = ld->r;
    size_t rv = reviewer_index(r, (const char *)sqlite3_column_text(st, 0));
    size_t pk = pack_index(r, (const char *)sqlite3_column_text(st, 1));
    if (rv == SIZE_MAX || pk == SIZE_MAX)
        return jury_error_set(ld->err, JURY_ERR_CORRUPT, ld->m->path,
                              "a result names an unknown reviewer or pack");
    GROW(r->entries, r->in.n_entries, ld->cap_ents);
    r->entries[r->in.n_entries++] = (struct rank_entry){
        .pack = pk,
        .reviewer = rv,
        .total = sqlite3_column_double(st, 2),
        .deduction = sqlite3_column_double(st, 3),
        .veto = sqlite3_column_int(st, 4) != 0,
        .veto_reason = keep(ld, st, 5, true),
    };
    return 0;
}

static int cmp_entry(const void *key, const void *el)
{
    const struct rank_entry *k = key, *e = el;
    if (k->reviewer != e->reviewer)
        return k->reviewer < e->reviewer ? -1 : 1;
    return (k->pack > e->pack) - (k->pack < e->pack);
}

/* The number of an observation point: its place in the order first seen.
 * Each result lists the same points in the same order, so the slot after
 * the last one found is almost always the one. */
static size_t point_number(struct loader *ld, const char *id)
{
    size_t n = ld->n_indicators, guess = ld->last_point + 1;
    for (size_t k = 0; k < n; k++) {
        size_t i = (guess + k) % n;
        if (strcmp(ld->indicators[i], id) == 0)
            return ld->last_point = i;
    }
    ld->indicators = jury_xrealloc(ld->indicators, (n + 1) * sizeof *ld->indicators);
    ld->indicators[n] = jury_xstrdup(id);
    return ld->last_point = ld->n_indicators++;
}

/* A score of a submitted result of a ranked pack; others are skipped (a
 * result in progress, a calibration pack). */
static int row_score(struct loader *ld, sqlite3_stmt *st)
{
    struct merge_ranking *r = ld->r;
    const char *rev = (const char *)sqlite3_column_text(st, 0);
    const char *pack = (const char *)sqlite3_column_text(st, 1);
    const char *ind = (const char *)sqlite3_column_text(st, 2);
    if (!ld->last_rev || strcmp(ld->last_rev, rev ? rev : "") != 0 ||
        strcmp(ld->last_pack, pack ? pack : "") != 0) {
        free(ld->last_rev);
        free(ld->last_pack);
        ld->last_rev = jury_xstrdup(rev ? rev : "");
        ld->last_pack = jury_xstrdup(pack ? pack : "");
        struct rank_entry key = {.reviewer = reviewer_index(r, ld->last_rev),
                                 .pack = pack_index(r, ld->last_pack)};
        const struct rank_entry *e =
            key.reviewer == SIZE_MAX || key.pack == SIZE_MAX
                ? NULL
                : bsearch(&key, r->entries, r->in.n_entries, sizeof *e, cmp_entry);
        ld->at_entry = e ? (size_t)(e - r->entries) : SIZE_MAX;
    }
    if (ld->at_entry == SIZE_MAX)
        return 0;
    GROW(r->scores, r->in.n_scores, ld->cap_scores);
    r->scores[r->in.n_scores++] = (struct rank_score){
        ld->at_entry, point_number(ld, ind ? ind : ""), sqlite3_column_double(st, 3)};
    const char *comment = keep_comment(ld, st, 4);
    if (comment) { /* few scores carry one: kept aside, in score order */
        GROW(r->comments, r->n_comments, ld->cap_comments);
        r->comments[r->n_comments++] = (struct merge_comment){r->in.n_scores - 1, comment};
    }
    return 0;
}

/* Per-point scores, for the methods that trim each observation point. */
static int load_scores(struct loader *ld)
{
    int rc = each_row(ld, sqlq_get(&ld->m->q, sql_scores, ld->err), row_score);
    struct merge_ranking *r = ld->r;
    r->point_ids = ld->indicators; /* the ranking keeps the point numbers' ids */
    r->n_point_ids = ld->n_indicators;
    r->score_start = jury_xcalloc(r->in.n_entries + 2, sizeof *r->score_start);
    r->by_entry = jury_xmalloc((r->in.n_scores + 1) * sizeof *r->by_entry);
    for (size_t i = 0; i < r->in.n_scores; i++)
        r->score_start[r->scores[i].entry + 1]++;
    for (size_t e = 0; e < r->in.n_entries; e++)
        r->score_start[e + 1] += r->score_start[e];
    size_t *fill = jury_xmalloc((r->in.n_entries + 1) * sizeof *fill);
    memcpy(fill, r->score_start, (r->in.n_entries + 1) * sizeof *fill);
    for (size_t i = 0; i < r->in.n_scores; i++)
        r->by_entry[fill[r->scores[i].entry]++] = i;
    free(fill);
    free(ld->last_rev);
    free(ld->last_pack);
    return rc;
}

static const char sql_tie[] =
    "SELECT pack, avg(points) FROM score WHERE indicator = :indicator GROUP BY pack";
static int row_tie(struct loader *ld, sqlite3_stmt *st)
{
    size_t p = pack_index(ld->r, (const char *)sqlite3_column_text(st, 0));
    if (p != SIZE_MAX)
        ld->r->packs[p].tie[ld->tie_slot] = sqlite3_column_double(st, 1);
    return 0;
}

static int load_core(struct loader *ld, unsigned flags)
{
    struct merge_ranking *r = ld->r;
    int rc = each_row(ld, sqlq_get(&ld->m->q, sql_packs, ld->err), row_pack);
    if (rc == 0)
        rc = each_row(ld, sqlq_get(&ld->m->q, sql_reviewers, ld->err), row_reviewer);
    if (rc == 0)
        rc = each_row(ld,
                      sqlq_get(&ld->m->q,
                               flags & MERGE_RANK_FROM_SCORES ? sql_entries_raw : sql_entries,
                               ld->err),
                      row_entry);
    for (ld->tie_slot = 0; rc == 0 && ld->tie_slot < r->settings.n_tie_breaks; ld->tie_slot++) {
        sqlite3_stmt *st = sqlq_get(&ld->m->q, sql_tie, ld->err);
        if (st)
            sqlq_text(st, ":indicator", r->settings.tie_breaks[ld->tie_slot]);
        rc = each_row(ld, st, row_tie);
    }
    r->in.entries = r->entries; /* the scores' walk reads them */
    r->in.packs = r->packs;
    r->in.reviewers = r->reviewers;
    if (rc == 0) /* point trimming, official or side by side */
        rc = load_scores(ld);
    r->in = (struct rank_input){r->packs,   r->in.n_packs,   r->reviewers, r->in.n_reviewers,
                                r->entries, r->in.n_entries, r->scores,    r->in.n_scores};
    return rc;
}

static const char sql_conflicts[] =
    "SELECT c.reviewer, c.pack, k.path, o.path, c.resolved FROM conflict c "
    "JOIN sheet k ON k.id = c.kept JOIN sheet o ON o.id = c.other "
    "ORDER BY c.resolved, c.pack, c.reviewer, o.path";
static const char sql_cois[] = "SELECT reviewer, pack, reason FROM coi ORDER BY pack, reviewer";
static const char sql_sheets[] = "SELECT count(*) FROM sheet";
static const char sql_check_comments[] =
    "SELECT reviewer, pack, item, comment FROM check_comment ORDER BY reviewer, pack, item";

/* A comment on a condition or veto of a ranked (submitted) result. */
static int row_check_comment(struct loader *ld, sqlite3_stmt *st)
{
    struct merge_ranking *r = ld->r;
    struct rank_entry key = {.reviewer =
                                 reviewer_index(r, (const char *)sqlite3_column_text(st, 0)),
                             .pack = pack_index(r, (const char *)sqlite3_column_text(st, 1))};
    const struct rank_entry *e =
        key.reviewer == SIZE_MAX || key.pack == SIZE_MAX
            ? NULL
            : bsearch(&key, r->entries, r->in.n_entries, sizeof *e, cmp_entry);
    const char *text = e ? keep_comment(ld, st, 3) : NULL;
    if (!text)
        return 0;
    GROW(r->check_comments, r->n_check_comments, ld->cap_check_comments);
    r->check_comments[r->n_check_comments++] =
        (struct merge_check_comment){(size_t)(e - r->entries), keep(ld, st, 2, false), text};
    return 0;
}

static int add_note(struct loader *ld, sqlite3_stmt *st, struct merge_note **arr, size_t *n)
{
    GROW(*arr, *n, ld->cap_notes);
    struct merge_note *x = &(*arr)[(*n)++];
    x->reviewer = sqlq_col_dup(st, 0);
    x->pack = sqlq_col_dup(st, 1);
    return 0;
}

static int row_conflict(struct loader *ld, sqlite3_stmt *st)
{
    struct merge_ranking *r = ld->r;
    add_note(ld, st, &r->conflicts, &r->n_conflicts);
    struct merge_note *x = &r->conflicts[r->n_conflicts - 1];
    struct jstr t = {0};
    jstr_addf(&t, "kept %s, other %s", sqlite3_column_text(st, 2), sqlite3_column_text(st, 3));
    x->text = jstr_take(&t);
    x->resolved = sqlite3_column_int(st, 4) != 0;
    if (!x->resolved) {
        r->n_unresolved++;
        size_t p = pack_index(r, x->pack);
        if (p != SIZE_MAX && r->result)
            r->result->rows[p].flags |= RANK_FLAG_CONFLICT;
    }
    return 0;
}

static int row_coi(struct loader *ld, sqlite3_stmt *st)
{
    add_note(ld, st, &ld->r->cois, &ld->r->n_cois);
    ld->r->cois[ld->r->n_cois - 1].text = sqlq_col_dup(st, 2);
    return 0;
}

static const char sql_evidence[] = "SELECT pack, 'sha256', sha256, path FROM evidence";
static const char sql_cross[] = "SELECT pack, key, value, NULL FROM crosscheck";

static int row_key(struct loader *ld, sqlite3_stmt *st)
{
    struct merge_ranking *r = ld->r;
    size_t p = pack_index(r, (const char *)sqlite3_column_text(st, 0));
    if (p == SIZE_MAX)
        return 0; /* a fact about a pack nobody scored */
    GROW(r->keys, r->n_keys, ld->cap_keys);
    r->keys[r->n_keys++] =
        (struct rank_key){p, keep(ld, st, 1, false), keep(ld, st, 2, false), keep(ld, st, 3, true)};
    return 0;
}

/* Duplicate evidence across applicants, then crosscheck keys within a task. */
static int load_collisions(struct loader *ld)
{
    struct merge_ranking *r = ld->r;
    int rc = each_row(ld, sqlq_get(&ld->m->q, sql_evidence, ld->err), row_key);
    size_t n_ev = r->n_keys;
    if (rc == 0)
        rc = each_row(ld, sqlq_get(&ld->m->q, sql_cross, ld->err), row_key);
    struct rank_collision *a = NULL, *b = NULL;
    size_t na = 0, nb = 0;
    if (rc == 0)
        rc = rank_find_collisions(&r->in, r->keys, n_ev, true, &a, &na, ld->err);
    if (rc == 0)
        rc =
            rank_find_collisions(&r->in, r->keys + n_ev, r->n_keys - n_ev, false, &b, &nb, ld->err);
    r->collisions = jury_xcalloc(na + nb + 1, sizeof *r->collisions);
    if (na)
        memcpy(r->collisions, a, na * sizeof *a);
    if (nb)
        memcpy(r->collisions + na, b, nb * sizeof *b);
    r->n_collisions = na + nb;
    r->n_evidence_collisions = na;
    free(a);
    free(b);
    for (size_t i = 0; i < r->n_collisions; i++)
        for (size_t k = 0; k < r->collisions[i].n_keys; k++)
            r->result->rows[r->collisions[i].keys[k]->pack].flags |= RANK_FLAG_CROSSCHECK;
    return rc;
}

static const char sql_points[] =
    "SELECT s.pack, s.indicator, i.max, max(s.points) - min(s.points) AS spread, "
    "group_concat(s.reviewer || '=' || coalesce(s.value, s.points), ', ') "
    "FROM score s JOIN pack p ON p.id = s.pack "
    "JOIN indicator i ON i.ruleset = p.ruleset AND i.id = s.indicator "
    "JOIN entry e ON e.reviewer = s.reviewer AND e.pack = s.pack AND e.state = 2 "
    "GROUP BY s.pack, s.indicator HAVING spread > i.max / 2 ORDER BY s.pack, s.indicator";
static const char sql_means[] =
    "SELECT p.task, s.indicator, avg(s.points), count(*) FROM score s "
    "JOIN pack p ON p.id = s.pack "
    "JOIN entry e ON e.reviewer = s.reviewer AND e.pack = s.pack AND e.state = 2 "
    "WHERE p.id NOT IN (SELECT pack FROM calibration) "
    "GROUP BY p.task, s.indicator ORDER BY p.task, s.indicator";

static int row_point(struct loader *ld, sqlite3_stmt *st)
{
    struct merge_ranking *r = ld->r;
    size_t p = pack_index(r, (const char *)sqlite3_column_text(st, 0));
    if (p == SIZE_MAX)
        return 0;
    GROW(r->points, r->n_points, ld->cap_points);
    r->points[r->n_points++] =
        (struct merge_point){p, sqlq_col_dup(st, 1), sqlite3_column_double(st, 2),
                             sqlite3_column_double(st, 3), sqlq_col_dup(st, 4)};
    return 0;
}

static int row_mean(struct loader *ld, sqlite3_stmt *st)
{
    struct merge_ranking *r = ld->r;
    GROW(r->means, r->n_means, ld->cap_means);
    r->means[r->n_means++] = (struct merge_indicator_mean){sqlq_col_dup(st, 0), sqlq_col_dup(st, 1),
                                                           sqlite3_column_double(st, 2),
                                                           (size_t)sqlite3_column_int64(st, 3)};
    return 0;
}

static int count_sheets(struct loader *ld, sqlite3_stmt *st)
{
    ld->r->n_sheets = (size_t)sqlite3_column_int64(st, 0);
    return 0;
}

static int load_notes(struct loader *ld, unsigned flags)
{
    int rc = each_row(ld, sqlq_get(&ld->m->q, sql_conflicts, ld->err), row_conflict);
    ld->cap_notes = 0;
    if (rc == 0)
        rc = each_row(ld, sqlq_get(&ld->m->q, sql_cois, ld->err), row_coi);
    if (rc == 0)
        rc = each_row(ld, sqlq_get(&ld->m->q, sql_sheets, ld->err), count_sheets);
    if (rc == 0)
        rc = each_row(ld, sqlq_get(&ld->m->q, sql_check_comments, ld->err), row_check_comment);
    if (rc == 0)
        rc = load_collisions(ld);
    if (rc == 0 && (flags & MERGE_RANK_DETAILS))
        rc = each_row(ld, sqlq_get(&ld->m->q, sql_points, ld->err), row_point);
    if (rc == 0 && (flags & MERGE_RANK_DETAILS))
        rc = each_row(ld, sqlq_get(&ld->m->q, sql_means, ld->err), row_mean);
    return rc;
}

/* Tables later than the schema: made when missing (the queries read them). */
static const char sql_ensure[] =
    "CREATE TABLE IF NOT EXISTS task_name(task TEXT PRIMARY KEY, name TEXT) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS method_log(at TEXT NOT NULL, previous TEXT, method TEXT NOT NULL)";

int merge_set_task_name(struct merge *m, const char *task, const char *name, struct jury_error *err)
{
    int rc = sqlq_exec(&m->q, sql_ensure, err);
    sqlite3_stmt *st = rc == 0 ? sqlq_get(&m->q,
                                          "INSERT OR REPLACE INTO task_name(task, name) "
                                          "VALUES(:task, :name)",
                                          err)
                               : NULL;
    if (!st)
        return rc ? rc : err->status;
    sqlq_text(st, ":task", task);
    sqlq_text(st, ":name", name);
    return sqlq_done(&m->q, st, err);
}

/* Borda, Schulze or percentile replace the aggregated scores; every
 * reviewer's result then counts (nothing is trimmed). */
static int apply_official(struct merge_ranking *r, struct jury_error *err)
{
    enum decide_method dm;
    if (!r->settings.official[0] || decide_method_parse(r->settings.official, &dm, err) < 0)
        return r->settings.official[0] ? err->status : 0;
    if (dm != DECIDE_PERCENTILE && dm != DECIDE_BORDA && dm != DECIDE_SCHULZE)
        return 0;
    memset(r->result->dropped, 0, r->in.n_entries * sizeof *r->result->dropped);
    snprintf(r->method, sizeof r->method, "%s", decide_method_name(dm));
    return decide_apply_official(&r->in, r->result, dm, err);
}

int merge_rank(struct merge *m, const struct rank_settings *s, unsigned flags,
               struct merge_ranking **out, struct jury_error *err)
{
    *out = NULL;
    struct merge_ranking *r = jury_xcalloc(1, sizeof *r);
    struct loader ld = {.m = m, .r = r, .err = err};
    r->settings = *s;
    rank_settings_method_name(s, r->method, sizeof r->method);
    int rc = calib_ensure(m, err);
    if (rc == 0)
        rc = sqlq_exec(&m->q, sql_ensure, err);
    /* one read transaction: a consistent snapshot even if a merge runs */
    if (rc == 0)
        rc = sqlq_exec(&m->q, "BEGIN", err);
    if (rc == 0)
        rc = load_core(&ld, flags);
    if (rc == 0) {
        rank_group_entries(&r->in, &r->pack_start, &r->by_pack);
        rc = rank_compute(&r->in, s, &r->result, err);
    }
    if (rc == 0)
        rc = apply_official(r, err);
    if (rc == 0)
        rc = load_notes(&ld, flags);
    if (rc == 0)
        rc = rank_agreement(&r->in, &r->panels, &r->n_panels, err);
    if (rc == 0)
        rc = decide_report_build(m, r, s->sensitivity, &r->decide, err);
    if (!sqlite3_get_autocommit(m->q.db))
        sqlite3_exec(m->q.db, rc == 0 ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
    if (rc < 0) {
        merge_ranking_free(&r);
        return rc;
    }
    *out = r;
    return 0;
}

static void free_notes(struct merge_note *x, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(x[i].reviewer);
        free(x[i].pack);
        free(x[i].text);
    }
    free(x);
}

void merge_ranking_free(struct merge_ranking **p)
{
    struct merge_ranking *r = p ? *p : NULL;
    if (!r)
        return;
    decide_report_free(&r->decide);
    rank_result_free(&r->result);
    rank_agreement_free(&r->panels, r->n_panels);
    rank_collisions_free(&r->collisions, r->n_collisions);
    for (size_t i = 0; i < r->n_points; i++) {
        free(r->points[i].indicator);
        free(r->points[i].values);
    }
    free(r->points);
    for (size_t i = 0; i < r->n_means; i++) {
        free(r->means[i].task);
        free(r->means[i].indicator);
    }
    free(r->means);
    free_notes(r->conflicts, r->n_conflicts);
    free_notes(r->cois, r->n_cois);
    for (size_t i = 0; i < r->n_pool; i++)
        free(r->pool[i]);
    free(r->pool);
    free(r->packs);
    free(r->reviewers);
    free(r->entries);
    free(r->scores);
    free(r->comments);
    free(r->check_comments);
    for (size_t i = 0; i < r->n_point_ids; i++)
        free(r->point_ids[i]);
    free(r->point_ids);
    free(r->score_start);
    free(r->by_entry);
    free(r->pack_start);
    free(r->by_pack);
    free(r->keys);
    free(r);
    *p = NULL;
}
