/* app.h - the session facade tui/ and cli/ use: one header, curses-free,
 * SQL-free, Lua-free for its callers.
 *
 * Sections and owners:
 *   session    - the scores engineer (issue 5): kit + reviewer + store, packs
 *                resolved to their checklists.
 *   other engineers append their own marked sections below it (e.g. a
 *   rules-view adapter); keep each section's comment saying whose it is.
 */
#ifndef JURY_APP_H
#define JURY_APP_H

#include "core/core.h"
#include "db/db.h"
#include "packs/pack.h"

/* ------------------------------------------------------------ session */

struct session_options {
    const char *kit_dir;     /* NULL: cwd when it has kit.json, else <share>/packs/samples */
    const char *reviewer_id; /* NULL: the only key in <data>/keys */
    const char *db_path;     /* NULL: store_default_path(kit id, reviewer) */
};

struct session;

/* Open the kit, pick the reviewer (their key's .pub, else the kit roster,
 * gives name and panel), open the reviewer's store (JURY_ERR_BUSY when open
 * elsewhere) and record kit and reviewer in it (refused when the store
 * belongs to another kit or reviewer). */
int session_open(struct session **out, const struct session_options *opt, struct jury_error *err);
void session_close(struct session **p);

struct store *session_store(struct session *s);
const struct kit *session_kit(const struct session *s);
const char *session_kit_dir(const struct session *s);
const char *session_reviewer(const struct session *s);

/* Resolve `pack` (a path to a pack of the kit, its file name in packs/, the
 * name without extension, or its SHA-256 pack id) to the kit's pack file
 * name, which is the pack's id in the store and in sheets. Loads the pack's
 * manifest (task, applicant, variant fact) and the task's rule set
 * (kit rules/ first, then the bundled rules/), records pack and rule-set
 * hash in the store with the SHA-256 of the pack's archive (pack_id), and
 * returns the checklist (owned by the session, valid until session_close).
 * A pack whose archive no longer has the SHA-256 the store recorded is
 * refused (JURY_ERR_CORRUPT, "the pack file changed since you scored it"). */
int session_pack(struct session *s, const char *pack, const char **pack_id,
                 const struct checklist **cl, struct jury_error *err);

/* Export the signed sheet with the reviewer's key to out_path (NULL:
 * "<kit id>-<reviewer>.jury" in the current folder); *written (caller frees)
 * gets the path used. */
int session_export(struct session *s, const char *out_path, char **written, struct jury_error *err);

/* Rule sets whose file (kit rules/ first, then bundled) no longer has the
 * SHA-256 the store recorded when its packs were scored: one line per rule
 * set appended to `changed` (nothing when none). session_export refuses
 * (JURY_ERR_CORRUPT) while any has changed: opening an affected pack again
 * records the new rules in the audit log. (app/session_check.c, issue 9) */
int session_rules_changed(struct session *s, struct jstr *changed, struct jury_error *err);
/* Packs the store recorded whose file now has another SHA-256 (read in
 * full): one line per pack appended to `changed`. session_export refuses
 * (JURY_ERR_CORRUPT) while any has changed. (app/session_check.c) */
int session_packs_changed(struct session *s, struct jstr *changed, struct jury_error *err);

/* ------------------------------------------------------------ rules view */
/* (app/rules_view.c, the rules engineer, issue 4) The adapter that turns an
 * open pack into the plain view a rule set sees (scripting/ knows nothing of
 * packs). */

struct rules_pack_view;

/* Build the rules' view of p: applicant/task/title/region and typed facts
 * from the manifest, every visible file (hidden entries, links and the
 * manifest itself left out) with kind, size and extension, and p.text
 * through the pack's text extraction (bounded to 1 MiB). The view borrows
 * from p: keep p open while it lives. Free with app_rules_view_free. */
int app_rules_view(struct pack *p, struct rules_pack_view **out, struct jury_error *err);
void app_rules_view_free(struct rules_pack_view **p);

/* ------------------------------------------------------------ kit add */
/* (app/kit_add.c, the lead, issue 8) `jury kit add`: submissions become packs
 * of a kit with facts from the organiser's table, and the rule set says what
 * it still lacks. */

/* Read a facts table (.xlsx: the first sheet; else CSV in UTF-8, UTF-8 with
 * BOM or GBK). Row 0 is the header. Caller frees with csv_free. */
int app_facts_table_load(const char *path, struct csv **out, struct jury_error *err);
/* The row of `submission` (a path; matched by its "submission"/提交文件 cell,
 * else by the applicant/申报单位 cell equal to the file stem), or -1. */
long app_facts_row(const struct csv *c, const char *submission);

struct app_kit_added {
    char *pack;      /* file name written in KIT/packs/ */
    char *applicant; /* from the table, else the submission's stem */
    char *task;      /* from the table, else --task, else the kit's only task */
    long fact_row;   /* the table row used, -1 when none */
    size_t n_files;  /* evidence files in the pack */
    char *missing;   /* "ID: text (detail)\n" for every rule input without data */
};

/* Build KIT/packs/STEM.zip from a submission folder or archive (refusing to
 * overwrite), facts from `facts` (may be NULL), then evaluate the task's rule
 * set on it. On failure out->pack/applicant/task say what was attempted.
 * Clear out with app_kit_added_clear. */
int app_kit_add(const char *kit_dir, const char *submission, const struct csv *facts,
                const char *task, struct app_kit_added *out, struct jury_error *err);
/* app_kit_add for n submissions: every pack built first, then each task's
 * rule set loaded once and evaluated on its new packs together. out[i],
 * status[i] and errs[i] are submission i's. */
void app_kit_add_many(const char *kit_dir, const char *const *submissions, size_t n,
                      const struct csv *facts, const char *task, struct app_kit_added *out,
                      int *status, struct jury_error *errs);
void app_kit_added_clear(struct app_kit_added *a);
/* Evaluate the task's rule set (kit rules/ first) on the pack at pack_path and
 * append "ID: text (detail)\n" to out for every eligibility condition or
 * auto-check that has no data. */
int app_missing_facts(const char *kit_dir, const char *pack_path, const char *task,
                      struct jstr *out, struct jury_error *err);
/* app_missing_facts for many packs: each task's rule set is found and loaded
 * once, and evaluated on its packs in one sandboxed child per few dozen
 * packs (rules_eval_many). Fill pack_path and task; each job gets its lines
 * in `missing` (free with jstr_free) or status < 0 and err. */
struct app_facts_job {
    const char *pack_path, *task;
    struct jstr missing;
    int status;
    struct jury_error err;
};
void app_missing_facts_many(const char *kit_dir, struct app_facts_job *jobs, size_t n);

/* ------------------------------------------------------------ workbench */
/* (app/tui_support.c, the workbench engineer, issue 6) What the workbench
 * reads beyond the session, as plain C data: the reviewer's pack list with
 * totals, an open pack's files, pages, search hits and rule results, the
 * store's current values, and private temporary copies for outside viewers. */

struct app_pack_row {
    char *pack;      /* the kit's pack file name (the store's pack id) */
    char *applicant; /* from the manifest, may be NULL */
    char *task;      /* may be NULL */
    enum store_pack_state state;
    double total;        /* points of the values given, deductions subtracted */
    size_t scored, left; /* observation points with / without a value; left is
                            SIZE_MAX until the rule set is loaded (app_pack_points) */
    char *conflict;      /* the 回避 reason, or NULL */
};

/* The reviewer's packs: those assigned to them in assignments.csv, else
 * every pack of the kit; in the kit's order. Cheap: totals and states come
 * from the store's own reads (store_read_totals, no integrity or audit
 * check), applicant and task from the store or else the pack's manifest; no
 * rule set is loaded, so `left` is SIZE_MAX. Caller frees with
 * app_pack_rows_free. A pack that cannot be read still has a row (its
 * applicant NULL). */
int app_pack_rows(struct session *s, struct app_pack_row **rows, size_t *n, struct jury_error *err);
void app_pack_rows_free(struct app_pack_row **rows, size_t n);
/* The number of observation points to score in `pack`: resolves the pack
 * through session_pack (loading its task's rule set on first use, cached by
 * the session). */
int app_pack_points(struct session *s, const char *pack, size_t *points, struct jury_error *err);

/* The store's values for pack `pack` (NULL when nothing is stored yet; a
 * conflict withholds them), read cheaply (store_read_pack). *snap owns the
 * returned pointer: free it with sheet_free. */
int app_pack_values(struct session *s, const char *pack, struct sheet **snap,
                    const struct sheet_pack **values, struct jury_error *err);

/* A rule result, flattened (strings owned by the app_pack). */
enum app_check_kind { APP_CHECK_CONDITION, APP_CHECK_AUTO, APP_CHECK_VETO };
struct app_check {
    enum app_check_kind kind;
    const char *id, *text;
    const char *indicator; /* auto-checks: may be NULL */
    const char *result;    /* "pass" "fail" "nodata" "confirm" "error" */
    const char *detail;    /* the numbers used */
};
struct app_link {
    const char *indicator, *path;
};

/* An open pack for reading: archive, search cache, checklist, rule results. */
struct app_pack;
int app_pack_open(struct session *s, const char *pack, struct app_pack **out,
                  struct jury_error *err);
/* Closes the pack and removes its temporary copies. */
void app_pack_close(struct app_pack **p);
const char *app_pack_name(const struct app_pack *p);
const struct checklist *app_pack_checklist(const struct app_pack *p);
const struct pack_manifest *app_pack_manifest(const struct app_pack *p);
/* Visible files (no hidden entries, links or manifest), sorted by path. */
size_t app_pack_file_count(const struct app_pack *p);
const struct pack_entry *app_pack_file(const struct app_pack *p, size_t i);
/* Rule results and evidence links (evaluation problems become checks with
 * result "error"). */
size_t app_pack_checks(const struct app_pack *p, const struct app_check **out);
size_t app_pack_links(const struct app_pack *p, const struct app_link **out);
/* The text of file i by pages (extract_result; caller frees). */
int app_pack_extract(struct app_pack *p, size_t i, struct extract_result **out,
                     struct jury_error *err);
/* Search every file of the pack (indexing it first when needed). */
int app_pack_search(struct app_pack *p, const char *query, struct index_hit **hits, size_t *n,
                    struct jury_error *err);
/* Copy file i into a private folder (0700, file 0600) under $TMPDIR for an
 * outside program; *path (caller frees). Removed by app_pack_close. */
int app_pack_temp_copy(struct app_pack *p, size_t i, char **path, struct jury_error *err);

/* ------------------------------------------------------ evidence text */
/* (app/evidence_text.c, the lead, issue 7) Fingerprints of evidence text for
 * the merge's near-identical text check. */

struct app_text_print {
    char *pack; /* the pack's file name in the kit */
    char *path; /* the entry's display path */
    char sha256[SHA256_HEX_LEN + 1];
    uint64_t hash; /* text_simhash of all its pages */
    size_t features;
};

/* Append the fingerprint of every text-bearing file of p (PDF, Office, text;
 * not the manifest, hidden files or links) with at least min_features
 * character pairs. Unreadable files are skipped. */
int app_text_prints_add(struct pack *p, const char *pack_name, size_t min_features,
                        struct app_text_print **prints, size_t *n, struct jury_error *err);
void app_text_prints_free(struct app_text_print **p, size_t n);
/* Group fingerprints within max_distance bits; rep[i] is the group's first
 * member, or SIZE_MAX when i's group is one pack only or one identical file
 * (the SHA-256 check covers those). Returns the number of groups kept. */
size_t app_text_groups(const struct app_text_print *v, size_t n, int max_distance, size_t *rep);

/* ------------------------------------------------------------ kit seal */
/* (app/kit_check.c, the workbench engineer, issue 8 item 4) The kit's seal
 * as a reviewer sees it: `jury kit verify` and the workbench on open. */

/* The organiser key to trust: `given` (base64, e.g. --key), else
 * $JURY_ORGANISER_KEY, else the organiser's own key on this machine
 * (keys_load_public("organiser")). False when none is known or the text is
 * not a 32-byte key. */
bool app_organiser_key(const char *given, unsigned char pk[32]);

/* What the seal check found, worst first. */
enum app_seal_state {
    APP_SEAL_OK,            /* sealed by the trusted key, nothing altered */
    APP_SEAL_NONE,          /* no seal.json */
    APP_SEAL_UNREADABLE,    /* seal.json cannot be read (the error in report) */
    APP_SEAL_BAD_SIGNATURE, /* seal.json altered or not made by its signer */
    APP_SEAL_ALTERED,       /* files added, removed or changed since sealing */
    APP_SEAL_NO_KEY,        /* well signed, but no trusted organiser key known */
    APP_SEAL_OTHER_KEY,     /* well signed by another key */
};

struct app_seal {
    enum app_seal_state state;
    char signer[65]; /* base64, "" when not sealed */
    size_t added, removed, changed;
    char *names; /* the first few altered paths, ", " between, sanitised */
    char *added_list, *removed_list, *changed_list; /* every path, one a line */
    char *summary; /* one line (English): "ok", "not sealed", "2 files changed: ..." */
    char *report;  /* every finding, one a line (English), as `jury kit verify` */
};

/* Check kit_dir against its seal with app_organiser_key(NULL). Returns 0
 * when the check ran (the finding is in out, also when the seal is
 * unreadable), or a negative status. Clear out with app_seal_clear. */
int app_kit_seal_check(const char *kit_dir, struct app_seal *out, struct jury_error *err);
void app_seal_clear(struct app_seal *s);

#endif
