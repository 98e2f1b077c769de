/* test_rank_ties.c - a judged event as panels run them: six judges score 24
 * runs; the official figure of a run is the mean of the middle four (the
 * highest and the lowest dropped), equal figures share a rank (1, 2, 2, 4)
 * and are flagged, and a tie-break applies only when named. Then the same
 * panel trimmed per observation point (as figure-skating panels do).
 *
 * The expected figures are computed here independently (sort six, average
 * the middle four) and a few are written out by hand. */
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

#define JUDGES 6
#define RUNS   24
#define POINTS 3

static struct rank_pack packs[RUNS];
static char pack_ids[RUNS][16];
static struct rank_reviewer judges[JUDGES];
static struct rank_entry entries[RUNS * JUDGES];
static struct rank_score scores[RUNS * JUDGES * POINTS];
static double pts[RUNS][JUDGES][POINTS];

/* A total over the three points, filling them in order. */
static void split(double total, double *p)
{
    p[0] = total < 30 ? total : 30;
    p[1] = total - p[0] < 30 ? total - p[0] : 30;
    p[2] = total - p[0] - p[1];
}

/* Points on three observation points (max 30, 30, 40; halves), with three
 * planted ties of the middle-four mean:
 * run 5 = run 17 permuted (same six totals in another judge order),
 * run 9 and run 10 differ only in their extremes (which are dropped),
 * run 20 and run 21 differ in every judge yet share the middle-four sum. */
static void make_event(void)
{
    uint64_t x = 20240601;
    for (size_t r = 0; r < RUNS; r++)
        for (size_t j = 0; j < JUDGES; j++)
            for (size_t k = 0; k < POINTS; k++) {
                x = x * 6364136223846793005ull + 1442695040888963407ull;
                double max = k == 2 ? 40 : 30;
                pts[r][j][k] = floor((double)(x >> 33) / (double)(1ull << 31) * (max * 2)) / 2;
            }
    for (size_t j = 0; j < JUDGES; j++) /* run 17: run 5's judges in reverse */
        memcpy(pts[17][j], pts[5][JUDGES - 1 - j], sizeof pts[5][j]);
    memcpy(pts[10], pts[9], sizeof pts[9]);
    /* extremes of run 9 made more extreme in run 10: same middle four */
    static const double low[POINTS] = {0, 0, 0}, high[POINTS] = {30, 30, 40};
    size_t lo = 0, hi = 0;
    for (size_t j = 1; j < JUDGES; j++) {
        double t = pts[9][j][0] + pts[9][j][1] + pts[9][j][2];
        lo = t < pts[9][lo][0] + pts[9][lo][1] + pts[9][lo][2] ? j : lo;
        hi = t >= pts[9][hi][0] + pts[9][hi][1] + pts[9][hi][2] ? j : hi;
    }
    memcpy(pts[10][lo], low, sizeof low);
    memcpy(pts[10][hi], high, sizeof high);
    /* runs 20 and 21: totals 60 61 62 63 64 90 and 10 64 63 62 61 65 (middle four 250) */
    static const double a[JUDGES] = {60, 61, 62, 63, 64, 90}, b[JUDGES] = {10, 64, 63, 62, 61, 65};
    for (size_t j = 0; j < JUDGES; j++) {
        split(a[j], pts[20][j]);
        split(b[j], pts[21][j]);
    }
}

static struct rank_input event_input(void)
{
    for (size_t j = 0; j < JUDGES; j++)
        judges[j] = (struct rank_reviewer){
            .id = (const char *[]){"J1", "J2", "J3", "J4", "J5", "J6"}[j], .panel = "A"};
    size_t e = 0, s = 0;
    for (size_t r = 0; r < RUNS; r++) {
        snprintf(pack_ids[r], sizeof pack_ids[r], "run%02zu", r);
        packs[r] = (struct rank_pack){.id = pack_ids[r], .task = "final", .applicant = ""};
        for (size_t k = 0; k < RANK_MAX_TIE_BREAKS; k++)
            packs[r].tie[k] = NAN;
    }
    for (size_t j = 0; j < JUDGES; j++) /* entries sorted by reviewer, as the merge loads them */
        for (size_t r = 0; r < RUNS; r++) {
            double t = 0;
            for (size_t k = 0; k < POINTS; k++) {
                scores[s++] = (struct rank_score){e, k, pts[r][j][k]};
                t += pts[r][j][k];
            }
            entries[e++] = (struct rank_entry){.pack = r, .reviewer = j, .total = t};
        }
    return (struct rank_input){packs, RUNS, judges, JUDGES, entries, e, scores, s};
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The oracle: sort the six, average the middle four. */
static double middle_four(const double *six)
{
    double v[JUDGES];
    memcpy(v, six, sizeof v);
    qsort(v, JUDGES, sizeof v[0], cmp_double);
    return (v[1] + v[2] + v[3] + v[4]) / 4;
}

static double official_of(size_t r)
{
    double t[JUDGES];
    for (size_t j = 0; j < JUDGES; j++)
        t[j] = pts[r][j][0] + pts[r][j][1] + pts[r][j][2];
    return middle_four(t);
}

/* Competition rank: 1 + the number of runs with a strictly higher figure. */
static int rank_of(const double *fig, size_t r)
{
    int n = 1;
    for (size_t k = 0; k < RUNS; k++)
        n += fig[k] > fig[r] + 1e-9;
    return n;
}

static void check_official(const struct rank_result *res, const double *fig)
{
    for (size_t r = 0; r < RUNS; r++) {
        const struct rank_row *row = &res->rows[r];
        if (fabs(row->score - fig[r]) > 1e-9)
            fail_msg("run %zu: %.4f, want %.4f", r, row->score, fig[r]);
        assert_int_equal(row->rank, rank_of(fig, r));
        size_t same = 0;
        for (size_t k = 0; k < RUNS; k++)
            same += k != r && fabs(fig[k] - fig[r]) < 1e-9;
        assert_int_equal(!!(row->flags & RANK_FLAG_TIE), same > 0);
        size_t dropped = 0;
        for (size_t e = 0; e < RUNS * JUDGES; e++)
            dropped += entries[e].pack == r && res->dropped[e] != 0;
        assert_int_equal(dropped, 2); /* exactly the highest and the lowest */
    }
}

static void test_middle_four_and_shared_ranks(void **state)
{
    (void)state;
    make_event();
    struct rank_input in = event_input();
    struct rank_settings s;
    rank_settings_default(&s); /* trimmed(1,5), no tie-break */
    struct rank_result *res = NULL;
    struct jury_error err = {0};
    assert_int_equal(rank_compute(&in, &s, &res, &err), 0);
    double fig[RUNS];
    for (size_t r = 0; r < RUNS; r++)
        fig[r] = official_of(r);
    /* by hand: run 20's totals 60 61 62 63 64 90 -> (61 + 62 + 63 + 64) / 4 */
    assert_true(fabs(fig[20] - 62.5) < 1e-9 && fabs(fig[21] - 62.5) < 1e-9);
    assert_true(fabs(fig[5] - fig[17]) < 1e-9 && fabs(fig[9] - fig[10]) < 1e-9);
    check_official(res, fig);
    assert_int_equal(res->rows[20].rank, res->rows[21].rank);
    assert_int_equal(res->rows[5].rank, res->rows[17].rank);
    assert_int_equal(res->rows[9].rank, res->rows[10].rank);
    /* the rank after a pair of tied runs skips one (1, 2, 2, 4) */
    int next = res->rows[20].rank + 2;
    for (size_t r = 0; r < RUNS; r++)
        if (res->rows[r].score < fig[20] - 1e-9 && res->rows[r].rank < next)
            fail_msg("run %zu ranks %d after a shared %d", r, res->rows[r].rank,
                     res->rows[20].rank);
    rank_result_free(&res);

    /* a tie-break named by the kit (the spread) separates 20 and 21, flagged */
    s.spread_tie_break = true;
    assert_int_equal(rank_compute(&in, &s, &res, &err), 0);
    assert_int_not_equal(res->rows[20].rank, res->rows[21].rank);
    assert_true(res->rows[20].flags & RANK_FLAG_TIE_BROKEN);
    assert_true(res->rows[20].rank < res->rows[21].rank); /* spread 30 (60..90) < 55 (10..65) */
    rank_result_free(&res);
}

/* Per observation point: the middle four of each point, summed. */
static void test_point_trimming(void **state)
{
    (void)state;
    make_event();
    struct rank_input in = event_input();
    struct rank_settings s;
    rank_settings_default(&s);
    struct jury_error err = {0};
    assert_int_equal(rank_settings_set_method(&s, "point_trimmed", &err), 0);
    char name[96];
    assert_string_equal(rank_settings_method_name(&s, name, sizeof name), "point_trimmed(1,5)");
    assert_int_not_equal(rank_settings_set_method(&s, "zscore+point_trimmed", &err), 0);
    struct rank_result *res = NULL;
    assert_int_equal(rank_compute(&in, &s, &res, &err), 0);
    double fig[RUNS];
    for (size_t r = 0; r < RUNS; r++) {
        fig[r] = 0;
        for (size_t k = 0; k < POINTS; k++) {
            double six[JUDGES];
            for (size_t j = 0; j < JUDGES; j++)
                six[j] = pts[r][j][k];
            fig[r] += middle_four(six);
        }
        if (fabs(res->rows[r].score - fig[r]) > 1e-9)
            fail_msg("run %zu: %.4f, want %.4f", r, res->rows[r].score, fig[r]);
    }
    for (size_t r = 0; r < RUNS; r++)
        if (res->rows[r].rank != rank_of(fig, r))
            fail_msg("run %zu (%.4f): rank %d, want %d", r, fig[r], res->rows[r].rank,
                     rank_of(fig, r));
    /* by hand: run 20 gives every judge 30 and 30 on the first two points and
     * 0 1 2 3 4 30 on the third: 30 + 30 + (1 + 2 + 3 + 4) / 4 */
    assert_true(fabs(res->rows[20].score - 62.5) < 1e-9);
    /* two values of each point dropped per run: 2 x 3 points over the judges */
    for (size_t r = 0; r < RUNS; r++) {
        size_t n = 0;
        for (size_t e = 0; e < RUNS * JUDGES; e++)
            n += entries[e].pack == r ? res->points_dropped[e] : 0;
        assert_int_equal(n, 2 * POINTS);
    }
    rank_result_free(&res);
}

/* kit.json without tie_breaks: none; an explicit list is the kit's. */
static void test_no_default_tie_break(void **state)
{
    (void)state;
    struct rank_settings s;
    rank_settings_default(&s);
    assert_false(s.spread_tie_break);
    assert_int_equal(s.n_tie_breaks, 0);
    const char *kit = "{\"aggregation\":{\"method\":\"trimmed_mean\",\"trim\":1}}";
    struct jury_error err = {0};
    assert_int_equal(rank_settings_from_kit_json(&s, kit, strlen(kit), "kit.json", &err), 0);
    assert_false(s.spread_tie_break);
    const char *named = "{\"aggregation\":{\"tie_breaks\":[\"1.1\",\"spread\"]}}";
    assert_int_equal(rank_settings_from_kit_json(&s, named, strlen(named), "kit.json", &err), 0);
    assert_true(s.spread_tie_break);
    assert_int_equal(s.n_tie_breaks, 1);
    /* trimming per observation point as an option beside the method */
    const char *per = "{\"aggregation\":{\"method\":\"trimmed_mean\",\"trim_per\":\"point\"}}";
    assert_int_equal(rank_settings_from_kit_json(&s, per, strlen(per), "kit.json", &err), 0);
    assert_int_equal(s.agg, RANK_AGG_POINT_TRIMMED);
    assert_int_equal(rank_settings_set_trim_per(&s, "total", &err), 0);
    assert_int_equal(s.agg, RANK_AGG_TRIMMED);
    assert_int_not_equal(rank_settings_set_trim_per(&s, "judge", &err), 0);
    assert_int_equal(rank_settings_set_method(&s, "median", &err), 0);
    assert_int_not_equal(rank_settings_set_trim_per(&s, "point", &err), 0);
    /* bootstrap and seed never make a what-if; the method does */
    struct rank_settings a, b;
    rank_settings_default(&a);
    b = a;
    b.bootstrap = 50, b.seed = 3, b.intervals = true;
    assert_false(rank_settings_differ(&a, &b));
    assert_int_equal(rank_settings_set_method(&b, "median", &err), 0);
    assert_true(rank_settings_differ(&a, &b));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_middle_four_and_shared_ranks),
        cmocka_unit_test(test_point_trimming),
        cmocka_unit_test(test_no_default_tie_break),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
