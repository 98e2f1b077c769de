/* test_decide_merge.c - panel decisions on real signed sheets: the calibration
 * round (offsets from the merged database; calibration packs out of the
 * ranking), a re-review round trip (reopen with a reason, a new sheet, the
 * merge takes it as a revision and keeps the old values), the method kept
 * and its change logged, and report.pdf holding every sheet's SHA-256. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/store/store.h"
#include "db/merge/merge.h"
#include "report/report.h"
#include "packs/pack.h"

static char dir[256];

static char *path_in(const char *name)
{
    return jury_path_join(dir, name);
}

static struct checklist *make_checklist(void)
{
    struct checklist *cl = checklist_new();
    cl->id = jury_xstrdup("t-rules");
    struct cl_indicator a = {.id = "1.1", .text = "团队", .depth = 1, .parent = -1};
    a.scored = true, a.max = 10, a.mode = CL_POINTS, a.step = 0.5;
    checklist_add_indicator(cl, &a);
    struct cl_indicator b = {.id = "1.2", .text = "成果", .depth = 1, .parent = -1};
    b.scored = true, b.max = 90, b.mode = CL_POINTS, b.step = 0.5;
    checklist_add_indicator(cl, &b);
    checklist_add_veto(cl, "V1", "剽窃");
    return cl;
}

static const char *const ids[] = {"r1", "r2", "r3"};
static const char *const names[] = {"张三", "李四", "王五"};

/* Totals (1.1 + 1.2): P1 spreads 90 - 60 = 30 > 20, so it is queued for
 * 复议; K1 is the calibration pack (mean 80: offsets -10, 0, +10). */
static const double points[3][3][2] = {
    /* P1        P2        K1 */
    {{6, 54}, {8, 72}, {7, 63}},
    {{9, 81}, {8, 70}, {8, 72}},
    {{8, 80}, {7, 68}, {9, 81}},
};
static const char *const packs[] = {"P1", "P2", "K1"};

static void set_pair(struct store *s, const struct checklist *cl, const char *pack, double a,
                     double b)
{
    struct jury_error err = {0};
    char x[32], y[32];
    snprintf(x, sizeof x, "%g", a);
    snprintf(y, sizeof y, "%g", b);
    assert_int_equal(store_set_score(s, cl, pack, "1.1", x, NULL, &err), 0);
    assert_int_equal(store_set_score(s, cl, pack, "1.2", y, NULL, &err), 0);
}

static struct store *open_store(size_t r)
{
    char name[32];
    snprintf(name, sizeof name, "%s.sqlite", ids[r]);
    char *path = path_in(name);
    struct store *s = NULL;
    struct jury_error err = {0};
    assert_int_equal(store_open(&s, path, &err), 0);
    assert_int_equal(store_set_identity(s, "kit1", ids[r], names[r], "A", &err), 0);
    char sha[65];
    jury_sha256_hex("rules", 5, sha);
    assert_int_equal(store_add_ruleset(s, "t-rules", sha, &err), 0);
    free(path);
    return s;
}

static char *export(struct store *s, size_t r, const char *name)
{
    unsigned char sk[64];
    struct jury_error err = {0};
    assert_int_equal(keys_load_secret(ids[r], sk, &err), 0);
    char *out = path_in(name);
    assert_int_equal(store_export(s, sk, out, &err), 0);
    return out;
}

static char *roster;
static char *sheets[3];

static int setup(void **state)
{
    snprintf(dir, sizeof dir, "/tmp/jury-test-decide-XXXXXX");
    assert_non_null(mkdtemp(dir));
    setenv("JURY_HOME", dir, 1);
    struct jury_error err = {0};
    struct jstr csv = {0};
    jstr_add(&csv, "reviewer_id,name,panel,affiliation,public_key\n");
    for (size_t i = 0; i < 3; i++) {
        char *line = NULL;
        assert_int_equal(keys_generate(ids[i], names[i], "A", "", &line, &err), 0);
        jstr_addf(&csv, "%s\n", line);
        free(line);
    }
    roster = path_in("roster.csv");
    assert_int_equal(jury_write_file_atomic(roster, csv.s, csv.len, 0644, &err), 0);
    jstr_free(&csv);
    struct checklist *cl = make_checklist();
    for (size_t r = 0; r < 3; r++) {
        struct store *s = open_store(r);
        for (size_t p = 0; p < 3; p++) {
            assert_int_equal(store_add_pack(s, packs[p], packs[p], "t1", "t-rules", &err), 0);
            set_pair(s, cl, packs[p], points[r][p][0], points[r][p][1]);
            assert_int_equal(store_confirm(s, cl, packs[p], "V1", false, &err), 0);
            assert_int_equal(store_submit_decided(s, cl, packs[p], NULL, 0, &err), 0);
        }
        char name[32];
        snprintf(name, sizeof name, "%s.jury", ids[r]);
        sheets[r] = export(s, r, name);
        store_close(&s);
    }
    checklist_free(&cl);
    return 0;
}

static int teardown(void **state)
{
    for (int i = 0; i < 3; i++)
        free(sheets[i]);
    free(roster);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static struct merge *merged(const char *name)
{
    char *out = path_in(name);
    struct merge *m = NULL;
    struct roster *ro = NULL;
    struct jury_error err = {0};
    assert_int_equal(roster_load(roster, &ro, &err), 0);
    assert_int_equal(merge_open(&m, out, &err), 0);
    assert_int_equal(merge_add_roster(m, ro, "r2", &err), 0);
    for (size_t r = 0; r < 3; r++) {
        struct merge_sheet_report rep;
        if (merge_import_file(m, sheets[r], ro, "kit1", false, &rep, &err) != 0)
            fail_msg("%s: %s", sheets[r], err.message);
    }
    const char *calib[] = {"K1"};
    assert_int_equal(merge_set_calibration(m, calib, 1, &err), 0);
    roster_free(&ro);
    free(out);
    return m;
}

static struct merge_ranking *ranked(struct merge *m, const char *method)
{
    struct rank_settings s;
    rank_settings_default(&s);
    s.bootstrap = 0;
    struct jury_error err = {0};
    assert_int_equal(rank_settings_set_method(&s, method, &err), 0);
    struct merge_ranking *r = NULL;
    if (merge_rank(m, &s, MERGE_RANK_DETAILS, &r, &err) != 0)
        fail_msg("merge_rank: %s", err.message);
    if (merge_rank_adopt(m, r, &err) != 0) /* as `jury rank --official` does */
        fail_msg("merge_rank_adopt: %s", err.message);
    return r;
}

/* K1 is out of the ranking; calibration offsets against the panel mean
 * 80 (70, 80, 90): r1 -10, r2 0, r3 +10, each from one pack (spread 0). */
static void test_calibration_round(void **state)
{
    struct merge *m = merged("calib");
    struct merge_ranking *r = ranked(m, "mean");
    assert_int_equal(r->in.n_packs, 2);
    for (size_t p = 0; p < r->in.n_packs; p++)
        assert_string_not_equal(r->in.packs[p].id, "K1");
    merge_ranking_free(&r);
    struct calib_report *c = NULL;
    struct jury_error err = {0};
    assert_int_equal(merge_calibration(m, &c, &err), 0);
    assert_int_equal(c->n_packs, 1);
    assert_string_equal(c->packs[0], "K1");
    assert_int_equal(c->n_rows, 3);
    double want[] = {-10, 0, 10};
    for (size_t i = 0; i < 3; i++) {
        assert_string_equal(c->reviewer_ids[i], ids[i]);
        assert_int_equal(c->rows[i].n_packs, 1);
        assert_true(fabs(c->rows[i].offset - want[i]) < 1e-9);
        assert_true(fabs(c->rows[i].spread) < 1e-9);
    }
    calib_report_free(&c);
    merge_close(&m);
}

static bool pdf_has(const struct extract_result *x, const char *needle)
{
    for (size_t i = 0; i < x->n_pages; i++)
        if (strstr(x->pages[i].text, needle))
            return true;
    return false;
}

/* P1 (60, 90, 88) is queued. r1 reopens it with a reason and gives 6 + 80
 * = 86; the new sheet is a revision, not a conflict: P1's mean goes from
 * 238/3 = 79.33 to 264/3 = 88, and the revision keeps 60 -> 86 and the
 * reason. Then the chair switches to Borda: the change is logged, and the
 * PDF holds every sheet's SHA-256. */
static void test_rereview_round_trip(void **state)
{
    struct merge *m = merged("rereview");
    struct merge_ranking *r = ranked(m, "mean");
    assert_null(r->decide->previous_method); /* the first method */
    assert_int_equal(r->decide->n_queue, 1);
    assert_string_equal(r->decide->queue[0].pack, "P1");
    assert_false(r->decide->queue[0].revised);
    merge_ranking_free(&r);

    struct jury_error err = {0};
    struct checklist *cl = make_checklist();
    struct store *s = open_store(0);
    assert_int_equal(store_reopen(s, "P1", "复核：漏看了佐证材料", &err), 0);
    set_pair(s, cl, "P1", 6, 80);
    assert_int_equal(store_submit_decided(s, cl, "P1", NULL, 0, &err), 0);
    char *again = export(s, 0, "r1-revised.jury");
    store_close(&s);
    checklist_free(&cl);

    struct roster *ro = NULL;
    assert_int_equal(roster_load(roster, &ro, &err), 0);
    struct merge_sheet_report rep;
    assert_int_equal(merge_import_file(m, again, ro, "kit1", false, &rep, &err), 0);
    assert_int_equal(rep.n_conflicts, 0);
    assert_int_equal(rep.n_replaced, 1);
    roster_free(&ro);

    r = ranked(m, "mean");
    assert_null(r->decide->previous_method);
    assert_int_equal(r->decide->n_revisions, 1);
    const struct requeue_revision *v = &r->decide->revisions[0];
    assert_string_equal(v->reviewer, "r1");
    assert_string_equal(v->pack, "P1");
    assert_string_equal(v->reason, "复核：漏看了佐证材料");
    assert_true(fabs(v->old_total - 60) < 1e-9 && fabs(v->new_total - 86) < 1e-9);
    assert_true(r->decide->queue[0].revised);
    for (size_t p = 0; p < r->in.n_packs; p++)
        if (strcmp(r->in.packs[p].id, "P1") == 0)
            assert_true(fabs(r->result->rows[p].score - 88) < 1e-9);
    char *md = decide_report_text(r, r->decide);
    assert_non_null(strstr(md, "60.00 → 86.00"));
    free(md);
    merge_ranking_free(&r);

    /* another method: recorded, and the report names the one replaced */
    r = ranked(m, "borda");
    assert_string_equal(r->method, "borda");
    assert_non_null(r->decide->previous_method);
    assert_string_equal(r->decide->previous_method, "mean");
    assert_int_equal(r->decide->methods->official, DECIDE_BORDA);
    char *text = decide_report_text(r, r->decide);
    assert_non_null(strstr(text, "由 mean 改为 borda"));
    char *pdf = path_in("report.pdf");
    struct pdf_report_info info;
    if (pdf_report_write(text, pdf, &info, &err) != 0)
        fail_msg("%s", err.message);
    free(text);
    char *data = NULL;
    size_t len = 0;
    assert_int_equal(jury_read_file(pdf, 64u << 20, &data, &len, &err), 0);
    struct extract_result *x = NULL;
    assert_int_equal(extract_buffer("report.pdf", data, len, NULL, &x, &err), 0);
    const char *all[] = {sheets[0], sheets[1], sheets[2], again};
    for (size_t i = 0; i < 4; i++) {
        char hex[65];
        assert_int_equal(jury_sha256_file_hex(all[i], hex, &err), 0);
        if (!pdf_has(x, hex))
            fail_msg("sheet hash %s not in report.pdf", hex);
    }
    /* the reviewer's reason as typed: the subset font's cmap holds only the
     * code points used, so no ideograph comes back as a compatibility form */
    assert_true(pdf_has(x, "复核：漏看了佐证材料"));
    assert_true(pdf_has(x, "60.00 → 86.00"));
    extract_result_free(&x);
    free(data);
    free(pdf);
    /* report.md and report.html carry the decisions and the method */
    char *out = path_in("rereview");
    assert_int_equal(report_write_all(r, out, NULL, &err), 0);
    char *mdp = jury_path_join(out, "report.md");
    assert_int_equal(jury_read_file(mdp, 1 << 20, &data, &len, &err), 0);
    assert_non_null(strstr(data, "否决与资格表决 (veto and eligibility votes)"));
    assert_non_null(strstr(data, "borda\\*")); /* the official column (Markdown-escaped) */
    assert_non_null(strstr(data, "由 mean 改为 borda"));
    free(data);
    free(mdp);
    free(out);
    merge_ranking_free(&r);
    free(again);
    merge_close(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_calibration_round),
        cmocka_unit_test(test_rereview_round_trip),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
