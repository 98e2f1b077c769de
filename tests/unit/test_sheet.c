/* test_sheet.c - reviewer keys, roster.csv, and signed score sheets: a good
 * sheet verifies and round-trips; every tampering is refused with its
 * reason. Real keys (libsodium), real SQLite stores, real files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db/store/store.h"

#include <jansson.h>
#include <sodium.h>

static char dir[256];
static char *roster_path;
static char *roster_line;

static char *tmp_path(const char *name)
{
    char *p = jury_path_join(dir, name);
    unlink(p);
    return p;
}

static struct checklist *make_checklist(void)
{
    struct checklist *cl = checklist_new();
    cl->id = jury_xstrdup("t-rules");
    struct cl_indicator a = {.id = "1.1",
                             .text = "团队",
                             .depth = 1,
                             .parent = -1,
                             .scored = true,
                             .max = 10,
                             .mode = CL_POINTS,
                             .step = 0.5};
    checklist_add_indicator(cl, &a);
    struct cl_indicator b = {.id = "1.2",
                             .text = "条件",
                             .depth = 1,
                             .parent = -1,
                             .scored = true,
                             .max = 10,
                             .mode = CL_LEVELS};
    size_t i = checklist_add_indicator(cl, &b);
    checklist_add_level(cl, i, "优", 1.0, NULL);
    checklist_add_level(cl, i, "良", 0.8, NULL);
    checklist_add_condition(cl, "C1", "近五年无违规", CL_COND_CONFIRM);
    checklist_add_veto(cl, "V1", "剽窃");
    checklist_add_deduction(cl, "D1", "超页", 5);
    return cl;
}

static int setup(void **state)
{
    snprintf(dir, sizeof dir, "/tmp/jury-test-sheet-XXXXXX");
    assert_non_null(mkdtemp(dir));
    setenv("JURY_HOME", dir, 1);
    struct jury_error err = {0};
    assert_int_equal(keys_generate("r1", "张三", "A", "某大学, 教务处", &roster_line, &err), 0);
    char *other = NULL;
    assert_int_equal(keys_generate("r2", "李四", "A", "", &other, &err), 0);
    free(other);
    roster_path = tmp_path("roster.csv");
    FILE *f = fopen(roster_path, "wb");
    fprintf(f, "\xEF\xBB\xBFreviewer_id,name,panel,affiliation,public_key\r\n%s\r\n", roster_line);
    fclose(f);
    return 0;
}

static int teardown(void **state)
{
    free(roster_path);
    free(roster_line);
    return 0;
}

static void test_keys(void **state)
{
    struct jury_error err = {0};
    char *line = NULL;
    assert_int_equal(keys_generate("r1", "x", "A", "", &line, &err), JURY_ERR_DENIED);
    assert_null(line);
    assert_int_equal(keys_generate("../evil", "x", "A", "", &line, &err), JURY_ERR_INVALID);
    struct stat sb;
    char *kp = jury_path_join(dir, "keys/r1.key");
    assert_int_equal(stat(kp, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    free(kp);
    assert_non_null(strstr(roster_line, "\"某大学, 教务处\""));
    unsigned char sk[64];
    assert_int_equal(keys_load_secret("r1", sk, &err), 0);
    assert_int_equal(keys_load_secret("nobody", sk, &err), JURY_ERR_NOTFOUND);
    struct roster *r = NULL;
    assert_int_equal(roster_load(roster_path, &r, &err), 0);
    assert_int_equal(r->n, 1);
    assert_string_equal(r->entries[0].name, "张三");
    assert_string_equal(r->entries[0].affiliation, "某大学, 教务处");
    struct roster_entry pub;
    assert_int_equal(keys_load_public("r1", &pub, &err), 0);
    assert_memory_equal(pub.pk, r->entries[0].pk, 32);
    roster_entry_clear(&pub);
    roster_free(&r);
    char **ids = NULL;
    size_t n = 0;
    assert_int_equal(keys_list(&ids, &n, &err), 0);
    assert_int_equal(n, 2);
    keys_list_free(&ids, n);
    /* a broken roster names its line */
    char *bad = tmp_path("bad.csv");
    FILE *f = fopen(bad, "wb");
    fputs("reviewer_id,name,panel,affiliation,public_key\nr9,x,A,,not-a-key\n", f);
    fclose(f);
    assert_int_equal(roster_load(bad, &r, &err), JURY_ERR_FORMAT);
    assert_non_null(strstr(err.where, ":2"));
    free(bad);
}

/* A store of reviewer r1 in kit1 with scores, a conflict and a submission. */
static struct store *make_store(const char *name)
{
    struct checklist *cl = make_checklist();
    char *path = tmp_path(name);
    struct store *s = NULL;
    struct jury_error err = {0};
    assert_int_equal(store_open(&s, path, &err), 0);
    assert_int_equal(store_set_identity(s, "kit1", "r1", "张三", "A", &err), 0);
    char sha[65];
    jury_sha256_hex("rules", 5, sha);
    assert_int_equal(store_add_ruleset(s, "t-rules", sha, &err), 0);
    jury_sha256_hex("P1.zip", 6, sha);
    assert_int_equal(store_add_pack_sha256(s, "P1", sha, "甲大学", "t1", "t-rules", &err), 0);
    assert_int_equal(store_add_pack(s, "P2", "乙大学", "t1", "t-rules", &err), 0);
    assert_int_equal(store_set_score(s, cl, "P1", "1.1", "7.5", "证据充分", &err), 0);
    assert_int_equal(store_set_score(s, cl, "P1", "1.2", "良", NULL, &err), 0);
    assert_int_equal(store_add_cite(s, cl, "P1", "1.1", "材料/团队.pdf", 4, &err), 0);
    assert_int_equal(store_confirm(s, cl, "P1", "C1", true, &err), 0);
    assert_int_equal(store_confirm(s, cl, "P1", "V1", false, &err), 0);
    assert_int_equal(store_set_deduction_reason(s, cl, "P1", "D1", 1, NULL, &err), 0);
    assert_int_equal(store_submit_decided(s, cl, "P1", NULL, 0, &err), 0);
    assert_int_equal(store_set_score(s, cl, "P2", "1.1", "9", "secret", &err), 0);
    assert_int_equal(store_declare_conflict(s, "P2", "曾在该校任职", &err), 0);
    free(path);
    checklist_free(&cl);
    return s;
}

static char *export(struct store *s, const char *name)
{
    unsigned char sk[64];
    struct jury_error err = {0};
    assert_int_equal(keys_load_secret("r1", sk, &err), 0);
    char *out = tmp_path(name);
    assert_int_equal(store_export(s, sk, out, &err), 0);
    return out;
}

static int verify(const char *path, const char *kit, struct jury_error *err)
{
    struct roster *r = NULL;
    assert_int_equal(roster_load(roster_path, &r, err), 0);
    struct sheet *sh = NULL;
    int rc = sheet_read_verified(path, r, kit, &sh, err);
    assert_true(rc == 0 ? sh != NULL : sh == NULL);
    sheet_free(&sh);
    roster_free(&r);
    return rc;
}

static void test_good_sheet(void **state)
{
    struct store *s = make_store("good.sqlite");
    char *path = export(s, "good.jury");
    struct roster *r = NULL;
    struct jury_error err = {0};
    assert_int_equal(roster_load(roster_path, &r, &err), 0);
    struct sheet *sh = NULL;
    assert_int_equal(sheet_read_verified(path, r, "kit1", &sh, &err), 0);
    assert_string_equal(sh->reviewer_id, "r1");
    assert_string_equal(sh->kit_id, "kit1");
    assert_int_equal(sh->n_packs, 2);
    const struct sheet_pack *p1 = &sh->packs[0], *p2 = &sh->packs[1];
    assert_int_equal(p1->state, STORE_SUBMITTED);
    assert_int_equal(p1->n_scores, 2);
    assert_string_equal(p1->scores[0].value, "7.5");
    assert_true(p1->scores[1].points > 7.99 && p1->scores[1].points < 8.01);
    assert_string_equal(p1->scores[0].cites[0].path, "材料/团队.pdf");
    assert_int_equal(p1->scores[0].cites[0].page, 4);
    assert_int_equal(p1->n_confirms, 2);
    assert_int_equal(p1->n_deductions, 1);
    char sha[65];
    jury_sha256_hex("P1.zip", 6, sha);
    assert_string_equal(p1->sha256, sha);
    assert_string_equal(p2->sha256, ""); /* unknown: no key in the sheet */
    assert_string_equal(p2->conflict, "曾在该校任职");
    assert_int_equal(p2->n_scores, 0);
    char head[65];
    assert_int_equal(store_audit_verify(s, head, NULL, &err), 0);
    assert_string_equal(sh->audit_head, head);
    /* the withheld score is nowhere in the file */
    char *data = NULL;
    size_t len = 0;
    assert_int_equal(jury_read_file(path, 1 << 20, &data, &len, &err), 0);
    assert_null(strstr(data, "secret"));
    free(data);
    /* a re-export of the same store has the same content apart from time */
    sheet_free(&sh);
    roster_free(&r);
    store_close(&s);
    free(path);
}

static void replace_in_file(const char *path, const char *from, const char *to)
{
    char *data = NULL;
    size_t len = 0;
    struct jury_error err = {0};
    assert_int_equal(jury_read_file(path, 1 << 20, &data, &len, &err), 0);
    char *at = strstr(data, from);
    assert_non_null(at);
    struct jstr out = {0};
    jstr_addn(&out, data, (size_t)(at - data));
    jstr_add(&out, to);
    jstr_add(&out, at + strlen(from));
    assert_int_equal(jury_write_file_atomic(path, out.s, out.len, 0644, &err), 0);
    jstr_free(&out);
    free(data);
}

static void test_tamper(void **state)
{
    struct store *s = make_store("tamper.sqlite");
    char *path = export(s, "t.jury");
    struct jury_error err = {0};
    assert_int_equal(verify(path, "kit1", &err), 0);
    /* another kit */
    assert_int_equal(verify(path, "kit2", &err), JURY_ERR_DENIED);
    assert_non_null(strstr(err.message, "another kit"));
    /* one byte changed inside the signed content */
    replace_in_file(path, "甲大学", "甲大孝");
    assert_int_equal(verify(path, NULL, &err), JURY_ERR_CORRUPT);
    assert_non_null(strstr(err.message, "bad signature"));
    /* the inner score edited with a text editor */
    free(export(s, "t.jury"));
    replace_in_file(path, "\\\"value\\\":\\\"7.5\\\"", "\\\"value\\\":\\\"9.5\\\"");
    assert_int_equal(verify(path, NULL, &err), JURY_ERR_CORRUPT);
    assert_non_null(strstr(err.message, "bad signature"));
    /* signed with a key not on the roster (r2's key, claiming to be r1) */
    struct sheet *sh = NULL;
    assert_int_equal(store_snapshot(s, &sh, &err), 0);
    unsigned char sk2[64], sk1[64];
    assert_int_equal(keys_load_secret("r2", sk2, &err), 0);
    assert_int_equal(keys_load_secret("r1", sk1, &err), 0);
    assert_int_equal(sheet_write(sh, sk2, path, &err), 0);
    assert_int_equal(verify(path, NULL, &err), JURY_ERR_DENIED);
    assert_non_null(strstr(err.message, "key not on the roster"));
    /* a reviewer who is not on the roster */
    free(sh->reviewer_id);
    sh->reviewer_id = jury_xstrdup("r2");
    assert_int_equal(sheet_write(sh, sk2, path, &err), 0);
    assert_int_equal(verify(path, NULL, &err), JURY_ERR_DENIED);
    assert_non_null(strstr(err.message, "not on the roster"));
    free(sh->reviewer_id);
    sh->reviewer_id = jury_xstrdup("r1");
    /* correctly signed but the audit head does not match the log */
    char saved = sh->audit_head[0];
    sh->audit_head[0] = saved == 'a' ? 'b' : 'a';
    assert_int_equal(sheet_write(sh, sk1, path, &err), 0);
    assert_int_equal(verify(path, NULL, &err), JURY_ERR_CORRUPT);
    assert_non_null(strstr(err.message, "inconsistent audit head"));
    sh->audit_head[0] = saved;
    /* correctly signed but a score differs from what the log says */
    free(sh->packs[0].scores[0].value);
    sh->packs[0].scores[0].value = jury_xstrdup("10");
    assert_int_equal(sheet_write(sh, sk1, path, &err), 0);
    assert_int_equal(verify(path, NULL, &err), JURY_ERR_CORRUPT);
    assert_non_null(strstr(err.message, "inconsistent audit log"));
    sheet_free(&sh);
    store_close(&s);
    free(path);
}

/* A signed sheet whose values disagree with its own audit log: each edit
 * of a store's snapshot, signed with the reviewer's own key, is refused
 * naming the value. */
static void edit_sheet(struct sheet *sh, int i)
{
    struct sheet_pack *p1 = &sh->packs[0], *p2 = &sh->packs[1];
    struct sheet_score *sc = &p1->scores[0];
    switch (i) {
    case 0:
        sc->points = 9.5;
        break;
    case 1:
        free(sc->comment);
        sc->comment = jury_xstrdup("改过");
        break;
    case 2:
        free(sc->comment);
        sc->comment = NULL;
        break;
    case 3:
        sc->cites[0].page = 5;
        break;
    case 4:
        sc->n_cites = 0;
        break;
    case 5:
        p1->confirms[0].yes = !p1->confirms[0].yes;
        break;
    case 6:
        p1->confirms[0].is_veto = !p1->confirms[0].is_veto;
        break;
    case 7:
        p1->deductions[0].value = -50;
        break;
    case 8:
        p1->n_deductions = 0;
        break;
    case 9:
        p1->state = STORE_IN_PROGRESS;
        break;
    case 10:
        free(p2->conflict);
        p2->conflict = NULL;
        break;
    case 11:
        free(p2->conflict);
        p2->conflict = jury_xstrdup("另一理由");
        break;
    case 12:
        free(p1->applicant);
        p1->applicant = jury_xstrdup("丙大学");
        break;
    case 13:
        p1->n_scores = 1;
        break;
    case 14:
        sh->n_packs = 1;
        break;
    case 15:
        free(sh->reviewer_name);
        sh->reviewer_name = jury_xstrdup("李四");
        break;
    case 16:
        sh->rulesets[0].sha256[0] = sh->rulesets[0].sha256[0] == 'a' ? 'b' : 'a';
        break;
    case 17:
        p2->state = STORE_SUBMITTED;
        break;
    default:
        break;
    }
}

static const char *const edit_reason[] = {
    "points of P1/1.1 is 9.5 but the log last gave it 7.5",
    "comment of P1/1.1",
    "comment of P1/1.1 is (none)",
    "citation P1/1.1 is 材料/团队.pdf:5",
    "cite P1/1.1 is (none)",
    "condition P1/C1",
    "veto P1/C1",
    "deduction P1/D1 is -50 but the log last gave it 1",
    "deduction P1/D1 is (none)",
    "state of P1 is in progress but the log last gave it submitted",
    "conflict of interest of P2 is (none)",
    "conflict of interest of P2 is 另一理由",
    "applicant, task, rule set or file hash of P1",
    "score P1/1.2 is (none)",
    "pack P2 is (none)",
    "reviewer field reviewer_name is 李四",
    "rule set t-rules",
    "state of P2 is submitted but the log last gave it in progress",
};

static void test_values_against_log(void **state)
{
    struct store *s = make_store("values.sqlite");
    char *path = tmp_path("values.jury");
    unsigned char sk[64];
    struct jury_error err = {0};
    assert_int_equal(keys_load_secret("r1", sk, &err), 0);
    for (int i = 0; i < (int)(sizeof edit_reason / sizeof edit_reason[0]); i++) {
        struct sheet *sh = NULL;
        assert_int_equal(store_snapshot(s, &sh, &err), 0);
        /* counts put back before freeing: the dropped items stay owned */
        size_t n_packs = sh->n_packs, n_scores = sh->packs[0].n_scores;
        size_t n_cites = sh->packs[0].scores[0].n_cites, n_ded = sh->packs[0].n_deductions;
        edit_sheet(sh, i);
        assert_int_equal(sheet_write(sh, sk, path, &err), 0);
        int rc = verify(path, "kit1", &err);
        if (rc != JURY_ERR_CORRUPT || !strstr(err.message, edit_reason[i]))
            print_error("edit %d: %d %s\n", i, rc, err.message);
        assert_int_equal(rc, JURY_ERR_CORRUPT);
        assert_non_null(strstr(err.message, "inconsistent audit log"));
        assert_non_null(strstr(err.message, edit_reason[i]));
        sh->n_packs = n_packs;
        sh->packs[0].n_scores = n_scores;
        sh->packs[0].scores[0].n_cites = n_cites;
        sh->packs[0].n_deductions = n_ded;
        sheet_free(&sh);
    }
    /* untouched, the same snapshot verifies */
    struct sheet *sh = NULL;
    assert_int_equal(store_snapshot(s, &sh, &err), 0);
    assert_int_equal(sheet_write(sh, sk, path, &err), 0);
    assert_int_equal(verify(path, "kit1", &err), 0);
    sheet_free(&sh);
    store_close(&s);
    free(path);
}

static void write_bytes(const char *path, const void *p, size_t n)
{
    struct jury_error err = {0};
    assert_int_equal(jury_write_file_atomic(path, p, n, 0644, &err), 0);
}

static void test_not_a_sheet(void **state)
{
    char *path = tmp_path("x.jury");
    struct jury_error err = {0};
    write_bytes(path, "PK\003\004\024\000\000\000", 8);
    assert_int_equal(verify(path, NULL, &err), JURY_ERR_FORMAT);
    assert_non_null(strstr(err.message, "zip"));
    unsigned char rnd[512];
    for (size_t i = 0; i < sizeof rnd; i++)
        rnd[i] = (unsigned char)(i * 131 + 7);
    write_bytes(path, rnd, sizeof rnd);
    assert_int_equal(verify(path, NULL, &err), JURY_ERR_FORMAT);
    assert_non_null(strstr(err.message, "not a jury score sheet"));
    write_bytes(path, "{\"a\":1}", 7);
    assert_int_equal(verify(path, NULL, &err), JURY_ERR_FORMAT);
    unlink(path);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_exec(db, "CREATE TABLE scores(x); INSERT INTO scores VALUES(1)", NULL, NULL, NULL);
    sqlite3_close(db);
    assert_int_equal(verify(path, NULL, &err), JURY_ERR_FORMAT);
    assert_non_null(strstr(err.message, "SQLite"));
    free(path);
}

/* ---- compatibility: the first sheets were written by jansson (compact,
 * sorted keys, %.10g reals). The same data made into JSON by jansson here
 * must be byte for byte what sheet_content_json writes, and such a sheet,
 * signed in jansson's envelope, must verify. */

static json_t *jstr_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *ref_pack(const struct sheet_pack *k)
{
    json_t *o = json_object(), *scores = json_array(), *conf = json_array(), *ded = json_array();
    for (size_t i = 0; i < k->n_scores; i++) {
        const struct sheet_score *sc = &k->scores[i];
        json_t *cites = json_array();
        for (size_t j = 0; j < sc->n_cites; j++)
            json_array_append_new(cites, json_pack("[s,i]", sc->cites[j].path, sc->cites[j].page));
        json_array_append_new(
            scores, json_pack("{s:o,s:o,s:s,s:f,s:o}", "cites", cites, "comment",
                              jstr_or_null(sc->comment), "indicator", sc->indicator, "points",
                              sc->value ? sc->points : 0.0, "value", jstr_or_null(sc->value)));
    }
    for (size_t i = 0; i < k->n_confirms; i++)
        json_array_append_new(conf, json_pack("{s:s,s:s,s:s}", "item", k->confirms[i].item, "kind",
                                              k->confirms[i].is_veto ? "veto" : "condition",
                                              "answer", k->confirms[i].yes ? "yes" : "no"));
    for (size_t i = 0; i < k->n_deductions; i++)
        json_array_append_new(ded, json_pack("{s:s,s:f}", "id", k->deductions[i].id, "value",
                                             k->deductions[i].value));
    json_object_set_new(o, "id", json_string(k->id));
    json_object_set_new(o, "applicant", jstr_or_null(k->applicant));
    json_object_set_new(o, "task", jstr_or_null(k->task));
    json_object_set_new(o, "ruleset", jstr_or_null(k->ruleset));
    json_object_set_new(o, "state",
                        json_string(k->state == STORE_SUBMITTED     ? "submitted"
                                    : k->state == STORE_IN_PROGRESS ? "in_progress"
                                                                    : "not_started"));
    json_object_set_new(o, "conflict", jstr_or_null(k->conflict));
    if (k->sha256[0])
        json_object_set_new(o, "sha256", json_string(k->sha256));
    json_object_set_new(o, "scores", scores);
    json_object_set_new(o, "confirms", conf);
    json_object_set_new(o, "deductions", ded);
    return o;
}

static char *ref_content(const struct sheet *sh)
{
    json_t *packs = json_array(), *rs = json_array(), *log = json_array();
    for (size_t i = 0; i < sh->n_packs; i++)
        json_array_append_new(packs, ref_pack(&sh->packs[i]));
    for (size_t i = 0; i < sh->n_rulesets; i++)
        json_array_append_new(
            rs, json_pack("{s:s,s:s}", "id", sh->rulesets[i].id, "sha256", sh->rulesets[i].sha256));
    for (size_t i = 0; i < sh->n_audit; i++) {
        const struct sheet_audit *a = &sh->audit[i];
        json_array_append_new(
            log, a->redacted ? json_pack("[I,s]", (json_int_t)a->seq, a->leaf)
                             : json_pack("[I,s,o,o,o,o,o]", (json_int_t)a->seq, a->at,
                                         jstr_or_null(a->pack), jstr_or_null(a->kind),
                                         jstr_or_null(a->item), jstr_or_null(a->old_value),
                                         jstr_or_null(a->new_value)));
    }
    json_t *c = json_pack("{s:s,s:i,s:s,s:{s:s,s:o,s:o},s:o,s:o,s:o,s:o,s:{s:s,s:I,s:o}}", "format",
                          "jury-sheet-content", "version", 1, "kit", sh->kit_id, "reviewer", "id",
                          sh->reviewer_id, "name", jstr_or_null(sh->reviewer_name), "panel",
                          jstr_or_null(sh->panel), "created", jstr_or_null(sh->created), "tool",
                          jstr_or_null(sh->tool_version), "rulesets", rs, "packs", packs, "audit",
                          "head", sh->audit_head, "rows", (json_int_t)sh->audit_rows, "log", log);
    assert_non_null(c);
    char *text = json_dumps(c, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(10));
    json_decref(c);
    return text;
}

/* Append a log row to a sheet made by hand (sheet_audit_seal seals it). */
static void log_row(struct sheet *sh, const char *pack, const char *kind, const char *item,
                    const char *new_value)
{
    sh->audit = jury_xrealloc(sh->audit, (sh->n_audit + 1) * sizeof *sh->audit);
    struct sheet_audit *a = &sh->audit[sh->n_audit];
    memset(a, 0, sizeof *a);
    a->seq = ++sh->n_audit;
    a->at = jury_xstrdup("2026-05-01T09:30:00Z");
    a->pack = pack ? jury_xstrdup(pack) : NULL;
    a->kind = jury_xstrdup(kind);
    a->item = item ? jury_xstrdup(item) : NULL;
    a->new_value = new_value ? jury_xstrdup(new_value) : NULL;
}

/* Awkward strings and reals in a store's snapshot, each logged as the
 * store would have (a sheet's values are its log's last word). */
static struct sheet *awkward_sheet(void)
{
    struct store *s = make_store("compat.sqlite");
    struct sheet *sh = NULL;
    struct jury_error err = {0};
    assert_int_equal(store_snapshot(s, &sh, &err), 0);
    store_close(&s);
    struct sheet_score *sc = &sh->packs[0].scores[0];
    free(sc->comment);
    sc->comment = jury_xstrdup("引号\"反斜杠\\/\b\f\n\r\t\x01\x1f\x7f é 𝄞");
    static const double reals[] = {0.1, 1e-05, 1e20, -2.5, 123456789012.0, 7, 1.0 / 3, 5e-324};
    sh->packs[0].deductions = jury_xrealloc(
        sh->packs[0].deductions, sizeof reals / sizeof reals[0] * sizeof(struct sheet_deduction));
    for (size_t i = 0; i < sizeof reals / sizeof reals[0]; i++) {
        char id[16], v[32];
        snprintf(id, sizeof id, "Dx%zu", i);
        if (i >= sh->packs[0].n_deductions)
            sh->packs[0].deductions[i].id = jury_xstrdup(id);
        sh->packs[0].deductions[i].value = reals[i];
        snprintf(v, sizeof v, "%.10g", reals[i]);
        log_row(sh, "P1", "deduction", sh->packs[0].deductions[i].id, v);
    }
    sh->packs[0].n_deductions = sizeof reals / sizeof reals[0];
    log_row(sh, "P1", "comment", sc->indicator, sc->comment);
    sheet_audit_seal(sh);
    return sh;
}

static void test_jansson_compat(void **state)
{
    struct sheet *sh = awkward_sheet();
    char *mine = sheet_content_json(sh), *ref = ref_content(sh);
    assert_non_null(mine);
    assert_string_equal(mine, ref);
    /* a sheet in jansson's envelope (as the first jury wrote it) verifies */
    unsigned char sk[64], sig[crypto_sign_BYTES];
    struct jury_error err = {0};
    assert_int_equal(keys_load_secret("r1", sk, &err), 0);
    crypto_sign_detached(sig, NULL, (const unsigned char *)ref, strlen(ref), sk);
    char sig64[sodium_base64_ENCODED_LEN(crypto_sign_BYTES, sodium_base64_VARIANT_ORIGINAL)];
    sodium_bin2base64(sig64, sizeof sig64, sig, sizeof sig, sodium_base64_VARIANT_ORIGINAL);
    unsigned char pk[32];
    char pk64[64];
    crypto_sign_ed25519_sk_to_pk(pk, sk);
    sodium_bin2base64(pk64, sizeof pk64, pk, sizeof pk, sodium_base64_VARIANT_ORIGINAL);
    json_t *env = json_pack("{s:s,s:s,s:s,s:s,s:s,s:i}", "content", ref, "format", "jury-sheet",
                            "key", pk64, "reviewer", "r1", "signature", sig64, "version", 1);
    char *text = json_dumps(env, JSON_SORT_KEYS | JSON_INDENT(1));
    char *path = tmp_path("old.jury");
    struct jstr file = {0};
    jstr_add(&file, text);
    jstr_addc(&file, '\n');
    write_bytes(path, file.s, file.len);
    assert_int_equal(verify(path, "kit1", &err), 0);
    /* and sheet_write makes the same file */
    char *again = tmp_path("new.jury");
    assert_int_equal(sheet_write(sh, sk, again, &err), 0);
    char *data = NULL;
    size_t len = 0;
    assert_int_equal(jury_read_file(again, 1 << 20, &data, &len, &err), 0);
    assert_int_equal(len, file.len);
    assert_memory_equal(data, file.s, len);
    /* the same bytes re-spelt by a JSON tool (ASCII escapes) still verify */
    free(text);
    text = json_dumps(env, JSON_ENSURE_ASCII | JSON_COMPACT);
    write_bytes(path, text, strlen(text));
    assert_int_equal(verify(path, "kit1", &err), 0);
    json_decref(env);
    free(text);
    free(data);
    free(again);
    free(path);
    jstr_free(&file);
    free(mine);
    free(ref);
    sheet_free(&sh);
}

/* Signed by the reviewer but not in the writer's form: each refused with
 * the byte offset. */
static void test_strict_content(void **state)
{
    struct sheet *sh = awkward_sheet();
    char *good = sheet_content_json(sh);
    sheet_free(&sh);
    static const char *const edits[][2] = {
        {"{\"audit\":", "{ \"audit\":"},        /* a space */
        {"\"points\":7.5", "\"points\":7.50"},  /* another spelling of a number */
        {"\"points\":7.5", "\"points\":7.5e0"}, /* another spelling of a number */
        {"\"state\":\"submitted\"", "\"state\":\"done\""},
        {"\"kind\":\"veto\"", "\"kind\":\"Veto\""},
        {"\"version\":1}", "\"version\":1} "}, /* trailing bytes */
        {"\"version\":1}", "\"version\":2}"},
        {"材料", "\\u6750料"},                              /* an escape the writer never makes */
        {"\"created\":", "\"created\":\"x\",\"created\":"}, /* duplicate key */
    };
    unsigned char sk[64], sig[crypto_sign_BYTES];
    struct jury_error err = {0};
    assert_int_equal(keys_load_secret("r1", sk, &err), 0);
    char *path = tmp_path("strict.jury");
    for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
        char *at = strstr(good, edits[i][0]);
        assert_non_null(at);
        struct jstr c = {0};
        jstr_addn(&c, good, (size_t)(at - good));
        jstr_add(&c, edits[i][1]);
        jstr_add(&c, at + strlen(edits[i][0]));
        crypto_sign_detached(sig, NULL, (const unsigned char *)c.s, c.len, sk);
        char *sig64 = jury_base64_encode(sig, sizeof sig);
        unsigned char pk[32];
        crypto_sign_ed25519_sk_to_pk(pk, sk);
        char *pk64 = jury_base64_encode(pk, sizeof pk);
        json_t *env =
            json_pack("{s:s%,s:s,s:s,s:s,s:s,s:i}", "content", c.s, c.len, "format", "jury-sheet",
                      "key", pk64, "reviewer", "r1", "signature", sig64, "version", 1);
        char *text = json_dumps(env, JSON_SORT_KEYS | JSON_INDENT(1));
        write_bytes(path, text, strlen(text));
        assert_int_equal(verify(path, NULL, &err), JURY_ERR_FORMAT);
        assert_non_null(strstr(err.message, "at byte"));
        free(text);
        json_decref(env);
        free(sig64);
        free(pk64);
        jstr_free(&c);
    }
    free(path);
    free(good);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keys),
        cmocka_unit_test(test_good_sheet),
        cmocka_unit_test(test_tamper),
        cmocka_unit_test(test_not_a_sheet),
        cmocka_unit_test(test_jansson_compat),
        cmocka_unit_test(test_strict_content),
        cmocka_unit_test(test_values_against_log),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
