/* The GPIO buttons and indicators in the table: the [buttons] and
 * [indicators] keys, and wired lines choosing them (these parts have no
 * backend key: a wired line is the choice). Their opens are in the module
 * tpr-gpiod.so (gpio_open.c). */
#include "backend.h"
#include "gpio_lines.h"

typedef tpr_gpio_inputs_options in_opts;
typedef tpr_gpio_indicator_options ind_opts;

_Static_assert(sizeof(in_opts) <= TPR_BACKEND_OPTIONS_MAX &&
                   sizeof(ind_opts) <= TPR_BACKEND_OPTIONS_MAX,
               "gpio options fit the config");

static const tpr_option input_rows[] = {
    TPR_ROW_LINE(in_opts, "buttons", "start_pause", start_pause, "start/pause button"),
    TPR_ROW_LINE(in_opts, "buttons", "next", next, "next-muscle button"),
    TPR_ROW_FLAG(in_opts, "buttons", "active_low", active_low, "true",
                 "buttons pull the line low when pressed (wired to ground, pull-up)"),
    TPR_ROW_NUM(in_opts, "buttons", "debounce", TPR_OPT_UINT, TPR_UNIT_MILLISECONDS, debounce_ms, 0,
                1000, "20 ms", "edges closer together than this are contact bounce"),
};

static const tpr_option indicator_rows[] = {
    TPR_ROW_LINE(ind_opts, "indicators", "led", led, "status LED"),
    TPR_ROW_LINE(ind_opts, "indicators", "buzzer", buzzer, "buzzer"),
    TPR_ROW_FLAG(ind_opts, "indicators", "active_low", active_low, "false",
                 "LED and buzzer are on when the line is low"),
};

/* Group-wide active_low settings reach every line of the group. */
static void inputs_finish(void *p)
{
    in_opts *o = p;
    o->start_pause.active_low = o->next.active_low = o->active_low;
}

static void indicator_finish(void *p)
{
    ind_opts *o = p;
    o->led.active_low = o->buzzer.active_low = o->active_low;
}

static bool inputs_wired(const void *p)
{
    const in_opts *o = p;
    return o->start_pause.used || o->next.used;
}

static bool indicator_wired(const void *p)
{
    const ind_opts *o = p;
    return o->led.used || o->buzzer.used;
}

const tpr_backend tpr_gpio_inputs_backend = {
    .name = "gpio",
    .part = TPR_PART_INPUTS,
    .options = input_rows,
    .option_count = sizeof(input_rows) / sizeof(input_rows[0]),
    .options_size = sizeof(in_opts),
    .finish = inputs_finish,
    .wired = inputs_wired,
    .module = "tpr-gpiod",
    .open_symbol = "tpr_gpio_inputs_backend_open",
};

const tpr_backend tpr_gpio_indicator_backend = {
    .name = "gpio",
    .part = TPR_PART_INDICATOR,
    .options = indicator_rows,
    .option_count = sizeof(indicator_rows) / sizeof(indicator_rows[0]),
    .options_size = sizeof(ind_opts),
    .finish = indicator_finish,
    .wired = indicator_wired,
    .module = "tpr-gpiod",
    .open_symbol = "tpr_gpio_indicator_backend_open",
};
