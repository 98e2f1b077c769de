/* session_int.h - private to app/ (and its unit tests): the session's own
 * store and kit, which the interfaces never get; they ask app/ for a use
 * case instead. */
#ifndef JURY_APP_SESSION_INT_H
#define JURY_APP_SESSION_INT_H

#include "app/app.h"

struct store *session_store(struct session *s);
const struct kit *session_kit(const struct session *s);

#endif
