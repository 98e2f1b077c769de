/* core.h - what every module of jury shares.
 *
 * The error type, growable strings, UTF-8 and display width, GBK/GB18030
 * decoding, SHA-256, the user data folder, and the checklist model (the plain
 * C form of a rule set that scripting/ builds and db/ and tui/ read).
 *
 * core/ depends only on libc, iconv, libsodium and nettle; it never prints.
 */
#ifndef JURY_CORE_H
#define JURY_CORE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define JURY_VERSION "0.1.0"

/* ---------------------------------------------------------------- errors */

/* Status codes returned by every library function (0 success, < 0 failure). */
enum jury_status {
    JURY_OK = 0,
    JURY_ERR_NOMEM = -1,   /* out of memory */
    JURY_ERR_IO = -2,      /* a file could not be read or written */
    JURY_ERR_FORMAT = -3,  /* input is malformed (archive, JSON, CSV, rule file) */
    JURY_ERR_LIMIT = -4,   /* a safety limit was hit (size, count, ratio, time) */
    JURY_ERR_INVALID = -5, /* a value was refused (out of range, unknown id) */
    JURY_ERR_NOTFOUND = -6,
    JURY_ERR_DENIED = -7,   /* refused by policy (locked, sandbox, signature) */
    JURY_ERR_BUSY = -8,     /* the resource is in use elsewhere */
    JURY_ERR_CORRUPT = -9,  /* integrity check failed (hash, signature, database) */
    JURY_ERR_VERSION = -10, /* made by a newer or foreign program */
    JURY_ERR_INTERNAL = -11,
};

/* A caller-provided error value. Library code fills it; cli/ and tui/ show it.
 * `where` names the file, entry or line ("pack.zip:docs/a.pdf", "t4.lua:12"). */
struct jury_error {
    int status;
    char where[512];
    char message[1024];
};

/* Set err (when not NULL) and return status. `where` may be NULL. */
int jury_error_set(struct jury_error *err, int status, const char *where, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Empty the error value. */
void jury_error_clear(struct jury_error *err);
/* "where: message" into buf (always NUL-terminated). Returns buf. */
const char *jury_error_text(const struct jury_error *err, char *buf, size_t size);
/* Short English name of a status ("I/O error"). Never NULL. */
const char *jury_status_name(int status);

/* Only out-of-memory is fatal. The hook (set by tui/ to restore the terminal)
 * runs before the process exits with status 70. */
void jury_set_oom_hook(void (*hook)(void));
void *jury_xmalloc(size_t n);
void *jury_xcalloc(size_t n, size_t size);
void *jury_xrealloc(void *p, size_t n);
char *jury_xstrdup(const char *s);
char *jury_xstrndup(const char *s, size_t n);

/* ------------------------------------------------------ growable strings */

/* A NUL-terminated growable byte string. Zero-initialise, then append.
 * The caller owns `s` and frees it with jstr_free (or keeps it via jstr_take). */
struct jstr {
    char *s;
    size_t len;
    size_t cap;
};

void jstr_reserve(struct jstr *b, size_t extra);
void jstr_addn(struct jstr *b, const char *s, size_t n);
void jstr_add(struct jstr *b, const char *s);
void jstr_addc(struct jstr *b, char c);
void jstr_addf(struct jstr *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void jstr_vaddf(struct jstr *b, const char *fmt, va_list ap);
void jstr_clear(struct jstr *b);
/* Hand the buffer to the caller (never NULL: "" when empty); b becomes empty. */
char *jstr_take(struct jstr *b);
void jstr_free(struct jstr *b);
/* Returns the contents, or "" when nothing was added yet. */
const char *jstr_cstr(const struct jstr *b);

/* ------------------------------------------------------ UTF-8 and width */

/* Decode one code point at s (n bytes available). Returns the number of bytes
 * used (1..4) and stores the code point, or returns -1 for an invalid,
 * overlong or truncated sequence (then *cp is the byte value). */
int utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Encode cp into out (4 bytes room); returns bytes written, 0 if invalid. */
int utf8_encode(uint32_t cp, char *out);
/* True when all n bytes are valid UTF-8 (no overlongs, no surrogates). */
bool utf8_valid(const char *s, size_t n);
/* Display columns of one code point: wcwidth under a UTF-8 locale, with
 * controls reported as -1. */
int utf8_cp_width(uint32_t cp);
/* Display columns of a valid UTF-8 string; invalid bytes and controls count
 * as the width of their escape (\xNN = 4 columns). */
int utf8_width(const char *s, size_t n);
/* Byte length of the longest prefix of s that fits in `cols` columns without
 * cutting a wide glyph; *used gets the columns used. */
size_t utf8_fit(const char *s, size_t n, int cols, int *used);
/* Make untrusted text safe to show on a terminal: C0/C1 controls, DEL, ESC,
 * bidi overrides/isolates (U+202A..202E, U+2066..2069), and invalid bytes
 * become visible escapes (\x1b, \u202e). Returns a new string the caller frees. */
char *utf8_sanitize(const char *s, size_t n);
/* True when the current LC_CTYPE uses UTF-8. */
bool utf8_locale_ok(void);
/* True for CJK ideographs (used by the search tokenizer). */
bool utf8_is_cjk(uint32_t cp);

/* Why an id that travels (reviewer, kit, pack, indicator, condition,
 * deduction) is refused, or NULL when it is fine: empty, invalid UTF-8,
 * control, bidi or invisible characters, a leading or trailing space, or text
 * not in NFC as far as it is cheaply seen (combining marks, CJK compatibility
 * ideographs, other singletons). buf (size bytes) may hold the reason. */
const char *text_id_problem(const char *s, char *buf, size_t size);

/* ------------------------------------------------------ GBK / GB18030 */

/* Convert n bytes of GB18030 (a superset of GBK and CP936) to UTF-8.
 * Bytes that cannot be decoded become "\xNN" escapes and *lossy is set.
 * Returns a new string (caller frees), or NULL with err on iconv failure. */
char *gbk_to_utf8(const char *s, size_t n, bool *lossy, struct jury_error *err);
/* Convert UTF-8 to GB18030 (for tests and for writing GBK fixtures).
 * Returns a new buffer (caller frees) and its length in *out_len. */
char *utf8_to_gbk(const char *s, size_t n, size_t *out_len, struct jury_error *err);
/* Convert UTF-16 (little or big endian, no BOM) to UTF-8; invalid units become
 * U+FFFD. Returns a new string the caller frees. */
char *utf16_to_utf8(const char *s, size_t n, bool big_endian);

/* Text as it may arrive in a file: detects a UTF-8 BOM, UTF-16 BOMs, valid
 * UTF-8, else GB18030. Returns a new UTF-8 string (caller frees) and names
 * the encoding found in *encoding ("utf-8", "utf-8-bom", "utf-16le",
 * "utf-16be", "gb18030"). */
char *text_to_utf8(const char *s, size_t n, const char **encoding, struct jury_error *err);

/* ------------------------------------------------------------- hashing */

#define SHA256_HEX_LEN 64

struct jury_sha256_ctx {
    unsigned char opaque[128] __attribute__((aligned(16)));
};

void jury_sha256_init(struct jury_sha256_ctx *c);
void jury_sha256_update(struct jury_sha256_ctx *c, const void *p, size_t n);
/* Writes 64 lowercase hex digits plus NUL into hex. */
void jury_sha256_final_hex(struct jury_sha256_ctx *c, char hex[SHA256_HEX_LEN + 1]);
void jury_sha256_hex(const void *p, size_t n, char hex[SHA256_HEX_LEN + 1]);
/* SHA-256 of a whole file. */
int jury_sha256_file_hex(const char *path, char hex[SHA256_HEX_LEN + 1], struct jury_error *err);
/* Decode standard base64 (as in roster.csv) into out (cap bytes). Returns
 * the decoded length, or -1 when the text is not base64 or too long. */
long jury_base64_decode(const char *b64, unsigned char *out, size_t cap);
/* Encode n bytes as standard base64 (caller frees). */
char *jury_base64_encode(const unsigned char *p, size_t n);
/* Initialise libsodium once (safe to call many times). */
int jury_crypto_init(struct jury_error *err);
/* n_bytes (at most 64) random bytes as 2*n_bytes hex digits and a NUL. */
void jury_random_hex(char *out, size_t n_bytes);

/* ------------------------------------------------------- files, folders */

/* The user data folder: $JURY_HOME, else $XDG_DATA_HOME/jury, else
 * ~/.local/share/jury. Returns a new string (caller frees) or NULL with err.
 * With create=true the folder is made (mode 0700) when missing. */
char *jury_data_dir(bool create, struct jury_error *err);
/* mkdir -p with the given mode for every created component. */
int jury_mkdirs(const char *path, int mode, struct jury_error *err);
/* Open a file for reading only when it is a regular file: a FIFO, device,
 * socket or folder is refused at once with err naming what it is, never
 * opened (stat first, then O_NONBLOCK and an fstat check of the opened
 * descriptor); nofollow refuses a symbolic link too. A file over max bytes
 * (0 = no limit) is refused with JURY_ERR_LIMIT before anything is read.
 * Returns a blocking descriptor (*size gets the size; may be NULL) or a
 * negative status. Every file that travels (packs, sheets, rosters, kits,
 * rule files) is opened through here. */
int jury_open_regular(const char *path, uint64_t max, bool nofollow, uint64_t *size,
                      struct jury_error *err);
/* Read a whole file (at most max bytes, else JURY_ERR_LIMIT). The buffer is
 * NUL-terminated for convenience; caller frees. */
int jury_read_file(const char *path, size_t max, char **out, size_t *len, struct jury_error *err);
/* Write a file atomically: a temporary in the same folder, fsync, rename.
 * No half-written file is ever left under `path`. */
int jury_write_file_atomic(const char *path, const void *data, size_t len, int mode,
                           struct jury_error *err);
/* path_join("a", "b") -> "a/b" (caller frees). */
char *jury_path_join(const char *a, const char *b);
/* True when path exists and is a directory / a regular file. */
bool jury_is_dir(const char *path);
bool jury_is_file(const char *path);
/* Folder of the bundled data (rules/ and packs/samples/): $JURY_SHARE, else
 * DATADIR/jury found relative to the running executable (an installed prefix,
 * moved or not, or a build tree, whose build/share mirrors it), else the
 * configured DATADIR. Returns a static string. */
const char *jury_share_dir(void);
/* The message catalogues' folder (DATADIR/locale, found the same way). */
const char *jury_locale_dir(void);
/* Set TZ=:/etc/localtime when TZ is unset (libarchive calls mktime per entry;
 * unset TZ makes glibc stat /etc/localtime each time: 2x slower listing). */
void jury_tz_init(void);

/* ------------------------------------------------------- fingerprints */

/* A 64-bit simhash of a text over pairs of consecutive letters, digits and
 * CJK characters (spacing and punctuation ignored, ASCII case folded).
 * Near-identical texts differ in few bits. *n_features (may be NULL) gets the
 * number of pairs: below a few hundred the fingerprint says little. */
uint64_t text_simhash(const char *s, size_t n, size_t *n_features);
/* Bits that differ between two fingerprints (0..64). */
int simhash_distance(uint64_t a, uint64_t b);
/* Group n fingerprints: rep[i] gets the smallest index of the group of i,
 * where a group joins fingerprints within max_distance bits of each other
 * (transitively). Compares only fingerprints that share a band of bits. */
void simhash_cluster(const uint64_t *h, size_t n, int max_distance, size_t *rep);

/* ------------------------------------------- untrusted text, per medium */

/* The one way out for untrusted text (core/escape.c). Every escaper first
 * turns C0/C1 controls, ESC, DEL, bidi embeddings/overrides/isolates
 * (U+202A..202E, U+2066..2069, U+200E/F, U+061C), U+2028/2029 and invalid
 * UTF-8 into visible escapes (\x1b, \u202e), then adds its medium's own. */

/* True for a code point the escapers show as an escape. */
bool esc_unsafe_cp(uint32_t cp);
/* True for a bidi embedding, override, isolate or mark (the id check refuses
 * them too). */
bool esc_bidi_cp(uint32_t cp);
/* Terminal: append the n bytes of s, unsafe characters escaped. */
void esc_term(struct jstr *b, const char *s, size_t n);
/* Terminal, multi-line text: as esc_term but '\n' and '\t' pass. */
void esc_term_lines(struct jstr *b, const char *s, size_t n);
/* esc_term into a new string (NULL gives ""); caller frees. */
char *esc_term_dup(const char *s);
/* CSV: append one cell and ',' (or CRLF when last). A cell starting with
 * = + - @ TAB or CR gets a leading apostrophe and is quoted (OWASP CSV
 * injection); with numeric, a plain decimal number ("-2.5") passes as is. */
void esc_csv(struct jstr *b, const char *s, bool numeric, bool last);
/* True for a plain decimal number (sign, digits, one point; no exponent). */
bool esc_csv_is_number(const char *s);
/* Markdown (one table cell or paragraph): HTML's & < > " and Markdown's
 * inline markers escaped, a line-start marker (# + - . =) escaped. */
void esc_markdown(struct jstr *b, const char *s);
/* HTML text or attribute value: & < > " ' become entities. */
void esc_html(struct jstr *b, const char *s, size_t n);
/* XLSX: a string cell's text (written as a string, never a formula),
 * truncated to Excel's 32,767 characters; caller frees. */
char *esc_xlsx_dup(const char *s);
/* The report markup behind report.pdf: one line, '|' (its cell separator)
 * becomes '/'. */
void esc_markup(struct jstr *b, const char *s);

/* JSON: the inside of a string literal ('"', '\\', controls, bidi and the
 * rest as \uXXXX; invalid UTF-8 as \ufffd). Lossless for a JSON reader. */
void esc_json(struct jstr *b, const char *s, size_t n);
/* JSON: an already serialised document, its raw bidi/C1 characters turned
 * into \uXXXX (they can only be inside strings) and invalid bytes into
 * \ufffd, so it is safe on a terminal and still the same JSON. */
void esc_json_doc(struct jstr *b, const char *s, size_t n);

/* ------------------------------------------------------------------ CSV */

/* A parsed CSV file: rows of fields, all UTF-8 (owned by the csv). */
struct csv {
    char ***rows;
    size_t *ncols;
    size_t nrows;
};

/* Parse RFC 4180 CSV (quoted fields, CRLF/LF). The encoding is detected as
 * text_to_utf8 does (UTF-8, UTF-8 BOM, UTF-16 BOM, GB18030) and named in
 * *encoding. `where` names the file in errors ("line 7: unterminated ..."). */
int csv_parse(const char *data, size_t len, const char *where, struct csv **out,
              const char **encoding, struct jury_error *err);
int csv_read_file(const char *path, struct csv **out, const char **encoding,
                  struct jury_error *err);
/* Field at (row, col), "" when absent. Never NULL. */
const char *csv_get(const struct csv *c, size_t row, size_t col);
/* Index of the header (row 0) column `name`, or -1. */
int csv_column(const struct csv *c, const char *name);
void csv_free(struct csv **p);
/* Append one field, quoted when needed, followed by ',' or CRLF when last. */
void csv_add_field(struct jstr *b, const char *field, bool last);

/* ------------------------------------------------------ checklist model */

/* The C form of a rule set: built by scripting/ from the Lua file, read by
 * db/ (validation) and tui/ (display) without Lua. All strings UTF-8, owned
 * by the checklist. */

enum cl_mode {
    CL_POINTS, /* a value in [0, max] on multiples of step */
    CL_LEVELS, /* one of the named levels, each a fraction of max */
};

struct cl_level {
    char *name;      /* "优", "A" */
    double fraction; /* 0..1 of the indicator's max */
    char *guidance;  /* may be NULL */
};

/* A node of the indicator tree. Depth 1 = 一级指标, 2 = 二级指标, 3 = 观测点
 * (a tree may be only two deep). Only nodes with scored=true take a score. */
struct cl_indicator {
    char *id;       /* the document's own id: "1.2", "A3" */
    char *text;     /* verbatim text */
    char *guidance; /* may be NULL */
    int depth;
    int parent; /* index into checklist.indicators, -1 for a root */
    bool scored;
    double max; /* points for a scored node; sum of children otherwise */
    enum cl_mode mode;
    double step; /* CL_POINTS: the step (0 = any value) */
    struct cl_level *levels;
    size_t n_levels;
    bool key;      /* a key indicator (重点考核) for this pack's variant */
    bool optional; /* a 自选 indicator: submitting does not wait for its score */
};

enum cl_cond_kind {
    CL_COND_AUTO,    /* decided from facts by the rules */
    CL_COND_CONFIRM, /* a yes/no question only a reviewer can answer */
};

struct cl_condition {
    char *id;
    char *text;
    enum cl_cond_kind kind;
};

struct cl_veto {
    char *id;
    char *text;
};

struct cl_deduction {
    char *id;
    char *text;
    double max; /* deduction is a value in [0, max] */
};

struct checklist {
    char *id;
    char *name;
    char *version;
    char *source;  /* the source document */
    char *variant; /* chosen by a fact, or NULL */
    double total;
    struct cl_indicator *indicators;
    size_t n_indicators;
    struct cl_condition *conditions;
    size_t n_conditions;
    struct cl_veto *vetoes;
    size_t n_vetoes;
    struct cl_deduction *deductions;
    size_t n_deductions;
};

struct checklist *checklist_new(void);
/* Frees everything the checklist owns; sets *p to NULL. NULL-safe. */
void checklist_free(struct checklist **p);
/* Append an indicator (strings copied). Returns its index. */
size_t checklist_add_indicator(struct checklist *cl, const struct cl_indicator *ind);
void checklist_add_level(struct checklist *cl, size_t ind, const char *name, double fraction,
                         const char *guidance);
void checklist_add_condition(struct checklist *cl, const char *id, const char *text,
                             enum cl_cond_kind kind);
void checklist_add_veto(struct checklist *cl, const char *id, const char *text);
void checklist_add_deduction(struct checklist *cl, const char *id, const char *text, double max);
/* Lookups by id; NULL when absent. */
const struct cl_indicator *checklist_find(const struct checklist *cl, const char *id);
const struct cl_condition *checklist_find_condition(const struct checklist *cl, const char *id);
const struct cl_veto *checklist_find_veto(const struct checklist *cl, const char *id);
const struct cl_deduction *checklist_find_deduction(const struct checklist *cl, const char *id);
/* Number of scored indicators. */
size_t checklist_scored_count(const struct checklist *cl);

/* Validate a score for indicator `id`. `value` is the typed text: a number
 * for CL_POINTS ("7.5"), a level name for CL_LEVELS ("优"). On success *points
 * gets the points it is worth. On refusal err says why (unknown indicator,
 * not a scored indicator, not a number, out of [0, max], off the step,
 * unknown level) and JURY_ERR_INVALID is returned. */
int checklist_validate(const struct checklist *cl, const char *id, const char *value,
                       double *points, struct jury_error *err);
/* checklist_validate for an indicator already found. */
int checklist_validate_indicator(const struct cl_indicator *in, const char *value, double *points,
                                 struct jury_error *err);
/* Validate a deduction value in [0, max]. */
int checklist_validate_deduction(const struct checklist *cl, const char *id, double value,
                                 struct jury_error *err);

#endif
