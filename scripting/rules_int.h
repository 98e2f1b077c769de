/* rules_int.h - private to scripting/: the sandbox, the wire format between
 * the sandboxed child and the parent, and the loaded rule set's model. */
#ifndef JURY_RULES_INT_H
#define JURY_RULES_INT_H

#include "scripting/rules.h"

#include <lua.h>

/* ------------------------------------------------------------ sandbox */

#define SBX_DEFAULT_MEM        ((size_t)64 << 20)
#define SBX_DEFAULT_INSN       10000000UL
#define SBX_DEFAULT_TIMEOUT_MS 2000
#define SBX_DEFAULT_EVAL_MS    5000
#define SBX_DEFAULT_EVAL_INSN  50000000UL
#define SBX_DEFAULT_TEXT_BYTES ((size_t)64 << 20)
#define SBX_MAX_SUBJECT        ((size_t)16 << 20) /* string.find & co: subject bytes */
#define SBX_MAX_PATTERN        512                /* pattern bytes */
#define SBX_MAX_LOG            16384

struct sbx_text_req; /* how p.text reaches the pack (isolate.c) */

struct sbx {
    lua_State *L;
    size_t mem_used, mem_limit;
    unsigned long insn_used, insn_limit;
    unsigned long insn_total, insn_total_limit; /* across the whole evaluation */
    long long deadline_ms;                      /* monotonic; 0 = none */
    int budget_ms;                              /* the time budget it stands for */
    bool insn_killed;
    char why[160]; /* the budget that was spent */
    struct jstr log;
    /* p.text(path): returns 0 and a malloc'd buffer, or non-zero for nil */
    int (*text)(void *ctx, const char *path, char **out, size_t *len);
    void *text_ctx;
    size_t text_limit;
};

/* Open a sandboxed state with the allow-listed globals; runs the self-test
 * that forbidden globals are nil. */
int sbx_open(struct sbx *s, const struct rules_options *opt, struct jury_error *err);
void sbx_close(struct sbx *s);
/* The wall clock one check may run: timeout_ms, else $JURY_RULES_TIMEOUT_MS
 * (100 to 600000), else SBX_DEFAULT_TIMEOUT_MS. */
int sbx_check_ms(const struct rules_options *opt);
/* The wall-clock budget of one evaluation: opt->eval_ms, else 5 s (or one
 * check's timeout_ms + 1 s when a caller allows checks longer than that). */
int sbx_eval_ms(const struct rules_options *opt);
/* Monotonic milliseconds (the clock of every deadline). */
long long sbx_now_ms(void);
/* Start a fresh instruction budget (per load, per check); the evaluation's
 * total (insn_total against insn_total_limit) and deadline go on. */
void sbx_budget(struct sbx *s);
/* The one protected-call helper: [-(nargs+1), +nres, -]. On error pops the
 * error, fills err (where "file:line" when known) and returns < 0. */
int sbx_pcall(struct sbx *s, int nargs, int nres, struct jury_error *err);
/* Check encoding and run one chunk in text mode. name is shown in messages. */
int sbx_run(struct sbx *s, const char *text, size_t len, const char *name, struct jury_error *err);
/* Check a rule file's bytes: UTF-8, no BOM. */
int sbx_check_encoding(const char *text, size_t len, const char *name, struct jury_error *err);
/* Split "file:line: message" into err->where / err->message. */
void sbx_error_split(struct jury_error *err, int status, const char *msg);
/* The name used for a file in messages (its path when short, else basename). */
const char *sbx_display_name(const char *path);

/* ------------------------------------------------------------ wire */

struct wire_reader {
    const unsigned char *p;
    size_t len, pos;
    bool bad;
};

void wire_u8(struct jstr *w, unsigned v);
void wire_u32(struct jstr *w, uint32_t v);
void wire_f64(struct jstr *w, double v);
void wire_str(struct jstr *w, const char *s, size_t n); /* s may be NULL */
void wire_cstr(struct jstr *w, const char *s);          /* s may be NULL */

unsigned wire_get_u8(struct wire_reader *r);
uint32_t wire_get_u32(struct wire_reader *r);
double wire_get_f64(struct wire_reader *r);
/* A malloc'd copy (NULL for a NULL string). */
char *wire_get_str(struct wire_reader *r);

/* ------------------------------------------------------------ isolation */

/* A job running in the sandbox sends frames: tag + payload. */
struct sbx_chan;
void chan_send(struct sbx_chan *c, char tag, const void *data, size_t len);
/* Batching (child side): frames collect in out and are written every few
 * milliseconds, before a text request and on chan_flush; out NULL writes
 * what is left and sends each frame at once again. The parent learns of a
 * check later, so after a kill the blame may be stale: batch callers rerun
 * unbatched to find the culprit (rules_eval_many). */
void chan_batch(struct sbx_chan *c, struct jstr *out);
void chan_flush(struct sbx_chan *c);
/* Ask the parent for a pack file's text (frames 'T' / reply). */
int chan_text(struct sbx_chan *c, const char *path, char **out, size_t *len);

/* Frame handler in the parent; returns < 0 to stop. `index` is the job's
 * progress marker as last reported by frame 'I'. */
struct iso_handler {
    void *ctx;
    int (*frame)(void *ctx, char tag, const unsigned char *data, size_t len);
    /* p.text service for frames 'T'; may be NULL. Returns 0 (text), -2
     * (the evaluation's text budget is spent: the rule gets an error) or
     * another value (nil). */
    int (*text)(void *ctx, const char *path, char **out, size_t *len);
    void *text_ctx;
    long long deadline_ms; /* monotonic ms when the whole job must end; 0 = none */
};

/* Run job(chan, arg) in a forked child with rlimits and a watchdog (or in
 * process when opt->in_process), feeding every frame to h. Returns 0 when the
 * job finished ('D' frame), JURY_ERR_LIMIT when the watchdog killed it or it
 * died (err says how). */
int iso_run(const struct rules_options *opt, void (*job)(struct sbx_chan *, void *), void *arg,
            const struct iso_handler *h, struct jury_error *err);

/* ------------------------------------------------------------ the model */

struct rs_ind {
    struct cl_indicator base; /* parent index resolved; key unset */
    char *parent_id;
    bool key_all;
    char **key;
    size_t n_key;
    char **variants;
    size_t n_variants;
    char *default_note;
    bool optional;
};

struct rs_item {
    char *id, *text;
    char *indicator; /* autochecks */
    int kind;        /* conditions: enum cl_cond_kind */
    bool has_check;
    double max;     /* deductions */
    char *severity; /* conditions */
    char *default_note;
    char **facts;
    size_t n_facts;
};

struct rs_evidence {
    char *indicator;
    char **patterns;
    size_t n_patterns;
};

struct ruleset {
    char *id, *name, *version, *source, *variant_fact, *veto_policy;
    double total;
    char *path, *sha256;
    char *text; /* the rule file */
    size_t text_len;
    char **lib_names, **lib_texts; /* the lib files, in load order */
    size_t *lib_lens, n_lib;
    struct rules_options opt;
    char *lib_dir;
    struct rs_ind *inds;
    size_t n_inds;
    struct rs_item *conds, *vetoes, *deds, *autos, *cross;
    size_t n_conds, n_vetoes, n_deds, n_autos, n_cross;
    struct rs_evidence *evid;
    size_t n_evid;
    char **variants;
    size_t n_variants;
    double year;
    char *default_note;
    struct rules_fact_decl *facts;
    size_t n_facts;
    struct rules_item *pub[4]; /* enum rules_section -> public view of the items */
};

/* Files and sources a job needs to rebuild the state. */
struct rs_sources {
    const char *path, *name; /* name: as shown in messages */
    const char *text;
    size_t text_len;
    char *const *lib_names, *const *lib_texts;
    const size_t *lib_lens;
    size_t n_lib;
};

struct rs_sources rs_sources_of(const struct ruleset *rs);
/* Run the lib files and the rule file in s; on error fill err. */
int rs_run_sources(struct sbx *s, const struct rs_sources *src, struct jury_error *err);
/* Lua side of loading (in the child): RULESET → frames 'P' (problems) and
 * 'M' (the model). */
void rs_extract(struct sbx_chan *c, struct sbx *s, const struct rs_sources *src);
/* Parent side: the model frame → rs. */
int rs_parse_model(struct ruleset *rs, const unsigned char *data, size_t len);
void rs_free_model(struct ruleset *rs);
/* Read the lib files of dir (sorted); dir "" = none. */
int rs_read_lib(struct ruleset *rs, const char *dir, struct jury_error *err);

/* ------------------------------------------------------------ evaluation */

/* One evaluation job (in the child): checks numbered flat as conditions,
 * autochecks, vetoes, crosschecks; runs those with a function from start. */
struct eval_job {
    const struct ruleset *rs;
    const struct rules_pack_view *pack;
    const char *variant;
    size_t start;
    unsigned long insn_spent; /* by earlier children of this evaluation */
    bool text_spent;          /* the running check hit the p.text byte budget */
    long long deadline_ms;    /* of the whole evaluation (monotonic ms) */
    struct sbx_chan *chan;    /* set by the job */
    struct sbx *s;
    const char *name;
};

void eval_job_run(struct sbx_chan *c, void *arg);
size_t eval_count(const struct ruleset *rs);
bool eval_has_check(const struct ruleset *rs, size_t index);
/* Section name and index inside it; true for a crosscheck (function "key"). */
bool eval_locate(const struct ruleset *rs, size_t index, const char **section, size_t *k);

#endif
