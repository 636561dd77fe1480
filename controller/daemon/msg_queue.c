#include "msg_queue.h"

void tpr_msg_queue_init(tpr_msg_queue *q)
{
    atomic_init(&q->head, 0);
    atomic_init(&q->tail, 0);
}

bool tpr_msg_push(tpr_msg_queue *q, tpr_msg m)
{
    uint32_t tail = atomic_load_explicit(&q->tail, memory_order_relaxed);
    uint32_t head = atomic_load_explicit(&q->head, memory_order_acquire);
    if (tail - head == TPR_MSG_QUEUE_SIZE)
        return false;
    q->slot[tail % TPR_MSG_QUEUE_SIZE] = m;
    atomic_store_explicit(&q->tail, tail + 1, memory_order_release);
    return true;
}

bool tpr_msg_pop(tpr_msg_queue *q, tpr_msg *m)
{
    uint32_t head = atomic_load_explicit(&q->head, memory_order_relaxed);
    uint32_t tail = atomic_load_explicit(&q->tail, memory_order_acquire);
    if (head == tail)
        return false;
    *m = q->slot[head % TPR_MSG_QUEUE_SIZE];
    atomic_store_explicit(&q->head, head + 1, memory_order_release);
    return true;
}
