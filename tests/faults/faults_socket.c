/* Control-socket clients misbehaving while sessions run: the daemon's loop
 * on the virtual clock (rig.h) with the real socket server served between
 * ticks (bad_client.h). Each misbehaviour at random moments of running
 * sessions, an over-limit spike once the server has answered it, the
 * misbehaving client still connected: the motor is cut in the spike's
 * tick, the server gave the answer its header promises, and every
 * session's record is whole. Exit status 1 when any row is not all good.
 * Usage: faults_socket [INJECTIONS_PER_FAULT [SEED]] */
#include <stdio.h>
#include <stdlib.h>

#include "bad_client.h"
#include "rig.h"

int main(int argc, char **argv)
{
    unsigned n;
    uint64_t seed;
    rig_args(argc, argv, &n, &seed);
    static const struct {
        bad_kind kind;
        const char *name, *answer;
    } faults[] = {
        {BAD_JUNK, "socket: junk lines", "an error reply each, connection kept"},
        {BAD_OVERSIZED, "socket: oversized line (4196 bytes)", "an error reply, connection kept"},
        {BAD_PARTIAL, "socket: line left unfinished", "after 2 s an error reply, closed"},
        {BAD_FLOOD, "socket: 30 requests at once", "a line each, the excess refused"},
        {BAD_DEAF, "socket: subscriber that never reads", "dropped"},
        {BAD_CROWD, "socket: 17th connection", "an error line, closed"},
    };
    enum { N = sizeof(faults) / sizeof(faults[0]) };
    rig_row rows[N];
    tpr_ctl_server_stats st[N];
    bool db_ok = true;
    for (int i = 0; i < N; i++) {
        rows[i] = (rig_row){.name = faults[i].name,
                            .through = "real socket server between ticks",
                            .due = "at once (a spike once it was answered)"};
        bad_client *b = bad_client_new(faults[i].kind);
        rig_hazard h = bad_client_hazard(b);
        rig *r = rig_new(seed + (uint64_t)i, NULL);
        rig_set_hazard(r, &h, &(tpr_recording_pace){0});
        rig_run(r, RIG_SPIKE, n, 25, &rows[i]);
        db_ok = rig_db_ok(r) && db_ok;
        bad_client_stats(b, &st[i]);
        rig_free(r);
        bad_client_free(b);
    }
    rig_print(rows, N);
    printf("\n| misbehaviour | the server's answer, seen on each | connections | error replies "
           "| dropped | refused | requests served |\n|---|---|---|---|---|---|---|\n");
    for (int i = 0; i < N; i++)
        printf("| %s | %s | %llu | %llu | %llu | %llu | %llu |\n", faults[i].name, faults[i].answer,
               (unsigned long long)st[i].accepted, (unsigned long long)st[i].errors,
               (unsigned long long)st[i].dropped, (unsigned long long)st[i].refused,
               (unsigned long long)st[i].requests);
    printf("integrity_check: %s\n", db_ok ? "ok" : "FAILED");
    return rig_all_good(rows, N) && db_ok ? 0 : 1;
}
