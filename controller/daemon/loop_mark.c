#include "loop_mark.h"

void tpr_loop_mark_take(tpr_loop_mark *m, const tpr_loop_stats *st, tpr_status *status)
{
    tpr_status_view v;
    tpr_status_read(status, &v); /* the loop's counters as it last published them */
    m->overruns = v.overruns;
    tpr_lat_hist_read(&st->wake, &m->wake);
    tpr_lat_hist_read(&st->run, &m->run);
}

void tpr_loop_mark_since(const tpr_loop_mark *m, const tpr_loop_stats *st, tpr_status *status,
                         tpr_session_loop *out)
{
    static tpr_loop_mark now; /* main thread only; 17 KB kept off the stack */
    tpr_loop_mark_take(&now, st, status);
    tpr_lat_counts_since(&now.wake, &m->wake);
    tpr_lat_counts_since(&now.run, &m->run);
    tpr_lat_summary w, r;
    tpr_lat_summarize(&now.wake, &w);
    tpr_lat_summarize(&now.run, &r);
    *out = (tpr_session_loop){
        .overruns = now.overruns - m->overruns,
        .lat_min_us = w.min_us,
        .lat_p50_us = w.p50_us,
        .lat_p99_us = w.p99_us,
        .lat_p999_us = w.p999_us,
        .lat_max_us = w.max_us,
        .run_p99_us = r.p99_us,
        .run_max_us = r.max_us,
    };
}
