/* cmd_calibrate.c - `jury calibrate OUT/`: the calibration round. Every
 * reviewer scores the kit's calibration packs first; the chair merges those
 * sheets and sees each reviewer's offset and spread against their panel, so
 * the panel can discuss the scale before live scoring. */
#include "cli/cli.h"
#include "app/app.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct cli_opt calibrate_opts[] = {
    {.name = "kit",
     .arg = "KIT",
     .help = N_("take the calibration packs from this kit's kit.json (and record them)")},
    {0}};

static void put_safe(const char *s)
{
    cli_put(stdout, s);
}

static int show(const struct app_calibration *c)
{
    printf("calibration packs:");
    for (size_t i = 0; i < c->n_packs; i++) {
        putchar(' ');
        put_safe(c->packs[i]);
    }
    printf("\nreviewer\tpanel\tpacks\toffset\tspread\n");
    for (size_t i = 0; i < c->n_rows; i++) {
        put_safe(c->rows[i].reviewer);
        putchar('\t');
        put_safe(c->rows[i].panel);
        printf("\t%zu\t%+.2f\t%.2f\n", c->rows[i].n_packs, c->rows[i].offset, c->rows[i].spread);
    }
    if (c->n_packs == 0)
        fputs(_("jury calibrate: no calibration packs (kit.json \"calibration\")\n"), stderr);
    else if (c->n_rows == 0)
        fputs(_("jury calibrate: nobody has submitted a calibration pack yet\n"), stderr);
    return c->n_packs && c->n_rows ? EXIT_OK : EXIT_CHECK;
}

static int cmd_calibrate(const struct cli_args *a)
{
    const char *out = a->pos[0], *kit = cli_opt(a, "kit");
    char *db = jury_path_join(out, "merged.sqlite");
    bool exists = jury_is_file(db);
    free(db);
    if (!exists) {
        fprintf(stderr, _("jury calibrate: %s has no merged.sqlite (run jury merge first)\n"),
                cli_esc(out));
        return EXIT_USAGE;
    }
    struct jury_error err = {0};
    struct app_calibration c;
    int code = app_calibration(out, kit, &c, &err) < 0 ? cli_fail(&err) : show(&c);
    app_calibration_clear(&c);
    return code;
}

const struct cli_cmd cmd_calibrate_table[] = {
    {.name = "calibrate",
     .args = "OUT/",
     .min_args = 1,
     .max_args = 1,
     .opts = calibrate_opts,
     .summary = N_("each reviewer's offset and spread on the calibration packs"),
     .text = N_("OUT/ is a folder made by `jury merge` from the reviewers' sheets after the\n"
                "calibration round. The calibration packs are kit.json's \"calibration\" list\n"
                "(pack files, e.g. [\"c1.zip\", \"c2.zip\"]), recorded by `jury merge --kit` or\n"
                "here with --kit. For each reviewer: the packs scored, the offset (mean of their\n"
                "net total minus the panel's mean on each pack; + lenient, - harsh) and the\n"
                "spread (standard deviation of those differences). Calibration packs never\n"
                "enter the ranking.\n"
                "Exit: 0 shown, 1 no calibration packs or no scores on them, 2 could not run.\n"),
     .run = cmd_calibrate},
    {0}};
