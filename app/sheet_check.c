/* sheet_check.c - a signed score sheet checked against the roster (`jury
 * sheet verify`), and the calibration round of a merged folder (`jury
 * calibrate`). */
#include "app/app.h"
#include "db/merge/merge.h"
#include "packs/kit/kit.h"
#include "packs/pack.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int app_sheet_verify(const char *file, const char *roster_path, const char *kit_id,
                     struct app_sheet_check *out, struct jury_error *err)
{
    struct roster *roster = NULL;
    struct sheet *sh = NULL;
    memset(out, 0, sizeof *out);
    if (roster_load(roster_path, &roster, err) < 0)
        return err->status;
    out->ok = sheet_read_verified(file, roster, kit_id, &sh, &out->why) == 0;
    roster_free(&roster);
    if (!out->ok)
        return 0;
    out->reviewer = jury_xstrdup(sh->reviewer_id);
    out->kit = jury_xstrdup(sh->kit_id);
    out->n_packs = sh->n_packs;
    for (size_t i = 0; i < sh->n_packs; i++)
        out->n_scores += sh->packs[i].n_scores;
    out->audit_rows = sh->audit_rows;
    snprintf(out->audit_head, sizeof out->audit_head, "%s", sh->audit_head);
    sheet_free(&sh);
    return 0;
}

void app_sheet_check_clear(struct app_sheet_check *c)
{
    free(c->reviewer);
    free(c->kit);
    memset(c, 0, sizeof *c);
}

/* ------------------------------------------------------------ calibration */

/* kit.json's "calibration" list recorded in the merged folder. */
static int set_from_kit(struct merge *m, const char *dir, struct jury_error *err)
{
    struct kit *k = NULL;
    char **packs = NULL;
    size_t n = 0;
    int rc = kit_open(&k, dir, err);
    if (rc == 0)
        rc = calib_packs_from_kit_json(k->json, strlen(k->json), &packs, &n, err);
    if (rc == 0)
        rc = merge_set_calibration(m, (const char *const *)packs, n, err);
    calib_packs_free(&packs, n);
    kit_close(&k);
    return rc;
}

int app_calibration(const char *out_dir, const char *kit_dir, struct app_calibration *out,
                    struct jury_error *err)
{
    struct merge *m = NULL;
    struct calib_report *c = NULL;
    memset(out, 0, sizeof *out);
    int rc = merge_open(&m, out_dir, err);
    if (rc == 0 && kit_dir)
        rc = set_from_kit(m, kit_dir, err);
    if (rc == 0)
        rc = merge_calibration(m, &c, err);
    merge_close(&m);
    if (rc < 0)
        return rc;
    out->packs = (const char *const *)c->packs;
    out->n_packs = c->n_packs;
    out->rows = jury_xcalloc(c->n_rows + 1, sizeof *out->rows);
    for (size_t i = 0; i < c->n_rows; i++)
        out->rows[i] = (struct app_calib_row){c->reviewer_ids[i], c->panels[i], c->rows[i].n_packs,
                                              c->rows[i].offset, c->rows[i].spread};
    out->n_rows = c->n_rows;
    out->own = c;
    return 0;
}

void app_calibration_clear(struct app_calibration *c)
{
    free(c->rows);
    calib_report_free(&c->own);
    memset(c, 0, sizeof *c);
}
