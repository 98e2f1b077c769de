/* session.c - kit + reviewer + store, and packs resolved to checklists. */
#include "app/app.h"
#include "app/session_int.h"
#include "db/store/store.h"
#include "packs/kit/kit.h"
#include "packs/pack.h"

#include "scripting/rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct session_pack {
    char *id; /* the kit's pack file name */
    struct checklist *cl;
};

/* A rule set loaded once per session and kept while its file has the
 * SHA-256 it was loaded with (checked through the identity cache, so an
 * unchanged file is not read again). */
struct session_rules {
    char *path;
    struct ruleset *rs;
};

struct session {
    struct kit *kit;
    char *kit_dir;
    char *reviewer;
    struct store *store;
    struct session_pack *packs;
    size_t n_packs;
    struct session_rules *rules;
    size_t n_rules;
};

static char *pick_kit_dir(const char *given)
{
    if (given)
        return jury_xstrdup(given);
    if (jury_is_file("kit.json"))
        return jury_xstrdup(".");
    return jury_path_join(jury_share_dir(), "packs/samples");
}

static int pick_reviewer(const char *given, char **out, struct jury_error *err)
{
    if (given) {
        *out = jury_xstrdup(given);
        return 0;
    }
    char **ids = NULL;
    size_t n = 0;
    int rc = keys_list(&ids, &n, err);
    if (rc == 0 && n != 1)
        rc = jury_error_set(err, JURY_ERR_NOTFOUND, "--reviewer",
                            n == 0 ? "no reviewer key in the data folder: run jury keygen first"
                                   : "several reviewer keys in the data folder: say which with "
                                     "--reviewer ID");
    if (rc == 0)
        *out = jury_xstrdup(ids[0]);
    keys_list_free(&ids, n);
    return rc;
}

/* Record kit and reviewer (name/panel from the key's .pub, else the roster). */
static int identify(struct session *s, struct jury_error *err)
{
    struct roster_entry pub;
    const char *name = NULL, *panel = NULL;
    struct jury_error ignored = {0};
    bool have_pub = keys_load_public(s->reviewer, &pub, &ignored) == 0;
    const struct kit_reviewer *kr = kit_reviewer(s->kit, s->reviewer);
    if (have_pub) {
        name = pub.name;
        panel = pub.panel;
    } else if (kr) {
        name = kr->name;
        panel = kr->panel;
    }
    int rc = store_set_identity(s->store, s->kit->id, s->reviewer, name, panel, err);
    if (have_pub)
        roster_entry_clear(&pub);
    char hex[SHA256_HEX_LEN + 1], *json = jury_path_join(s->kit->dir, "kit.json");
    if (rc == 0)
        rc = jury_sha256_file_hex(json, hex, err);
    free(json);
    return rc == 0 ? store_bind_kit(s->store, hex, err) : rc;
}

/* The store, read-only when asked, or when it cannot be written and the
 * caller takes that (its folder is read-only or full: an I/O error). */
static int open_store(struct session *s, enum session_access access, const char *path,
                      struct jury_error *err)
{
    int rc = access == SESSION_READ ? store_open_read_only(&s->store, path, err)
                                    : store_open(&s->store, path, err);
    /* no store yet, or one a writer must upgrade first: opened for writing, as ever */
    if ((rc == JURY_ERR_NOTFOUND || rc == JURY_ERR_VERSION) && access == SESSION_READ)
        rc = store_open(&s->store, path, err);
    if (rc == 0)
        rc = identify(s, err);
    if (rc == JURY_ERR_IO && access == SESSION_READ_IF_UNWRITABLE) {
        store_close(&s->store);
        struct jury_error again = {0};
        if ((rc = store_open_read_only(&s->store, path, &again)) == 0)
            rc = identify(s, &again);
        if (rc < 0)
            store_close(&s->store); /* the first error says why writing failed */
    }
    return rc;
}

int session_open(struct session **out, const struct session_options *opt, struct jury_error *err)
{
    return session_open_access(out, opt, SESSION_WRITE, err);
}

int session_open_access(struct session **out, const struct session_options *opt,
                        enum session_access access, struct jury_error *err)
{
    *out = NULL;
    struct session *s = jury_xcalloc(1, sizeof *s);
    char *db = NULL;
    s->kit_dir = pick_kit_dir(opt->kit_dir);
    int rc = kit_open(&s->kit, s->kit_dir, err);
    if (rc == 0)
        rc = pick_reviewer(opt->reviewer_id, &s->reviewer, err);
    if (rc == 0 && !opt->db_path && !(db = store_default_path(s->kit->id, s->reviewer, err)))
        rc = err->status;
    if (opt->read_only) /* read beside the workbench: nothing recorded */
        access = SESSION_READ;
    if (rc == 0)
        rc = open_store(s, access, opt->db_path ? opt->db_path : db, err);
    free(db);
    if (rc < 0)
        session_close(&s);
    *out = s;
    return rc;
}

void session_close(struct session **p)
{
    struct session *s = p ? *p : NULL;
    if (!s)
        return;
    for (size_t i = 0; i < s->n_packs; i++) {
        free(s->packs[i].id);
        checklist_free(&s->packs[i].cl);
    }
    free(s->packs);
    for (size_t i = 0; i < s->n_rules; i++) {
        free(s->rules[i].path);
        ruleset_free(&s->rules[i].rs);
    }
    free(s->rules);
    store_close(&s->store);
    kit_close(&s->kit);
    free(s->kit_dir);
    free(s->reviewer);
    free(s);
    *p = NULL;
}

struct store *session_store(struct session *s)
{
    return s->store;
}

const char *session_kit_id(const struct session *s)
{
    return s->kit->id;
}

const char *session_kit_name(const struct session *s)
{
    return s->kit->name;
}

bool session_read_only(const struct session *s)
{
    return store_is_read_only(s->store);
}

const struct kit *session_kit(const struct session *s)
{
    return s->kit;
}

const char *session_kit_dir(const struct session *s)
{
    return s->kit_dir;
}

const char *session_reviewer(const struct session *s)
{
    return s->reviewer;
}

static bool is_hex64(const char *s)
{
    if (strlen(s) != SHA256_HEX_LEN)
        return false;
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
            return false;
    return true;
}

/* The pack's SHA-256 equals hex (through the identity cache: an unchanged
 * pack file is not read again; only for 64-hex input). */
static bool pack_has_id(const struct kit *k, const char *name, const char *hex)
{
    char *path = kit_pack_path(k, name), now[SHA256_HEX_LEN + 1];
    struct jury_error e = {0};
    bool same = pack_file_id(path, 0, now, NULL, &e) == 0 && strcmp(now, hex) == 0;
    free(path);
    return same;
}

/* The kit's file name for the user's PACK argument, or NULL. */
static const char *resolve_name(const struct kit *k, const char *arg)
{
    const char *base = strrchr(arg, '/') ? strrchr(arg, '/') + 1 : arg;
    size_t bl = strlen(base);
    /* the exact file name first: "x.zip" is never "x.zip.zip" */
    for (size_t i = 0; i < k->n_packs; i++)
        if (strcmp(k->packs[i], base) == 0)
            return k->packs[i];
    for (size_t i = 0; i < k->n_packs; i++) {
        const char *n = k->packs[i];
        if (strncmp(n, base, bl) == 0 && n[bl] == '.' && !strchr(n + bl + 1, '/'))
            return n;
    }
    for (size_t i = 0; is_hex64(arg) && i < k->n_packs; i++)
        if (pack_has_id(k, k->packs[i], arg))
            return k->packs[i];
    return NULL;
}

static const char *fact_text(const struct pack_manifest *m, const char *name)
{
    const struct pack_fact *f = name ? pack_manifest_fact(m, name) : NULL;
    return f ? f->text : NULL;
}

/* Record the pack under its file name with the SHA-256 of the archive (the
 * pack id). The store refuses a pack whose recorded SHA-256 is
 * not the file's now: its scores were given to other bytes. */
static int record_pack(struct session *s, const char *name, const struct pack *p,
                       const struct pack_manifest *m, const char *ruleset, struct jury_error *err)
{
    const char *sha = pack_id(p);
    if (!sha[0])
        return jury_error_set(err, JURY_ERR_IO, pack_path(p),
                              "cannot read the pack file to compute its SHA-256");
    return store_add_pack_sha256(s->store, name, sha, m->applicant, m->task, ruleset, err);
}

/* The rule set at path: the session's copy while the file is unchanged,
 * else loaded (and kept when the file did not change while loading). The
 * workbench opens every pack of a list: one sandboxed load per rule set,
 * not one per pack. */
static int session_rules(struct session *s, const char *path, const struct ruleset **out,
                         struct jury_error *err)
{
    char now[SHA256_HEX_LEN + 1] = "";
    struct jury_error ignored = {0};
    bool known = pack_file_id(path, 0, now, NULL, &ignored) == 0;
    struct session_rules *slot = NULL;
    for (size_t i = 0; i < s->n_rules && !slot; i++)
        if (strcmp(s->rules[i].path, path) == 0)
            slot = &s->rules[i];
    struct ruleset_info info;
    if (slot && known) {
        ruleset_info(slot->rs, &info);
        if (strcmp(info.sha256, now) == 0) {
            *out = slot->rs;
            return 0;
        }
    }
    struct rules_options ro = {0};
    struct ruleset *rs = NULL;
    int rc = rules_load(&rs, path, &ro, err);
    if (rc < 0)
        return rc;
    if (!slot) {
        s->rules = jury_xrealloc(s->rules, sizeof *s->rules * (s->n_rules + 1));
        slot = &s->rules[s->n_rules++];
        slot->path = jury_xstrdup(path);
    } else {
        ruleset_free(&slot->rs);
    }
    slot->rs = rs; /* kept even when changed under us: the next open reloads */
    *out = rs;
    return 0;
}

/* Say which task's rule set failed, before the rule engine's own words: the
 * interfaces translate the frame and then those words (a fixed set of
 * messages), and the reviewer learns it is the organiser's file. */
static int rules_unusable(struct jury_error *err, const char *task)
{
    struct jury_error inner = *err;
    return jury_error_set(err, inner.status ? inner.status : JURY_ERR_FORMAT,
                          inner.where[0] ? inner.where : NULL, "rule set %s cannot be used: %s",
                          task, inner.message);
}

/* Load the checklist of the pack's task and record pack + rule set. */
static int load_pack(struct session *s, const char *name, struct checklist **cl,
                     struct jury_error *err)
{
    char *path = kit_pack_path(s->kit, name), *rules = NULL;
    struct pack *p = NULL;
    const struct ruleset *rs = NULL;
    int rc = pack_open(&p, path, NULL, err);
    const struct pack_manifest *m = rc == 0 ? pack_manifest(p) : NULL;
    if (rc == 0 && (!m || !m->task))
        rc = jury_error_set(err, JURY_ERR_FORMAT, path, "pack has no manifest naming its task");
    if (rc == 0 && !(rules = rules_find(m->task, s->kit_dir, err)))
        rc = rules_unusable(err, m->task);
    if (rc == 0 && (rc = session_rules(s, rules, &rs, err)) < 0)
        rc = rules_unusable(err, m->task);
    if (rc == 0) {
        struct ruleset_info info;
        ruleset_info(rs, &info);
        *cl = ruleset_checklist(rs, fact_text(m, info.variant_fact));
        /* a read-only store records nothing but still refuses a pack file
         * that changed since it was scored */
        rc = store_add_ruleset(s->store, info.id, info.sha256, err);
        if (rc == 0)
            rc = record_pack(s, name, p, m, info.id, err);
        if (rc < 0)
            checklist_free(cl);
    }
    pack_close(&p);
    free(rules);
    free(path);
    return rc;
}

int session_pack(struct session *s, const char *pack, const char **pack_id_out,
                 const struct checklist **cl, struct jury_error *err)
{
    const char *name = resolve_name(s->kit, pack);
    if (!name)
        return jury_error_set(err, JURY_ERR_NOTFOUND, pack, "no such pack in kit %s (%s/packs)",
                              s->kit->id, s->kit_dir);
    for (size_t i = 0; i < s->n_packs; i++) {
        if (strcmp(s->packs[i].id, name) == 0) {
            *pack_id_out = s->packs[i].id;
            *cl = s->packs[i].cl;
            return 0;
        }
    }
    struct checklist *c = NULL;
    int rc = load_pack(s, name, &c, err);
    if (rc < 0)
        return rc;
    s->packs = jury_xrealloc(s->packs, sizeof *s->packs * (s->n_packs + 1));
    s->packs[s->n_packs].id = jury_xstrdup(name);
    s->packs[s->n_packs].cl = c;
    *pack_id_out = s->packs[s->n_packs].id;
    *cl = c;
    s->n_packs++;
    return 0;
}

/* A sheet must not name rules its scores were not given under. */
static int rules_unchanged(struct session *s, struct jury_error *err)
{
    struct jstr changed = {0};
    int rc = session_rules_changed(s, &changed, err);
    if (rc == 0 && changed.len)
        rc = jury_error_set(err, JURY_ERR_CORRUPT, s->kit_dir,
                            "a rule file changed since scoring: %sopen each affected pack again "
                            "(jury score show PACK) to check its scores under the new rules, "
                            "then export",
                            jstr_cstr(&changed));
    jstr_free(&changed);
    return rc;
}

/* A sheet must not sign a pack's SHA-256 for bytes that are no longer the
 * pack's: a pack replaced after scoring is named and the export refused. */
static int packs_unchanged(struct session *s, struct jury_error *err)
{
    struct jstr changed = {0};
    int rc = session_packs_changed(s, &changed, err);
    if (rc == 0 && changed.len)
        rc = jury_error_set(err, JURY_ERR_CORRUPT, s->kit_dir,
                            "a pack file changed since it was scored: %sput the original pack "
                            "back (or ask the organiser which is right), then export",
                            jstr_cstr(&changed));
    jstr_free(&changed);
    return rc;
}

int session_export(struct session *s, const char *out_path, char **written, struct jury_error *err)
{
    unsigned char sk[64];
    int rc = keys_load_secret(s->reviewer, sk, err);
    struct jstr path = {0};
    if (out_path)
        jstr_add(&path, out_path);
    else
        jstr_addf(&path, "%s-%s.jury", s->kit->id, s->reviewer);
    if (rc == 0)
        rc = rules_unchanged(s, err);
    struct sheet *sh = NULL;
    if (rc == 0)
        rc = packs_unchanged(s, err);
    if (rc == 0)
        rc = store_snapshot(s->store, &sh, err);
    if (rc == 0 && (rc = sheet_write(sh, sk, jstr_cstr(&path), err)) == JURY_ERR_IO) {
        char why[sizeof err->message];
        snprintf(why, sizeof why, "%s", err->message);
        rc = jury_error_set(err, JURY_ERR_IO, jstr_cstr(&path),
                            "%s; nothing was lost: write the sheet to another place with -o PATH "
                            "(a USB stick, say)",
                            why);
    }
    sheet_free(&sh);
    memset(sk, 0, sizeof sk);
    if (rc == 0 && written)
        *written = jstr_take(&path);
    jstr_free(&path);
    return rc;
}
