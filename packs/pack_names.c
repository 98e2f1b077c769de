/* pack_names.c - entry names: decoding (UTF-8 or GB18030), normalising
 * hostile paths, hidden junk, the single top folder, duplicates. */
#define _GNU_SOURCE
#include "packs/pack_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool is_ascii(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80)
            return false;
    return true;
}

/* Length of the GB18030 character at s (1, 2 or 4), so a 0x5C trail byte is
 * never mistaken for a "\" separator. */
static size_t gb_char_len(const unsigned char *s, size_t n)
{
    if (s[0] < 0x81 || s[0] == 0xFF || n < 2)
        return 1;
    if (s[1] >= 0x30 && s[1] <= 0x39)
        return n >= 4 ? 4 : n;
    return 2;
}

/* Decode unflagged non-UTF-8 bytes as GB18030, turning single-byte "\"
 * separators into "/" (libarchive leaves them in place for such names). */
static char *gb_decode(const char *raw, size_t n, bool *lossy, bool *backslash)
{
    struct jstr out = {0};
    size_t seg = 0, i = 0;
    *lossy = *backslash = false;
    while (i <= n) {
        bool sep = i < n && raw[i] == '\\';
        if (i == n || sep) {
            bool l = false;
            char *d = gbk_to_utf8(raw + seg, i - seg, &l, NULL);
            jstr_add(&out, d ? d : "");
            free(d);
            *lossy |= l || !d;
            if (sep) {
                jstr_addc(&out, '/');
                *backslash = true;
            }
            seg = ++i;
            continue;
        }
        i += gb_char_len((const unsigned char *)raw + i, n - i);
    }
    return jstr_take(&out);
}

/* Split on "/", drop "", "." and ".." components, strip drive letters and
 * leading slashes. Sets warning bits for what was removed. */
static char *normalise(const char *name, unsigned *bits)
{
    if (((name[0] >= 'A' && name[0] <= 'Z') || (name[0] >= 'a' && name[0] <= 'z')) &&
        name[1] == ':') {
        *bits |= PACK_W_DRIVE;
        name += 2;
    }
    if (name[0] == '/')
        *bits |= PACK_W_ABSOLUTE;
    struct jstr out = {0};
    const char *s = name;
    while (*s) {
        const char *e = strchr(s, '/');
        size_t k = e ? (size_t)(e - s) : strlen(s);
        if (k == 2 && s[0] == '.' && s[1] == '.')
            *bits |= PACK_W_TRAVERSAL;
        else if (k > 0 && !(k == 1 && s[0] == '.')) {
            if (out.len)
                jstr_addc(&out, '/');
            jstr_addn(&out, s, k);
        }
        s += k + (e ? 1 : 0);
    }
    if (out.len == 0)
        jstr_add(&out, "(unnamed)");
    return jstr_take(&out);
}

static void warn_bits(struct pack *p, long idx, unsigned bits, const char *shown)
{
    static const struct {
        unsigned bit;
        const char *code, *what;
    } w[] = {
        {PACK_W_TRAVERSAL, "traversal", "'..' components removed"},
        {PACK_W_ABSOLUTE, "absolute", "leading '/' removed (absolute path)"},
        {PACK_W_DRIVE, "drive-letter", "drive letter removed"},
        {PACK_W_BACKSLASH, "backslash", "'\\' separators read as '/'"},
        {PACK_W_CONTROL, "control-chars", "control or bidi characters shown escaped"},
        {PACK_W_UNDECODABLE, "undecodable-name",
         "bytes that decode neither as UTF-8 nor "
         "GB18030 shown as \\xNN"},
    };
    for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
        if (bits & w[i].bit)
            pack_warn(p, idx, w[i].bit, w[i].code, "%s in name '%s'", w[i].what, shown);
}

void names_decode(struct pack *p, long idx, struct archive_entry *ae)
{
    const char *u = archive_entry_pathname_utf8(ae);
    const char *r = archive_entry_pathname(ae);
    const char *raw = r ? r : u ? u : "";
    names_decode_raw(p, idx, raw, strlen(raw), u);
}

void names_decode_raw(struct pack *p, long idx, const char *raw, size_t n, const char *u)
{
    struct pack_entry *e = &p->entries[idx];
    unsigned bits = 0;
    char *dec;
    e->name_encoding = PACK_ENC_UTF8;
    if (u || utf8_valid(raw, n)) {
        dec = jury_xstrdup(u ? u : raw);
        for (char *c = dec; *c; c++)
            if (*c == '\\') {
                *c = '/';
                bits |= PACK_W_BACKSLASH;
            }
    } else {
        bool lossy, bs;
        dec = gb_decode(raw, n, &lossy, &bs);
        e->name_encoding = PACK_ENC_GB18030;
        bits |= (lossy ? PACK_W_UNDECODABLE : 0) | (bs ? PACK_W_BACKSLASH : 0);
    }
    char *norm = normalise(dec, &bits);
    char *safe = utf8_sanitize(norm, strlen(norm));
    if (strcmp(safe, norm) != 0)
        bits |= PACK_W_CONTROL;
    char *shown = utf8_sanitize(dec, strlen(dec));
    e->raw_name = jury_xstrndup(raw, n);
    e->raw_len = n;
    e->arc_path = safe;
    e->path = safe;
    warn_bits(p, idx, bits, shown);
    free(shown);
    free(norm);
    free(dec);
}

bool names_hidden(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (strncmp(base, "._", 2) == 0 || strcmp(base, ".DS_Store") == 0 ||
        strcasecmp(base, "Thumbs.db") == 0 || strcasecmp(base, "desktop.ini") == 0)
        return true;
    for (const char *s = path; (s = strstr(s, "__MACOSX")) != NULL; s += 8)
        if ((s == path || s[-1] == '/') && (s[8] == '/' || s[8] == '\0'))
            return true;
    return false;
}

/* The one first component every visible entry shares, or NULL. */
static char *find_top(const struct pack *p)
{
    const char *top = NULL;
    size_t len = 0;
    for (size_t i = 0; i < p->n; i++) {
        const struct pack_entry *e = &p->entries[i];
        if (e->hidden)
            continue;
        const char *slash = strchr(e->arc_path, '/');
        if (!slash)
            return NULL;
        size_t k = (size_t)(slash - e->arc_path);
        if (!top) {
            top = e->arc_path;
            len = k;
        } else if (k != len || memcmp(top, e->arc_path, k) != 0) {
            return NULL;
        }
    }
    return top ? jury_xstrndup(top, len) : NULL;
}

struct fold {
    char *key;
    size_t idx;
};

static int fold_cmp(const void *a, const void *b)
{
    const struct fold *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->idx > y->idx) - (x->idx < y->idx);
}

/* Same path up to ASCII case: Windows and macOS would make them one file. */
static void find_duplicates(struct pack *p)
{
    struct fold *f = jury_xcalloc(p->n ? p->n : 1, sizeof *f);
    for (size_t i = 0; i < p->n; i++) {
        f[i].key = jury_xstrdup(p->entries[i].path);
        for (char *c = f[i].key; *c; c++)
            if (*c >= 'A' && *c <= 'Z')
                *c = (char)(*c - 'A' + 'a');
        f[i].idx = i;
    }
    qsort(f, p->n, sizeof *f, fold_cmp);
    for (size_t i = 1; i < p->n; i++)
        if (strcmp(f[i].key, f[i - 1].key) == 0)
            pack_warn(p, (long)f[i].idx, PACK_W_DUPLICATE, "duplicate",
                      "same name as another entry (ignoring case): '%s'",
                      p->entries[f[i - 1].idx].path);
    for (size_t i = 0; i < p->n; i++)
        free(f[i].key);
    free(f);
}

void names_finish(struct pack *p)
{
    size_t gb = 0, utf = 0;
    for (size_t i = 0; i < p->n; i++) {
        struct pack_entry *e = &p->entries[i];
        e->hidden = names_hidden(e->arc_path);
        if (e->name_encoding == PACK_ENC_GB18030)
            gb++;
        else if (!is_ascii(e->raw_name, e->raw_len))
            utf++;
    }
    p->enc = gb && utf ? PACK_ENC_MIXED : gb ? PACK_ENC_GB18030 : PACK_ENC_UTF8;
    p->top = find_top(p);
    if (p->top) {
        size_t k = strlen(p->top);
        for (size_t i = 0; i < p->n; i++) {
            struct pack_entry *e = &p->entries[i];
            if (strncmp(e->arc_path, p->top, k) == 0 && e->arc_path[k] == '/')
                e->path = jury_xstrdup(e->arc_path + k + 1);
        }
    }
    find_duplicates(p);
}
