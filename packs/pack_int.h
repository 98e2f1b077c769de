/* pack_int.h - private to packs/: the pack object shared by pack*.c. */
#ifndef JURY_PACK_INT_H
#define JURY_PACK_INT_H

#include "packs/pack.h"

#include <archive.h>
#include <archive_entry.h>
#include <locale.h>

/* What we remember about an entry beyond the public part. */
struct entry_priv {
    long ord;          /* position in the header walk (directories count) */
    uint64_t data_pos; /* file offset where the data starts (zip), for the ratio */
    uint64_t packed;   /* estimated compressed size (ratio denominator) */
    bool counted;      /* already added to total_inflated */
};

struct pack {
    char *path;
    unsigned char *mem; /* pack_open_memory: the bytes (owned) */
    size_t mem_len;
    uint64_t file_size;
    char id[SHA256_HEX_LEN + 1];
    const char *format;
    char *passphrase;
    struct pack_options opt;
    struct pack_entry *entries;
    struct entry_priv *priv;
    size_t n, cap;
    struct pack_warning *warns;
    size_t n_warns, cap_warns;
    enum pack_encoding enc;
    char *top;
    bool needs_pass, damaged, streaming, is_zip;
    struct pack_manifest *manifest;
    long manifest_idx;
    char *manifest_raw; /* manifest bytes captured while listing */
    size_t manifest_len;
    long manifest_cand; /* entry index of manifest_raw, -1 */
    uint64_t total_inflated;
    struct archive *cur; /* reading cursor: headers walked so far */
    long cur_ord;
    locale_t utf8_loc; /* libarchive converts names through the thread locale */
};

/* pack.c */
void pack_warn(struct pack *p, long entry, unsigned bit, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
int pack_arc_open(struct pack *p, struct archive **out, struct jury_error *err);
const char *pack_where(const struct pack *p, long entry, char *buf, size_t size);

/* pack_names.c */
/* Decode, normalise and sanitise the name of `ae` into entry idx (path,
 * raw_name, name_encoding) and warn about what was changed. */
void names_decode(struct pack *p, long idx, struct archive_entry *ae);
bool names_hidden(const char *path);
/* After listing: top folder, display paths, duplicates, pack encoding. */
void names_finish(struct pack *p);

/* pack_manifest.c */
void manifest_attach(struct pack *p);

#endif
