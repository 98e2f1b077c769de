/* bridge_pack.c - the open pack (files, pages, search, temporary copies),
 * the changes sent to the store, the reviewer's position, and the offer to
 * make a reviewer key. */
#include "tui/bridge_int.h"
#include "app/app.h"
#include "tui/bridge_state_int.h"
#include "tui/tui_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int bridge_pack_open_name(struct bridge *b, const char *name, struct jury_error *err)
{
    struct app_pack *ap = NULL;
    int rc = app_pack_open(b->s, name, &ap, err);
    if (rc < 0)
        return rc;
    app_pack_close(&b->ap);
    b->vals = NULL; /* they were the closed pack's */
    hits_clear_public(b);
    b->ap = ap;
    bridge_rows_learn(b, app_pack_name(ap));
    const char *applicant = app_pack_applicant(ap), *task = app_pack_task(ap);
    char *safe = utf8_sanitize(applicant ? applicant : name, strlen(applicant ? applicant : name));
    snprintf(b->label, sizeof b->label, "%s  %s", safe, task ? task : "");
    free(safe);
    bridge_items_rebuild(b);
    return 0;
}

int bridge_pack_open(struct bridge *b, size_t i, struct jury_error *err)
{
    struct bridge_pack_row r;
    bridge_pack_row(b, i, &r);
    char *name = jury_xstrdup(r.name);
    int rc = bridge_pack_open_name(b, name, err);
    free(name);
    return rc;
}

const char *bridge_pack_name(struct bridge *b)
{
    return b->ap ? app_pack_name(b->ap) : NULL;
}

const char *bridge_pack_label(struct bridge *b)
{
    return b->label;
}

size_t bridge_file_count(struct bridge *b)
{
    return b->ap ? app_pack_file_count(b->ap) : 0;
}

const char *bridge_file_path(struct bridge *b, size_t i)
{
    return app_pack_file_path(b->ap, i);
}

long bridge_file_find(struct bridge *b, const char *path)
{
    for (size_t i = 0; path && i < bridge_file_count(b); i++)
        if (strcmp(bridge_file_path(b, i), path) == 0)
            return (long)i;
    return -1;
}

enum { SHEET_COLS = 64, SHEET_CAP = 40 };

/* The widest cell of each column (by display width, at most SHEET_CAP). */
static void sheet_widths(const char *text, int width[SHEET_COLS])
{
    for (const char *line = text; *line;) {
        size_t len = strcspn(line, "\n");
        int c = 0;
        for (size_t a = 0; a <= len && c < SHEET_COLS; c++) {
            size_t k = strcspn(line + a, "\t\n");
            int w = utf8_width(line + a, k);
            width[c] = w > width[c] ? (w < SHEET_CAP ? w : SHEET_CAP) : width[c];
            a += k + 1;
        }
        line += len + (line[len] == '\n');
    }
}

/* One row [line, line+len) with its cells padded to the column widths; a
 * longer cell runs on and the row's next cells follow it. */
static void sheet_row(struct jstr *out, const char *line, size_t len, const int width[SHEET_COLS])
{
    int c = 0, col = 0, want = 0;
    for (size_t a = 0; a <= len; c++) {
        size_t k = strcspn(line + a, "\t\n");
        if (k == 0 && c >= SHEET_COLS) { /* far columns: empty cells take no room */
            a += 1;
            continue;
        }
        for (; col < want; col++)
            jstr_addc(out, ' ');
        jstr_addn(out, line + a, k);
        col += utf8_width(line + a, k);
        want += (c < SHEET_COLS ? width[c] : 0) + 2;
        if (want < col + 1)
            want = col + 1;
        a += k + 1;
    }
    jstr_addc(out, '\n');
}

/* A sheet as the viewer shows it: its name on top, then the tab-separated
 * cells in aligned columns. */
static char *sheet_page(const char *title, const char *text)
{
    int width[SHEET_COLS] = {0};
    sheet_widths(text, width);
    struct jstr out = {0};
    jstr_addf(&out, _("Sheet: %s\n"), title ? title : "");
    for (const char *line = text; *line;) {
        size_t len = strcspn(line, "\n");
        sheet_row(&out, line, len, width);
        line += len + (line[len] == '\n');
    }
    return jstr_take(&out);
}

int bridge_file_pages(struct bridge *b, size_t i, char ***pages, size_t *n, char **note,
                      struct jury_error *err)
{
    struct app_file_text r;
    *pages = NULL;
    *n = 0;
    *note = NULL;
    int rc = app_pack_text(b->ap, i, &r, err);
    if (rc < 0)
        return rc;
    *pages = jury_xcalloc(r.n_pages + 1, sizeof **pages);
    bool sheets = r.type && strcmp(r.type, "xlsx") == 0;
    for (size_t p = 0; p < r.n_pages; p++)
        (*pages)[p] =
            sheets ? sheet_page(r.pages[p].title, r.pages[p].text) : jury_xstrdup(r.pages[p].text);
    *n = r.n_pages;
    if (r.n_pages == 0 || r.truncated)
        *note = utf8_sanitize(r.note, strlen(r.note));
    app_file_text_clear(&r);
    return 0;
}

int bridge_file_export_temp(struct bridge *b, size_t i, char **path, struct jury_error *err)
{
    return app_pack_temp_copy(b->ap, i, path, err);
}

/* ------------------------------------------------------------ changes */

/* After a change: the rows and the list's totals follow the store. */
static int changed(struct bridge *b, int rc)
{
    if (rc == 0) {
        bridge_items_rebuild(b);
        bridge_rows_reload(b);
    }
    return rc;
}

const char *bridge_score_check(struct bridge *b, const char *id, const char *value)
{
    struct jury_error err = {0};
    if (app_score_check(b->s, app_pack_name(b->ap), id, value, &err) == 0)
        return NULL;
    snprintf(b->why, sizeof b->why, "%s", err.message);
    return b->why;
}

int bridge_score(struct bridge *b, const char *id, const char *value, struct jury_error *err)
{
    return changed(b, app_score_set(b->s, app_pack_name(b->ap), id, value, NULL, err));
}

int bridge_comment(struct bridge *b, const char *id, const char *text, struct jury_error *err)
{
    return changed(b, app_comment_set(b->s, app_pack_name(b->ap), id, text, err));
}

const char *bridge_comment_get(struct bridge *b, const char *id)
{
    for (size_t i = 0; b->vals && i < b->vals->n_scores; i++)
        if (strcmp(b->vals->scores[i].indicator, id) == 0 && b->vals->scores[i].comment)
            return b->vals->scores[i].comment;
    return "";
}

int bridge_check_comment(struct bridge *b, const char *id, const char *text, struct jury_error *err)
{
    return changed(b, app_pack_check_comment(b->s, b->ap, id, text, err));
}

const char *bridge_check_comment_get(struct bridge *b, const char *id)
{
    for (size_t i = 0; b->vals && i < b->vals->n_check_comments; i++)
        if (strcmp(b->vals->check_comments[i].item, id) == 0)
            return b->vals->check_comments[i].comment;
    return "";
}

int bridge_cite(struct bridge *b, const char *id, const char *path, int page,
                struct jury_error *err)
{
    return changed(b, app_cite_add(b->s, app_pack_name(b->ap), id, path, page, err));
}

int bridge_confirm(struct bridge *b, const char *id, bool yes, struct jury_error *err)
{
    return changed(b, app_confirm(b->s, app_pack_name(b->ap), id, yes, err));
}

int bridge_deduct(struct bridge *b, const char *id, const char *value, const char *reason,
                  struct jury_error *err)
{
    char *end;
    double v = strtod(value, &end);
    if (end == value || *end)
        return jury_error_set(err, JURY_ERR_INVALID, id, _("not a number: %s"), value);
    return changed(b, app_deduct(b->s, app_pack_name(b->ap), id, v, reason, err));
}

const char *bridge_score_shown(struct bridge *b, const char *id)
{
    for (size_t i = 0; b->vals && i < b->vals->n_scores; i++)
        if (strcmp(b->vals->scores[i].indicator, id) == 0 && b->vals->scores[i].value)
            return b->vals->scores[i].value;
    return "";
}

int bridge_deduct_valid(struct bridge *b, const char *id, const char *value, struct jury_error *err)
{
    char *end;
    double v = strtod(value, &end);
    if (end == value || *end)
        return jury_error_set(err, JURY_ERR_INVALID, id, _("not a number: %s"), value);
    return checklist_validate_deduction(app_pack_checklist(b->ap), id, v, err);
}

const char *bridge_deduct_check(struct bridge *b, const char *id, const char *value)
{
    struct jury_error err = {0};
    if (bridge_deduct_valid(b, id, value, &err) == 0)
        return NULL;
    snprintf(b->why, sizeof b->why, "%s", err.message);
    return b->why;
}

int bridge_uncite(struct bridge *b, const char *id, const char *path, int page,
                  struct jury_error *err)
{
    return changed(b, app_cite_remove(b->s, app_pack_name(b->ap), id, path, page, err));
}

int bridge_conflict_withdraw(struct bridge *b, const char *pack, const char *reason,
                             struct jury_error *err)
{
    int rc = app_conflict(b->s, pack, false, reason, err);
    if (rc == 0 && b->ap)
        bridge_items_rebuild(b);
    if (rc == 0)
        bridge_rows_reload(b);
    return rc;
}

const char *bridge_pack_conflict(struct bridge *b, const char *pack)
{
    for (size_t i = 0; pack && i < b->n_rows; i++)
        if (strcmp(b->rows[i].pack, pack) == 0)
            return b->rows[i].conflict;
    return NULL;
}

bool bridge_submitted(struct bridge *b)
{
    return b->vals && b->vals->state == APP_SUBMITTED;
}

int bridge_conflict(struct bridge *b, const char *pack, const char *reason, struct jury_error *err)
{
    int rc = app_conflict(b->s, pack, true, reason, err);
    if (rc == 0 && b->ap)
        bridge_items_rebuild(b);
    if (rc == 0)
        bridge_rows_reload(b);
    return rc;
}

int bridge_submit(struct bridge *b, struct jury_error *err)
{
    return changed(b, app_pack_submit(b->s, b->ap, err));
}

int bridge_reopen(struct bridge *b, const char *reason, struct jury_error *err)
{
    return changed(b, app_reopen(b->s, app_pack_name(b->ap), reason, err));
}

int bridge_export(struct bridge *b, const char *path, struct jury_error *err)
{
    char *written = NULL;
    int rc = session_export(b->s, path, &written, err);
    free(written);
    if (rc == JURY_ERR_CORRUPT) /* a kit file changed since start: the seal says which */
        bridge_seal_check(b);
    return rc;
}

const char *bridge_export_name(struct bridge *b)
{
    free(b->export_name);
    b->export_name = app_export_name(b->s);
    return b->export_name;
}

static void warn_list(struct jstr *out, const char *title, const struct jstr *names)
{
    if (!names->len)
        return;
    jstr_addf(out, "%s ", title);
    for (const char *p = jstr_cstr(names); *p; p++)
        jstr_addf(out, "%c", *p == '\n' ? (p[1] ? ' ' : '.') : *p);
    jstr_add(out, " ");
}

const char *bridge_export_warning(struct bridge *b)
{
    struct jstr reopened = {0}, unsubmitted = {0};
    struct jury_error err = {0};
    jstr_clear(&b->export_warn);
    if (app_export_missing(b->s, &reopened, &unsubmitted, &err) == 0) {
        warn_list(&b->export_warn, _("Reopened, not submitted again (left out):"), &reopened);
        warn_list(&b->export_warn, _("Not submitted (left out):"), &unsubmitted);
    }
    jstr_free(&reopened);
    jstr_free(&unsubmitted);
    return jstr_cstr(&b->export_warn);
}

/* ------------------------------------------------------------ search */

void hits_clear_public(struct bridge *b)
{
    free(b->bhits);
    b->bhits = NULL;
    b->n_hits = 0;
}

int bridge_search(struct bridge *b, const char *query, struct jury_error *err)
{
    hits_clear_public(b);
    const struct app_hit *hits = NULL;
    int rc = app_pack_search(b->ap, query, &hits, &b->n_hits, err);
    if (rc < 0)
        return rc;
    b->bhits = jury_xcalloc(b->n_hits + 1, sizeof *b->bhits);
    for (size_t i = 0; i < b->n_hits; i++)
        b->bhits[i] = (struct bridge_hit){(char *)app_pack_name(b->ap), (char *)hits[i].path,
                                          (char *)hits[i].snippet, hits[i].page};
    return 0;
}

size_t bridge_hit_count(struct bridge *b)
{
    return b->n_hits;
}

const struct bridge_hit *bridge_hit(struct bridge *b, size_t i)
{
    return &b->bhits[i];
}

/* ------------------------------------------------------------ position */

void bridge_save_position(struct bridge *b, const char *file, int page, const char *indicator)
{
    struct app_position pos = {(char *)bridge_pack_name(b), (char *)file, page, (char *)indicator};
    struct jury_error err = {0};
    app_position_set(b->s, &pos, &err);
}

void bridge_place_save(struct bridge *b, const struct bridge_place *pl)
{
    struct app_place sp = {pl->file, pl->page, pl->top, pl->row, pl->focus};
    struct jury_error err = {0};
    if (b->ap)
        app_place_set(b->s, app_pack_name(b->ap), &sp, &err);
}

bool bridge_place_get(struct bridge *b, struct bridge_place *pl)
{
    struct app_place sp;
    struct jury_error err = {0};
    memset(pl, 0, sizeof *pl);
    if (!b->ap || app_place_get(b->s, app_pack_name(b->ap), &sp, &err) != 0)
        return false;
    *pl = (struct bridge_place){sp.file, sp.page, sp.top, sp.row, sp.focus};
    return sp.file || sp.row;
}

void bridge_place_clear(struct bridge_place *pl)
{
    free(pl->file);
    free(pl->row);
    memset(pl, 0, sizeof *pl);
}

void bridge_last_position(struct bridge *b, const char **pack, const char **file, int *page,
                          const char **indicator)
{
    *pack = b->pos.pack;
    *file = b->pos.file;
    *page = b->pos.page;
    *indicator = b->pos.indicator;
}

/* ------------------------------------------------------------ keys */

static void read_line(const char *ask, char *buf, size_t n)
{
    fputs(ask, stdout);
    fflush(stdout);
    if (!fgets(buf, (int)n, stdin))
        buf[0] = '\0';
    buf[strcspn(buf, "\r\n")] = '\0';
}

/* An id as app_key_make takes it: letters, digits, '-', '_', '.'. */
static bool id_valid(const char *id)
{
    if (!id[0] || strlen(id) > 64 || id[0] == '.')
        return false;
    for (const char *p = id; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '-' || *p == '_' || *p == '.'))
            return false;
    return true;
}

/* Ask until the id is valid (checked as typed, before anything else). */
static bool ask_id(char *id, size_t n)
{
    for (int tries = 0; tries < 5; tries++) {
        read_line(_("Reviewer id (as in the roster, e.g. R07): "), id, n);
        if (id_valid(id))
            return true;
        if (feof(stdin))
            return false;
        printf(_("Not a reviewer id: \"%s\" (letters, digits, - _ . only; e.g. R07).\n"), id);
    }
    return false;
}

/* No key at all: before curses, ask (or with --make-key just make) one. */
int bridge_keys_offer(const struct tui_options *opt, const char **reviewer, char *id, size_t n,
                      struct jury_error *err)
{
    size_t count = 0;
    if (app_key_count(&count, err) < 0)
        return err->status;
    if (count > 0)
        return 0;
    char ans[64] = "y", name[256] = "", panel[256] = "";
    snprintf(id, n, "%s", *reviewer ? *reviewer : opt->make_key ? "reviewer" : "");
    if (!opt->make_key) {
        printf("%s\n", _("No reviewer key in the data folder."));
        read_line(_("Make one now? [y/N] "), ans, sizeof ans);
        if (ans[0] != 'y' && ans[0] != 'Y')
            return jury_error_set(err, JURY_ERR_NOTFOUND, "--reviewer",
                                  _("no reviewer key: run jury keygen first"));
        if (id[0] && !id_valid(id))
            printf(_("Not a reviewer id: \"%s\" (letters, digits, - _ . only; e.g. R07).\n"), id);
        if ((!id[0] || !id_valid(id)) && !ask_id(id, n))
            return jury_error_set(err, JURY_ERR_INVALID, "--reviewer", _("no valid reviewer id"));
        read_line(_("Your name: "), name, sizeof name);
        read_line(_("Your panel (as the organiser named it, e.g. 资源课程组): "), panel,
                  sizeof panel);
    }
    char *line = NULL;
    int rc = app_key_make(id, name[0] ? name : id, panel, NULL, &line, err);
    if (rc == 0 && !opt->make_key)
        printf(_("Key made. Send this line to the organiser for the roster:\n%s\n"), line);
    free(line);
    *reviewer = id;
    return rc;
}
