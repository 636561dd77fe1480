/* Retention of the stored traces: old traces go, summaries stay. Deletes the
 * trace_chunks of whole sessions and marks them trace_pruned; sessions,
 * segments and events are kept forever. */
#ifndef TPR_RETENTION_H
#define TPR_RETENTION_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

typedef struct tpr_retention {
    uint32_t keep_days; /* traces of sessions started longer ago go; 0: no age limit */
    uint64_t max_bytes; /* then the oldest traces go until the rest fit; 0: no cap */
} tpr_retention;

/* Prune in one transaction, with now_ms (Unix ms) as the present. Returns
 * the number of sessions whose trace was removed, or -1 with err. */
int tpr_retention_prune(sqlite3 *db, const tpr_retention *keep, int64_t now_ms, char *err,
                        size_t errlen);

#endif
