/* values_int.h - private to app/: db's pack values as app_values. */
#ifndef JURY_APP_VALUES_INT_H
#define JURY_APP_VALUES_INT_H

#include "app/app.h"
#include "db/store/store.h"

enum app_pack_state app_state_of(enum store_pack_state s);
/* NULL for NULL; strings borrowed from p (keep p while the result lives). */
struct app_values *app_values_from(const struct sheet_pack *p);
void app_values_free(struct app_values **p);

#endif
