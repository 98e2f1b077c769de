/* tui.h - the review workbench (ncursesw): the one public header of tui/.
 *
 * tui/ is view and controller only: it reads and changes the review through
 * the session facade (app/app.h) and never touches SQLite, Lua or libarchive.
 * Every change is saved by app/ at once, so quitting at any moment loses
 * nothing and the next start returns to the same pack, file, page and
 * indicator.
 */
#ifndef JURY_TUI_H
#define JURY_TUI_H

#include "core/core.h"

struct tui_options {
    const char *target;   /* a kit folder or a pack file; NULL = the kit in the
                             current folder, else the bundled sample kit */
    const char *reviewer; /* reviewer id (--reviewer), NULL = the one key found */
    bool make_key;        /* create a reviewer key without asking when none exists */
};

/* Check that the terminal can host the workbench, before any curses call:
 * TERM set and not "dumb", the locale's codeset UTF-8, stdin/stdout a tty.
 * Returns 0, or JURY_ERR_INVALID with a message saying what to change. */
int tui_check_terminal(struct jury_error *err);

/* Bind the "jury" gettext domain (the build tree's catalogues when present,
 * else the installed ones). Safe to call more than once. */
void tui_i18n_init(void);

/* A message of the layers below (store, checklist, session; English) in
 * the locale's language when the catalogue has it, for the CLI's errors as
 * for the workbench's; out gets the text (the English as it came when no
 * translation is known). Binds the catalogue first. */
const char *tui_message(const char *msg, char *out, size_t size);

/* Run the workbench until the reviewer quits (q), or SIGTERM/SIGHUP arrive.
 * The terminal is restored on every way out, crashes included. Returns 0, or
 * a negative status with err filled when it could not start. */
int tui_run(const struct tui_options *opt, struct jury_error *err);

#endif
