/* term_int.h - private to tui/: terminal setup and signal flags. */
#ifndef JURY_TUI_TERM_INT_H
#define JURY_TUI_TERM_INT_H

#include <signal.h>

#include "core/core.h"

/* Set by SIGTERM, SIGHUP and SIGINT; the main loop exits cleanly on it. */
extern volatile sig_atomic_t term_quit_flag;

/* newterm, modes, colours, mouse; then our signal handlers (after curses,
 * so they replace its own). */
int term_start(struct jury_error *err);
void term_stop(void);

#endif
