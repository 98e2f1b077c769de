/* fuzz_rules.c - rule-file loading and evaluation in the sandbox, in
 * process (the hooks and caps only: the forked child is the second line of
 * defence and is covered by the unit tests). */
#include "scripting/rules.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[] = "/tmp/jury-fuzz-rules-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return 0;
    if (write(fd, data, size) != (ssize_t)size) {
        close(fd);
        unlink(path);
        return 0;
    }
    close(fd);
    struct rules_options opt = {.lib_dir = NULL,
                                .insn_limit = 200000,
                                .timeout_ms = 500,
                                .mem_limit = 16u << 20,
                                .in_process = true};
    struct jury_error err = {0};
    struct ruleset *rs = NULL;
    if (rules_load(&rs, path, &opt, &err) == JURY_OK) {
        struct rules_fact f = {.name = "run_years", .kind = RULES_NUMBER, .number = 2};
        struct rules_pack_view v = {
            .applicant = "某学院", .task = "task4", .facts = &f, .n_facts = 1};
        struct rules_result *res = NULL;
        if (rules_eval(rs, &v, &res, &err) == JURY_OK)
            rules_result_free(&res);
        struct checklist *cl = ruleset_checklist(rs, NULL);
        checklist_free(&cl);
        ruleset_free(&rs);
    }
    unlink(path);
    return 0;
}
