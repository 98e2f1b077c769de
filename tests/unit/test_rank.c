/* test_rank.c - aggregation, normalisation, vetoes, ranks and tie-breaks,
 * agreement statistics, bootstrap and cross-pack checks (db/rank*.c,
 * db/rank/stats.c). Every expected value is worked out in the comment beside it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/rank/rank.h"

static void near(double got, double want, double eps, const char *what)
{
    if (!(fabs(got - want) <= eps))
        fail_msg("%s: got %.9f, want %.9f", what, got, want);
}

/* A small fixture: packs, reviewers and entries in static arrays. */
#define MAXE 64
struct fx {
    struct rank_pack packs[16];
    struct rank_reviewer revs[16];
    struct rank_entry ents[MAXE];
    struct rank_input in;
    struct rank_settings s;
};

static void fx_init(struct fx *f, size_t n_packs, size_t n_revs)
{
    memset(f, 0, sizeof *f);
    static const char *ids[] = {"A", "B", "C", "D", "E", "F", "G", "H"};
    static const char *revs[] = {"r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8"};
    for (size_t i = 0; i < n_packs; i++) {
        f->packs[i] = (struct rank_pack){.id = ids[i], .task = "t1", .applicant = ids[i]};
        for (int t = 0; t < RANK_MAX_TIE_BREAKS; t++)
            f->packs[i].tie[t] = NAN;
    }
    for (size_t i = 0; i < n_revs; i++)
        f->revs[i] = (struct rank_reviewer){.id = revs[i], .panel = "P1"};
    f->in = (struct rank_input){f->packs, n_packs, f->revs, n_revs, f->ents, 0, NULL, 0};
    rank_settings_default(&f->s);
    f->s.bootstrap = 0;
}

static struct rank_entry *fx_add(struct fx *f, size_t pack, size_t rev, double total)
{
    struct rank_entry *e = &f->ents[f->in.n_entries++];
    *e = (struct rank_entry){.pack = pack, .reviewer = rev, .total = total};
    return e;
}

static struct rank_result *fx_rank(struct fx *f)
{
    struct rank_result *r = NULL;
    struct jury_error err = {0};
    assert_int_equal(rank_compute(&f->in, &f->s, &r, &err), 0);
    return r;
}

static void test_stats_basics(void **state)
{
    double a[] = {60, 98, 80, 90, 82};
    near(stats_mean(a, 5), 82, 1e-12, "mean (60+98+80+90+82)/5 = 410/5");
    near(stats_sd((double[]){2, 4, 4, 4, 5, 5, 7, 9}, 8), 2, 1e-12, "population sd, classic");
    double b[] = {60, 98, 80, 90, 82};
    near(stats_median(b, 5), 82, 0, "median of 60 80 82 90 98");
    double c[] = {60, 98, 80, 90, 82};
    near(stats_trimmed_mean(c, 5, 1), 84, 1e-12, "(80+82+90)/3 = 252/3");
    double d[] = {60, 98, 80, 90};
    near(stats_median(d, 4), 85, 0, "(80+90)/2");
    near(stats_pearson((double[]){1, 2, 3}, (double[]){2, 4, 6}, 3), 1, 1e-12, "r = 1");
    assert_true(isnan(stats_pearson((double[]){1, 1}, (double[]){2, 3}, 2)));
    double r[5];
    stats_rank_average((double[]){10, 20, 20, 5, 30}, 5, r);
    /* sorted 5, 10, 20, 20, 30 -> ranks 1, 2, 3.5, 3.5, 5 */
    near(r[0], 2, 0, "rank 10");
    near(r[1], 3.5, 0, "rank 20");
    near(r[2], 3.5, 0, "rank 20");
    near(r[3], 1, 0, "rank 5");
}

/* One pack, five reviewers 60 80 82 90 98: mean 82, trimmed 84, median 82;
 * with four (60 80 90 98) the trim does not apply: mean 328/4 = 82. */
static void test_aggregation_methods(void **state)
{
    struct fx f;
    fx_init(&f, 2, 5);
    double five[] = {60, 98, 80, 90, 82}, four[] = {60, 98, 80, 90};
    for (size_t i = 0; i < 5; i++)
        fx_add(&f, 0, i, five[i]);
    for (size_t i = 0; i < 4; i++)
        fx_add(&f, 1, i, four[i]);
    struct jury_error err = {0};
    const char *methods[] = {"mean", "trimmed", "median"};
    double want_a[] = {82, 84, 82}, want_b[] = {82, 82, 85};
    for (int m = 0; m < 3; m++) {
        assert_int_equal(rank_settings_set_method(&f.s, methods[m], &err), 0);
        struct rank_result *r = fx_rank(&f);
        near(r->rows[0].score, want_a[m], 1e-9, methods[m]);
        near(r->rows[1].score, want_b[m], 1e-9, methods[m]);
        near(r->rows[0].spread, 38, 1e-9, "98 - 60");
        assert_true(r->rows[0].flags & RANK_FLAG_DISAGREE); /* 38 > 20 */
        rank_result_free(&r);
        assert_null(r);
    }
    /* trim 2 needs n - 4 >= 1: five values keep only 82 */
    f.s.agg = RANK_AGG_TRIMMED;
    f.s.trim = 2;
    struct rank_result *r = fx_rank(&f);
    near(r->rows[0].score, 82, 1e-9, "trim 2 of 5");
    rank_result_free(&r);
}

/* Deductions come off each reviewer's total: (90-5 + 80) / 2 = 82.5. */
static void test_deductions(void **state)
{
    struct fx f;
    fx_init(&f, 1, 2);
    fx_add(&f, 0, 0, 90)->deduction = 5;
    fx_add(&f, 0, 1, 80);
    f.s.agg = RANK_AGG_MEAN;
    struct rank_result *r = fx_rank(&f);
    near(r->rows[0].score, 82.5, 1e-9, "net mean");
    near(r->rows[0].spread, 5, 1e-9, "85 - 80");
    rank_result_free(&r);
}

/* Reviewer z-scores. r1 (lenient) scored A=95 B=85, r2 (harsh) C=80 D=60.
 * Raw order A B C D. r1: mean 90, sd 5 -> A +1, B -1; r2: mean 70, sd 10 ->
 * C +1, D -1. Pool 95 85 80 60: mean 80, deviations 15 5 0 -20, variance
 * (225+25+0+400)/4 = 162.5, sd 12.747549. A = C = 80 + 12.747549 = 92.747549,
 * B = D = 67.252451. Competition ranks with no tie-break: 1 1 3 3. With the
 * tie-break indicator (A 8, C 9, B 5, D 5): C 1, A 2, B and D 3 and 3. */
static void test_zscore_and_ties(void **state)
{
    struct fx f;
    fx_init(&f, 4, 2);
    fx_add(&f, 0, 0, 95);
    fx_add(&f, 1, 0, 85);
    fx_add(&f, 2, 1, 80);
    fx_add(&f, 3, 1, 60);
    struct jury_error err = {0};
    assert_int_equal(rank_settings_set_method(&f.s, "zscore+mean", &err), 0);
    struct rank_result *r = fx_rank(&f);
    near(r->pool_sd, sqrt(162.5), 1e-9, "pool sd");
    near(r->rows[0].score, 80 + sqrt(162.5), 1e-9, "A");
    near(r->rows[2].score, 80 + sqrt(162.5), 1e-9, "C");
    near(r->rows[3].score, 80 - sqrt(162.5), 1e-9, "D");
    int want[] = {1, 3, 1, 3};
    for (int i = 0; i < 4; i++)
        assert_int_equal(r->rows[i].rank, want[i]);
    assert_true(r->rows[0].flags & RANK_FLAG_TIE);
    /* report order: A C (tied, by id) then B D */
    assert_int_equal(r->order[0], 0);
    assert_int_equal(r->order[1], 2);
    rank_result_free(&r);

    snprintf(f.s.tie_breaks[0], RANK_ID_MAX, "1.1");
    f.s.n_tie_breaks = 1;
    double tie[] = {8, 5, 9, 5};
    for (int i = 0; i < 4; i++)
        f.packs[i].tie[0] = tie[i];
    r = fx_rank(&f);
    int want2[] = {2, 3, 1, 3};
    for (int i = 0; i < 4; i++)
        assert_int_equal(r->rows[i].rank, want2[i]);
    assert_int_equal(r->order[0], 2);
    rank_result_free(&r);

    /* Raw mean: 95 85 80 60 -> 1 2 3 4 */
    assert_int_equal(rank_settings_set_method(&f.s, "mean", &err), 0);
    r = fx_rank(&f);
    for (int i = 0; i < 4; i++)
        assert_int_equal(r->rows[i].rank, i + 1);
    rank_result_free(&r);
}

/* Scores 90, 85, 85, 80 on one reviewer each... made with two reviewers so
 * spreads differ: B = (80+90)/2 = 85 spread 10, C = (84+86)/2 = 85 spread 2.
 * Without the spread rule: 1 2 2 4. With it C (smaller spread) is 2, B 3. */
static void test_competition_ranking(void **state)
{
    struct fx f;
    fx_init(&f, 4, 2);
    double v[4][2] = {{90, 90}, {80, 90}, {84, 86}, {80, 80}};
    for (size_t p = 0; p < 4; p++)
        for (size_t k = 0; k < 2; k++)
            fx_add(&f, p, k, v[p][k]);
    f.s.agg = RANK_AGG_MEAN;
    f.s.spread_tie_break = false;
    struct rank_result *r = fx_rank(&f);
    int want[] = {1, 2, 2, 4};
    for (int i = 0; i < 4; i++)
        assert_int_equal(r->rows[i].rank, want[i]);
    rank_result_free(&r);
    f.s.spread_tie_break = true;
    r = fx_rank(&f);
    int want2[] = {1, 3, 2, 4};
    for (int i = 0; i < 4; i++)
        assert_int_equal(r->rows[i].rank, want2[i]);
    rank_result_free(&r);
    /* 0.1 + 0.2 vs 0.3: float noise never breaks a tie */
    fx_init(&f, 2, 1);
    fx_add(&f, 0, 0, 0.1 + 0.2);
    fx_add(&f, 1, 0, 0.3);
    r = fx_rank(&f);
    assert_int_equal(r->rows[0].rank, 1);
    assert_int_equal(r->rows[1].rank, 1);
    rank_result_free(&r);
}

/* Panels P1 {r1, r2} scored A, B; P2 {r3, r4} scored C, D.
 * P1 totals A 90 88, B 80 82: mean 85, variance (25+9+25+9)/4 = 17, sd 4.1231056.
 * P2 totals C 70 72, D 60 58: mean 65, variance (25+49+25+49)/4 = 37, sd 6.0827625.
 * Pool of all eight: mean 600/8 = 75, variance (225+169+25+49+25+9+225+289)/8
 * = 1016/8 = 127, sd 11.2694277.
 * A: z = 5/4.1231 = 1.2126781 and 3/4.1231 = 0.7276069, mean 0.9701425;
 *    75 + 0.9701425 * 11.2694277 = 85.9329507.
 * C: z = 5/6.0828 = 0.8219949 and 7/6.0828 = 1.1507929, mean 0.9863939;
 *    75 + 0.9863939 * 11.2694277 = 86.1160950.
 * Raw means put A (89) far above C (71); panel normalisation puts C first. */
static void test_panel_normalisation(void **state)
{
    struct fx f;
    fx_init(&f, 4, 4);
    f.revs[2].panel = f.revs[3].panel = "P2";
    double v[4][2] = {{90, 88}, {80, 82}, {70, 72}, {60, 58}};
    for (size_t p = 0; p < 4; p++)
        for (size_t k = 0; k < 2; k++)
            fx_add(&f, p, (p < 2 ? 0 : 2) + k, v[p][k]);
    struct jury_error err = {0};
    assert_int_equal(rank_settings_set_method(&f.s, "panel+mean", &err), 0);
    struct rank_result *r = fx_rank(&f);
    near(r->rows[0].score, 85.9329507, 1e-6, "A");
    near(r->rows[2].score, 86.1160950, 1e-6, "C");
    near(r->rows[1].score, 64.0670493, 1e-6, "B = 150 - A by symmetry");
    assert_int_equal(r->rows[2].rank, 1);
    assert_int_equal(r->rows[0].rank, 2);
    char buf[64];
    assert_string_equal(rank_settings_method_name(&f.s, buf, sizeof buf), "panel+mean");
    rank_result_free(&r);
}

/* Vetoes. A: 3 of 5 veto -> out under majority. B: 2 of 5 -> stays, split.
 * C: 2 of 4 with the chair (r1) vetoing -> out; D: 2 of 4, chair not vetoing
 * -> stays. E: nobody scored -> out, "no scores". Under "any", B and D go too. */
static void test_vetoes(void **state)
{
    struct fx f;
    fx_init(&f, 5, 5);
    f.revs[0].chair = true;
    for (size_t k = 0; k < 5; k++) {
        fx_add(&f, 0, k, 80)->veto = k < 3;
        fx_add(&f, 1, k, 80)->veto = k >= 3;
    }
    for (size_t k = 0; k < 4; k++) {
        struct rank_entry *e = fx_add(&f, 2, k, 70);
        e->veto = k < 2;
        e->veto_reason = "V1 剽窃";
        fx_add(&f, 3, k, 70)->veto = k >= 2;
    }
    struct rank_result *r = fx_rank(&f);
    assert_true(r->rows[0].excluded);
    assert_false(r->rows[1].excluded);
    assert_true(r->rows[1].flags & RANK_FLAG_SPLIT_VETO);
    assert_string_equal(r->rows[0].reason, "veto 3/5");
    assert_true(r->rows[2].excluded);
    assert_string_equal(r->rows[2].reason, "veto 2/4: V1 剽窃");
    assert_false(r->rows[3].excluded);
    assert_true(r->rows[4].excluded);
    assert_string_equal(r->rows[4].reason, "no scores");
    assert_int_equal(r->rows[1].rank, 1);
    assert_int_equal(r->rows[3].rank, 2);
    assert_int_equal(r->rows[0].rank, 0);
    /* excluded packs come after the ranked ones in the report order */
    assert_int_equal(r->order[0], 1);
    assert_int_equal(r->order[1], 3);
    rank_result_free(&r);
    struct jury_error err = {0};
    assert_int_equal(rank_settings_set_veto_policy(&f.s, "any", &err), 0);
    r = fx_rank(&f);
    for (int i = 0; i < 5; i++)
        assert_true(r->rows[i].excluded);
    rank_result_free(&r);
    assert_int_equal(rank_settings_set_veto_policy(&f.s, "chair", &err), 0);
    r = fx_rank(&f);
    /* the chair vetoed A and C only */
    assert_true(r->rows[0].excluded);
    assert_false(r->rows[1].excluded);
    assert_true(r->rows[2].excluded);
    assert_false(r->rows[3].excluded);
    rank_result_free(&r);
    assert_int_equal(rank_settings_set_veto_policy(&f.s, "vote", &err), JURY_ERR_INVALID);
    /* a rule set's own policy beats the settings': "any" takes B and D out */
    f.packs[1].veto_policy = f.packs[3].veto_policy = "any";
    assert_int_equal(rank_settings_set_veto_policy(&f.s, "majority", &err), 0);
    r = fx_rank(&f);
    assert_true(r->rows[1].excluded && r->rows[3].excluded);
    assert_true(r->rows[0].excluded && r->rows[2].excluded);
    rank_result_free(&r);
    f.packs[1].veto_policy = f.packs[3].veto_policy = NULL;
    /* the rule set's eligibility verdict takes B out whatever the votes */
    f.packs[1].ineligible = "E1";
    r = fx_rank(&f);
    assert_true(r->rows[1].excluded);
    assert_string_equal(r->rows[1].reason, "ineligible: E1");
    rank_result_free(&r);
}

/* Kendall's W, no ties: 3 raters, 4 packs, ranks (1 2 3 4), (1 3 2 4),
 * (2 1 3 4). Rank sums 4 6 8 12, mean 3*5/2 = 7.5, S = 3.5^2 + 1.5^2 + 0.5^2
 * + 4.5^2 = 35, W = 12*35 / (3^2 (4^3 - 4)) = 420/540 = 0.7777778.
 * With ties: rater 2 gives (1.5 1.5 3 4) (packs 1 and 2 equal); rater 1 and
 * 3 give (1 2 3 4). Sums 3.5 5.5 9 12, S = 16 + 4 + 2.25 + 20.25 = 42.5,
 * T = 2^3 - 2 = 6, W = 12*42.5 / (540 - 3*6) = 510/522 = 0.9770115. */
static void test_kendall_w(void **state)
{
    double m[] = {10, 10, 20, /* pack 1: one column per rater */
                  20, 30, 10, 30, 20, 30, 40, 40, 40};
    near(stats_kendall_w(m, 4, 3), 420.0 / 540.0, 1e-12, "W no ties");
    double t[] = {10, 5, 10, 20, 5, 20, 30, 30, 30, 40, 40, 40};
    near(stats_kendall_w(t, 4, 3), 510.0 / 522.0, 1e-12, "W with ties");
    assert_true(isnan(stats_kendall_w(m, 1, 3)));
}

/* ICC(2,k): Shrout and Fleiss (1979) Table 2, 6 targets x 4 judges. Their
 * mean squares: BMS 11.24, JMS 32.49, EMS 1.02, and ICC(2,4) = 0.62:
 * (11.2417 - 1.0194) / (11.2417 + (32.4861 - 1.0194)/6) = 0.620051. */
static void test_icc(void **state)
{
    double m[] = {9, 2, 5, 8, 6, 1, 3, 2, 8, 4, 6, 8, 7, 1, 2, 6, 10, 5, 6, 9, 6, 2, 4, 7};
    near(stats_icc2k(m, 6, 4), 0.620051, 1e-6, "ICC(2,k)");
}

/* Agreement per panel: r1 A 90 B 80, r2 A 80 B 60, r3 only A 85.
 * Pack means over the panel: A (90+80+85)/3 = 85, B (80+60)/2 = 70.
 * r1 leniency (5 + 10)/2 = 7.5, r2 (-5 - 10)/2 = -7.5, r3 0.
 * r1's totals (90, 80) against (85, 70): r = 1. Complete packs: only A,
 * so W and ICC are not available (NaN). */
static void test_agreement(void **state)
{
    struct fx f;
    fx_init(&f, 2, 3);
    fx_add(&f, 0, 0, 90);
    fx_add(&f, 1, 0, 80);
    fx_add(&f, 0, 1, 80);
    fx_add(&f, 1, 1, 60);
    fx_add(&f, 0, 2, 85);
    struct rank_panel_stats *ps = NULL;
    size_t n = 0;
    struct jury_error err = {0};
    assert_int_equal(rank_agreement(&f.in, &ps, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_string_equal(ps[0].panel, "P1");
    assert_int_equal(ps[0].n_reviewers, 3);
    assert_int_equal(ps[0].n_packs, 2);
    assert_int_equal(ps[0].n_complete, 1);
    assert_true(isnan(ps[0].kendall_w));
    near(ps[0].reviewers[0].leniency, 7.5, 1e-12, "r1");
    near(ps[0].reviewers[1].leniency, -7.5, 1e-12, "r2");
    near(ps[0].reviewers[2].leniency, 0, 1e-12, "r3");
    near(ps[0].reviewers[0].correlation, 1, 1e-12, "r1 r");
    rank_agreement_free(&ps, n);
    assert_null(ps);
}

/* 30 packs x 5 reviewers with pseudo-random totals: the same seed gives the
 * same intervals; a pack every reviewer puts 30 points ahead is [1, 1]; every
 * interval contains the pack's rank... not necessarily, but low <= high. */
static void test_bootstrap(void **state)
{
    struct rank_pack packs[30];
    struct rank_reviewer revs[5];
    struct rank_entry ents[150];
    static char ids[30][16];
    struct stats_rng g;
    stats_rng_seed(&g, 7);
    for (int p = 0; p < 30; p++) {
        snprintf(ids[p], sizeof ids[p], "p%02d", p);
        packs[p] = (struct rank_pack){.id = ids[p], .task = p < 20 ? "t1" : "t2"};
        for (int k = 0; k < 5; k++)
            ents[p * 5 + k] =
                (struct rank_entry){.pack = (size_t)p,
                                    .reviewer = (size_t)k,
                                    .total = (p == 0 ? 120 : 60 + (double)stats_rng_below(&g, 30))};
    }
    for (int k = 0; k < 5; k++)
        revs[k] = (struct rank_reviewer){.id = "r", .panel = "P"};
    struct rank_input in = {packs, 30, revs, 5, ents, 150, NULL, 0};
    struct rank_settings s;
    rank_settings_default(&s);
    s.bootstrap = 1000;
    s.intervals = true;
    s.seed = 42;
    struct rank_result *a = NULL, *b = NULL;
    struct jury_error err = {0};
    assert_int_equal(rank_compute(&in, &s, &a, &err), 0);
    assert_int_equal(rank_compute(&in, &s, &b, &err), 0);
    for (int p = 0; p < 30; p++) {
        assert_int_equal(a->rows[p].rank_low, b->rows[p].rank_low);
        assert_int_equal(a->rows[p].rank_high, b->rows[p].rank_high);
        assert_true(a->rows[p].rank_low >= 1 && a->rows[p].rank_low <= a->rows[p].rank_high);
        assert_true(a->rows[p].rank_high <= (p < 20 ? 20 : 10));
    }
    assert_int_equal(a->rows[0].rank_low, 1);
    assert_int_equal(a->rows[0].rank_high, 1);
    rank_result_free(&a);
    rank_result_free(&b);
    /* the PRNG stream itself is pinned: splitmix64 from seed 0 */
    struct stats_rng z;
    stats_rng_seed(&z, 0);
    assert_true(stats_rng_next(&z) == 0xE220A8397B1DCDAFull);
}

static void test_settings(void **state)
{
    struct rank_settings s;
    rank_settings_default(&s);
    char buf[64];
    assert_string_equal(rank_settings_method_name(&s, buf, sizeof buf), "trimmed(1,5)");
    struct jury_error err = {0};
    assert_int_equal(rank_settings_set_method(&s, "zscore", &err), 0);
    assert_string_equal(rank_settings_method_name(&s, buf, sizeof buf), "zscore+trimmed(1,5)");
    assert_int_equal(rank_settings_set_method(&s, "instant-runoff", &err), JURY_ERR_INVALID);
    /* Borda is official on top of the aggregation, which stays */
    assert_int_equal(rank_settings_set_method(&s, "borda", &err), 0);
    assert_string_equal(rank_settings_method_name(&s, buf, sizeof buf), "borda");
    assert_int_equal(s.norm, RANK_NORM_REVIEWER);
    assert_int_equal(rank_settings_set_method(&s, "zscore", &err), 0);
    assert_string_equal(s.official, "");
    assert_int_equal(rank_settings_set_method(&s, "trimmed_mean", &err), 0); /* kit init's name */
    assert_int_equal(s.agg, RANK_AGG_TRIMMED);
    assert_int_equal(rank_settings_set_method(&s, "zscore+panel", &err), JURY_ERR_INVALID);
    const char *kit = "{\"id\":\"k\",\"aggregation\":{\"method\":\"median\",\"trim\":2,"
                      "\"min_reviewers_for_trim\":7,\"disagreement_total\":15.5,"
                      "\"tie_breaks\":[\"2.1\",\"spread\"],\"bootstrap\":200,\"seed\":9,"
                      "\"veto_policy\":\"any\"}}";
    assert_int_equal(rank_settings_from_kit_json(&s, kit, strlen(kit), "kit.json", &err), 0);
    assert_int_equal(s.agg, RANK_AGG_MEDIAN);
    assert_int_equal(s.norm, RANK_NORM_NONE);
    assert_int_equal(s.trim, 2);
    assert_int_equal(s.min_reviewers_for_trim, 7);
    near(s.disagreement_total, 15.5, 0, "threshold");
    assert_int_equal(s.n_tie_breaks, 1);
    assert_string_equal(s.tie_breaks[0], "2.1");
    assert_true(s.spread_tie_break);
    assert_int_equal(s.bootstrap, 200);
    assert_true(s.seed == 9);
    assert_int_equal(s.veto_policy, RANK_VETO_ANY);
    /* settings survive a round trip through JSON (kept in the merged database) */
    assert_int_equal(rank_settings_set_method(&s, "panel+median", &err), 0);
    char *json = rank_settings_to_json(&s);
    struct rank_settings t;
    rank_settings_default(&t);
    assert_int_equal(rank_settings_from_kit_json(&t, json, strlen(json), "json", &err), 0);
    free(json);
    assert_int_equal(t.norm, RANK_NORM_PANEL);
    assert_int_equal(t.agg, RANK_AGG_MEDIAN);
    assert_int_equal(t.trim, 2);
    assert_int_equal(t.min_reviewers_for_trim, 7);
    assert_int_equal(t.n_tie_breaks, 1);
    assert_true(t.spread_tie_break);
    assert_true(t.seed == 9 && t.bootstrap == 200 && t.veto_policy == RANK_VETO_ANY);
    const char *bad = "{\"aggregation\":{\"trim\":-1}}";
    assert_int_equal(rank_settings_from_kit_json(&s, bad, strlen(bad), "kit.json", &err),
                     JURY_ERR_FORMAT);
    assert_string_equal(err.where, "kit.json");
    assert_int_equal(rank_settings_from_kit_json(&s, "{", 1, "kit.json", &err), JURY_ERR_FORMAT);
}

/* Evidence hash h1 in A (applicant 甲) and C (also 甲): the same applicant,
 * not a hit. h2 in A and B (乙): a hit. Crosscheck key "leader"=张三 in A and
 * B of task t1: a hit; in D of task t2 with B: counted only within a task. */
static void test_collisions(void **state)
{
    struct fx f;
    fx_init(&f, 4, 1);
    f.packs[0].applicant = "甲";
    f.packs[1].applicant = "乙";
    f.packs[2].applicant = "甲";
    f.packs[3].task = "t2";
    struct rank_key ev[] = {{0, "sha256", "h1", "a.pdf"},
                            {2, "sha256", "h1", "b.pdf"},
                            {0, "sha256", "h2", "c.pdf"},
                            {1, "sha256", "h2", "d.pdf"}};
    struct rank_collision *c = NULL;
    size_t n = 0;
    struct jury_error err = {0};
    assert_int_equal(rank_find_collisions(&f.in, ev, 4, true, &c, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(c[0].n_keys, 2);
    assert_string_equal(c[0].keys[0]->value, "h2");
    rank_collisions_free(&c, n);
    struct rank_key ck[] = {{0, "leader", "张三", NULL},
                            {1, "leader", "张三", NULL},
                            {3, "leader", "李四", NULL},
                            {2, "leader", "李四", NULL}};
    assert_int_equal(rank_find_collisions(&f.in, ck, 4, false, &c, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_string_equal(c[0].keys[0]->value, "张三");
    rank_collisions_free(&c, n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stats_basics),
        cmocka_unit_test(test_aggregation_methods),
        cmocka_unit_test(test_deductions),
        cmocka_unit_test(test_zscore_and_ties),
        cmocka_unit_test(test_competition_ranking),
        cmocka_unit_test(test_panel_normalisation),
        cmocka_unit_test(test_vetoes),
        cmocka_unit_test(test_kendall_w),
        cmocka_unit_test(test_icc),
        cmocka_unit_test(test_agreement),
        cmocka_unit_test(test_bootstrap),
        cmocka_unit_test(test_settings),
        cmocka_unit_test(test_collisions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
