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
    /* Our central-directory reader (pack_zipdir.c) fills these instead. */
    uint64_t lho;     /* local header offset */
    uint64_t csize;   /* compressed size from the central directory */
    uint32_t crc;     /* CRC-32 from the central directory */
    uint16_t method;  /* 0 stored, 8 deflate */
    uint16_t gpflags; /* general purpose flags from the central directory */
};

struct pack {
    char *path;
    unsigned char *mem; /* pack_open_memory: the bytes (owned) */
    size_t mem_len;
    uint64_t file_size;
    int64_t file_mtime_ns; /* at pack_open, for pack_check_unchanged */
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
    locale_t utf8_loc;   /* libarchive converts names through the thread locale */
    bool zipdir;         /* listed by pack_zipdir.c: entries are read with zlib */
    uint64_t zip_cd_off; /* zipdir: where the central directory starts */
};

/* One entry being read: inflated bytes counted here, never declared ones. */
struct reading {
    struct pack *p;
    long idx;
    uint64_t got;
    struct jury_sha256_ctx sha;
};

/* pack.c */
void pack_warn(struct pack *p, long entry, unsigned bit, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
int pack_arc_open(struct pack *p, struct archive **out, struct jury_error *err);
const char *pack_where(const struct pack *p, long entry, char *buf, size_t size);
/* A new zeroed entry (and its entry_priv) at the end of the list. */
struct pack_entry *pack_entry_push(struct pack *p);
/* Whether entry idx (listed, names not yet finished) may be manifest.json:
 * at depth 1, or depth 2 before any other candidate; small, not encrypted. */
bool pack_manifest_candidate(const struct pack *p, long idx);
/* Warn about data before or after a zip, joined archives, impossible entry
 * names and an oversized manifest.json (pack_layout.c). */
void pack_check_layout(struct pack *p);
#define PACK_MANIFEST_MAX (1u << 20)

/* pack_read.c */
/* JURY_ERR_LIMIT (and a warning) once r->got passes a limit, else 0. */
int pack_check_limits(struct reading *r, struct jury_error *err);
/* Mark entry idx damaged: "damaged" warning, JURY_ERR_CORRUPT naming it. */
int pack_damage(struct pack *p, long idx, struct jury_error *err, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* pack_zipdir.c - zip packs listed from the central directory alone */
/* List p (a file or memory) when it is a plain zip: returns 0 and sets
 * p->zipdir, or 1 when the pack is left to libarchive (not a zip, central
 * directory missing or cut, encrypted or non-deflate entries, links, names
 * libarchive would convert; nothing was added to p), or a negative status
 * (too many entries). */
int zipdir_list(struct pack *p, struct jury_error *err);
/* Inflate entry r->idx of a zipdir pack to sink, counting and checking
 * limits per chunk and the CRC-32 at the end. */
int zipdir_pump(struct reading *r, int (*sink)(void *, const void *, size_t), void *ctx,
                struct jury_error *err);

/* pack_names.c */
/* Decode, normalise and sanitise the name of `ae` into entry idx (path,
 * raw_name, name_encoding) and warn about what was changed. */
void names_decode(struct pack *p, long idx, struct archive_entry *ae);
/* The same from name bytes: utf8 is the name as UTF-8 when the archive
 * says so (else NULL: valid UTF-8 is taken as is, the rest is GB18030). */
void names_decode_raw(struct pack *p, long idx, const char *raw, size_t n, const char *utf8);
bool names_hidden(const char *path);
/* After listing: top folder, display paths, duplicates, pack encoding. */
void names_finish(struct pack *p);

/* pack_manifest.c */
void manifest_attach(struct pack *p);

#endif
