/* term.c - the terminal's life: checks before curses, setup, signal flags,
 * crash restore, and the gettext domain. */
#define _GNU_SOURCE
#include "tui/term_int.h"
#include "tui/tui_int.h"

#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

volatile sig_atomic_t term_quit_flag;
static struct termios saved_tio;
static bool saved_ok;

/* Leave the alternate screen, show the cursor, reset attributes, stop mouse
 * reporting: what a crashed program must not leave behind. */
static const char reset_seq[] = "\033[0m\033[?1000l\033[?1002l\033[?1006l\033[?25h\033[?1049l\r\n";

int tui_check_terminal(struct jury_error *err)
{
    const char *term = getenv("TERM");
    if (!term || !*term)
        return jury_error_set(
            err, JURY_ERR_INVALID, NULL,
            _("TERM is not set: run jury in a terminal (e.g. TERM=xterm-256color)"));
    if (strcmp(term, "dumb") == 0)
        return jury_error_set(err, JURY_ERR_INVALID, NULL,
                              _("TERM=dumb cannot show the workbench: use a real terminal "
                                "(xterm-256color, tmux-256color)"));
    if (!utf8_locale_ok())
        return jury_error_set(err, JURY_ERR_INVALID, NULL,
                              _("the locale is not UTF-8: set LANG=zh_CN.UTF-8 or C.UTF-8 "
                                "(see `locale -a`)"));
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
        return jury_error_set(err, JURY_ERR_INVALID, NULL,
                              _("the workbench needs a terminal on stdin and stdout"));
    return 0;
}

void tui_i18n_init(void)
{
    bindtextdomain("jury", jury_locale_dir());
    bind_textdomain_codeset("jury", "UTF-8");
    textdomain("jury");
}

static void on_quit(int sig)
{
    (void)sig;
    term_quit_flag = 1;
}

/* Only async-signal-safe calls: write, tcsetattr, signal, raise. */
static void on_crash(int sig)
{
    ssize_t w = write(STDOUT_FILENO, reset_seq, sizeof reset_seq - 1);
    (void)w;
    if (saved_ok)
        tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
    signal(sig, SIG_DFL);
    raise(sig);
}

static void oom_hook(void)
{
    ssize_t w = write(STDOUT_FILENO, reset_seq, sizeof reset_seq - 1);
    (void)w;
    if (saved_ok)
        tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
}

static void at_exit_endwin(void)
{
    if (!isendwin())
        endwin();
}

static void install(int sig, void (*fn)(int))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = fn;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = fn == on_crash ? SA_RESETHAND : 0;
    sigaction(sig, &sa, NULL);
}

int term_start(struct jury_error *err)
{
    saved_ok = tcgetattr(STDIN_FILENO, &saved_tio) == 0;
    if (!newterm(NULL, stdout, stdin))
        return jury_error_set(err, JURY_ERR_INVALID, getenv("TERM"),
                              _("this terminal type is unknown to ncurses"));
    atexit(at_exit_endwin);
    jury_set_oom_hook(oom_hook);
    /* After newterm: ours replace the handlers ncurses installed. */
    install(SIGTERM, on_quit);
    install(SIGHUP, on_quit);
    install(SIGINT, on_quit);
    int crash[] = {SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL};
    for (size_t i = 0; i < sizeof crash / sizeof crash[0]; i++)
        install(crash[i], on_crash);
    signal(SIGPIPE, SIG_IGN);
    raw();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    set_escdelay(25);
    curs_set(0);
    mousemask(ALL_MOUSE_EVENTS, NULL);
    mouseinterval(0);
    if (has_colors()) {
        start_color();
        use_default_colors();
        init_pair(PAIR_SEL, COLOR_BLACK, COLOR_CYAN);
        init_pair(PAIR_MATCH, COLOR_BLACK, COLOR_YELLOW);
        init_pair(PAIR_ERR, COLOR_RED, -1);
        init_pair(PAIR_OK, COLOR_GREEN, -1);
        init_pair(PAIR_DIM, COLOR_BLUE, -1);
        init_pair(PAIR_BAR, COLOR_BLACK, COLOR_WHITE);
    }
    return 0;
}

void term_stop(void)
{
    if (!isendwin())
        endwin();
    jury_set_oom_hook(NULL);
}

attr_t tui_attr(int pair)
{
    if (!has_colors())
        return pair == PAIR_ERR || pair == PAIR_OK ? A_BOLD : A_REVERSE;
    attr_t a = COLOR_PAIR(pair);
    if (pair == PAIR_ERR)
        a |= A_BOLD;
    return a;
}
