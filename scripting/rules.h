/* rules.h - the rule engine: sandboxed Lua 5.4 rule sets as plain C data.
 *
 * A rule file (rules/taskN.lua) plus the helpers in rules/lib/ files fill one
 * global table, RULESET (see docs/rules-contract.md). rules_load runs them in
 * a sandbox and turns RULESET into a `struct checklist` (core/core.h) plus the
 * metadata kept here; rules_eval runs the rule set's checks on one pack's
 * view and returns plain C results. Lua values never leave scripting/.
 *
 * Sandbox: a fresh lua_State per load and per evaluation, only the safe parts
 * of base/string/table/math/utf8, text chunks only, a memory cap (custom
 * allocator) and an instruction cap (count hook). Because hooks never fire in
 * C functions (a pathological string.find) nor in __gc finalizers, loading and
 * evaluation run by default in a forked child under RLIMIT_CPU/RLIMIT_AS with
 * a watchdog in the parent; results come back over a pipe. Under ASan the
 * child gets no RLIMIT_AS (it conflicts with ASan's shadow memory): the
 * allocator cap and the watchdog remain.
 */
#ifndef JURY_RULES_H
#define JURY_RULES_H

#include "core/core.h"

/* ------------------------------------------------------------ options */

struct rules_options {
    const char *lib_dir;      /* rules/lib to run first; NULL = <share>/rules/lib,
                                 "" = none */
    size_t mem_limit;         /* bytes for Lua's allocator; 0 = 64 MiB */
    unsigned long insn_limit; /* VM instructions for loading, and again for each
                                 check (so one endless check cannot starve the
                                 others); 0 = 10 million */
    int timeout_ms;           /* wall clock one check may run (p.text requests do
                                 not extend it) before the child is killed and
                                 the next check runs; 0 = 2000 */
    int eval_ms;              /* wall clock for a whole evaluation, fixed when it
                                 starts: nothing the rules do extends it; 0 = 5000
                                 (or timeout_ms + 1000 when that is longer) */
    unsigned long eval_insn;  /* VM instructions for a whole evaluation (all checks
                                 and restarts together); 0 = 50 million */
    size_t text_budget;       /* bytes p.text may hand out in one evaluation (texts
                                 are extracted once and cached); 0 = 64 MiB */
    bool in_process;          /* true: no fork (benchmarks; hooks and caps only) */
};

/* ------------------------------------------------------------ pack view */

enum rules_value_kind {
    RULES_NUMBER,
    RULES_STRING,
    RULES_BOOL,
    RULES_DATE, /* a string "YYYY-MM-DD"; rules see it as a string */
};

struct rules_fact {
    const char *name;
    enum rules_value_kind kind;
    double number;   /* RULES_NUMBER */
    const char *str; /* RULES_STRING, RULES_DATE */
    bool boolean;    /* RULES_BOOL */
};

struct rules_file {
    const char *path; /* inside the pack, UTF-8 */
    const char *kind; /* pdf docx xlsx pptx text image audio video archive other */
    const char *ext;  /* lowercase, no dot; may be "" */
    double size;      /* bytes */
};

/* What a rule set may see of a pack; all borrowed from the caller for the
 * duration of rules_eval. */
struct rules_pack_view {
    const char *applicant, *task, *title, *region; /* may be NULL */
    const struct rules_fact *facts;
    size_t n_facts;
    const struct rules_file *files;
    size_t n_files;
    /* p.text(path): the extracted text of one file. Return 0 and a malloc'd
     * buffer in *out (the engine frees it), or non-zero for "not available"
     * (the rule sees nil). Called in the calling process (the sandboxed
     * child asks over a pipe), so it may use the caller's open handles.
     * May be NULL. At most text_limit bytes are handed to the rule. */
    int (*text)(void *ctx, const char *path, char **out, size_t *len);
    void *text_ctx;
    size_t text_limit; /* 0 = 1 MiB */
};

/* ------------------------------------------------------------ rule sets */

struct ruleset; /* opaque: a loaded, validated rule set */

/* Load a rule file: run the lib files (sorted) and the file in a sandbox, read
 * and validate RULESET, keep its plain C model. opt may be NULL (defaults).
 * On failure *out is NULL and err holds the first problem as `file:line`
 * (err->where) and message. Caller frees with ruleset_free. */
int rules_load(struct ruleset **out, const char *path, const struct rules_options *opt,
               struct jury_error *err);
void ruleset_free(struct ruleset **p);

/* Check a rule file and collect EVERY problem, one "file:line: message" per
 * line, into *problems (malloc'd, caller frees; "" when none). Returns 0 when
 * the file is fine, JURY_ERR_FORMAT when it has problems, another status (and
 * err) when the check could not run. */
int rules_check_file(const char *path, const struct rules_options *opt, char **problems,
                     struct jury_error *err);

/* Metadata of a loaded rule set (borrowed strings, valid while rs lives). */
struct ruleset_info {
    const char *id, *name, *version, *source; /* source: the source document */
    const char *path;                         /* the rule file */
    const char *sha256;                       /* of the rule file, hex */
    const char *variant_fact;                 /* NULL when none */
    const char *veto_policy;                  /* "majority" (default), "any", "chair" */
    double total;
    size_t n_variants; /* variants named by indicators' key/variants lists */
    const char *const *variants;
    size_t n_evidence, n_crosschecks;
    int year;                 /* the review year (ruleset{ year = }), 0 when none */
    const char *default_note; /* ruleset{ default = }: NULL when none */
};
void ruleset_info(const struct ruleset *rs, struct ruleset_info *info);

/* A declared fact: facts{ name = { type, unit, label } }, in the order the
 * rule file lists them. type is "number", "percent", "bool", "date" or
 * "text"; unit may be "". */
struct rules_fact_decl {
    const char *name, *type, *unit, *label;
    const char *note, *default_note; /* NULL when not given */
    const char *const *values;       /* text facts: the allowed values */
    size_t n_values;
};
/* The declared facts (borrowed). Returns how many. */
size_t ruleset_facts(const struct ruleset *rs, const struct rules_fact_decl **facts);
/* The declaration of fact `name`, or NULL. */
const struct rules_fact_decl *ruleset_fact(const struct ruleset *rs, const char *name);

enum rules_section {
    RULES_SEC_CONDITIONS,
    RULES_SEC_AUTOCHECKS,
    RULES_SEC_VETOES,
    RULES_SEC_DEDUCTIONS,
};

/* One condition, auto-check, veto or deduction as declared (borrowed). */
struct rules_item {
    const char *id, *text;
    const char *indicator;    /* auto-checks: may be NULL */
    const char *severity;     /* conditions: "required", "warn" (原则上) or "info" (鼓励) */
    const char *default_note; /* a value the document does not state; NULL when none */
    bool confirm;             /* a condition a reviewer answers */
    bool has_check;
    double max;               /* deductions */
    const char *const *facts; /* the facts its check reads */
    size_t n_facts;
};
size_t ruleset_items(const struct ruleset *rs, enum rules_section s,
                     const struct rules_item **items);
/* Marks on indicator `id`: the organiser's-default note (NULL when none)
 * and whether it is optional (自选). false when there is no such indicator. */
bool ruleset_indicator_marks(const struct ruleset *rs, const char *id, const char **default_note,
                             bool *optional);

/* Build the checklist for a variant (NULL = none/all): indicators restricted
 * to `variants` lists that name it, key flags set for it. Caller frees with
 * checklist_free. Never NULL. */
struct checklist *ruleset_checklist(const struct ruleset *rs, const char *variant);
/* The variant a typed value names (spaces around it ignored, as typed in a
 * table), borrowed from rs; NULL when it names none. ruleset_checklist and
 * rules_eval use it, so " 高职学校 " chooses 高职学校. */
const char *ruleset_variant(const struct ruleset *rs, const char *value);

/* ------------------------------------------------------------ evaluation */

enum rules_result_kind {
    RULES_PASS,
    RULES_FAIL,
    RULES_NODATA,
    RULES_CONFIRM, /* a reviewer must answer */
    RULES_ERROR,   /* the rule failed: detail is "file:line: message" */
};
/* "pass" "fail" "nodata" "confirm" "error". */
const char *rules_result_name(enum rules_result_kind r);

enum rules_tristate { RULES_NO = 0, RULES_YES = 1, RULES_UNKNOWN = -1 };

struct rules_check {
    const char *id, *text;
    const char *indicator; /* autochecks: may be NULL */
    enum rules_result_kind result;
    char *detail; /* the numbers used, or the error; never NULL */
};

struct rules_evidence {
    const char *indicator; /* borrowed from the rule set */
    char *path;            /* a copy of the pack file's path */
};

struct rules_crosskey {
    const char *id;
    char *key; /* NULL when the rule returned nil */
};

struct rules_result {
    enum rules_tristate eligible; /* all pass: yes; any fail/error: no; else unknown */
    char *variant;                /* from variant_fact, or NULL */
    struct rules_check *conditions;
    size_t n_conditions;
    struct rules_check *autochecks;
    size_t n_autochecks;
    struct rules_check *vetoes; /* every veto; result fail = triggered, confirm = to confirm */
    size_t n_vetoes;
    /* every deduction; result fail = applies (the panel sets the points),
     * pass = does not, confirm = the panel judges (no check) */
    struct rules_check *deductions;
    size_t n_deductions;
    struct rules_evidence *evidence;
    size_t n_evidence;
    struct rules_crosskey *crosskeys;
    size_t n_crosskeys;
    char *log; /* what the rules wrote with log(...), bounded; "" when nothing */
};

/* Evaluate rs on one pack. id/text/indicator strings in the result borrow
 * from rs (keep rs alive); details, evidence paths, keys and the log are owned
 * by the result. A detail that is not valid UTF-8 keeps its result and shows
 * the bad bytes as \xNN escapes. A failing check gives RULES_ERROR on that
 * check; the others still run. Returns 0, or < 0 when the evaluation as a whole could not run (then
 * *out is NULL). Caller frees with rules_result_free. */
int rules_eval(const struct ruleset *rs, const struct rules_pack_view *pack,
               struct rules_result **out, struct jury_error *err);
void rules_result_free(struct rules_result **p);
/* Evaluate rs on n packs in one sandboxed child: the same results as n calls
 * of rules_eval (each pack gets a fresh Lua state, budgets per check as
 * there), without a fork and a state rebuilt from disk per pack. out[i] is
 * packs[i]'s result (free each with rules_result_free). A check killed by
 * the watchdog fails alone; the child restarts after it. Returns 0, or < 0
 * when the evaluation as a whole could not run (then every out[i] is NULL). */
int rules_eval_many(const struct ruleset *rs, const struct rules_pack_view *const *packs, size_t n,
                    struct rules_result **out, struct jury_error *err);

/* ------------------------------------------------------------ expectations */

/* One `expect { pack = "x.zip", eligible = true, conditions = { E1 = "pass" },
 * autochecks = { A1 = "fail" }, vetoes = { "V1" } }` of rules/tests/ID.lua.
 * vetoes lists the vetoes expected to trigger (result fail). */
struct rules_expect_item {
    char *id;
    enum rules_result_kind result;
};

struct rules_expect {
    int line; /* of the expect call */
    char *pack;
    int eligible; /* RULES_YES, RULES_NO, RULES_UNKNOWN ("confirm" or nil given as
                     eligible = "unknown"), or -2 when not given */
    struct rules_expect_item *conditions, *autochecks;
    size_t n_conditions, n_autochecks;
    char **vetoes;
    size_t n_vetoes;
    bool vetoes_given;
    char **deductions; /* deductions expected to apply (result fail) */
    size_t n_deductions;
    bool deductions_given;
};

/* Run an expectations file in the sandbox (global function `expect`). On a
 * problem err says `file:line: message`. Free with rules_expect_free. */
int rules_expect_load(const char *path, const struct rules_options *opt, struct rules_expect **out,
                      size_t *n, struct jury_error *err);
void rules_expect_free(struct rules_expect **p, size_t n);

/* ------------------------------------------------------------ finding */

/* The path of rule set `id`: <kit_dir>/rules/<id>.lua when kit_dir is given
 * and it exists, else <share>/rules/<id>.lua. Caller frees. NULL + err when
 * not found or id is not a plain name. */
char *rules_find(const char *id, const char *kit_dir, struct jury_error *err);

/* Every rule file available: the kit's first, then the bundled ones not
 * overridden; sorted by id. *paths is a malloc'd array of malloc'd strings;
 * free with rules_list_free. */
int rules_list(const char *kit_dir, char ***paths, size_t *n, struct jury_error *err);
void rules_list_free(char ***paths, size_t n);

#endif
