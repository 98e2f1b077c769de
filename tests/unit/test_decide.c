/* test_decide.c - panel decisions over plain arrays: veto votes
 * (majority, any, chair, ties), NIH-style percentiles, Borda, Schulze
 * (including a Condorcet cycle), the sensitivity table, calibration offsets,
 * and the sample kit's kit.json. Every expected value is worked out in the
 * comment beside it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/merge/merge.h"

static void near(double got, double want, double eps, const char *what)
{
    if (!(fabs(got - want) <= eps))
        fail_msg("%s: got %.9f, want %.9f", what, got, want);
}

#define MAXE 96
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
    f->s.agg = RANK_AGG_MEAN;
    f->s.bootstrap = 0;
}

static struct rank_entry *fx_add(struct fx *f, size_t pack, size_t rev, double total)
{
    assert_true(f->in.n_entries < MAXE);
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

static struct decide_methods *fx_methods(struct fx *f, struct rank_result *r,
                                         enum decide_method official, unsigned threshold)
{
    struct decide_methods *d = NULL;
    struct jury_error err = {0};
    assert_int_equal(decide_methods_compute(&f->in, r, official, threshold, &d, &err), 0);
    return d;
}

static int rank_under(const struct decide_methods *d, enum decide_method m, size_t p)
{
    return d->rank[(size_t)m * d->n_packs + p];
}

static double score_under(const struct decide_methods *d, enum decide_method m, size_t p)
{
    return d->score[(size_t)m * d->n_packs + p];
}

/* NIH-style P = 100 (r - 0.5) / n, ascending ranks with ties averaged.
 * 90 80 70 70: ascending ranks 4, 3, 1.5, 1.5 of n = 4 ->
 *   100 * 3.5/4 = 87.5, 100 * 2.5/4 = 62.5, 100 * 1/4 = 25, 25.
 * 60 50: ranks 2, 1 of n = 2 -> 100 * 1.5/2 = 75, 100 * 0.5/2 = 25.
 * One value: rank 1 of 1 -> 50. */
static void test_percentile_formula(void **state)
{
    double out[4];
    decide_percentiles((double[]){90, 80, 70, 70}, 4, out);
    near(out[0], 87.5, 1e-12, "90 of 4");
    near(out[1], 62.5, 1e-12, "80 of 4");
    near(out[2], 25, 1e-12, "70 (tied) of 4");
    near(out[3], 25, 1e-12, "70 (tied) of 4");
    decide_percentiles((double[]){60, 50}, 2, out);
    near(out[0], 75, 1e-12, "60 of 2");
    near(out[1], 25, 1e-12, "50 of 2");
    decide_percentiles((double[]){42}, 1, out);
    near(out[0], 50, 1e-12, "alone");
}

/* Two panels scoring disjoint packs of one task. Panel X (r1, r2, lenient)
 * gives A 90, B 80, C 70, D 70; panel Y (r3, r4, harsh) gives E 60, F 50
 * (both reviewers of a panel agree, so every spread is 0).
 * Mean: A 90 (1), B 80 (2), C = D 70 (3, 3), E 60 (5), F 50 (6).
 * Percentile (worked above): A 87.5 (1), E 75 (2), B 62.5 (3), C = D = F 25
 * (4, 4, 4). With mean official and threshold 2, E moves 5 -> 2 (3 places):
 * listed; B moves 2 -> 3 and F 6 -> 4 (2 places): not listed. */
static void test_percentile_across_panels_and_sensitivity(void **state)
{
    struct fx f;
    fx_init(&f, 6, 4);
    f.revs[2].panel = f.revs[3].panel = "P2";
    double x[] = {90, 80, 70, 70}, y[] = {60, 50};
    for (size_t p = 0; p < 4; p++)
        for (size_t r = 0; r < 2; r++)
            fx_add(&f, p, r, x[p]);
    for (size_t p = 0; p < 2; p++)
        for (size_t r = 2; r < 4; r++)
            fx_add(&f, 4 + p, r, y[p]);
    struct rank_result *res = fx_rank(&f);
    struct decide_methods *d = fx_methods(&f, res, DECIDE_MEAN, 2);
    int want_mean[] = {1, 2, 3, 3, 5, 6}, want_pc[] = {1, 3, 4, 4, 2, 4};
    double pc[] = {87.5, 62.5, 25, 25, 75, 25};
    for (size_t p = 0; p < 6; p++) {
        assert_int_equal(rank_under(d, DECIDE_MEAN, p), want_mean[p]);
        assert_int_equal(rank_under(d, DECIDE_PERCENTILE, p), want_pc[p]);
        near(score_under(d, DECIDE_PERCENTILE, p), pc[p], 1e-9, "percentile score");
    }
    /* z-scores: r1 and r2 have mean 77.5, sd sqrt(68.75) = 8.29, so A is
     * +1.51, B +0.30, C and D -0.90; r3 and r4 have mean 55, sd 5, so E is
     * +1, F -1: A 1, E 2, B 3, C = D 4, F 6 */
    int want_z[] = {1, 3, 4, 4, 2, 6};
    for (size_t p = 0; p < 6; p++)
        assert_int_equal(rank_under(d, DECIDE_ZSCORE, p), want_z[p]);
    bool e_listed = false;
    for (size_t i = 0; i < d->n_shifts; i++) {
        const struct decide_shift *s = &d->shifts[i];
        assert_true(abs(s->official_rank - s->other_rank) > 2);
        assert_int_not_equal(s->method, DECIDE_MEAN);
        if (s->pack == 4 && s->method == DECIDE_PERCENTILE) {
            e_listed = true;
            assert_int_equal(s->official_rank, 5);
            assert_int_equal(s->other_rank, 2);
        }
        assert_true(s->pack != 1 || s->method != DECIDE_PERCENTILE); /* B: 2 places */
    }
    assert_true(e_listed);
    decide_methods_free(&d);
    assert_null(d);
    /* a wider threshold lists nothing from the percentile column for E */
    d = fx_methods(&f, res, DECIDE_MEAN, 3);
    for (size_t i = 0; i < d->n_shifts; i++)
        assert_true(d->shifts[i].method != DECIDE_PERCENTILE);
    decide_methods_free(&d);
    rank_result_free(&res);
}

/* Borda with reviewers who scored different numbers of packs:
 *   r1: A 90, B 80, C 70 -> k = 3, points (r - 1)/(k - 1): A 1, B 0.5, C 0
 *   r2: A 60, B 70       -> k = 2: A 0, B 1
 *   r3: C 85             -> k = 1: C 0.5 (says nothing)
 * Borda = 100 * mean of points: A (1 + 0)/2 = 50, B (0.5 + 1)/2 = 75,
 * C (0 + 0.5)/2 = 25 -> B 1, A 2, C 3. Mean: C (70 + 85)/2 = 77.5 first,
 * A = B = 75. */
static void test_borda(void **state)
{
    struct fx f;
    fx_init(&f, 3, 3);
    fx_add(&f, 0, 0, 90);
    fx_add(&f, 1, 0, 80);
    fx_add(&f, 2, 0, 70);
    fx_add(&f, 0, 1, 60);
    fx_add(&f, 1, 1, 70);
    fx_add(&f, 2, 2, 85);
    f.s.spread_tie_break = false;
    struct rank_result *res = fx_rank(&f);
    struct decide_methods *d = fx_methods(&f, res, DECIDE_MEAN, 2);
    near(score_under(d, DECIDE_BORDA, 0), 50, 1e-9, "Borda A");
    near(score_under(d, DECIDE_BORDA, 1), 75, 1e-9, "Borda B");
    near(score_under(d, DECIDE_BORDA, 2), 25, 1e-9, "Borda C");
    assert_int_equal(rank_under(d, DECIDE_BORDA, 1), 1);
    assert_int_equal(rank_under(d, DECIDE_BORDA, 0), 2);
    assert_int_equal(rank_under(d, DECIDE_BORDA, 2), 3);
    assert_int_equal(rank_under(d, DECIDE_MEAN, 2), 1);
    assert_int_equal(rank_under(d, DECIDE_MEAN, 0), 2);
    assert_int_equal(rank_under(d, DECIDE_MEAN, 1), 2);
    decide_methods_free(&d);
    rank_result_free(&res);
}

/* Schulze on a Condorcet cycle that strengths resolve. Seven reviewers:
 *   3 x A > B > C (90 80 70), 2 x B > C > A, 2 x C > A > B.
 * d[A][B] = 3 + 2 = 5, d[B][A] = 2; d[B][C] = 3 + 2 = 5, d[C][B] = 2;
 * d[C][A] = 2 + 2 = 4, d[A][C] = 3: a cycle A > B > C > A.
 * Strongest paths: p[A][C] = min(5, 5) = 5 > p[C][A] = 4 -> A beats C;
 * p[B][A] = min(p[B][C] 5, p[C][A] 4) = 4 < p[A][B] = 5 -> A beats B;
 * p[C][B] = min(p[C][A] 4, p[A][B] 5) = 4 < p[B][C] = 5 -> B beats C.
 * Wins A 2, B 1, C 0: ranks A 1, B 2, C 3 (the weakest link C > A drops).
 *
 * A pure cycle: three reviewers A > B > C, B > C > A, C > A > B: every d is 2
 * against 1, every strongest path is 2 both ways, nobody beats anybody: all
 * three rank 1 (spreads are equal, 20 each, so no tie-break separates them). */
static void test_schulze(void **state)
{
    struct fx f;
    fx_init(&f, 3, 7);
    double orders[3][3] = {{90, 80, 70}, {70, 90, 80}, {80, 70, 90}}; /* A B C */
    size_t who[7] = {0, 0, 0, 1, 1, 2, 2};
    for (size_t r = 0; r < 7; r++)
        for (size_t p = 0; p < 3; p++)
            fx_add(&f, p, r, orders[who[r]][p]);
    struct rank_result *res = fx_rank(&f);
    struct decide_methods *d = fx_methods(&f, res, DECIDE_MEAN, 2);
    near(score_under(d, DECIDE_SCHULZE, 0), 2, 0, "A beats 2");
    near(score_under(d, DECIDE_SCHULZE, 1), 1, 0, "B beats 1");
    near(score_under(d, DECIDE_SCHULZE, 2), 0, 0, "C beats 0");
    assert_int_equal(rank_under(d, DECIDE_SCHULZE, 0), 1);
    assert_int_equal(rank_under(d, DECIDE_SCHULZE, 1), 2);
    assert_int_equal(rank_under(d, DECIDE_SCHULZE, 2), 3);
    decide_methods_free(&d);
    rank_result_free(&res);

    fx_init(&f, 3, 3);
    for (size_t r = 0; r < 3; r++)
        for (size_t p = 0; p < 3; p++)
            fx_add(&f, p, r, orders[r][p]);
    res = fx_rank(&f);
    d = fx_methods(&f, res, DECIDE_MEAN, 2);
    for (size_t p = 0; p < 3; p++) {
        near(score_under(d, DECIDE_SCHULZE, p), 0, 0, "cycle: no wins");
        assert_int_equal(rank_under(d, DECIDE_SCHULZE, p), 1);
        assert_int_equal(rank_under(d, DECIDE_BORDA, p), 1); /* 1 + 0.5 + 0: 50 each */
    }
    decide_methods_free(&d);
    /* Schulze as the official method: the result's ranks become Schulze's */
    struct jury_error err = {0};
    assert_int_equal(decide_apply_official(&f.in, res, DECIDE_SCHULZE, &err), 0);
    for (size_t p = 0; p < 3; p++) {
        assert_int_equal(res->rows[p].rank, 1);
        assert_true(res->rows[p].flags & RANK_FLAG_TIE);
    }
    rank_result_free(&res);
}

/* The vote tables. Five reviewers, r1 the chair.
 *   A: 3 of 5 yes -> majority carries, split (2 said no)
 *   B: 2 of 5 yes -> stays, split: listed for the chair
 *   C: 2 of 4 yes, the chair among them -> tie, the chair's yes carries
 *   D: 2 of 4 yes, the chair said no -> tie, stays
 *   E: 1 of 4 yes with r5 recused (回避): abstain 1; majority: stays;
 *      under "any" it carries. */
static void test_votes(void **state)
{
    struct fx f;
    fx_init(&f, 5, 5);
    f.revs[0].chair = true;
    for (size_t k = 0; k < 5; k++) {
        fx_add(&f, 0, k, 80)->veto = k < 3;
        fx_add(&f, 1, k, 80)->veto = k >= 3;
    }
    for (size_t k = 0; k < 4; k++) {
        fx_add(&f, 2, k, 70)->veto = k < 2;
        fx_add(&f, 3, k, 70)->veto = k >= 2;
        fx_add(&f, 4, k, 75)->veto = k == 3;
    }
    struct merge_note coi = {.reviewer = "r5", .pack = "E", .text = "本单位"};
    struct merge_ranking r = {.in = f.in, .cois = &coi, .n_cois = 1};
    r.result = fx_rank(&f);
    struct decide_vote *v = NULL;
    size_t n = 0;
    struct jury_error err = {0};
    assert_int_equal(decide_votes(&r, &v, &n, &err), 0);
    assert_int_equal(n, 5);
    struct decide_vote by_pack[5];
    for (size_t i = 0; i < n; i++)
        by_pack[v[i].pack] = v[i];
    free(v);
    assert_true(by_pack[0].yes == 3 && by_pack[0].no == 2 && by_pack[0].carried);
    assert_true(by_pack[0].split && !by_pack[0].chair_tie);
    assert_true(by_pack[1].yes == 2 && by_pack[1].no == 3 && !by_pack[1].carried);
    assert_true(by_pack[1].split);
    assert_true(by_pack[2].carried && by_pack[2].chair_tie);
    assert_true(!by_pack[3].carried && by_pack[3].chair_tie);
    assert_true(by_pack[4].yes == 1 && by_pack[4].no == 3 && by_pack[4].abstain == 1);
    assert_false(by_pack[4].carried);
    assert_int_equal(by_pack[4].policy, RANK_VETO_MAJORITY);
    assert_string_equal(decide_policy_name(by_pack[4].policy), "majority");
    rank_result_free(&r.result);
    /* any single veto: every pack with a yes is out */
    f.s.veto_policy = RANK_VETO_ANY;
    r.result = fx_rank(&f);
    assert_int_equal(decide_votes(&r, &v, &n, &err), 0);
    for (size_t i = 0; i < n; i++) {
        assert_true(v[i].carried);
        assert_int_equal(v[i].policy, RANK_VETO_ANY);
    }
    free(v);
    rank_result_free(&r.result);
    /* a majority tie with no chair among the reviewers stays in */
    f.revs[0].chair = false;
    f.s.veto_policy = RANK_VETO_MAJORITY;
    r.result = fx_rank(&f);
    assert_false(r.result->rows[2].excluded);
    rank_result_free(&r.result);
}

/* Calibration: packs K1, K2 are calibration packs, L is live.
 *   K1: r1 80, r2 70, r3 60 -> panel mean 70 -> differences +10, 0, -10
 *   K2: r1 90, r2 70, r3 80 -> panel mean 80 -> +10, -10, 0
 * r1: offset (10 + 10)/2 = +10, spread sd(10, 10) = 0
 * r2: offset (0 - 10)/2 = -5, spread sd(0, -10) = 5
 * r3: offset (-10 + 0)/2 = -5, spread 5. L (99 from r1) is not used.
 * r4 (another panel) scored K1 alone: 50 against its own panel's mean 50:
 * offset 0, spread 0. */
static void test_calibration_offsets(void **state)
{
    struct fx f;
    fx_init(&f, 3, 4);
    f.revs[3].panel = "P2";
    double k1[] = {80, 70, 60}, k2[] = {90, 70, 80};
    for (size_t r = 0; r < 3; r++) {
        fx_add(&f, 0, r, k1[r]);
        fx_add(&f, 1, r, k2[r]);
    }
    fx_add(&f, 2, 0, 99);
    fx_add(&f, 0, 3, 50);
    bool is_calib[] = {true, true, false};
    struct calib_reviewer *c = NULL;
    size_t n = 0;
    struct jury_error err = {0};
    assert_int_equal(calib_compute(&f.in, is_calib, &c, &n, &err), 0);
    assert_int_equal(n, 4);
    double off[] = {10, -5, -5, 0}, sd[] = {0, 5, 5, 0};
    size_t packs[] = {2, 2, 2, 1};
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(c[i].reviewer, i);
        assert_int_equal(c[i].n_packs, packs[i]);
        near(c[i].offset, off[i], 1e-9, "offset");
        near(c[i].spread, sd[i], 1e-9, "spread");
    }
    free(c);
    const char *kit = "{\"calibration\": [\"packs/k1.zip\", \"k2.zip\", \"k3\"]}";
    char **names = NULL;
    assert_int_equal(calib_packs_from_kit_json(kit, strlen(kit), &names, &n, &err), 0);
    assert_int_equal(n, 3);
    assert_string_equal(names[0], "k1.zip"); /* the pack file name, as the merge knows it */
    assert_string_equal(names[1], "k2.zip");
    assert_string_equal(names[2], "k3");
    calib_packs_free(&names, n);
    assert_null(names);
    const char *bad = "{\"calibration\": \"k1.zip\"}";
    assert_int_equal(calib_packs_from_kit_json(bad, strlen(bad), &names, &n, &err),
                     JURY_ERR_FORMAT);
}

/* The sample kit's kit.json (method "trimmed_mean", a top-level veto_policy,
 * tie_breaks with an indicator and "spread") loads into the settings. */
static void test_sample_kit_json(void **state)
{
    const char *share = getenv("JURY_SHARE");
    assert_non_null(share);
    char *path = jury_path_join(share, "packs/samples/kit.json");
    char *json = NULL;
    size_t len = 0;
    struct jury_error err = {0};
    assert_int_equal(jury_read_file(path, 1 << 20, &json, &len, &err), 0);
    struct rank_settings s;
    rank_settings_default(&s);
    s.veto_policy = RANK_VETO_ANY; /* the kit's "majority" must replace it */
    if (rank_settings_from_kit_json(&s, json, len, path, &err) != 0)
        fail_msg("%s: %s", err.where, err.message);
    assert_int_equal(s.agg, RANK_AGG_TRIMMED);
    assert_int_equal(s.veto_policy, RANK_VETO_MAJORITY);
    assert_int_equal(s.n_tie_breaks, 1);
    assert_string_equal(s.tie_breaks[0], "1.1");
    assert_true(s.spread_tie_break);
    assert_int_equal(decide_method_of_settings(&s), DECIDE_TRIMMED);
    enum decide_method m;
    assert_int_equal(decide_method_parse("trimmed_mean", &m, &err), 0);
    assert_int_equal(m, DECIDE_TRIMMED);
    assert_int_equal(decide_method_parse("schulze", &m, &err), 0);
    assert_int_equal(m, DECIDE_SCHULZE);
    assert_int_equal(decide_method_parse("instant-runoff", &m, &err), JURY_ERR_INVALID);
    free(json);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_percentile_formula),
        cmocka_unit_test(test_percentile_across_panels_and_sensitivity),
        cmocka_unit_test(test_borda),
        cmocka_unit_test(test_schulze),
        cmocka_unit_test(test_votes),
        cmocka_unit_test(test_calibration_offsets),
        cmocka_unit_test(test_sample_kit_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
