/* app.h - the session facade tui/ and cli/ use: one header, curses-free,
 * SQL-free, Lua-free for its callers.
 *
 * Sections by topic: the session (kit + reviewer + store, packs resolved to
 * their checklists), the rules view, kit add and facts, the merge, the
 * workbench's reads, evidence text, the kit seal. Each section names the .c
 * file that implements it.
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
    bool read_only;          /* read beside the workbench: as SESSION_READ,
                                nothing recorded (session_pack records no pack) */
};

struct session;

/* Open the kit, pick the reviewer (their key's .pub, else the kit roster,
 * gives name and panel), open the reviewer's store (JURY_ERR_BUSY when open
 * elsewhere) and record kit and reviewer in it (refused when the store
 * belongs to another kit or reviewer). */
int session_open(struct session **out, const struct session_options *opt, struct jury_error *err);
/* How session_open_access opens the store: for writing (session_open), for
 * reading only (store_open_read_only: no lock, so it works beside a running
 * workbench; nothing is recorded), or for writing unless it cannot be written
 * (its folder read-only or full), then for reading (store_is_read_only says
 * which). */
enum session_access { SESSION_WRITE, SESSION_READ, SESSION_READ_IF_UNWRITABLE };
int session_open_access(struct session **out, const struct session_options *opt,
                        enum session_access access, struct jury_error *err);
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
 * records the new rules in the audit log. (app/session_check.c) */
int session_rules_changed(struct session *s, struct jstr *changed, struct jury_error *err);
/* Packs the store recorded whose file now has another SHA-256 (read in
 * full): one line per pack appended to `changed`. session_export refuses
 * (JURY_ERR_CORRUPT) while any has changed. (app/session_check.c) */
int session_packs_changed(struct session *s, struct jstr *changed, struct jury_error *err);

/* ------------------------------------------------------------ rules view */
/* (app/rules_view.c) The adapter that turns an
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

/* ------------------------------------------------------------ bulk scores */
/* (app/score_bulk.c) Paper scores typed by a secretary for one reviewer. */

struct app_score_import {
    size_t n_rows;        /* score rows in the table (comments and empty rows left out) */
    size_t n_refused;     /* rows refused; then nothing was stored */
    size_t n_stored;      /* scores stored */
    long failed_row;      /* when storing failed midway (err says why): its row; the
                             rows before it were stored */
    struct jstr refusals; /* "ROW\tmessage\n" per refused row (ROW 1-based as in the file) */
};

/* Enter a table of scores (columns pack, indicator, value[, comment], by a
 * header row — pack/包, indicator/指标, value/分值/得分/等级, comment/评语/备注 —
 * or by position) in the session's store. Every row is checked first: the
 * pack resolves, it is neither submitted nor under a declared conflict, the
 * value is valid for the indicator ('-' clears), no pack and indicator twice.
 * When any row is refused nothing is stored. Returns < 0 only when storing
 * failed midway (out->failed_row). Clear out with app_score_import_clear. */
int app_score_import(struct session *s, const struct csv *table, struct app_score_import *out,
                     struct jury_error *err);
void app_score_import_clear(struct app_score_import *a);
/* The kit's packs this store has scores for and that are not submitted (file
 * names, malloc'd; free each and the array). */
int app_score_in_progress(struct session *s, char ***packs, size_t *n, struct jury_error *err);

/* Read-only views of a loaded rule set for `rules show` (scripting's
 * ruleset_facts, ruleset_items, ruleset_indicator_marks). */
struct ruleset;
struct rules_fact_decl;
struct rules_item;
size_t app_rules_facts(const struct ruleset *rs, const struct rules_fact_decl **facts);
size_t app_rules_items(const struct ruleset *rs, int section, const struct rules_item **items);
bool app_rules_indicator_marks(const struct ruleset *rs, const char *id, const char **note,
                               bool *optional);

/* ------------------------------------------------------------ kit add */
/* (app/kit_add.c) `jury kit add`: submissions become packs
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
    char *missing;   /* "column: label (type, unit; read by E2, A1)\n" for every declared
                        fact the pack lacks, then "ID: text (detail)\n" for every check
                        without data although its facts are there (a value that cannot
                        be read, files not found) */
    char *warnings;  /* "column 'x' is not a fact of task4 …\n" per unknown column */
};

/* Build KIT/packs/STEM.zip from a submission folder or archive (refusing to
 * overwrite), facts from `facts` (may be NULL), then evaluate the task's rule
 * set on it. On failure out->pack/applicant/task say what was attempted.
 * Clear out with app_kit_added_clear. */
int app_kit_add(const char *kit_dir, const char *submission, const struct csv *facts,
                const char *task, struct app_kit_added *out, struct jury_error *err);
void app_kit_added_clear(struct app_kit_added *a);
/* Evaluate the task's rule set (kit rules/ first) on the pack at pack_path and
 * append to out what app_kit_added.missing describes. */
int app_missing_facts(const char *kit_dir, const char *pack_path, const char *task,
                      struct jstr *out, struct jury_error *err);
/* The same, each unreadable value's line naming table row `row` (0-based;
 * shown 1-based as in a spreadsheet; < 0 for none). */
int app_missing_facts_row(const char *kit_dir, const char *pack_path, const char *task, long row,
                          struct jstr *out, struct jury_error *err);
/* Is `name` a key column of a facts table (submission, applicant, task and
 * their Chinese names)? */
bool app_facts_key_column(const char *name);
/* Append a warning line to out for each column of the table's header that is
 * neither a key column nor a fact the task's rule set declares. */
int app_facts_unknown_columns(const struct csv *c, const char *kit_dir, const char *task,
                              struct jstr *out, struct jury_error *err);
/* The facts template of tasks (kit rules/ first, then bundled): a header row
 * submission, applicant, task, then every declared fact (the tasks' union, in
 * declaration order) and a label row starting with '#' saying what to type.
 * Written as XLSX to xlsx_path, or returned as CSV text in *csv_text (caller
 * frees) when xlsx_path is NULL. */
int app_facts_template(const char *kit_dir, const char *const *tasks, size_t n_tasks,
                       const char *xlsx_path, char **csv_text, struct jury_error *err);
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
/* (app/tui_support.c) What the workbench
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
/* Whether the rules decided a check (pass or fail), so that a confirm-type
 * condition it stands for owes the reviewer no answer. */
bool app_check_decided(const struct app_check *c);
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
/* Submit the open pack: refused (JURY_ERR_INVALID, naming the first) while
 * a veto the rules could not decide ("confirm") has no answer; then
 * store_submit, which refuses unscored points and unanswered conditions. */
int app_pack_submit(struct session *s, struct app_pack *p, struct jury_error *err);
/* The reviewer's comment on an eligibility condition or a veto item of the
 * open pack, answered or not (NULL or "" clears): store_set_check_comment. */
int app_pack_check_comment(struct session *s, struct app_pack *p, const char *item,
                           const char *comment, struct jury_error *err);
/* The same for pack (its checklist cl, as session_pack gives them). */
int app_check_comment(struct session *s, const struct checklist *cl, const char *pack,
                      const char *item, const char *comment, struct jury_error *err);
/* The proposed sheet name "<kit id>-<reviewer>-<YYYY-MM-DD>.jury" (caller
 * frees). */
char *app_export_name(struct session *s);
/* What a sheet exported now leaves out of the panel: the reviewer's packs
 * reopened after a submit and not submitted again, and those never
 * submitted (a declared 回避 counts as done), one pack name a line. */
int app_export_missing(struct session *s, struct jstr *reopened, struct jstr *unsubmitted,
                       struct jury_error *err);
/* Copy file i into a private folder (0700, file 0600) under $TMPDIR for an
 * outside program; *path (caller frees). Removed by app_pack_close. */
int app_pack_temp_copy(struct app_pack *p, size_t i, char **path, struct jury_error *err);

/* ------------------------------------------------------ evidence text */
/* (app/evidence_text.c) Fingerprints of evidence text for
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
/* (app/kit_check.c) The kit's seal
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

/* ------------------------------------------------------------ merge */
/* (app/merge*.c) `jury merge`: the use case, for cli/ to call and print. */
struct app_merge_options {
    const char *const *sheets;
    size_t n_sheets;
    const char *roster, *out;
    const char *kit; /* NULL: an unofficial preview (points as the sheets claim) */
    const char *chair;
    bool prefer_newest, evidence;
    bool allow_altered_kit; /* merge a kit whose seal does not hold (recorded) */
    const struct rank_settings *settings;
};

struct app_merge_sheet {
    const char *path; /* borrowed from the options */
    enum merge_outcome outcome;
    struct merge_sheet_report rep;
    char *reason; /* why refused */
};

/* An assigned pack a reviewer's sheets do not bring in submitted. */
struct app_merge_missing {
    char *reviewer, *pack;
    bool in_sheet; /* true: there but not submitted; false: absent */
};

struct app_merge_result {
    struct app_merge_sheet *sheets; /* one per option sheet, in order */
    size_t n_sheets, n_refused;
    bool official;  /* merged with --kit: every number re-derived from it */
    bool unchanged; /* nothing new: OUT left exactly as it was, no ranking */
    char *seal_summary;
    int seal_state; /* enum app_seal_state */
    bool seal_overridden;
    char **warnings; /* kit packs or rule sets that cannot be used */
    size_t n_warnings;
    struct app_merge_missing *missing;
    size_t n_missing;
};

/* Verify, check against the kit, re-derive and import every sheet (see
 * app/merge.c). *m gets the open merged database to rank, NULL when
 * res->unchanged left no database. Fails (nothing written) on an unreadable
 * roster or kit, a broken seal without allow_altered_kit, or an OUT that
 * holds another kit's merge. */
int app_merge(const struct app_merge_options *o, struct app_merge_result *res, struct merge **m,
              struct jury_error *err);
void app_merge_result_free(struct app_merge_result *r);
/* kit.json's "aggregation" into s (a kit that cannot be opened is left to
 * app_merge to report). */
int app_merge_kit_settings(const char *kit_dir, struct rank_settings *s, struct jury_error *err);

/* Outputs land together: a fresh run id (32 hex digits). */
void app_run_id_new(char id[33]);
/* Write ranking.csv/xlsx, report.md/html/pdf of r into OUT/.run-<id>.tmp,
 * then make it the current set at once (OUT/current -> .run-<id>, each
 * OUT/<file> -> current/<file>), so a killed run leaves the previous set or
 * the new one, never a mix. *font_whole_bytes: see pdf_report_info. */
int app_outputs_write(const struct merge_ranking *r, const char *out, const char *run_id,
                      size_t *font_whole_bytes, struct jury_error *err);

#endif
