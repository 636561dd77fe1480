/* Messages between the daemon's main thread and its control loop: a
 * bounded single-producer/single-consumer ring of small messages, one ring
 * for each direction. Pushing and popping never block, lock or allocate,
 * so the loop can use them inside a tick. */
#ifndef TPR_MSG_QUEUE_H
#define TPR_MSG_QUEUE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

/* Messages in flight at most; a full queue refuses the next one. */
#define TPR_MSG_QUEUE_SIZE 32

typedef enum tpr_msg_kind {
    /* main thread to loop */
    TPR_MSG_START,   /* ptr: a ready tpr_session to run */
    TPR_MSG_PAUSE,   /* pause the session */
    TPR_MSG_RESUME,  /* resume the session */
    TPR_MSG_NEXT,    /* skip to the next repetition or muscle */
    TPR_MSG_PAINFUL, /* a measurement: the pressure turned painful now */
    TPR_MSG_STOP,    /* end the session; arg: the tpr_session_end to record */
    TPR_MSG_QUIT,    /* end the session (arg: its end), then the loop */
    TPR_MSG_DOSES,   /* ptr: a tpr_routine of reloaded doses for the session's next muscles */
    TPR_MSG_DEVICE,  /* ptr: an open tpr_hal to run on from now (sent while idle) */
    /* loop to main thread */
    TPR_MSG_ENDED,        /* ptr: the session that ended (the loop let go of it) */
    TPR_MSG_WANT_SESSION, /* start/pause pressed while idle */
    TPR_MSG_WANT_MEASURE, /* start/pause held long while idle */
    TPR_MSG_FREE,         /* ptr: the loop is done with what a message lent it */
    TPR_MSG_APPLIED,      /* ticket: commands up to it applied, their effect in the status */
    TPR_MSG_OLD_DEVICE,   /* ptr: a tpr_hal the loop let go of, motor off: close it */
} tpr_msg_kind;

typedef struct tpr_msg {
    tpr_msg_kind kind;
    int arg;
    uint32_t ticket; /* a command a client waits for (0: none): see TPR_MSG_APPLIED */
    void *ptr;
} tpr_msg;

typedef struct tpr_msg_queue {
    _Atomic uint32_t head; /* next slot to read (consumer) */
    _Atomic uint32_t tail; /* next slot to write (producer) */
    tpr_msg slot[TPR_MSG_QUEUE_SIZE];
} tpr_msg_queue;

void tpr_msg_queue_init(tpr_msg_queue *q);

/* Producer side: false when the queue is full (nothing queued). */
bool tpr_msg_push(tpr_msg_queue *q, tpr_msg m);

/* Consumer side: false when the queue is empty. */
bool tpr_msg_pop(tpr_msg_queue *q, tpr_msg *m);

#endif
