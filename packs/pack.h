/* pack.h - the one public header of packs/: application packs (untrusted
 * archives), their entries, manifest and warnings.
 *
 * A pack is a zip (seekable reader only), 7z, tar, tar.gz or tar.xz file.
 * Opening it lists every entry once (names decoded, normalised, checked);
 * evidence is read into memory on request, never extracted to disk. All
 * strings handed out are UTF-8 and owned by the pack unless said otherwise.
 *
 * Sections: the archive layer (packs/pack*.c), text extraction
 * (packs/extract/) and the search index (packs/index*.c). Review kits are
 * packs/kit (kit.h); the report PDF writer is report/.
 */
#ifndef JURY_PACK_H
#define JURY_PACK_H

#include "core/core.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ------------------------------------------------------------ options */

/* Safety limits and secrets for pack_open. Fill with pack_options_default,
 * then change what you need. Every limit applies to nested packs too. */
struct pack_options {
    /* Passphrase for encrypted zip entries (ZipCrypto, WinZip AES). NULL:
     * use $JURY_PASSPHRASE when set, else none. Copied by pack_open. */
    const char *passphrase;
    uint64_t max_entries;    /* default 100,000: more and the pack is refused */
    uint64_t max_entry_size; /* default 2 GiB inflated per entry */
    uint64_t max_total_size; /* default 8 GiB inflated per pack (sum of first reads) */
    /* default 1000: an entry inflating to more than max_ratio times its
     * compressed size (zip: the span of its local record; solid 7z and tar.*:
     * the whole archive file) stops with a "bomb" warning, once it has
     * inflated at least ratio_floor bytes (default 1 MiB). */
    double max_ratio;
    uint64_t ratio_floor;
};

/* The documented defaults above. */
void pack_options_default(struct pack_options *opt);

/* -------------------------------------------------------------- entries */

enum pack_kind {
    PACK_KIND_PDF,
    PACK_KIND_DOCX,
    PACK_KIND_XLSX,
    PACK_KIND_PPTX,
    PACK_KIND_TEXT, /* txt md csv tsv html htm json xml */
    PACK_KIND_IMAGE,
    PACK_KIND_AUDIO,
    PACK_KIND_VIDEO,
    PACK_KIND_ARCHIVE, /* zip 7z tar tgz tar.gz txz tar.xz (and rar: listed, never opened) */
    PACK_KIND_OTHER,
};

/* "pdf" "docx" "xlsx" "pptx" "text" "image" "audio" "video" "archive" "other". */
const char *pack_kind_name(enum pack_kind kind);
/* Kind from a file name's extension (case-insensitive). */
enum pack_kind pack_kind_of(const char *name);

/* How a name (or, for the pack, all names) was decoded. */
enum pack_encoding {
    PACK_ENC_UTF8,    /* flagged UTF-8, or unflagged bytes that are valid UTF-8 */
    PACK_ENC_GB18030, /* unflagged bytes decoded as GB18030 (GBK, CP936) */
    PACK_ENC_MIXED,   /* pack only: some of each */
};

/* "utf-8" "gb18030" "mixed". */
const char *pack_encoding_name(enum pack_encoding enc);

/* Warning bits on an entry (struct pack_entry.warn); each also appears once
 * in the pack's warning list with the code named in the comment. */
enum pack_warn {
    PACK_W_TRAVERSAL = 1u << 0,   /* "traversal": a ".." component was removed */
    PACK_W_ABSOLUTE = 1u << 1,    /* "absolute": a leading "/" was removed */
    PACK_W_DRIVE = 1u << 2,       /* "drive-letter": "C:" was removed */
    PACK_W_BACKSLASH = 1u << 3,   /* "backslash": "\" separators became "/" */
    PACK_W_CONTROL = 1u << 4,     /* "control-chars": controls/ESC/bidi shown escaped */
    PACK_W_UNDECODABLE = 1u << 5, /* "undecodable-name": bytes shown as \xNN */
    PACK_W_DUPLICATE = 1u << 6,   /* "duplicate": same path (ASCII case-folded) seen before */
    PACK_W_LINK = 1u << 7,        /* "link": a symlink or hard link, listed, never followed */
    PACK_W_TOO_LARGE = 1u << 8,   /* "too-large": over max_entry_size */
    PACK_W_BOMB = 1u << 9,        /* "bomb": over max_ratio */
    PACK_W_ENCRYPTED = 1u << 10,  /* "encrypted": needs a passphrase */
    PACK_W_DAMAGED = 1u << 11,    /* "damaged": reading failed (CRC, truncation) */
    PACK_W_SPECIAL = 1u << 12,    /* "special": device, fifo or socket entry */
};

struct pack_entry {
    const char *path;     /* display path: normalised, sanitised, inside the single top
                             folder when there is one; unique lookup key for pack_find */
    const char *arc_path; /* normalised full path in the archive (before stripping the
                             top folder), sanitised */
    const char *raw_name; /* the name bytes as stored (may be invalid UTF-8) */
    size_t raw_len;
    enum pack_encoding name_encoding; /* PACK_ENC_UTF8 or PACK_ENC_GB18030 */
    uint64_t size;                    /* declared uncompressed size (may lie) */
    int64_t mtime;                    /* seconds since the epoch, 0 when unknown */
    enum pack_kind kind;
    bool hidden;             /* __MACOSX/, ._*, .DS_Store, Thumbs.db, desktop.ini */
    bool is_link;            /* symlink or hard link: never followed, reads fail */
    bool encrypted;          /* the archive says the data is encrypted */
    const char *link_target; /* sanitised, or NULL */
    unsigned warn;           /* enum pack_warn bits */
    /* SHA-256 of the contents, "" until the entry was read once (see
     * pack_entry_sha256). */
    char sha256[SHA256_HEX_LEN + 1];
};

struct pack_warning {
    long entry;       /* entry index, or -1 for the whole pack */
    const char *path; /* entry display path, or "" for the pack */
    const char *code; /* see enum pack_warn, plus "truncated", "manifest",
                         "pack-too-large" (declared sizes over max_total_size) */
    const char *message;
};

/* ------------------------------------------------------------- manifest */

enum pack_fact_type {
    PACK_FACT_NUMBER,
    PACK_FACT_STRING,
    PACK_FACT_BOOL,
    PACK_FACT_DATE, /* a string "YYYY-MM-DD" (optionally with a time) */
};

/* A typed value, as the rules engine receives facts. */
struct pack_fact {
    const char *name;
    enum pack_fact_type type;
    double number;    /* PACK_FACT_NUMBER */
    bool boolean;     /* PACK_FACT_BOOL */
    const char *text; /* PACK_FACT_STRING, PACK_FACT_DATE; NULL otherwise */
};

struct pack_evidence {
    const char *path; /* as written in the manifest (display path inside the pack) */
    const char **indicators;
    size_t n_indicators;
};

/* manifest.json, format "jury-pack/1". Strings may be NULL when absent. */
struct pack_manifest {
    const char *format;
    const char *task;
    const char *applicant;
    const char *title;
    const char *region;
    struct pack_fact *facts;
    size_t n_facts;
    struct pack_evidence *evidence;
    size_t n_evidence;
};

/* Parse manifest JSON text. On success *out is a new manifest (free with
 * pack_manifest_free). Problems that do not stop parsing (an unsupported
 * fact value, a missing format) are appended to *notes as "message\n" lines
 * when notes is not NULL. Syntax errors return JURY_ERR_FORMAT with
 * err->where "manifest.json:LINE:COLUMN". */
int pack_manifest_parse(const char *json, size_t len, struct pack_manifest **out,
                        struct jstr *notes, struct jury_error *err);
void pack_manifest_free(struct pack_manifest **p);
/* The fact named `name`, or NULL. */
const struct pack_fact *pack_manifest_fact(const struct pack_manifest *m, const char *name);
/* The manifest as compact JSON (caller frees). */
char *pack_manifest_to_json(const struct pack_manifest *m);

/* ----------------------------------------------------------------- pack */

struct pack;

/* Open and list a pack file. opt may be NULL (defaults). Fails with
 * JURY_ERR_IO (unreadable), JURY_ERR_FORMAT (not a supported archive, or
 * damaged before the first entry), JURY_ERR_LIMIT (too many entries) or
 * JURY_ERR_DENIED (wrong passphrase; checked on the first encrypted entry).
 * A pack damaged after some entries opens: those entries stay readable and a
 * "truncated"/"damaged" warning names where reading stopped. A zip whose
 * central directory is missing is recovered from its local headers with a
 * "truncated" warning. Close with pack_close. */
int pack_open(struct pack **out, const char *path, const struct pack_options *opt,
              struct jury_error *err);
/* Open a pack held in memory (copied). `name` is used in messages. */
int pack_open_memory(struct pack **out, const char *name, const void *data, size_t len,
                     const struct pack_options *opt, struct jury_error *err);
/* Open entry `index` of kind PACK_KIND_ARCHIVE as a pack, under the parent's
 * limits (the nested archive is read into memory first). */
int pack_open_nested(struct pack **out, struct pack *parent, size_t index, struct jury_error *err);
void pack_close(struct pack **p);

/* SHA-256 hex of the archive file (or bytes for nested packs). From the
 * identity cache when the file is unchanged since it was last hashed, else
 * computed (it reads the whole file: about 1 s for 300 MB); kept by the pack
 * object; "" if the file can no longer be read. */
const char *pack_id(const struct pack *p);
/* The identity cache (packs/pack_idcache.c): a file's SHA-256 remembered in
 * the user data folder under its (device, inode, size, mtime, ctime), so an
 * unchanged file is hashed once. Any write, replacement or utime() moves
 * the ctime and the file is hashed again. Without a data folder every
 * lookup hashes. PACK_ID_FULL hashes regardless (and refreshes the record):
 * for the moments identity is signed. *cached (may be NULL) says whether the
 * answer came from the cache. */
#define PACK_ID_FULL 1u
struct pack_idcache;
struct pack_idcache *pack_idcache_open(void);
void pack_idcache_close(struct pack_idcache **c);
int pack_idcache_file(struct pack_idcache *c, const char *path, unsigned flags,
                      char hex[SHA256_HEX_LEN + 1], bool *cached, struct jury_error *err);
/* The same with a cache opened for this one call. */
int pack_file_id(const char *path, unsigned flags, char hex[SHA256_HEX_LEN + 1], bool *cached,
                 struct jury_error *err);
/* The file path (or name given to pack_open_memory). */
const char *pack_path(const struct pack *p);
/* "zip" "7z" "tar" "tar.gz" "tar.xz". */
const char *pack_format(const struct pack *p);
/* Whether the pack file is still the one opened: JURY_ERR_CORRUPT when its
 * size or modification time differ from pack_open's (or, with deep, its
 * SHA-256 differs from pack_id's when that was computed), JURY_ERR_IO when
 * it is gone. Packs opened from memory never change. (packs/pack_check.c) */
int pack_check_unchanged(const struct pack *p, bool deep, struct jury_error *err);
/* Decoding of all entry names together (utf-8 when there are none). */
enum pack_encoding pack_name_encoding(const struct pack *p);
/* The single top-level folder entries are shown from inside, or NULL. */
const char *pack_top_folder(const struct pack *p);
/* True when some entries are encrypted and no passphrase was given. */
bool pack_needs_passphrase(const struct pack *p);
/* True when listing stopped early (damage) or a read hit damage. */
bool pack_damaged(const struct pack *p);

/* Entries in archive order; directories are not listed. */
size_t pack_entry_count(const struct pack *p);
const struct pack_entry *pack_entry(const struct pack *p, size_t i);
/* Index of the entry with display path `path` (or archive path), or -1. */
long pack_find(const struct pack *p, const char *path);

/* Read entry `index` whole into a new buffer (NUL-terminated for
 * convenience; caller frees *buf). Inflated bytes are counted here, so a
 * lying declared size cannot pass the limits: JURY_ERR_LIMIT for
 * max_entry_size, max_total_size and max_ratio (a "bomb" warning is added),
 * JURY_ERR_DENIED for a missing or wrong passphrase, JURY_ERR_CORRUPT for a
 * bad CRC or truncated data, JURY_ERR_INVALID for links. err->where is
 * "PACK:ENTRY". The entry's SHA-256 is cached on success. Reading entries in
 * increasing index order is fastest (the archive is not reopened). */
int pack_read_entry(struct pack *p, size_t index, char **buf, size_t *len, struct jury_error *err);
/* Stream entry `index` in chunks to sink (same limits, errors and hash
 * caching as pack_read_entry, without holding the entry in memory). A
 * nonzero return from sink stops reading and is returned. Chunks live only
 * during the call. */
int pack_stream_entry(struct pack *p, size_t index,
                      int (*sink)(void *ctx, const void *data, size_t len), void *ctx,
                      struct jury_error *err);
/* SHA-256 of entry `index`, reading it when not yet cached. */
int pack_entry_sha256(struct pack *p, size_t index, char hex[SHA256_HEX_LEN + 1],
                      struct jury_error *err);

/* Warnings found so far (listing, manifest, reads), in order. */
size_t pack_warning_count(const struct pack *p);
const struct pack_warning *pack_warning(const struct pack *p, size_t i);

/* The parsed manifest, or NULL (absent or invalid: then a "manifest" warning
 * says why, with line and column). */
const struct pack_manifest *pack_manifest(const struct pack *p);
/* Index of the manifest entry, or -1. */
long pack_manifest_entry(const struct pack *p);

/* The `jury pack inspect --json` document (caller frees): keys sha256,
 * format, name_encoding, entries[] {path,size,kind,hidden}, manifest (object
 * or null), warnings[] {entry,code,message}. */
char *pack_to_json(const struct pack *p);

/* ---------------------------------------------------------------- build */

/* Turn a folder, or an applicant's archive, into a pack zip with a
 * manifest.json at its root: UTF-8 names with the zip UTF-8 flag, entries
 * sorted by path, fixed timestamps (2020-01-01 00:00:00 local time), hidden
 * junk and links left out, written atomically (temporary file + rename). */
struct pack_build {
    const char *src;                /* folder or archive */
    const char *out;                /* the zip to write */
    const char *task;               /* required */
    const char *applicant;          /* may be NULL */
    const char *title;              /* may be NULL */
    const char *region;             /* may be NULL */
    const char *facts_file;         /* .csv (name,value rows) or .json (an object); may be NULL */
    const struct pack_options *opt; /* for reading an archive source; may be NULL */
};

/* Build the pack; *n_files gets the number of files written (without the
 * manifest) when not NULL. */
int pack_build_zip(const struct pack_build *b, size_t *n_files, struct jury_error *err);

/* ------------------------------------------------------ text extraction */
/* (packs/extract/) Page-aware text from an entry's bytes. Everything here
 * treats its input as hostile: sizes, page counts, XML parts and MuPDF's
 * memory are bounded by struct extract_limits, and a file that cannot be
 * read gives an error saying why, never a crash. */

struct extract_limits {
    size_t max_input;  /* default 512 MiB: larger inputs are refused (JURY_ERR_LIMIT) */
    size_t max_pages;  /* default 20,000 pages (PDF pages, sheets, slides) */
    size_t max_text;   /* default 64 MiB of UTF-8 per file; the rest is cut */
    size_t max_part;   /* default 64 MiB inflated per OOXML part (XML file) */
    size_t max_cells;  /* default 2,000,000 cells per workbook; also shared
                          strings per workbook and paragraphs per document */
    size_t max_memory; /* default 768 MiB: MuPDF's allocator cap (its store is 1/8) */
};

/* The documented defaults above. */
void extract_limits_default(struct extract_limits *lim);

struct extract_page {
    char *text;  /* valid UTF-8, NUL-terminated, may be "" */
    size_t len;  /* bytes in text */
    char *title; /* sheet name (xlsx), else NULL */
};

/* What was found in a file. Pages are numbered from 1 for users (pages[0] is
 * page 1). Files without text (images, audio, video, unknown) have no pages
 * and a note saying what they are. Owned by the caller: extract_result_free. */
struct extract_result {
    enum pack_kind kind;  /* from the bytes (magic) first, else the name */
    const char *type;     /* static: "text" "markdown" "csv" "html" "pdf" "docx" "xlsx"
                             "pptx" "png" "jpeg" "gif" "bmp" "webp" "mp3" "wav" "mp4" ...
                             "unknown" */
    const char *encoding; /* static: text files' encoding as text_to_utf8 names it,
                             "utf-8" for pdf/ooxml, NULL for media */
    size_t size;          /* input bytes */
    int width, height;    /* images: pixels, 0 when unknown */
    struct extract_page *pages;
    size_t n_pages;
    bool truncated; /* a limit cut pages or text */
    char *note;     /* never NULL: what the file is, or why it has no text
                       ("PNG image, 640x480 pixels, 1234 bytes") */
};

/* Extract the text of a file held in memory. `name` (its path in the pack)
 * picks the format together with the magic bytes and names the file in
 * errors. lim may be NULL (defaults). On success *out is a new result, which
 * may have no pages (media, unknown binary) and then says why in `note`.
 * Fails with JURY_ERR_LIMIT (input over max_input), JURY_ERR_FORMAT (corrupt
 * or encrypted PDF, broken OOXML zip or XML; err->where "NAME" or
 * "NAME:page N" / "NAME:PART") or JURY_ERR_NOMEM-free allocation failure of
 * MuPDF (JURY_ERR_LIMIT: over max_memory). */
int extract_buffer(const char *name, const void *data, size_t len, const struct extract_limits *lim,
                   struct extract_result **out, struct jury_error *err);
/* Read entry `index` of a pack (pack_read_entry) and extract it. err->where
 * is "PACK:ENTRY" for read errors, the entry path for extraction errors. */
int extract_entry(struct pack *p, size_t index, const struct extract_limits *lim,
                  struct extract_result **out, struct jury_error *err);
/* `jury pack text`: the text of entry `path` appended to out, each page
 * ending with a newline: every page (separated by a form feed line "\f\n")
 * when page is 0, else page
 * `page` (1-based; JURY_ERR_NOTFOUND when out of range). A file without text
 * appends "[note]\n". Uses the pack's search cache when the entry is indexed
 * (no second read of the archive), else extracts it. On success a limit
 * that cut the text is named in err->message (status stays 0). */
int extract_pack_text(struct pack *p, const char *path, long page, struct jstr *out,
                      struct jury_error *err);
void extract_result_free(struct extract_result **p);

/* --------------------------------------------------------- search index */
/* (packs/index.c, packs/index_tok.c) The per-pack cache database
 * JURY_DATA_DIR/cache/PACKID.sqlite: the entry list, the extracted text of
 * every (path, page), and an FTS5 index over it. Indexing is lazy and
 * resumable: each entry is committed with its text in one transaction, so an
 * interrupted run continues where it stopped.
 *
 * Search is an exact substring search over page text (ASCII letters compare
 * case-insensitively, everything else byte for byte): its hits are exactly
 * the pages a full scan finds. The FTS5 tokenizer "jury_ngram" indexes every
 * letter, digit and CJK ideograph as a unigram plus the bigram with the next
 * one inside a run (punctuation and spaces end a run); a query is a phrase of
 * the query's bigrams, which is exact for a run without separators, and a
 * substring check on the stored page text filters the rest. */

struct pack_index;

struct index_progress {
    size_t entries; /* entries in the pack (hidden ones included) */
    size_t done;    /* entries indexed (or recorded as failed / without text) */
    size_t failed;  /* entries whose extraction failed (reason kept) */
    uint64_t bytes; /* UTF-8 text bytes indexed so far */
    bool complete;  /* every entry done */
};

/* A cached entry, as index_entry returns it (strings owned by the index and
 * valid until the next call on it). */
struct index_entry {
    const char *path;
    uint64_t size;
    const char *kind; /* pack_kind_name */
    bool hidden;
    bool done;
    long pages;        /* pages of text, 0 for none, -1 when not indexed yet */
    const char *note;  /* extract_result.note, or the error when extraction failed */
    const char *error; /* NULL unless extraction failed */
};

struct index_hit {
    char *path;
    long page;     /* 1-based */
    char *snippet; /* one line around the first match, sanitised (utf8_sanitize) */
};

/* Open (creating when needed) the cache of pack p, keyed by pack_id(p). The
 * first open records the entry list. p must outlive the index. */
int index_open(struct pack_index **out, struct pack *p, struct jury_error *err);
/* Open the cache of a pack known only by its id, without the archive: the
 * entry list, cached text and search work; index_step fails with
 * JURY_ERR_INVALID. JURY_ERR_NOTFOUND when there is no cache for that id. */
int index_open_cached(struct pack_index **out, const char *pack_id, struct jury_error *err);
void index_close(struct pack_index **p);
/* The cache file path (owned by the index). */
const char *index_file(const struct pack_index *idx);

/* Index entries in archive order for at most about budget_ms milliseconds
 * (at least one entry per call; budget_ms == 0: until complete; budget_ms < 0:
 * exactly one entry). Progress in
 * *prog (may be NULL). An entry that fails to extract is recorded with its
 * reason and counted as done; only cache (SQLite) failures return an error. */
int index_step(struct pack_index *idx, long budget_ms, struct index_progress *prog,
               struct jury_error *err);
int index_progress(struct pack_index *idx, struct index_progress *prog, struct jury_error *err);

/* Cached entries, in archive order. */
size_t index_entry_count(const struct pack_index *idx);
int index_entry(struct pack_index *idx, size_t i, struct index_entry *e, struct jury_error *err);

/* Text of page `page` (1-based) of entry `path` from the cache, appended to
 * out. JURY_ERR_NOTFOUND when the path is unknown or the page out of range,
 * JURY_ERR_BUSY when that entry has not been indexed yet. *n_pages (may be
 * NULL) gets the entry's page count. */
int index_text(struct pack_index *idx, const char *path, long page, struct jstr *out, long *n_pages,
               struct jury_error *err);

/* Search indexed pages for `query` (a substring, see above). Hits in archive
 * and page order; at most `limit` (0: all). *hits is a new array (free with
 * index_hits_free). An empty query gives no hits. */
int index_search(struct pack_index *idx, const char *query, size_t limit, struct index_hit **hits,
                 size_t *n_hits, struct jury_error *err);
void index_hits_free(struct index_hit **hits, size_t n);

/* The search rule itself, for callers that scan text they hold: true when
 * `query` occurs in text (ASCII case-insensitive). *at gets the offset. */
bool index_text_contains(const char *text, size_t len, const char *query, size_t qlen, size_t *at);

#endif
