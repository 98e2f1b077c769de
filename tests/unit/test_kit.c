/* test_kit.c - review kits: skeleton, reading, balanced conflict-free
 * assignment on generated rosters, seal and verify. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "packs/kit/kit.h"

static char *tmpdir(void)
{
    char t[] = "/tmp/jury-kit-XXXXXX";
    return strdup(mkdtemp(t));
}

static void rm_rf(const char *dir)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static void write_file(const char *dir, const char *name, const char *text)
{
    char *p = jury_path_join(dir, name);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    free(p);
}

static void test_init_and_open(void **state)
{
    struct jury_error err = {0};
    char *base = tmpdir();
    char *dir = jury_path_join(base, "Kit2026");
    const char *tasks[] = {"task1", "task4"};
    assert_int_equal(kit_init_id(dir, NULL, "省级评审 \"2026\"", tasks, 2, &err), 0);
    assert_int_equal(kit_init_id(dir, NULL, "again", tasks, 2, &err), JURY_ERR_DENIED);
    write_file(dir, "roster.csv",
               "reviewer_id,name,panel,affiliation,public_key\n"
               "r1,张三,A,常州工学院,\nr2,李四,B,,\n");
    write_file(dir, "assignments.csv", "reviewer_id,pack\nr1,a.zip\nr2,a.zip\nr1,b.zip\n");
    write_file(dir, "packs/b.zip", "x");
    write_file(dir, "packs/a.zip", "x");
    write_file(dir, "packs/notes.txt", "x");
    struct kit *k;
    assert_int_equal(kit_open(&k, dir, &err), 0);
    /* the folder's name and a random suffix: same-named folders, other ids */
    assert_int_equal(strncmp(k->id, "kit2026-", 8), 0);
    assert_int_equal(strlen(k->id), 16);
    assert_string_equal(k->name, "省级评审 \"2026\"");
    assert_int_equal(k->n_tasks, 2);
    assert_string_equal(k->tasks[1], "task4");
    assert_int_equal(k->n_packs, 2);
    assert_string_equal(k->packs[0], "a.zip");
    assert_int_equal(k->n_reviewers, 2);
    assert_string_equal(kit_reviewer(k, "r1")->affiliation, "常州工学院");
    size_t n;
    const char **mine = kit_reviewer_packs(k, "r1", &n);
    assert_int_equal(n, 2);
    free(mine);
    assert_non_null(strstr(k->json, "trimmed_mean"));
    kit_close(&k);
    assert_null(k);
    write_file(dir, "kit.json", "{\"id\": \n");
    assert_int_equal(kit_open(&k, dir, &err), JURY_ERR_FORMAT);
    assert_non_null(strstr(err.where, "kit.json"));
    assert_non_null(strstr(err.message, "line"));
    rm_rf(base);
    free(dir);
    free(base);
}

static void test_normalise(void **state)
{
    char *s = kit_normalise_org("常州 工学院（ＡＢＣ）");
    assert_string_equal(s, "常州工学院(abc)");
    free(s);
    s = kit_normalise_org("江苏某某科技有限责任公司");
    assert_string_equal(s, "江苏某某科技有限公司");
    free(s);
    assert_true(kit_org_conflict("江苏某某科技有限公司", "江苏某某科技 有限责任公司"));
    assert_true(kit_org_conflict("常州工学院", "常州市产教联合体（牵头：常州工学院）"));
    assert_false(kit_org_conflict("常州工学院", "常州大学"));
    assert_false(kit_org_conflict("学院", "某某学院")); /* too short to count as contained */
    assert_false(kit_org_conflict("", "某某学院"));
}

/* 100 packs, 23 reviewers in 3 panels, K = 5. */
struct gen {
    const char *applicant[100], *pack_panel[100], *rev_panel[23], *rev_aff[23];
    char names[100][64], affs[23][64];
};

static void make_roster(struct gen *g)
{
    static const char *panels[] = {"A", "B", "C"};
    for (size_t p = 0; p < 100; p++) {
        snprintf(g->names[p], sizeof g->names[p], "第%zu职业技术学院", p);
        g->applicant[p] = g->names[p];
        g->pack_panel[p] = panels[p % 3];
    }
    for (size_t r = 0; r < 23; r++) {
        /* every fourth reviewer works at an applicant of their own panel */
        snprintf(g->affs[r], sizeof g->affs[r], r % 4 == 0 ? "第%zu职业技术学院" : "某大学%zu",
                 r % 4 == 0 ? (r * 3 + r % 3) % 100 : r);
        g->rev_aff[r] = g->affs[r];
        g->rev_panel[r] = panels[r % 3];
    }
}

static void check_solution(const struct gen *g, const struct kit_assign_result *res, size_t k)
{
    assert_int_equal(res->cap, (100 * k + 22) / 23);
    size_t shortn = 0;
    for (size_t p = 0; p < 100; p++) {
        size_t have = 0;
        for (size_t r = 0; r < 23; r++) {
            if (!res->assigned[p * 23 + r])
                continue;
            have++;
            assert_string_equal(g->pack_panel[p], g->rev_panel[r]);
            assert_false(kit_org_conflict(g->rev_aff[r], g->applicant[p]));
        }
        if (have < k) {
            bool listed = false;
            for (size_t i = 0; i < res->n_short; i++)
                listed |= res->short_packs[i] == p;
            assert_true(listed);
            shortn++;
        }
    }
    assert_int_equal(shortn, res->n_short);
    for (size_t r = 0; r < 23; r++)
        assert_true(res->load[r] <= res->cap);
}

static void test_assign(void **state)
{
    struct gen g;
    make_roster(&g);
    struct jury_error err = {0};
    unsigned char forbidden[100 * 23] = {0};
    forbidden[5 * 23 + 2] = 1; /* conflicts.csv: reviewer 2 may not review pack 5 */
    struct kit_assign_input in = {.n_packs = 100,
                                  .n_reviewers = 23,
                                  .per_pack = 5,
                                  .seed = 42,
                                  .pack_applicant = g.applicant,
                                  .pack_panel = g.pack_panel,
                                  .reviewer_panel = g.rev_panel,
                                  .reviewer_aff = g.rev_aff,
                                  .forbidden = forbidden};
    struct kit_assign_result a, b;
    assert_int_equal(kit_assign_solve(&in, &a, &err), 0);
    check_solution(&g, &a, 5);
    assert_false(a.assigned[5 * 23 + 2]);
    assert_true(a.conflicts_avoided >= 1);
    /* Panel C has 33 packs but only 7 reviewers: 7 * cap(22) = 154 < 33 * 5 = 165, so
     * some of its packs must be reported short. */
    assert_true(a.n_short > 0);
    assert_int_equal(kit_assign_solve(&in, &b, &err), 0);
    assert_memory_equal(a.assigned, b.assigned, 100 * 23); /* deterministic for a seed */
    kit_assign_result_free(&b);
    in.seed = 43;
    assert_int_equal(kit_assign_solve(&in, &b, &err), 0);
    check_solution(&g, &b, 5);
    assert_memory_not_equal(a.assigned, b.assigned, 100 * 23);
    kit_assign_result_free(&a);
    kit_assign_result_free(&b);
    /* without panels everything fits */
    in.pack_panel = NULL;
    in.seed = 42;
    assert_int_equal(kit_assign_solve(&in, &a, &err), 0);
    assert_int_equal(a.n_short, 0);
    kit_assign_result_free(&a);
    in.n_reviewers = 0;
    assert_int_equal(kit_assign_solve(&in, &a, &err), JURY_ERR_INVALID);
}

static void test_seal_verify(void **state)
{
    struct jury_error err = {0};
    assert_int_equal(jury_crypto_init(&err), 0);
    unsigned char pk[32], sk[64], pk2[32], sk2[64];
    crypto_sign_keypair(pk, sk);
    crypto_sign_keypair(pk2, sk2);
    char *dir = tmpdir();
    const char *tasks[] = {"task1"};
    char *kit = jury_path_join(dir, "k");
    assert_int_equal(kit_init_id(kit, NULL, "k", tasks, 1, &err), 0);
    write_file(kit, "packs/a.zip", "pack a");
    struct kit_verify_report rep;
    assert_int_equal(kit_verify(kit, pk, &rep, &err), 0);
    assert_false(rep.sealed);
    assert_false(kit_verify_ok(&rep));
    kit_verify_report_free(&rep);
    assert_int_equal(kit_seal(kit, sk, &err), 0);
    assert_int_equal(kit_verify(kit, pk, &rep, &err), 0);
    assert_true(kit_verify_ok(&rep));
    kit_verify_report_free(&rep);
    /* another organiser's key is not trusted */
    assert_int_equal(kit_verify(kit, pk2, &rep, &err), 0);
    assert_true(rep.signature_ok);
    assert_false(rep.signer_trusted);
    kit_verify_report_free(&rep);
    /* added, removed, changed: each named */
    write_file(kit, "packs/extra.zip", "x");
    write_file(kit, "packs/a.zip", "pack A");
    char *ros = jury_path_join(kit, "roster.csv");
    unlink(ros);
    free(ros);
    assert_int_equal(kit_verify(kit, pk, &rep, &err), 0);
    assert_true(rep.signature_ok);
    assert_string_equal(jstr_cstr(&rep.added), "packs/extra.zip\n");
    assert_string_equal(jstr_cstr(&rep.changed), "packs/a.zip\n");
    assert_string_equal(jstr_cstr(&rep.removed), "roster.csv\n");
    assert_false(kit_verify_ok(&rep));
    kit_verify_report_free(&rep);
    /* re-sealed by another key: the signature is valid, the signer is not ours */
    assert_int_equal(kit_seal(kit, sk2, &err), 0);
    assert_int_equal(kit_verify(kit, pk, &rep, &err), 0);
    assert_true(rep.signature_ok);
    assert_false(rep.signer_trusted);
    kit_verify_report_free(&rep);
    /* a seal edited by hand no longer verifies */
    char *seal = jury_path_join(kit, "seal.json");
    char *text;
    size_t len;
    assert_int_equal(jury_read_file(seal, 1 << 20, &text, &len, &err), 0);
    char *h = strstr(text, "\"sha256\": \"");
    assert_non_null(h);
    h[11] = h[11] == '0' ? '1' : '0';
    assert_int_equal(jury_write_file_atomic(seal, text, len, 0644, &err), 0);
    assert_int_equal(kit_verify(kit, pk2, &rep, &err), 0);
    assert_false(rep.signature_ok);
    kit_verify_report_free(&rep);
    write_file(kit, "seal.json", "{not json");
    assert_int_equal(kit_verify(kit, pk2, &rep, &err), JURY_ERR_FORMAT);
    kit_verify_report_free(&rep);
    free(text);
    free(seal);
    rm_rf(dir);
    free(kit);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init_and_open),
        cmocka_unit_test(test_normalise),
        cmocka_unit_test(test_assign),
        cmocka_unit_test(test_seal_verify),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
