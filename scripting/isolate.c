/* isolate.c - run a sandbox job in a forked child with rlimits and a
 * watchdog, or in process.
 *
 * Hooks never fire inside C functions (a pathological string.find pattern)
 * nor during __gc finalizers, so the in-process caps cannot stop everything.
 * The child gets RLIMIT_CPU and RLIMIT_AS; the parent polls the socket with
 * two deadlines and SIGKILLs the child at the first: one for progress
 * (restarted by every frame but a p.text request) and one for the whole
 * job, fixed by the caller (iso_handler.deadline_ms). The
 * child asks the parent for pack text (frame 'T'), so the pack's handles
 * stay in the parent. Under ASan RLIMIT_AS is skipped (ASan reserves
 * terabytes of shadow memory): the allocator cap and the watchdog remain.
 *
 * Frames: tag (1 byte) + u32 length + payload. 'D' ends a job. */
#include "scripting/rules_int.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define ISO_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ISO_ASAN 1
#endif
#endif

#define FRAME_MAX ((size_t)256 << 20)

struct sbx_chan {
    int fd;           /* child: the socket; -1 in process */
    struct jstr *buf; /* in process: the frames */
    const struct iso_handler *h;
    struct jstr *out;     /* child, batching (chan_batch): frames not yet written */
    long long flushed_ms; /* when they were last written */
};

/* A batching child writes at least this often, so the watchdog sees progress. */
#define CHAN_FLUSH_MS 20

/* ------------------------------------------------------------ io */

static int write_all(int fd, const void *p, size_t n)
{
    const char *b = p;
    while (n > 0) {
        ssize_t w = send(fd, b, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        b += w;
        n -= (size_t)w;
    }
    return 0;
}

static long long now_ms(void)
{
    return sbx_now_ms();
}

/* Read n bytes before deadline (ms, monotonic; < 0 = none). 0, -1 error or
 * end of file, -2 timeout. */
static int read_all(int fd, void *p, size_t n, long long deadline)
{
    char *b = p;
    while (n > 0) {
        if (deadline >= 0) {
            long long left = deadline - now_ms();
            if (left <= 0)
                return -2;
            struct pollfd pf = {.fd = fd, .events = POLLIN};
            int pr = poll(&pf, 1, (int)left);
            if (pr < 0 && errno == EINTR)
                continue;
            if (pr == 0)
                return -2;
        }
        ssize_t r = read(fd, b, n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        b += r;
        n -= (size_t)r;
    }
    return 0;
}

static void frame_header(char hdr[5], char tag, size_t len)
{
    hdr[0] = tag;
    for (int i = 0; i < 4; i++)
        hdr[1 + i] = (char)((len >> (8 * i)) & 0xff);
}

void chan_flush(struct sbx_chan *c)
{
    if (c->fd < 0 || !c->out || !c->out->len)
        return;
    if (write_all(c->fd, c->out->s, c->out->len) < 0)
        _exit(3); /* the parent is gone */
    jstr_clear(c->out);
    c->flushed_ms = now_ms();
}

void chan_batch(struct sbx_chan *c, struct jstr *out)
{
    chan_flush(c);
    c->out = c->fd < 0 ? NULL : out;
    c->flushed_ms = now_ms();
}

void chan_send(struct sbx_chan *c, char tag, const void *data, size_t len)
{
    char hdr[5];
    frame_header(hdr, tag, len);
    if (c->fd >= 0 && c->out) {
        jstr_addn(c->out, hdr, 5);
        jstr_addn(c->out, data, len);
        if (c->out->len >= ((size_t)1 << 20) || now_ms() - c->flushed_ms >= CHAN_FLUSH_MS)
            chan_flush(c);
        return;
    }
    if (c->fd < 0) {
        jstr_addn(c->buf, hdr, 5);
        jstr_addn(c->buf, data, len);
        return;
    }
    if (write_all(c->fd, hdr, 5) < 0 || write_all(c->fd, data, len) < 0)
        _exit(3); /* the parent is gone */
}

/* Read one frame: 0, or < 0 as read_all. *data is malloc'd. */
static int frame_read(int fd, char *tag, unsigned char **data, size_t *len, long long deadline)
{
    unsigned char hdr[5];
    int rc = read_all(fd, hdr, 5, deadline);
    if (rc < 0)
        return rc;
    size_t n = (size_t)hdr[1] | (size_t)hdr[2] << 8 | (size_t)hdr[3] << 16 | (size_t)hdr[4] << 24;
    if (n > FRAME_MAX)
        return -1;
    *tag = (char)hdr[0];
    *data = jury_xmalloc(n + 1);
    rc = read_all(fd, *data, n, deadline);
    if (rc < 0) {
        free(*data);
        *data = NULL;
        return rc;
    }
    (*data)[n] = 0;
    *len = n;
    return 0;
}

int chan_text(struct sbx_chan *c, const char *path, char **out, size_t *len)
{
    if (c->fd < 0)
        return c->h && c->h->text ? c->h->text(c->h->text_ctx, path, out, len) : -1;
    chan_send(c, 'T', path, strlen(path));
    chan_flush(c); /* the parent must see the request before we wait */
    char tag = 0;
    unsigned char *data = NULL;
    if (frame_read(c->fd, &tag, &data, len, -1) < 0)
        _exit(3);
    if (tag != 't') {
        free(data);
        return tag == 'x' ? -2 : -1;
    }
    *out = (char *)data;
    return 0;
}

/* ------------------------------------------------------------ the child */

#ifndef ISO_ASAN
/* Virtual memory in use now (bytes), 0 when unknown. */
static size_t vm_now(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    unsigned long pages = 0;
    if (f) {
        if (fscanf(f, "%lu", &pages) != 1)
            pages = 0;
        fclose(f);
    }
    return (size_t)pages * (size_t)sysconf(_SC_PAGESIZE);
}
#endif

static void child_limits(const struct rules_options *opt)
{
    int timeout = sbx_check_ms(opt);
    rlim_t cpu = (rlim_t)(timeout / 1000 + 1) * 10; /* a backstop to the watchdog */
    struct rlimit rl = {cpu, cpu + 1};
    setrlimit(RLIMIT_CPU, &rl);
#ifndef ISO_ASAN
    size_t mem = opt->mem_limit ? opt->mem_limit : SBX_DEFAULT_MEM;
    rlim_t as = (rlim_t)(vm_now() + 2 * mem + ((size_t)256 << 20));
    struct rlimit ra = {as, as};
    setrlimit(RLIMIT_AS, &ra);
#endif
    signal(SIGPIPE, SIG_IGN);
    signal(SIGXCPU, SIG_DFL);
}

/* ------------------------------------------------------------ the parent */

static int serve_text(int fd, const struct iso_handler *h, const unsigned char *path)
{
    char *text = NULL;
    size_t len = 0;
    int ok = h->text ? h->text(h->text_ctx, (const char *)path, &text, &len) : -1;
    char hdr[5];
    frame_header(hdr, ok == 0 ? 't' : ok == -2 ? 'x' : 'n', ok == 0 ? len : 0);
    int rc = write_all(fd, hdr, 5);
    if (rc == 0 && ok == 0)
        rc = write_all(fd, text, len);
    free(text);
    return rc;
}

static int child_status(int status, int timeout, int why, struct jury_error *err)
{
    if (why == -4)
        return jury_error_set(err, JURY_ERR_LIMIT, NULL,
                              "stopped: the time budget of the evaluation was spent");
    if (why == -2)
        return jury_error_set(err, JURY_ERR_LIMIT, NULL,
                              "stopped after %d ms without progress (an endless loop in a C "
                              "function, e.g. a pathological pattern?)",
                              timeout);
    if (WIFSIGNALED(status))
        return jury_error_set(
            err, JURY_ERR_LIMIT, NULL, "the sandboxed evaluation was killed by signal %d (%s)",
            WTERMSIG(status), WTERMSIG(status) == SIGXCPU ? "CPU limit" : "crash or limit");
    return jury_error_set(err, JURY_ERR_LIMIT, NULL,
                          "the sandboxed evaluation stopped unexpectedly (exit %d)",
                          WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

/* Feed frames to h until 'D'. 0 done; -1 child gone; -2 a check ran out of
 * time; -3 stop; -4 the whole job ran out of time. */
static int parent_loop(int fd, const struct iso_handler *h, int timeout)
{
    long long check_end = now_ms() + timeout;
    for (;;) {
        char tag = 0;
        unsigned char *data = NULL;
        size_t len = 0;
        bool hard = h->deadline_ms > 0 && h->deadline_ms < check_end;
        int rc = frame_read(fd, &tag, &data, &len, hard ? h->deadline_ms : check_end);
        if (rc < 0)
            return rc == -2 && hard ? -4 : rc;
        if (tag == 'D')
            rc = 1;
        else if (tag == 'T')
            rc = serve_text(fd, h, data) < 0 ? -1 : 0;
        else
            rc = h->frame(h->ctx, tag, data, len) < 0 ? -3 : 0;
        if (tag != 'T') /* progress (a check started or ended, a load result); a text
                         * request is not: a p.text loop cannot keep the child alive */
            check_end = now_ms() + timeout;
        free(data);
        if (rc != 0)
            return rc > 0 ? 0 : rc;
    }
}

static int run_in_process(const struct rules_options *opt, void (*job)(struct sbx_chan *, void *),
                          void *arg, const struct iso_handler *h)
{
    struct jstr buf = {0};
    struct sbx_chan c = {.fd = -1, .buf = &buf, .h = h};
    job(&c, arg);
    size_t pos = 0;
    while (pos + 5 <= buf.len) {
        const unsigned char *b = (const unsigned char *)buf.s + pos;
        size_t n = (size_t)b[1] | (size_t)b[2] << 8 | (size_t)b[3] << 16 | (size_t)b[4] << 24;
        if (h->frame(h->ctx, (char)b[0], b + 5, n) < 0)
            break;
        pos += 5 + n;
    }
    jstr_free(&buf);
    (void)opt;
    return 0;
}

int iso_run(const struct rules_options *opt, void (*job)(struct sbx_chan *, void *), void *arg,
            const struct iso_handler *h, struct jury_error *err)
{
    if (opt->in_process)
        return run_in_process(opt, job, arg, h);
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
        return jury_error_set(err, JURY_ERR_INTERNAL, NULL, "socketpair: %s", strerror(errno));
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        close(sv[0]);
        close(sv[1]);
        return jury_error_set(err, JURY_ERR_INTERNAL, NULL, "fork: %s", strerror(errno));
    }
    if (pid == 0) {
        close(sv[0]);
        child_limits(opt);
        struct sbx_chan c = {.fd = sv[1], .h = h};
        job(&c, arg);
        chan_batch(&c, NULL);
        chan_send(&c, 'D', "", 0);
        _exit(0);
    }
    close(sv[1]);
    int timeout = sbx_check_ms(opt);
    int rc = parent_loop(sv[0], h, timeout);
    if (rc != 0)
        kill(pid, SIGKILL);
    close(sv[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (rc == 0 || rc == -3)
        return 0;
    return child_status(status, timeout, rc, err);
}
