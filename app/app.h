/* app.h - the use cases tui/ and cli/ call: one header, curses-free,
 * SQL-free, Lua-free for its callers, and free of the lower modules' types
 * (they cross as opaque handles; what an interface reads is a plain struct).
 *
 * Sections by topic: the session (kit + reviewer + store, packs resolved to
 * their checklists), a pack's values, the reviewer's changes, keys, the rules
 * view and rule tools, bulk scores, kit add and facts, the workbench's reads,
 * evidence text, the organiser's kit, the kit seal, sheet check and
 * calibration, pack files, ranking, the chair's view, the merge. Each
 * section names the .c file that implements it.
 */
#ifndef JURY_APP_H
#define JURY_APP_H

#include "core/core.h"

/* Handles of the modules below, opaque here: app/ hands them from one call
 * to the next. An interface that reads their fields (cli/ printing a
 * ranking) includes the module's header itself. */
struct calib_report;
struct extract_result;
struct kit;
struct kit_assign_result;
struct merge;
struct merge_ranking;
struct pack;
struct rank_settings;
struct rules_fact_decl;
struct rules_item;
struct rules_pack_view;
struct ruleset;
struct sheet;
struct store;

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

/* The store was opened for reading only (SESSION_READ, or
 * SESSION_READ_IF_UNWRITABLE on a folder that cannot be written). */
bool session_read_only(const struct session *s);
/* The kit's id and its name (NULL when kit.json gives none). */
const char *session_kit_id(const struct session *s);
const char *session_kit_name(const struct session *s);
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

/* ------------------------------------------------------------ values */
/* (app/values.c) A pack's values as the store keeps them and a sheet carries them. Strings
 * are borrowed from whoever handed the values out. */

enum app_pack_state { APP_NOT_STARTED, APP_IN_PROGRESS, APP_SUBMITTED };
struct app_cite {
    const char *path; /* inside the pack */
    int page;         /* >= 1, or 0 when no page */
};
struct app_score {
    const char *indicator; /* observation point id */
    const char *value;     /* the typed value ("7.5", "优"); NULL: only a comment */
    double points;         /* what value is worth (0 when value is NULL) */
    const char *comment;   /* NULL when none */
    struct app_cite *cites;
    size_t n_cites;
};
struct app_confirm {
    const char *item; /* condition or veto id */
    bool is_veto;     /* false: eligibility condition */
    bool yes;         /* condition holds / veto applies */
};
struct app_deduction {
    const char *id;
    double value;
};
struct app_check_comment {
    const char *item; /* condition or veto id */
    const char *comment;
};
struct app_values {
    enum app_pack_state state;
    const char *conflict;     /* 回避 reason, NULL when none; then nothing else is shown */
    struct app_score *scores; /* sorted by indicator id (bytewise) */
    size_t n_scores;
    struct app_confirm *confirms; /* sorted by item */
    size_t n_confirms;
    struct app_deduction *deductions; /* sorted by id */
    size_t n_deductions;
    struct app_check_comment *check_comments; /* on conditions and vetoes, sorted by item */
    size_t n_check_comments;
};

/* ------------------------------------------------------------ scoring */
/* (app/score.c) The reviewer's changes to one pack of the session. `pack` is
 * named as session_pack takes it (resolving it records it in the store);
 * app writes the change to the session's store at once, each change its own
 * transaction and audit row. Refusals (submitted pack, declared conflict,
 * invalid value) are JURY_ERR_INVALID or JURY_ERR_DENIED. */

/* Score observation point `indicator` (value NULL clears it; a level name or
 * a number on the point's step); comment NULL leaves the comment as it is. */
int app_score_set(struct session *s, const char *pack, const char *indicator, const char *value,
                  const char *comment, struct jury_error *err);
/* Would app_score_set take `value` (a level name is resolved first)? 0 or
 * why not in err; nothing is written. */
int app_score_check(struct session *s, const char *pack, const char *indicator, const char *value,
                    struct jury_error *err);
int app_comment_set(struct session *s, const char *pack, const char *indicator, const char *text,
                    struct jury_error *err);
/* Cite file `path` of the pack (page 0: the whole file) for `indicator`. */
int app_cite_add(struct session *s, const char *pack, const char *indicator, const char *path,
                 int page, struct jury_error *err);
int app_cite_remove(struct session *s, const char *pack, const char *indicator, const char *path,
                    int page, struct jury_error *err);
/* Answer an eligibility condition or veto item yes or no. */
int app_confirm(struct session *s, const char *pack, const char *item, bool yes,
                struct jury_error *err);
/* Set deduction `deduction` to value with its reason (NULL: none). */
int app_deduct(struct session *s, const char *pack, const char *deduction, double value,
               const char *reason, struct jury_error *err);
/* The reason kept with a deduction (caller frees), NULL when none. */
char *app_deduction_reason(struct session *s, const char *pack, const char *deduction);
/* Reopen a submitted pack; the non-empty reason is logged. */
int app_reopen(struct session *s, const char *pack, const char *reason, struct jury_error *err);
/* Declare (declare true) or withdraw a conflict of interest (回避) on pack
 * with a non-empty reason, which is logged. */
int app_conflict(struct session *s, const char *pack, bool declare, const char *reason,
                 struct jury_error *err);

/* A pack's stored values as a sheet would carry them, read through
 * store_snapshot (integrity and audit chain checked; a conflict withholds
 * them): values NULL when nothing is stored; with `json`, json gets the
 * canonical content JSON of a sheet holding only that pack (NULL for bytes
 * the store never takes). Clear with app_score_view_clear. */
struct app_score_view {
    struct app_values *values;
    char *json;
    struct sheet *own;
};
int app_score_view(struct session *s, const char *pack, bool json, struct app_score_view *out,
                   struct jury_error *err);
void app_score_view_clear(struct app_score_view *v);

/* Where the reviewer was (the workbench reopens there): strings NULL when
 * unset, released with app_position_clear. Not audited. */
struct app_position {
    char *pack, *file;
    int page;
    char *indicator;
};
int app_position_get(struct session *s, struct app_position *out, struct jury_error *err);
int app_position_set(struct session *s, const struct app_position *pos, struct jury_error *err);
void app_position_clear(struct app_position *pos);
/* The reviewer's place inside one pack: file, page, the display rows from
 * that page's first row to the viewer's top, the checklist row's id, the
 * focused pane. app_place_get zeroes out when none is stored; the caller
 * frees file and row. */
struct app_place {
    char *file;
    int page;
    long top;
    char *row;
    int focus;
};
int app_place_get(struct session *s, const char *pack, struct app_place *out,
                  struct jury_error *err);
int app_place_set(struct session *s, const char *pack, const struct app_place *pl,
                  struct jury_error *err);

/* ------------------------------------------------------------ keys */
/* (app/keys.c) The reviewer key pairs in <data>/keys. */

/* How many reviewer keys (secret keys) this machine holds. */
int app_key_count(size_t *n, struct jury_error *err);
/* Make the key pair of reviewer `id` (letters, digits, '-', '_', '.'),
 * refusing to overwrite (JURY_ERR_DENIED); *roster_line (caller frees) gets
 * "id,name,panel,affiliation,public_key" for the kit's roster.csv.
 * affiliation may be NULL. */
int app_key_make(const char *id, const char *name, const char *panel, const char *affiliation,
                 char **roster_line, struct jury_error *err);

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

/* ------------------------------------------------------------ rule tools */
/* (app/rules_tools.c) Rule sets as an organiser works on them (`jury
 * rules`). Their types are scripting/'s: an interface that reads a rule
 * set's items or results includes scripting/rules.h. */

struct ruleset_info;
struct rules_result;
struct rules_expect;

/* Load the rule set `arg` names: a path to a .lua file (refused, naming
 * it, when it is no regular file), else an id found in kit_dir's rules/
 * first, then the bundled rules/. *path (caller frees) gets its file. Free
 * *rs with app_rules_close. */
int app_rules_open(const char *arg, const char *kit_dir, struct ruleset **rs, char **path,
                   struct jury_error *err);
void app_rules_close(struct ruleset **rs);
void app_rules_info(const struct ruleset *rs, struct ruleset_info *out);
/* The checklist for a variant (NULL: none/all); free with checklist_free. */
struct checklist *app_rules_checklist(const struct ruleset *rs, const char *variant);
/* Check a rule file without running it on a pack: JURY_ERR_FORMAT with
 * *problems (caller frees) one a line when it has mistakes. */
int app_rules_check_file(const char *path, char **problems, struct jury_error *err);
/* Evaluate rs on the pack file at pack_path (its manifest's facts, its
 * files, its text). *other_task (caller frees) gets the task the pack's
 * manifest names when that is not the rule set's, else NULL. */
int app_rules_eval_file(const struct ruleset *rs, const char *pack_path, struct rules_result **out,
                        char **other_task, struct jury_error *err);
void app_rules_result_free(struct rules_result **r);
/* "pass", "fail", "nodata", "confirm", "error" for a check's result. */
const char *app_rules_result_name(int result);
/* The expectations of a rule set's tests file (rules/tests/ID.lua). */
int app_rules_expect_load(const char *path, struct rules_expect **out, size_t *n,
                          struct jury_error *err);
void app_rules_expect_free(struct rules_expect **e, size_t n);

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
 * append to out what app_kit_added.missing describes, each unreadable value's
 * line naming table row `row` (0-based; shown 1-based as in a spreadsheet;
 * < 0 for none). */
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
/* app_missing_facts_row for many packs: each task's rule set is found and loaded
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
    enum app_pack_state state;
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
/* From the pack's manifest; NULL when it has none or does not say. */
const char *app_pack_applicant(const struct app_pack *p);
const char *app_pack_task(const struct app_pack *p);
/* Visible files (no hidden entries, links or manifest), sorted by path:
 * their display paths. */
size_t app_pack_file_count(const struct app_pack *p);
const char *app_pack_file_path(const struct app_pack *p, size_t i);
/* The store's values for the open pack (NULL when nothing is stored yet or
 * the read failed; a conflict withholds them), read cheaply
 * (store_read_pack); owned by p, valid until the next call or close. */
const struct app_values *app_pack_values(struct session *s, struct app_pack *p,
                                         struct jury_error *err);
/* Rule results and evidence links (evaluation problems become checks with
 * result "error"). */
size_t app_pack_checks(const struct app_pack *p, const struct app_check **out);
size_t app_pack_links(const struct app_pack *p, const struct app_link **out);
/* The text of a file by pages. */
struct app_text_page {
    const char *title; /* a spreadsheet's sheet name, else NULL */
    const char *text;  /* valid UTF-8; a sheet's cells tab-separated, rows by '\n' */
};
struct app_file_text {
    const struct app_text_page *pages;
    size_t n_pages;
    const char *type; /* "text" "pdf" "docx" "xlsx" "png" ... */
    bool truncated;   /* a limit cut pages or text */
    const char *note; /* what the file is, or why it has no text */
    struct extract_result *own;
};
/* The text of file i (clear out with app_file_text_clear). */
int app_pack_text(struct app_pack *p, size_t i, struct app_file_text *out, struct jury_error *err);
void app_file_text_clear(struct app_file_text *t);
/* Search every file of the pack (indexing it first when needed). The hits
 * (at most 1000) are owned by p until the next search or close. */
struct app_hit {
    const char *path;
    int page;            /* 1-based */
    const char *snippet; /* one line around the first match, sanitised */
};
int app_pack_search(struct app_pack *p, const char *query, const struct app_hit **hits, size_t *n,
                    struct jury_error *err);
/* Submit the open pack: refused (JURY_ERR_INVALID, naming the first) while
 * a veto the rules could not decide ("confirm") has no answer; then
 * store_submit_decided, which refuses unscored points and unanswered conditions. */
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

/* ------------------------------------------------------------ organiser */
/* (app/kit_organise.c) The organiser's kit: init, assignment, sealing, the
 * seal checked with a chosen key, and the rule sets there are. */

/* Make the kit in dir (see kit_init_id) once every task has a rule set
 * (dir's rules/ first, then bundled); JURY_ERR_NOTFOUND and *unknown = the
 * first task without one, else *unknown = SIZE_MAX. */
int app_kit_init(const char *dir, const char *id, const char *name, const char *const *tasks,
                 size_t n_tasks, size_t *unknown, struct jury_error *err);

/* A kit with every pack's manifest read. Per pack p: applicant and task (""
 * when the manifest cannot be read, error[p] then says why, else NULL) and
 * its file path. forbidden[p * n_reviewers + r]: conflicts.csv names the
 * pack or its applicant for reviewer r; conflict[...]: that or the
 * reviewer's affiliation is the applicant. */
struct app_kit_view {
    struct kit *kit;
    char **applicant, **task, **path, **error;
    unsigned char *forbidden, *conflict;
};
int app_kit_view_open(const char *dir, struct app_kit_view *out, struct jury_error *err);
void app_kit_view_clear(struct app_kit_view *v);
/* Assign every pack to per_pack reviewers (kit_assign_solve) with the kit's
 * panels and affiliations, avoiding v's conflicts; pack_panel may be NULL.
 * Clear res with app_kit_assign_clear. */
int app_kit_assign(const struct app_kit_view *v, size_t per_pack, uint64_t seed,
                   const char *const *pack_panel, struct kit_assign_result *res,
                   struct jury_error *err);
void app_kit_assign_clear(struct kit_assign_result *res);
/* Seal dir with the secret key of key_id; *no_key when that key cannot be
 * loaded (err says why). */
int app_kit_seal(const char *dir, const char *key_id, bool *no_key, struct jury_error *err);
/* Check dir's seal with the organiser key app_organiser_key(given_key)
 * picks. Returns 0 when the check ran; added/removed/changed: one path a
 * line. Clear with app_kit_verdict_clear. */
struct app_kit_verdict {
    bool have_key, sealed, signature_ok, signer_trusted;
    bool ok; /* sealed by the trusted key, nothing altered */
    char signer[65];
    char *added, *removed, *changed;
};
int app_kit_verify(const char *dir, const char *given_key, struct app_kit_verdict *out,
                   struct jury_error *err);
void app_kit_verdict_clear(struct app_kit_verdict *v);

/* The rule files available from kit_dir (its rules/ first, then bundled);
 * with load, each loaded for its id, name, version and path, or status < 0
 * and err when it cannot be. Free with app_rules_list_free. */
struct app_rules_entry {
    char *path;
    int status;
    struct jury_error err;
    char *id, *name, *version, *info_path;
};
int app_rules_list(const char *kit_dir, bool load, struct app_rules_entry **out, size_t *n,
                   struct jury_error *err);
void app_rules_list_free(struct app_rules_entry **p, size_t n);

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

/* ------------------------------------------------------------ sheet check */
/* (app/sheet_check.c) A signed sheet as the chair receives it, and the
 * calibration round of a merged folder. */

struct app_sheet_check {
    bool ok;               /* signature, roster key, content and audit chain hold */
    struct jury_error why; /* when not ok: the reason */
    char *reviewer, *kit;  /* when ok: the sheet's reviewer and kit ids */
    size_t n_packs, n_scores;
    uint64_t audit_rows;
    char audit_head[SHA256_HEX_LEN + 1];
};
/* Verify sheet `file` against the roster at roster_path (and kit id kit_id
 * unless NULL). Returns < 0 only when the roster cannot be read; a sheet
 * refused is out->ok false with the reason. Clear with app_sheet_check_clear. */
int app_sheet_verify(const char *file, const char *roster_path, const char *kit_id,
                     struct app_sheet_check *out, struct jury_error *err);
void app_sheet_check_clear(struct app_sheet_check *c);

/* Each reviewer's offset (mean of their net total minus the panel's mean on
 * each calibration pack; + lenient) and spread on the calibration packs. */
struct app_calib_row {
    const char *reviewer, *panel;
    size_t n_packs;
    double offset, spread;
};
struct app_calibration {
    const char *const *packs; /* the calibration packs */
    size_t n_packs;
    struct app_calib_row *rows;
    size_t n_rows;
    struct calib_report *own;
};
/* The calibration of merged folder out_dir; with kit_dir, kit.json's
 * "calibration" list is recorded in it first. Clear with
 * app_calibration_clear. */
int app_calibration(const char *out_dir, const char *kit_dir, struct app_calibration *out,
                    struct jury_error *err);
void app_calibration_clear(struct app_calibration *c);

/* ------------------------------------------------------------ pack files */
/* (app/pack_file.c) One pack file outside any kit, as `jury pack` works on
 * it. Strings handed out are owned by the open pack file. */

struct app_pack_file;
/* Open the pack at path; passphrase NULL: $JURY_PASSPHRASE, else none. */
int app_pack_file_open(struct app_pack_file **out, const char *path, const char *passphrase,
                       struct jury_error *err);
void app_pack_file_close(struct app_pack_file **p);
/* Some entries are encrypted and no passphrase opens them. */
bool app_pack_file_needs_passphrase(const struct app_pack_file *f);

struct app_pack_info {
    const char *path, *sha256, *format;
    const char *names;      /* the entry names' encoding */
    const char *top_folder; /* the single top folder shown from inside, or NULL */
    size_t n_entries, n_hidden, n_warnings;
    bool manifest;                                 /* then: */
    const char *task, *applicant, *title, *region; /* each may be NULL */
    size_t n_facts, n_evidence;
};
void app_pack_file_info(const struct app_pack_file *f, struct app_pack_info *out);
struct app_pack_entry {
    const char *path;
    uint64_t size; /* declared uncompressed size */
    const char *kind;
    bool hidden, is_link;
    const char *link_target; /* may be NULL */
};
void app_pack_file_entry(const struct app_pack_file *f, size_t i, struct app_pack_entry *out);
struct app_pack_warning {
    const char *code, *path, *message; /* path "" for the whole pack */
};
void app_pack_file_warning(const struct app_pack_file *f, size_t i, struct app_pack_warning *out);
/* What the pack holds as JSON (caller frees). */
char *app_pack_file_json(const struct app_pack_file *f);
/* The text of entry `entry` (page 0: all) appended to out, from the search
 * cache when indexed; NOTFOUND naming the pack as given when there is no
 * such entry. A limit that cut the text leaves its note in err->message with
 * a 0 return. */
int app_pack_file_text(struct app_pack_file *f, const char *entry, long page, struct jstr *out,
                       struct jury_error *err);
/* Read every entry (links excepted) so that damage, bombs, bad CRCs, wrong
 * passphrases and limits show: each one that cannot be read is named. */
struct app_unreadable {
    const char *path;
    char message[1024];
};
struct app_pack_check {
    size_t n_entries, readable, ok;
    struct app_unreadable *bad;
    size_t n_bad;
};
void app_pack_file_verify(struct app_pack_file *f, struct app_pack_check *out);
void app_pack_check_clear(struct app_pack_check *c);
/* Search the pack (limit 0: every hit), building its cache in the user data
 * folder first when needed; progress (may be NULL) is told after each step
 * of indexing and once with finished when it is done. Hits owned by f until
 * the next search or close. */
int app_pack_file_search(struct app_pack_file *f, const char *query, size_t limit,
                         void (*progress)(size_t done, size_t entries, size_t failed, bool finished,
                                          void *ctx),
                         void *ctx, const struct app_hit **hits, size_t *n, struct jury_error *err);
/* Build a pack zip from a folder or archive with a manifest. */
struct app_pack_build {
    const char *src, *out, *task;           /* task required */
    const char *applicant, *title, *region; /* may be NULL */
    const char *facts_file;                 /* .csv or .json, may be NULL */
    const char *passphrase;                 /* for an archive source, may be NULL */
};
/* *n_files (may be NULL): files written, the manifest not counted. */
int app_pack_build(const struct app_pack_build *b, size_t *n_files, struct jury_error *err);

/* ------------------------------------------------------------ ranking */
/* (app/rank.c) Ranking a merged folder again (`jury rank`), and a ranking's
 * rows and veto votes as plain structs. */

/* Row i of a ranking in report order (task, then rank, then the excluded
 * packs). Strings borrowed from the ranking. */
struct app_rank_row {
    const char *task, *task_name, *pack, *applicant; /* "" when unknown */
    int rank, low, high;                             /* 0 when excluded / no interval */
    double score, spread;
    size_t n_reviewers, veto_votes;
    bool excluded;
    const char *reason; /* why excluded, or NULL */
    char flags[128];    /* "disagree,split-veto,tie,..." */
};
void app_ranking_row(const struct merge_ranking *r, size_t i, struct app_rank_row *out);
/* The veto votes of a ranking with panel decisions: every pack with at
 * least one yes, in report order. */
struct app_veto_vote {
    const char *pack;
    const char *policy; /* "majority", "any", "chair" */
    size_t yes, no, abstain;
    bool split, carried, chair_tie;
};
size_t app_ranking_votes(const struct merge_ranking *r);
void app_ranking_vote(const struct merge_ranking *r, size_t i, struct app_veto_vote *out);

/* Ranking settings as the chair names them: the defaults, then one named
 * option ("method", "trim-per", "veto") with its value; JURY_ERR_INVALID
 * with the reason when the value is not one of the option's. */
void app_rank_settings_default(struct rank_settings *s);
int app_rank_settings_set(struct rank_settings *s, const char *option, const char *value,
                          struct jury_error *err);

/* A merged folder opened to rank again, with the settings it keeps. */
struct app_rank;
int app_rank_open(struct app_rank **out, const char *dir, struct jury_error *err);
void app_rank_close(struct app_rank **p);
/* The official settings the folder keeps (the defaults when none) and, in
 * *method (may be NULL), their method's name. */
const struct rank_settings *app_rank_kept(const struct app_rank *k, const char **method);
/* Would s rank otherwise than the kept settings (bootstrap, seed,
 * sensitivity and intervals never move a rank)? */
bool app_rank_is_what_if(const struct app_rank *k, const struct rank_settings *s);
/* Rank with s and write nothing: *r is owned by k until the next call. */
int app_rank_what_if(struct app_rank *k, const struct rank_settings *s,
                     const struct merge_ranking **r, struct jury_error *err);
/* The official ranking: a fresh run id, ranked with s, adopted (a changed
 * method is logged) and every output written together into out (see
 * app_outputs_write). Clear pub with app_published_clear, also on failure. */
struct app_published {
    struct merge_ranking *r;
    char run[33];
    size_t font_whole_bytes; /* report.pdf embeds the whole CJK font of this size */
};
int app_rank_official(struct app_rank *k, const struct rank_settings *s, const char *out,
                      struct app_published *pub, struct jury_error *err);
/* The same on a merge app_merge left open. */
int app_rank_publish(struct merge *m, const struct rank_settings *s, const char *out,
                     struct app_published *pub, struct jury_error *err);
void app_published_clear(struct app_published *pub);

/* ------------------------------------------------------------ chair view */
/* (app/chair.c) A merged folder (OUT/merged.sqlite) ranked with the settings
 * `jury merge` stored, through the ranking every output uses. */

struct app_chair;
struct app_chair_info {
    size_t n_sheets;
    const char *method;         /* the official method's name */
    const char *method_changed; /* the method log's last change, NULL when none */
    bool intervals;             /* rank intervals computed */
};
/* One reviewer's line of a pack's panel table, as the reports print it. */
struct app_chair_panel_row {
    char who[160];
    double total, deduction, net;
    char status[160]; /* whether it counted */
};
/* A pack's reviewer-by-indicator table: submitted results only. */
struct app_chair_detail {
    const char *pack;
    const char *const *reviewers; /* columns, sorted by id */
    size_t n_reviewers;
    const char *const *indicators; /* rows */
    size_t n_indicators;
    const double *points;     /* points[indicator * n_reviewers + reviewer]; NaN = none */
    const double *totals;     /* per reviewer, as kept at import */
    const double *deductions; /* per reviewer */
};

int app_chair_open(struct app_chair **out, const char *dir, struct jury_error *err);
void app_chair_close(struct app_chair **p);
void app_chair_info(const struct app_chair *c, struct app_chair_info *out);
/* Rows in report order: task, then rank, then the excluded packs. */
size_t app_chair_count(const struct app_chair *c);
void app_chair_row(const struct app_chair *c, size_t i, struct app_rank_row *out);
/* Rank again with the bootstrap's intervals (the slow part: on request). */
int app_chair_intervals(struct app_chair *c, struct jury_error *err);
/* The panel table of row i (*out: caller frees); *figure (caller frees) says
 * how the official figure was computed. */
size_t app_chair_panel(const struct app_chair *c, size_t i, struct app_chair_panel_row **out,
                       char **figure);
/* The reviewers' comments on observation point `indicator` of row i's pack
 * (submitted results, in the panel's order; *out: caller frees). Untrusted
 * text: escape it to show it. */
struct app_chair_comment {
    char who[160];    /* "张三 (R01)" */
    const char *text; /* owned by c, valid until the next ranking */
};
size_t app_chair_comments(const struct app_chair *c, size_t i, const char *indicator,
                          struct app_chair_comment **out);
/* The drill-down of row i, valid until the next call or app_chair_close;
 * JURY_ERR_NOTFOUND when nobody submitted scores for the pack. */
int app_chair_detail(struct app_chair *c, size_t i, const struct app_chair_detail **out,
                     struct jury_error *err);

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

enum app_sheet_outcome {
    APP_SHEET_MERGED,  /* a new sheet */
    APP_SHEET_ALREADY, /* this very file was merged before: nothing changed */
    APP_SHEET_REFUSED, /* verification or import failed: reason says why */
};
struct app_merge_sheet {
    const char *path; /* borrowed from the options */
    enum app_sheet_outcome outcome;
    size_t n_packs;     /* reviewer results stored */
    size_t n_conflicts; /* same reviewer and pack, other content, left unresolved */
    size_t n_replaced;  /* replaced by this newer sheet (prefer_newest) */
    size_t n_coi;       /* packs the reviewer declared a conflict of interest on */
    char *reason;       /* why refused */
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
    struct merge *merged; /* the merged database (see app_merge) */
};

/* Verify, check against the kit, re-derive and import every sheet (see
 * app/merge.c). res->merged gets the open merged database to rank (closed by
 * app_merge_result_free), NULL when res->unchanged left no database. Fails (nothing written) on an
 * unreadable roster or kit, a broken seal without allow_altered_kit, or an OUT that holds another
 * kit's merge. */
int app_merge(const struct app_merge_options *o, struct app_merge_result *res,
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
