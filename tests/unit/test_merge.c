/* test_merge.c - merging real signed sheets (made here with the store and
 * sheet API and keys generated in the test), refusing bad ones, re-imports,
 * conflicts, re-ranking from the kept database, and the outputs: the CSV's
 * BOM and quoting, the XLSX read back with libarchive + libxml2. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <archive.h>
#include <archive_entry.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "db/store/store.h"
#include "db/merge/merge.h"
#include "report/report.h"

static char dir[256];
static char *roster_path;

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
                             .text = "成果",
                             .depth = 1,
                             .parent = -1,
                             .scored = true,
                             .max = 90,
                             .mode = CL_POINTS,
                             .step = 0.5};
    checklist_add_indicator(cl, &b);
    checklist_add_veto(cl, "V1", "剽窃");
    checklist_add_deduction(cl, "D1", "超页", 5);
    return cl;
}

static const char *const reviewers[][2] = {{"r1", "张三"}, {"r2", "李四"}, {"r3", "王五"}};

static int setup(void **state)
{
    snprintf(dir, sizeof dir, "/tmp/jury-test-merge-XXXXXX");
    assert_non_null(mkdtemp(dir));
    setenv("JURY_HOME", dir, 1);
    struct jury_error err = {0};
    struct jstr csv = {0};
    jstr_add(&csv, "reviewer_id,name,panel,affiliation,public_key\r\n");
    for (size_t i = 0; i < 3; i++) {
        char *line = NULL;
        assert_int_equal(keys_generate(reviewers[i][0], reviewers[i][1], "A", "", &line, &err), 0);
        jstr_addf(&csv, "%s\r\n", line);
        free(line);
    }
    roster_path = tmp_path("roster.csv");
    assert_int_equal(jury_write_file_atomic(roster_path, csv.s, csv.len, 0644, &err), 0);
    jstr_free(&csv);
    return 0;
}

static int teardown(void **state)
{
    free(roster_path);
    return 0;
}

/* One reviewer's result for a pack. */
struct pk {
    const char *id;
    double a, b; /* points on 1.1 and 1.2 */
    bool veto;
    double ded;
    bool coi;
};

static const char *applicant_of(const char *id)
{
    static const char *const names[] = {"甲大学", "乙大学", "丙学院, \"南\"", "丁学院", "戊学院"};
    return names[id[1] - '1'];
}

static void score_pack(struct store *s, const struct checklist *cl, const struct pk *p)
{
    struct jury_error err = {0};
    char a[32], b[32];
    assert_int_equal(store_add_pack(s, p->id, applicant_of(p->id), p->id[1] == '5' ? "t2" : "t1",
                                    "t-rules", &err),
                     0);
    if (p->coi) {
        assert_int_equal(store_declare_conflict(s, p->id, "曾任该校顾问", &err), 0);
        return;
    }
    snprintf(a, sizeof a, "%g", p->a);
    snprintf(b, sizeof b, "%g", p->b);
    assert_int_equal(store_set_score(s, cl, p->id, "1.1", a, NULL, &err), 0);
    assert_int_equal(store_set_score(s, cl, p->id, "1.2", b, NULL, &err), 0);
    assert_int_equal(store_confirm(s, cl, p->id, "V1", p->veto, &err), 0);
    if (p->ded > 0)
        assert_int_equal(store_set_deduction_reason(s, cl, p->id, "D1", p->ded, NULL, &err), 0);
    assert_int_equal(store_submit_decided(s, cl, p->id, NULL, 0, &err), 0);
}

/* The reviewer's store: made afresh, or (fresh = false) the one kept. */
static struct store *open_store(size_t rev, bool fresh)
{
    char name[64];
    snprintf(name, sizeof name, "%s.sqlite", reviewers[rev][0]);
    char *path = fresh ? tmp_path(name) : jury_path_join(dir, name);
    struct store *s = NULL;
    struct jury_error err = {0};
    assert_int_equal(store_open(&s, path, &err), 0);
    assert_int_equal(store_set_identity(s, "kit1", reviewers[rev][0], reviewers[rev][1], "A", &err),
                     0);
    char sha[65];
    jury_sha256_hex("rules", 5, sha);
    assert_int_equal(store_add_ruleset(s, "t-rules", sha, &err), 0);
    free(path);
    return s;
}

static char *export_sheet(struct store *s, size_t rev, const char *name)
{
    unsigned char sk[64];
    struct jury_error err = {0};
    assert_int_equal(keys_load_secret(reviewers[rev][0], sk, &err), 0);
    char *out = tmp_path(name);
    assert_int_equal(store_export(s, sk, out, &err), 0);
    return out;
}

/* The panel: totals (1.1 + 1.2, minus deductions)
 *        P1   P2        P3 (veto)   P4      P5 (task t2)
 *   r1   88   76        94 V1       65      77 (7 + 70)
 *   r2   91   65        88 V1       70      80 (8 + 72)
 *   r3   82   80-2=78   93          回避    42 (2 + 40)
 * Mean: P1 261/3 = 87, P2 219/3 = 73, P4 135/2 = 67.5 (r3 excluded),
 * P3 vetoed by 2 of 3 (majority) -> excluded, P5 199/3 = 66.333 with spread
 * 80 - 42 = 38 > 20 (复议), and observation point 1.1 on P5 spreads
 * 8 - 2 = 6 > 10/2. */
static const struct pk sheet_data[3][5] = {
    {{"P1", 8, 80, 0, 0, 0},
     {"P2", 6, 70, 0, 0, 0},
     {"P3", 9, 85, 1, 0, 0},
     {"P4", 5, 60, 0, 0, 0},
     {"P5", 7, 70, 0, 0, 0}},
    {{"P1", 9, 82, 0, 0, 0},
     {"P2", 5, 60, 0, 0, 0},
     {"P3", 8, 80, 1, 0, 0},
     {"P4", 6, 64, 0, 0, 0},
     {"P5", 8, 72, 0, 0, 0}},
    {{"P1", 7, 75, 0, 0, 0},
     {"P2", 6, 74, 0, 2, 0},
     {"P3", 9, 84, 0, 0, 0},
     {"P4", 0, 0, 0, 0, 1},
     {"P5", 2, 40, 0, 0, 0}},
};

static char *make_sheet(size_t rev, const char *name)
{
    struct checklist *cl = make_checklist();
    struct store *s = open_store(rev, true);
    for (size_t i = 0; i < 5; i++)
        score_pack(s, cl, &sheet_data[rev][i]);
    char *path = export_sheet(s, rev, name);
    store_close(&s);
    checklist_free(&cl);
    return path;
}

static struct roster *load_roster(void)
{
    struct roster *r = NULL;
    struct jury_error err = {0};
    assert_int_equal(roster_load(roster_path, &r, &err), 0);
    return r;
}

static void write_bytes(const char *path, const void *data, size_t n)
{
    struct jury_error err = {0};
    assert_int_equal(jury_write_file_atomic(path, data, n, 0644, &err), 0);
}

static struct merge_ranking *rank_mean(struct merge *m, unsigned flags)
{
    struct rank_settings s;
    rank_settings_default(&s);
    s.agg = RANK_AGG_MEAN;
    s.bootstrap = 200;
    s.intervals = true; /* asked for, as `--bootstrap 200` does */
    struct merge_ranking *r = NULL;
    struct jury_error err = {0};
    assert_int_equal(merge_rank(m, &s, flags, &r, &err), 0);
    return r;
}

static const struct rank_row *row_of(const struct merge_ranking *r, const char *pack)
{
    for (size_t i = 0; i < r->in.n_packs; i++)
        if (strcmp(r->in.packs[i].id, pack) == 0)
            return &r->result->rows[i];
    fail_msg("no pack %s", pack);
    return NULL;
}

static char *sheets[3];

static int make_sheets(void **state)
{
    setup(state);
    sheets[0] = make_sheet(0, "r1.jury");
    sheets[1] = make_sheet(1, "r2.jury");
    sheets[2] = make_sheet(2, "r3.jury");
    return 0;
}

static int free_sheets(void **state)
{
    for (int i = 0; i < 3; i++)
        free(sheets[i]);
    return teardown(state);
}

/* A fresh OUT folder under the test folder. */
static char *fresh_out(const char *name)
{
    char *out = tmp_path(name);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", out);
    assert_int_equal(system(cmd), 0);
    return out;
}

static void import_ok(struct merge *m, const struct roster *ro, const char *path, bool newest,
                      enum merge_outcome want, struct merge_sheet_report *rep)
{
    struct jury_error err = {0};
    int rc = merge_import_file(m, path, ro, "kit1", newest, rep, &err);
    if (rc != 0)
        fail_msg("%s: %s", path, err.message);
    assert_int_equal(rep->outcome, want);
}

/* Good sheets beside a tampered copy, a zip renamed .jury and random bytes:
 * the three bad files are refused with a reason, the good ones merged, and
 * the ranking matches the table above make_sheet. */
static void test_merge_rejects_and_ranks(void **state)
{
    struct jury_error err = {0};
    char *out = fresh_out("out1");
    struct merge *m = NULL;
    assert_int_equal(merge_open(&m, out, &err), 0);
    struct roster *ro = load_roster();
    assert_int_equal(merge_add_roster(m, ro, "r1", &err), 0);
    assert_int_equal(merge_set_indicator_max(m, "t-rules", "1.1", 10, &err), 0);
    assert_int_equal(merge_set_indicator_max(m, "t-rules", "1.2", 90, &err), 0);

    /* a copy of r2's sheet with one applicant name changed */
    char *bad = tmp_path("tampered.jury"), *data = NULL;
    size_t len = 0;
    assert_int_equal(jury_read_file(sheets[1], 1 << 22, &data, &len, &err), 0);
    char *at = strstr(data, "乙大学");
    assert_non_null(at);
    memcpy(at, "乙大孝", strlen("乙大孝"));
    write_bytes(bad, data, len);
    free(data);
    /* an empty zip archive (end of central directory only), and noise */
    char *zip = tmp_path("zip.jury"), *noise = tmp_path("noise.jury");
    unsigned char eocd[22] = {'P', 'K', 5, 6};
    write_bytes(zip, eocd, sizeof eocd);
    unsigned char rnd[1000];
    struct stats_rng g;
    stats_rng_seed(&g, 3);
    for (size_t i = 0; i < sizeof rnd; i++)
        rnd[i] = (unsigned char)stats_rng_next(&g);
    write_bytes(noise, rnd, sizeof rnd);

    struct merge_sheet_report rep;
    const char *refuse[] = {bad, zip, noise};
    for (int i = 0; i < 3; i++) {
        jury_error_clear(&err);
        assert_true(merge_import_file(m, refuse[i], ro, "kit1", false, &rep, &err) < 0);
        assert_int_equal(rep.outcome, MERGE_REJECTED);
        assert_true(err.message[0] != '\0');
    }
    for (int i = 0; i < 3; i++)
        import_ok(m, ro, sheets[i], false, MERGE_IMPORTED, &rep);
    assert_int_equal(rep.n_coi, 1); /* r3 declared a conflict on P4 */

    struct merge_ranking *r = rank_mean(m, MERGE_RANK_DETAILS);
    assert_int_equal(r->n_sheets, 3);
    const struct rank_row *p1 = row_of(r, "P1"), *p2 = row_of(r, "P2"), *p3 = row_of(r, "P3"),
                          *p4 = row_of(r, "P4"), *p5 = row_of(r, "P5");
    assert_true(fabs(p1->score - 87) < 1e-9);
    assert_true(fabs(p2->score - 73) < 1e-9);
    assert_true(fabs(p4->score - 67.5) < 1e-9);
    assert_true(fabs(p5->score - 199.0 / 3) < 1e-9);
    assert_int_equal(p1->rank, 1);
    assert_int_equal(p2->rank, 2);
    assert_int_equal(p4->rank, 3);
    assert_int_equal(p5->rank, 1);
    assert_int_equal(p4->n_reviewers, 2);
    assert_true(p3->excluded);
    assert_string_equal(p3->reason, "veto 2/3: V1");
    assert_true(p5->flags & RANK_FLAG_DISAGREE);
    assert_int_equal(r->n_points, 1);
    assert_string_equal(r->points[0].indicator, "1.1");
    assert_string_equal(r->in.packs[r->points[0].pack].id, "P5");
    assert_int_equal(r->n_cois, 1);
    assert_int_equal(r->n_panels, 1);

    /* the chair's drill-down: P2 by reviewer and indicator (r3 deducted 2) */
    struct merge_pack_detail *d = NULL;
    assert_int_equal(merge_pack_detail(m, "P2", &d, &err), 0);
    assert_int_equal(d->n_reviewers, 3);
    assert_int_equal(d->n_indicators, 2);
    assert_string_equal(d->reviewers[2], "r3");
    assert_string_equal(d->indicators[1], "1.2");
    assert_true(d->points[1 * 3 + 1] == 60); /* r2 on 1.2 */
    assert_true(d->points[0 * 3 + 2] == 6);  /* r3 on 1.1 */
    assert_true(d->totals[2] == 80 && d->deductions[2] == 2);
    merge_pack_detail_free(&d);
    assert_int_equal(merge_pack_detail(m, "P9", &d, &err), JURY_ERR_NOTFOUND);
    assert_null(d);

    assert_int_equal(report_write_all(r, out, NULL, &err), 0);
    merge_ranking_free(&r);
    roster_free(&ro);
    merge_close(&m);
    free(bad);
    free(zip);
    free(noise);
    free(out);
}

/* The bytes of one member of a zip file (NULL when absent). */
static char *zip_member(const char *path, const char *name, size_t *len)
{
    struct archive *a = archive_read_new();
    archive_read_support_format_zip(a);
    assert_int_equal(archive_read_open_filename(a, path, 16384), ARCHIVE_OK);
    struct archive_entry *e;
    char *out = NULL;
    while (!out && archive_read_next_header(a, &e) == ARCHIVE_OK) {
        if (strcmp(archive_entry_pathname(e), name) != 0)
            continue;
        struct jstr b = {0};
        char buf[8192];
        la_ssize_t n;
        while ((n = archive_read_data(a, buf, sizeof buf)) > 0)
            jstr_addn(&b, buf, (size_t)n);
        *len = b.len;
        out = jstr_take(&b);
    }
    archive_read_free(a);
    return out;
}

static xmlNode *find_elem(xmlNode *n, const char *name, const char *attr, const char *value)
{
    for (; n; n = n->next) {
        if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0) {
            xmlChar *v = attr ? xmlGetProp(n, (const xmlChar *)attr) : NULL;
            bool hit = !attr || (v && strcmp((const char *)v, value) == 0);
            xmlFree(v);
            if (hit)
                return n;
        }
        xmlNode *c = find_elem(n->children, name, attr, value);
        if (c)
            return c;
    }
    return NULL;
}

/* Text of cell `ref` (e.g. "B2") of a worksheet: shared strings resolved. */
static char *xlsx_cell(const char *xlsx, const char *sheet, const char *ref)
{
    size_t n1 = 0, n2 = 0;
    char *ss = zip_member(xlsx, "xl/sharedStrings.xml", &n1);
    char *ws = zip_member(xlsx, sheet, &n2);
    assert_non_null(ss);
    assert_non_null(ws);
    xmlDoc *dss = xmlReadMemory(ss, (int)n1, "ss.xml", NULL, XML_PARSE_NONET);
    xmlDoc *dws = xmlReadMemory(ws, (int)n2, "ws.xml", NULL, XML_PARSE_NONET);
    assert_non_null(dss);
    assert_non_null(dws);
    xmlNode *c = find_elem(xmlDocGetRootElement(dws), "c", "r", ref);
    char *out = NULL;
    if (c) {
        xmlNode *v = find_elem(c->children, "v", NULL, NULL);
        xmlChar *t = xmlGetProp(c, (const xmlChar *)"t"), *val = xmlNodeGetContent(v);
        if (t && strcmp((const char *)t, "s") == 0) {
            int idx = atoi((const char *)val);
            xmlNode *si = xmlDocGetRootElement(dss)->children;
            for (; si; si = si->next)
                if (si->type == XML_ELEMENT_NODE && idx-- == 0)
                    break;
            xmlChar *s = xmlNodeGetContent(si);
            out = jury_xstrdup((const char *)s);
            xmlFree(s);
        } else {
            out = jury_xstrdup((const char *)val);
        }
        xmlFree(t);
        xmlFree(val);
    }
    xmlFreeDoc(dss);
    xmlFreeDoc(dws);
    free(ss);
    free(ws);
    return out;
}

/* The outputs of the first test: CSV with BOM, quoting and excluded rows;
 * the XLSX's cells; the HTML escaped; the Markdown naming the method. */
static void test_outputs(void **state)
{
    char *out = tmp_path("out1"), *csv = jury_path_join(out, "ranking.csv");
    char *data = NULL;
    size_t len = 0;
    struct jury_error err = {0};
    assert_int_equal(jury_read_file(csv, 1 << 20, &data, &len, &err), 0);
    assert_memory_equal(
        data,
        "\xEF\xBB\xBFtask,rank,pack,applicant,score,reviewers,rank_low,"
        "rank_high,flags,veto_votes,method,run\r\nt1,1,P1,甲大学,87.000,3,",
        strlen("\xEF\xBB\xBFtask,rank,pack,applicant,score,reviewers,rank_low,"
               "rank_high,flags,veto_votes,method,run\r\nt1,1,P1,甲大学,87.000,3,"));
    /* RFC 4180: a comma and quotes inside a field */
    assert_non_null(strstr(data, "\r\nt1,,P3,\"丙学院, \"\"南\"\"\",,3,,,excluded: veto 2/3: V1"));
    assert_non_null(strstr(data, "\r\nt2,1,P5,戊学院,66.333,3,1,1,disagree,,mean,\r\n"));
    free(data);

    char *xlsx = jury_path_join(out, "ranking.xlsx");
    char *v = xlsx_cell(xlsx, "xl/worksheets/sheet1.xml", "B2");
    assert_string_equal(v, "P1");
    free(v);
    v = xlsx_cell(xlsx, "xl/worksheets/sheet1.xml", "C2");
    assert_string_equal(v, "甲大学");
    free(v);
    v = xlsx_cell(xlsx, "xl/worksheets/sheet1.xml", "D2");
    assert_true(fabs(atof(v) - 87) < 1e-9);
    free(v);
    v = xlsx_cell(xlsx, "xl/worksheets/sheet1.xml", "A1");
    assert_string_equal(v, "rank");
    free(v);
    /* sheet 5 is "excluded": P3 with its reason */
    v = xlsx_cell(xlsx, "xl/worksheets/sheet5.xml", "D2");
    assert_string_equal(v, "veto 2/3: V1");
    free(v);
    size_t n = 0;
    char *wb = zip_member(xlsx, "xl/workbook.xml", &n);
    assert_non_null(strstr(wb, "name=\"1 t1\""));
    assert_non_null(strstr(wb, "name=\"excluded\""));
    free(wb);
    char *ws = zip_member(xlsx, "xl/worksheets/sheet1.xml", &n);
    assert_non_null(strstr(ws, "<pane ySplit=\"1\"")); /* frozen header */
    free(ws);

    char *html = jury_path_join(out, "report.html");
    assert_int_equal(jury_read_file(html, 1 << 20, &data, &len, &err), 0);
    assert_non_null(strstr(data, "<td>甲大学</td>"));
    assert_non_null(strstr(data, "<svg"));
    assert_null(strstr(data, "<script"));
    free(data);
    char *md = jury_path_join(out, "report.md");
    assert_int_equal(jury_read_file(md, 1 << 20, &data, &len, &err), 0);
    assert_non_null(strstr(data, "official method: mean"));
    assert_non_null(strstr(data, "P5 / 1.1: spread 6.00"));
    free(data);
    free(md);
    free(html);
    free(xlsx);
    free(csv);
    free(out);
}

/* Importing the same files again changes nothing; ranking from the stored
 * scores gives the same result as from the kept totals; the database is
 * reopened and re-ranked with another method without re-importing. */
static void test_reimport_and_rerank(void **state)
{
    struct jury_error err = {0};
    char *out = tmp_path("out1");
    struct merge *m = NULL;
    assert_int_equal(merge_open(&m, out, &err), 0);
    struct roster *ro = load_roster();
    struct merge_sheet_report rep;
    for (int i = 0; i < 3; i++) {
        import_ok(m, ro, sheets[i], false, MERGE_ALREADY, &rep);
        assert_int_equal(rep.n_packs, 0);
    }
    /* the rule set's verdict: P2 ineligible, then cleared again */
    assert_int_equal(merge_set_pack_ineligible(m, "P2", "E1 近五年无违规", &err), 0);
    struct merge_ranking *x = rank_mean(m, 0);
    assert_true(row_of(x, "P2")->excluded);
    assert_string_equal(row_of(x, "P2")->reason, "ineligible: E1 近五年无违规");
    assert_int_equal(row_of(x, "P4")->rank, 2);
    merge_ranking_free(&x);
    assert_int_equal(merge_set_pack_ineligible(m, "P2", NULL, &err), 0);
    struct merge_ranking *a = rank_mean(m, 0), *b = rank_mean(m, MERGE_RANK_FROM_SCORES);
    assert_int_equal(a->in.n_entries, 14); /* 3 x 5 results minus r3 on P4 (回避) */
    assert_int_equal(a->in.n_entries, b->in.n_entries);
    for (size_t i = 0; i < a->in.n_packs; i++) {
        assert_int_equal(a->result->rows[i].rank, b->result->rows[i].rank);
        assert_true(a->result->rows[i].excluded ||
                    fabs(a->result->rows[i].score - b->result->rows[i].score) < 1e-9);
        assert_int_equal(a->result->rows[i].rank_low, b->result->rows[i].rank_low);
    }
    merge_ranking_free(&a);
    merge_ranking_free(&b);
    merge_close(&m);
    /* reopen: median, recorded as the last method */
    assert_int_equal(merge_open(&m, out, &err), 0);
    struct rank_settings s;
    rank_settings_default(&s);
    assert_int_equal(rank_settings_set_method(&s, "median", &err), 0);
    assert_int_equal(merge_rank(m, &s, 0, &a, &err), 0);
    /* P1 median of 88 91 82 = 88 */
    assert_true(fabs(row_of(a, "P1")->score - 88) < 1e-9);
    char *last = NULL; /* ranking reads only: adopting it makes it official */
    assert_int_equal(merge_meta_get(m, "official_method", &last, &err), 0);
    assert_null(last);
    assert_int_equal(merge_rank_adopt(m, a, &err), 0);
    assert_int_equal(merge_meta_get(m, "official_method", &last, &err), 0);
    assert_string_equal(last, "median");
    free(last);
    merge_ranking_free(&a);
    merge_close(&m);
    /* a foreign SQLite file is refused as a merged database */
    char *fake = fresh_out("fake");
    assert_int_equal(jury_mkdirs(fake, 0755, &err), 0);
    char *fdb = jury_path_join(fake, "merged.sqlite");
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(fdb, &db), SQLITE_OK);
    assert_int_equal(
        sqlite3_exec(db, "PRAGMA application_id = 7; CREATE TABLE t(x);", NULL, NULL, NULL),
        SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(merge_open(&m, fake, &err), JURY_ERR_VERSION);
    assert_null(m);
    free(fdb);
    free(fake);
    roster_free(&ro);
    free(out);
}

/* r1 exports, then reopens P1, changes a score and exports again: two
 * different sheets for the same reviewer and pack. Imported in that order
 * without --prefer-newest the first stays and the conflict is unresolved;
 * running again with it replaces the result with the newer sheet's. In the
 * other order with --prefer-newest the newer is kept straight away. */
static void test_conflicting_pair(void **state)
{
    struct jury_error err = {0};
    struct checklist *cl = make_checklist();
    struct store *s = open_store(0, false);
    char *first = export_sheet(s, 0, "r1-first.jury");
    assert_int_equal(store_reopen(s, "P1", "复核后调整", &err), 0);
    assert_int_equal(store_set_score(s, cl, "P1", "1.2", "60", NULL, &err), 0);
    assert_int_equal(store_submit_decided(s, cl, "P1", NULL, 0, &err), 0);
    char *second = export_sheet(s, 0, "r1-second.jury");
    store_close(&s);
    checklist_free(&cl);
    struct roster *ro = load_roster();
    struct merge_sheet_report rep;

    char *out = fresh_out("out2");
    struct merge *m = NULL;
    assert_int_equal(merge_open(&m, out, &err), 0);
    import_ok(m, ro, first, false, MERGE_IMPORTED, &rep);
    import_ok(m, ro, sheets[1], false, MERGE_IMPORTED, &rep);
    import_ok(m, ro, second, false, MERGE_IMPORTED, &rep);
    assert_int_equal(rep.n_conflicts, 1); /* only P1 differs */
    struct merge_ranking *r = rank_mean(m, 0);
    assert_int_equal(r->n_unresolved, 1);
    assert_true(row_of(r, "P1")->flags & RANK_FLAG_CONFLICT);
    assert_true(fabs(row_of(r, "P1")->score - (88 + 91) / 2.0) < 1e-9);
    merge_ranking_free(&r);
    /* again with --prefer-newest: P1 becomes 8 + 60 = 68 */
    import_ok(m, ro, first, true, MERGE_ALREADY, &rep);
    import_ok(m, ro, second, true, MERGE_ALREADY, &rep);
    assert_int_equal(rep.n_replaced, 1);
    r = rank_mean(m, 0);
    assert_int_equal(r->n_unresolved, 0);
    assert_false(row_of(r, "P1")->flags & RANK_FLAG_CONFLICT);
    assert_true(fabs(row_of(r, "P1")->score - (68 + 91) / 2.0) < 1e-9);
    merge_ranking_free(&r);
    merge_close(&m);

    free(out);
    out = fresh_out("out3");
    assert_int_equal(merge_open(&m, out, &err), 0);
    import_ok(m, ro, second, true, MERGE_IMPORTED, &rep);
    import_ok(m, ro, first, true, MERGE_IMPORTED, &rep);
    assert_int_equal(rep.n_replaced, 0);
    r = rank_mean(m, 0);
    assert_true(fabs(row_of(r, "P1")->score - 68) < 1e-9);
    assert_int_equal(r->n_unresolved, 0);
    assert_int_equal(r->n_conflicts, 1);
    merge_ranking_free(&r);
    merge_close(&m);
    roster_free(&ro);
    free(out);
    free(first);
    free(second);
}

/* M7: a merge killed at a random moment leaves whole sheets only (r1 gives
 * 5 results, r2 5, r3 4), and running it again converges to the full state. */
static void test_killed_merge(void **state)
{
    struct roster *ro = load_roster();
    struct stats_rng g;
    stats_rng_seed(&g, 11);
    size_t seen_partial = 0;
    for (int round = 0; round < 10; round++) {
        char *out = fresh_out("killed");
        struct jury_error err = {0};
        struct merge *m = NULL;
        assert_int_equal(merge_open(&m, out, &err), 0); /* the schema exists before the kill */
        merge_close(&m);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            struct merge_sheet_report rep;
            assert_int_equal(merge_open(&m, out, &err), 0);
            for (int i = 0; i < 3; i++)
                merge_import_file(m, sheets[i], ro, "kit1", false, &rep, &err);
            _exit(0);
        }
        struct timespec ts = {0, (long)stats_rng_below(&g, 5000) * 1000};
        nanosleep(&ts, NULL);
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        assert_int_equal(merge_open(&m, out, &err), 0);
        struct merge_ranking *r = rank_mean(m, 0);
        static const size_t prefix[] = {0, 5, 10, 14};
        assert_true(r->n_sheets <= 3);
        assert_int_equal(r->in.n_entries, prefix[r->n_sheets]);
        seen_partial += r->n_sheets < 3;
        merge_ranking_free(&r);
        struct merge_sheet_report rep;
        for (int i = 0; i < 3; i++) {
            assert_int_equal(merge_import_file(m, sheets[i], ro, "kit1", false, &rep, &err), 0);
            assert_true(rep.outcome != MERGE_REJECTED);
        }
        r = rank_mean(m, 0);
        assert_int_equal(r->in.n_entries, 14);
        assert_true(fabs(row_of(r, "P1")->score - 87) < 1e-9);
        merge_ranking_free(&r);
        merge_close(&m);
        free(out);
    }
    print_message("killed merge: %zu of 10 rounds cut short\n", seen_partial);
    roster_free(&ro);
}

/* Scores go in eight to a statement: a pack with 11 points (one a comment
 * only) keeps all 10 values and the right total 0+1+...+9 = 45. The sheet is
 * built in memory: merge_import takes what sheet_read_verified returns. */
static void test_batched_scores(void **state)
{
    struct sheet *sh = jury_xcalloc(1, sizeof *sh);
    sh->reviewer_id = jury_xstrdup("r1");
    sh->created = jury_xstrdup("2026-01-01T00:00:00Z");
    sh->packs = jury_xcalloc(1, sizeof *sh->packs);
    sh->n_packs = 1;
    struct sheet_pack *p = &sh->packs[0];
    p->id = jury_xstrdup("Q1");
    p->task = jury_xstrdup("t9");
    p->state = STORE_SUBMITTED;
    p->scores = jury_xcalloc(11, sizeof *p->scores);
    p->n_scores = 11;
    for (unsigned i = 0; i < 11; i++) {
        char id[8], v[8];
        snprintf(id, sizeof id, "%02u", i);
        snprintf(v, sizeof v, "%u", i);
        p->scores[i].indicator = jury_xstrdup(id);
        p->scores[i].value = i == 5 ? NULL : jury_xstrdup(v);
        p->scores[i].points = i == 5 ? 0 : i > 5 ? i - 1 : i;
    }
    struct jury_error err = {0};
    char *out = fresh_out("batch");
    struct merge *m = NULL;
    struct merge_sheet_report rep;
    assert_int_equal(merge_open(&m, out, &err), 0);
    assert_int_equal(merge_import(m, sh, "mem", "00", false, &rep, &err), 0);
    struct merge_pack_detail *d = NULL;
    assert_int_equal(merge_pack_detail(m, "Q1", &d, &err), 0);
    assert_int_equal(d->n_indicators, 10);
    assert_string_equal(d->indicators[9], "10");
    assert_true(d->points[9] == 9 && d->totals[0] == 45);
    merge_pack_detail_free(&d);
    merge_close(&m);
    sheet_free(&sh);
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_merge_rejects_and_ranks),
        cmocka_unit_test(test_outputs),
        cmocka_unit_test(test_reimport_and_rerank),
        cmocka_unit_test(test_conflicting_pair),
        cmocka_unit_test(test_killed_merge),
        cmocka_unit_test(test_batched_scores),
    };
    return cmocka_run_group_tests(tests, make_sheets, free_sheets);
}
