#include "log.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "text.h"

/* stderr is journald's stream when JOURNAL_STREAM names its device and
 * inode (systemd sets it for the service's own stderr only). */
static bool to_journal(void)
{
    const char *js = getenv("JOURNAL_STREAM");
    unsigned long long dev, ino;
    struct stat st;
    return js && sscanf(js, "%llu:%llu", &dev, &ino) == 2 && fstat(2, &st) == 0 &&
           (unsigned long long)st.st_dev == dev && (unsigned long long)st.st_ino == ino;
}

void tpr_log(tpr_log_level level, const char *fmt, ...)
{
    static const char *const prefix[] = {"error: ", "warning: ", ""};
    static const char *const priority[] = {"<3>", "<4>", "<6>"}; /* err, warning, info */
    static _Atomic int journal = -1; /* threads that race here find the same answer */
    if (journal < 0)
        journal = to_journal();
    char line[512], shown[4 * sizeof(line)];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    /* Names, paths and values quoted from files are shown, never obeyed by
     * the terminal or journal: control bytes come out as \xNN. */
    tpr_text_escape(shown, sizeof(shown), line);
    /* One write per line so lines from two threads never interleave. The
     * journal takes the priority from the prefix and names tprd itself. */
    if (journal)
        fprintf(stderr, "%s%s%s\n", priority[level], prefix[level], shown);
    else
        fprintf(stderr, "tprd: %s%s\n", prefix[level], shown);
}
