/* The control protocol's codec: round trips of every message and a refusal,
 * with a message that names the fault, for every kind of malformed line. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "json_flat.h"
#include "protocol.h"
#include "sample_snapshot.h"

static int decode(const char *line, tpr_ctl_request *r, char *err)
{
    return tpr_ctl_request_decode(line, strlen(line), r, err, TPR_CTL_ERROR_MAX);
}

static void request_round_trip(void **state)
{
    (void)state;
    tpr_ctl_request in = {.cmd = TPR_CTL_START, .user = "alice", .muscles = 2};
    strcpy(in.muscle[0], "vastus_medialis");
    strcpy(in.muscle[1], "popliteus");
    char line[TPR_CTL_REQUEST_MAX], err[TPR_CTL_ERROR_MAX];
    size_t n = tpr_ctl_request_encode(&in, line, sizeof(line));
    assert_true(n > 0);
    assert_int_equal(line[n - 1], '\n');
    assert_string_equal(line, "{\"v\":1,\"cmd\":\"start\",\"user\":\"alice\","
                              "\"muscles\":[\"vastus_medialis\",\"popliteus\"]}\n");
    tpr_ctl_request out;
    assert_int_equal(tpr_ctl_request_decode(line, n, &out, err, sizeof(err)), 0);
    assert_int_equal(out.cmd, TPR_CTL_START);
    assert_string_equal(out.user, "alice");
    assert_string_equal(out.routine, "");
    assert_int_equal(out.muscles, 2);
    assert_string_equal(out.muscle[1], "popliteus");

    for (int c = 0; c < TPR_CTL_COMMAND_COUNT; c++) {
        tpr_ctl_request r = {.cmd = (tpr_ctl_command)c};
        if (c == TPR_CTL_MEASURE) /* the one request that needs a member */
            strcpy(r.site, "popliteus");
        n = tpr_ctl_request_encode(&r, line, sizeof(line));
        assert_int_equal(tpr_ctl_request_decode(line, n, &out, err, sizeof(err)), 0);
        assert_int_equal(out.cmd, c);
    }
}

static void request_forms_accepted(void **state)
{
    (void)state;
    tpr_ctl_request r;
    char err[TPR_CTL_ERROR_MAX];
    /* White space, member order, escapes, a routine, a trailing CR. */
    assert_int_equal(
        decode(" { \"cmd\" : \"start\" , \"routine\":\"knee\\u005ffront\", \"v\" : 1 }\r\n", &r,
               err),
        0);
    assert_string_equal(r.routine, "knee_front");
    assert_int_equal(decode("{\"v\":1.0,\"cmd\":\"pause\"}", &r, err), 0);
    assert_int_equal(r.cmd, TPR_CTL_PAUSE);
    assert_int_equal(decode("{\"v\":1,\"cmd\":\"start\"}", &r, err), 0);
    assert_string_equal(r.user, "");
}

/* Each line must be refused with a message containing want. */
static void refused(const char *line, const char *want)
{
    tpr_ctl_request r;
    char err[TPR_CTL_ERROR_MAX] = "";
    int rc = decode(line, &r, err);
    if (rc != -1 || !strstr(err, want))
        fail_msg("%s -> rc %d, \"%s\" (wanted \"%s\")", line, rc, err, want);
}

/* measure: user, muscle and side round the trip; each field is checked
 * and a refusal names it. */
static void measure_requests(void **state)
{
    (void)state;
    tpr_ctl_request in = {.cmd = TPR_CTL_MEASURE,
                          .user = "alice",
                          .site = "popliteus",
                          .side = "left"},
                    out;
    char line[TPR_CTL_REQUEST_MAX], err[TPR_CTL_ERROR_MAX];
    size_t n = tpr_ctl_request_encode(&in, line, sizeof(line));
    assert_string_equal(line,
                        "{\"v\":1,\"cmd\":\"measure\",\"user\":\"alice\",\"muscle\":\"popliteus\","
                        "\"side\":\"left\"}\n");
    assert_int_equal(tpr_ctl_request_decode(line, n, &out, err, sizeof(err)), 0);
    assert_int_equal(out.cmd, TPR_CTL_MEASURE);
    assert_string_equal(out.user, "alice");
    assert_string_equal(out.site, "popliteus");
    assert_string_equal(out.side, "left");
    assert_int_equal(decode("{\"v\":1,\"cmd\":\"measure\",\"muscle\":\"soleus\"}", &out, err), 0);
    assert_string_equal(out.side, "");
    assert_int_equal(decode("{\"v\":1,\"cmd\":\"painful\"}", &out, err), 0);
    assert_int_equal(out.cmd, TPR_CTL_PAINFUL);

    refused("{\"v\":1,\"cmd\":\"measure\",\"user\":\"alice\"}", "\"muscle\" missing");
    refused("{\"v\":1,\"cmd\":\"measure\",\"muscle\":\"soleus\",\"side\":\"up\"}",
            "\"side\" must be \"left\" or \"right\"");
    refused("{\"v\":1,\"cmd\":\"measure\",\"muscle\":\"soleus\",\"side\":1}", "\"side\" must be");
    refused("{\"v\":1,\"cmd\":\"measure\",\"muscle\":\"a/b\"}", "\"muscle\" must be a plain name");
    refused("{\"v\":1,\"cmd\":\"measure\",\"muscle\":[\"soleus\"]}", "\"muscle\" must be");
    refused("{\"v\":1,\"cmd\":\"measure\",\"muscle\":\"soleus\",\"routine\":\"x\"}",
            "\"routine\" belongs to start only");
    refused("{\"v\":1,\"cmd\":\"start\",\"muscle\":\"soleus\"}",
            "\"muscle\" belongs to measure only");
    refused("{\"v\":1,\"cmd\":\"painful\",\"side\":\"left\"}", "\"side\" belongs to measure only");
}

static void malformed_json_refused(void **state)
{
    (void)state;
    refused("", "column 1: empty line");
    refused("   ", "empty line");
    refused("[1]", "column 1: expected '{'");
    refused("{\"v\":1,\"cmd\":\"stop\"", "expected ',' or '}'");
    refused("{\"v\":1,\"cmd\":\"stop\"}}", "text after the object");
    refused("{\"v\":1,\"cmd\":\"stop\"} x", "column 22: text after the object");
    refused("{\"v\":1,\"cmd\":\"stop}", "unterminated string");
    refused("{\"v\":1 \"cmd\":\"stop\"}", "expected ',' or '}'");
    refused("{\"v\" 1}", "expected ':'");
    refused("{v:1}", "expected a string");
    refused("{\"v\":1,}", "expected a string");
    refused("{\"v\":}", "unexpected character '}'");
    refused("{\"v\":", "value missing");
    refused("{\"v\":01}", "expected ',' or '}'");
    refused("{\"v\":1.}", "digits must follow '.'");
    refused("{\"v\":1e}", "digits must follow the exponent");
    refused("{\"v\":-}", "malformed number");
    refused("{\"v\":1e999}", "number out of range");
    refused("{\"v\":1111111111111111111111111111111111111111111}", "number longer than");
    refused("{\"v\":tru}", "unexpected character 't'");
    refused("{\"v\":nul}", "unexpected character");
    refused("{\"v\":{\"a\":1}}", "nested objects are not accepted");
    refused("{\"v\":[1]}", "arrays hold strings only");
    refused("{\"v\":[\"a\" \"b\"]}", "expected ',' or ']'");
    refused("{\"a\":\"x\ty\"}", "control character in a string");
    refused("{\"a\":\"\\x\"}", "unknown escape \\x");
    refused("{\"a\":\"\\u12\"}", "four hexadecimal digits");
    refused("{\"a\":\"\\u0000\"}", "\\u0000 is not accepted");
    refused("{\"a\":\"\\ud800\"}", "high surrogate");
    refused("{\"a\":\"\\udc00\"}", "lone low surrogate");
    refused("{\"v\":1,\"v\":1}", "duplicate member \"v\"");
    refused("{\"a\":\"\xff\"}", "column 7: invalid UTF-8 in a string");
    refused("{\"a\":\"\xc3\"}", "invalid UTF-8");             /* cut short */
    refused("{\"a\":\"\xc0\xaf\"}", "invalid UTF-8");         /* overlong '/' */
    refused("{\"a\":\"\xed\xa0\x80\"}", "invalid UTF-8");     /* a surrogate */
    refused("{\"a\":\"\xf4\x90\x80\x80\"}", "invalid UTF-8"); /* past U+10FFFF */
    refused("{\"a\":\"\x80\"}", "invalid UTF-8");             /* a lone continuation */
    char nul[] = "{\"v\":1,\"cmd\":\"stop\"}";
    tpr_ctl_request r;
    char err[TPR_CTL_ERROR_MAX];
    nul[3] = '\0';
    assert_int_equal(tpr_ctl_request_decode(nul, sizeof(nul) - 1, &r, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "NUL byte"));
}

static void bad_requests_refused(void **state)
{
    (void)state;
    refused("{\"cmd\":\"stop\"}", "\"v\" (the protocol version, 1) missing");
    refused("{\"v\":2,\"cmd\":\"stop\"}", "protocol version not supported");
    refused("{\"v\":\"1\",\"cmd\":\"stop\"}", "protocol version not supported");
    refused("{\"v\":1}", "\"cmd\" missing");
    refused("{\"v\":1,\"cmd\":7}", "\"cmd\" missing or not a string");
    refused("{\"v\":1,\"cmd\":\"format\"}", "unknown \"cmd\"");
    refused("{\"v\":1,\"cmd\":\"stop\",\"force\":true}", "unknown member \"force\"");
    refused("{\"v\":1,\"cmd\":\"stop\",\"user\":\"alice\"}",
            "\"user\" belongs to start and measure only");
    refused("{\"v\":1,\"cmd\":\"start\",\"user\":\"../../etc/passwd\"}",
            "\"user\" must be a plain name: '../../etc/passwd' has '.' at byte 1");
    refused("{\"v\":1,\"cmd\":\"start\",\"user\":\"a\\u0001b\"}",
            "'a\\x01b' has byte 0x01 at byte 2");
    refused("{\"v\":1,\"cmd\":\"start\",\"user\":\"a\\u0000b\"}", "\\u0000 is not accepted");
    refused("{\"v\":1,\"cmd\":\"start\",\"user\":"
            "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}",
            "is 65 bytes long");
    refused("{\"v\":1,\"cmd\":\"start\",\"user\":\"a/b\"}", "plain name");
    refused("{\"v\":1,\"cmd\":\"start\",\"user\":\"\"}", "plain name");
    refused("{\"v\":1,\"cmd\":\"start\",\"user\":\".hidden\"}", "plain name");
    refused("{\"v\":1,\"cmd\":\"start\",\"user\":\"al ice\"}", "plain name");
    refused("{\"v\":1,\"cmd\":\"start\",\"user\":\"\\u00e9\"}", "plain name");
    refused("{\"v\":1,\"cmd\":\"start\",\"user\":1}", "plain name");
    refused("{\"v\":1,\"cmd\":\"start\",\"routine\":\"x.ini\"}",
            "\"routine\" must be a plain name: 'x.ini' has '.'");
    refused("{\"v\":1,\"cmd\":\"start\",\"muscles\":[]}", "non-empty array");
    refused("{\"v\":1,\"cmd\":\"start\",\"muscles\":\"popliteus\"}", "non-empty array");
    refused("{\"v\":1,\"cmd\":\"start\",\"muscles\":[\"popliteus\",\"../x\"]}",
            "\"muscles\" item 2 must be a plain name");
    refused("{\"v\":1,\"cmd\":\"start\",\"routine\":\"r\",\"muscles\":[\"a\"]}", "not both");
    char many[1024] = "{\"v\":1,\"cmd\":\"start\",\"muscles\":[\"m\"";
    for (int i = 1; i <= TPR_MAX_ROUTINE; i++)
        strcat(many, ",\"m\"");
    strcat(many, "]}");
    refused(many, "a routine holds at most 16");
}

static void names(void **state)
{
    (void)state;
    char name[TPR_NAME_MAX + 2];
    memset(name, 'a', sizeof(name));
    name[TPR_NAME_MAX] = '\0';
    assert_true(tpr_name_valid(name));
    name[TPR_NAME_MAX] = 'a';
    name[TPR_NAME_MAX + 1] = '\0';
    assert_false(tpr_name_valid(name));
    assert_true(tpr_name_valid("Bob_2-x"));
    assert_false(tpr_name_valid(".."));
    assert_false(tpr_name_valid(""));
}

static void oversized_line_refused(void **state)
{
    (void)state;
    static char line[TPR_JSON_MAX_LINE + 2];
    memset(line, ' ', sizeof(line) - 1);
    line[sizeof(line) - 1] = '\0';
    memcpy(line, "{\"v\":1,\"cmd\":\"stop\"}", 20);
    refused(line, "line longer than 4096 bytes");
}

static int decode_line(const char *line, tpr_ctl_line_type *type, tpr_ctl_reply *reply,
                       tpr_ctl_snapshot *snap, char *err)
{
    return tpr_ctl_line_decode(line, strlen(line), type, reply, snap, err, TPR_CTL_ERROR_MAX);
}

static void snapshot_round_trip(void **state)
{
    (void)state;
    tpr_ctl_snapshot in = sample_snapshot(), out;
    char line[TPR_CTL_LINE_MAX], err[TPR_CTL_ERROR_MAX];
    size_t n = tpr_ctl_snapshot_encode(&in, line, sizeof(line));
    assert_true(n > 0 && n < 1200);
    assert_non_null(strstr(line, "\"events\":[\"hold_resume\"]"));
    assert_non_null(strstr(line, "\"cue\":\"in the band\""));
    tpr_ctl_line_type type;
    tpr_ctl_reply reply;
    assert_int_equal(decode_line(line, &type, &reply, &out, err), 0);
    assert_int_equal(type, TPR_CTL_LINE_SNAPSHOT);
    assert_int_equal(out.daemon, TPR_CTL_RUNNING);
    assert_int_equal(out.session, 42);
    assert_string_equal(out.muscle, "vastus_medialis");
    assert_int_equal(out.rep, 3);
    assert_int_equal(out.state, TPR_STATE_HOLD);
    assert_float_equal(out.raw_kpa, 133.0, 0.005);
    assert_float_equal(out.filtered_kpa, 131.2, 0.005);
    assert_true(out.contact);
    assert_int_equal(out.hold_max_ms, 90000);
    assert_int_equal(out.events, in.events);
    assert_string_equal(out.cue, "in the band");
    assert_int_equal(out.ticks, 1843210);
    assert_int_equal(out.lat_p99_us, 37);
    assert_int_equal(out.lat_p999_us, 120);
    assert_int_equal(out.run_max_us, 31);
    assert_int_equal(out.age_p50_us, 480);
    assert_int_equal(out.age_max_us, 2310);

    /* No value: null, and back to NaN. */
    in.raw_kpa = NAN;
    in.filtered_kpa = INFINITY;
    n = tpr_ctl_snapshot_encode(&in, line, sizeof(line));
    assert_non_null(strstr(line, "\"raw_kpa\":null,\"filtered_kpa\":null"));
    assert_int_equal(decode_line(line, &type, &reply, &out, err), 0);
    assert_true(isnan(out.raw_kpa) && isnan(out.filtered_kpa));

    /* Too small a buffer: nothing, never half a line. */
    assert_int_equal(tpr_ctl_snapshot_encode(&in, line, 100), 0);
}

static void snapshot_client_side(void **state)
{
    (void)state;
    tpr_ctl_snapshot in = sample_snapshot(), out;
    char line[TPR_CTL_LINE_MAX], err[TPR_CTL_ERROR_MAX];
    tpr_ctl_line_type type;
    tpr_ctl_reply reply;
    /* A member the client does not know yet is ignored. */
    size_t n = tpr_ctl_snapshot_encode(&in, line, sizeof(line));
    strcpy(line + n - 2, ",\"battery_pct\":80}");
    assert_int_equal(decode_line(line, &type, &reply, &out, err), 0);
    /* A daemon from before the loop's percentiles: they read as zeros. */
    n = tpr_ctl_snapshot_encode(&in, line, sizeof(line));
    strcpy(strstr(line, ",\"lat_min_us\""), "}\n");
    assert_int_equal(decode_line(line, &type, &reply, &out, err), 0);
    assert_int_equal(out.ticks, 1843210);
    assert_int_equal(out.lat_p99_us, 0);
    /* A missing or mistyped member is named. */
    tpr_ctl_snapshot_encode(&in, line, sizeof(line));
    char *p = strstr(line, "\"rep\":3");
    memcpy(p, "\"rex\"", 5);
    assert_int_equal(decode_line(line, &type, &reply, &out, err), -1);
    assert_string_equal(err, "snapshot without \"rep\"");
    tpr_ctl_snapshot_encode(&in, line, sizeof(line));
    p = strstr(line, "\"state\":\"hold\"");
    memcpy(p, "\"state\":\"held\"", 14);
    assert_int_equal(decode_line(line, &type, &reply, &out, err), -1);
    assert_string_equal(err, "snapshot: bad \"state\"");
    tpr_ctl_snapshot_encode(&in, line, sizeof(line));
    p = strstr(line, "\"rep\":3");
    memcpy(p, "\"rep\":-", 7);
    assert_int_equal(decode_line(line, &type, &reply, &out, err), -1);
    assert_int_equal(decode_line("{\"v\":1,\"type\":\"news\"}", &type, &reply, &out, err), -1);
    assert_non_null(strstr(err, "\"type\""));
}

static void reply_round_trip(void **state)
{
    (void)state;
    char line[TPR_CTL_LINE_MAX], err[TPR_CTL_ERROR_MAX];
    tpr_ctl_line_type type;
    tpr_ctl_reply r;
    tpr_ctl_snapshot snap;
    tpr_ctl_reply_encode(true, "pause", NULL, line, sizeof(line));
    assert_string_equal(line, "{\"v\":1,\"type\":\"reply\",\"ok\":true,\"cmd\":\"pause\"}\n");
    assert_int_equal(decode_line(line, &type, &r, &snap, err), 0);
    assert_int_equal(type, TPR_CTL_LINE_REPLY);
    assert_true(r.ok);
    assert_string_equal(r.cmd, "pause");
    tpr_ctl_reply_encode(false, NULL, "no \"session\"\n\x01", line, sizeof(line));
    assert_string_equal(line, "{\"v\":1,\"type\":\"reply\",\"ok\":false,"
                              "\"error\":\"no \\\"session\\\"\\u000a\\u0001\"}\n");
    assert_int_equal(decode_line(line, &type, &r, &snap, err), 0);
    assert_false(r.ok);
    assert_string_equal(r.error, "no \"session\"\n\x01");
    assert_int_equal(
        decode_line("{\"v\":1,\"type\":\"reply\",\"ok\":false}", &type, &r, &snap, err), -1);
    assert_int_equal(decode_line("{\"v\":1,\"type\":\"reply\"}", &type, &r, &snap, err), -1);
}

static void json_escapes(void **state)
{
    (void)state;
    static tpr_json_object o;
    char err[128];
    const char *line =
        "{\"s\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\",\"n\":null,"
        "\"b\":false,\"x\":-1.5e2,\"a\":[\"p\",\"\"],\"u\":\"\xc3\xa9\xf0\x9f\x98\x80\"}";
    assert_int_equal(tpr_json_parse(line, strlen(line), &o, err, sizeof(err)), 0);
    assert_string_equal(tpr_json_get(&o, "s")->str, "\"\\/\b\f\n\r\t\xc3\xa9\xf0\x9f\x98\x80");
    assert_int_equal(tpr_json_get(&o, "n")->type, TPR_JSON_NULL);
    assert_false(tpr_json_get(&o, "b")->b);
    assert_float_equal(tpr_json_get(&o, "x")->num, -150.0, 1e-9);
    const tpr_json_member *a = tpr_json_get(&o, "a");
    assert_int_equal(a->items, 2);
    assert_string_equal(tpr_json_next_item(a->str), "");
    assert_string_equal(tpr_json_get(&o, "u")->str, "\xc3\xa9\xf0\x9f\x98\x80");
    assert_null(tpr_json_get(&o, "missing"));
}

/* A measurement's snapshot: its fields round the trip, its cue says the
 * rate as it happens and what to do between trials. */
static void measure_snapshots(void **state)
{
    (void)state;
    tpr_ctl_snapshot in = sample_snapshot(), out;
    snprintf(in.mode, sizeof(in.mode), "measure");
    snprintf(in.side, sizeof(in.side), "right");
    snprintf(in.ppt_cue, sizeof(in.ppt_cue), "too_fast");
    snprintf(in.ppt_last_result, sizeof(in.ppt_last_result), "too_slow");
    in.state = TPR_STATE_CONTACT;
    in.ppt_rate_kpa_s = 142.5f;
    in.ppt_target_kpa_s = 100.0f;
    in.ppt_trials = 2;
    in.ppt_reliable = 1;
    in.ppt_last_kpa = NAN;
    in.ppt_last_rate_kpa_s = 61.0f;
    in.ppt_kpa = 312.4f;
    char line[TPR_CTL_LINE_MAX], err[TPR_CTL_ERROR_MAX];
    tpr_ctl_line_type type;
    tpr_ctl_reply reply;
    tpr_ctl_snapshot_encode(&in, line, sizeof(line));
    assert_int_equal(decode_line(line, &type, &reply, &out, err), 0);
    assert_string_equal(out.mode, "measure");
    assert_string_equal(out.side, "right");
    assert_string_equal(out.ppt_cue, "too_fast");
    assert_float_equal(out.ppt_rate_kpa_s, 142.5, 0.005);
    assert_int_equal(out.ppt_trials, 2);
    assert_int_equal(out.ppt_reliable, 1);
    assert_true(isnan(out.ppt_last_kpa));
    assert_string_equal(out.ppt_last_result, "too_slow");
    assert_float_equal(out.ppt_kpa, 312.4, 0.005);
    assert_false(out.ppt_finished);
    assert_string_equal(tpr_ctl_cue(&out), "too fast: slow down");
    snprintf(out.ppt_cue, sizeof(out.ppt_cue), "too_slow");
    assert_string_equal(tpr_ctl_cue(&out), "too slow: press faster");
    snprintf(out.ppt_cue, sizeof(out.ppt_cue), "on_rate");
    assert_string_equal(tpr_ctl_cue(&out), "on rate: keep going");
    out.state = TPR_STATE_REST;
    assert_string_equal(tpr_ctl_cue(&out), "lift off for the next trial");
    out.state = TPR_STATE_DONE;
    out.ppt_finished = true;
    assert_string_equal(tpr_ctl_cue(&out), "measurement done: lift off");
}

static void cues(void **state)
{
    (void)state;
    tpr_ctl_snapshot s = {.daemon = TPR_CTL_RUNNING, .state = TPR_STATE_CONTACT};
    assert_string_equal(tpr_ctl_cue(&s), "press harder");
    s.state = TPR_STATE_HOLD;
    assert_string_equal(tpr_ctl_cue(&s), "in the band");
    s.state = TPR_STATE_OVER;
    assert_string_equal(tpr_ctl_cue(&s), "too hard: ease off");
    s.state = TPR_STATE_DONE;
    s.reason = TPR_DONE_RELEASE;
    assert_string_equal(tpr_ctl_cue(&s), "released: lift off and rest");
    s.reason = TPR_DONE_TARGET;
    assert_string_equal(tpr_ctl_cue(&s), "hold done: lift off and rest");
    s.state = TPR_STATE_FAULT;
    assert_string_equal(tpr_ctl_cue(&s), "sensor fault: motor off");
    s.daemon = TPR_CTL_PAUSED;
    assert_string_equal(tpr_ctl_cue(&s), "sensor fault: motor off");
    s.state = TPR_STATE_HOLD;
    assert_string_equal(tpr_ctl_cue(&s), "paused: press start to resume");
    s.events = TPR_EV_OVER_LIMIT;
    assert_string_equal(tpr_ctl_cue(&s), "too hard: ease off");
    s = (tpr_ctl_snapshot){.daemon = TPR_CTL_IDLE};
    assert_string_equal(tpr_ctl_cue(&s), "ready: press start");
    s.events = TPR_EV_SENSOR_FAULT;
    assert_string_equal(tpr_ctl_cue(&s), "sensor fault: motor off");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(request_round_trip),
        cmocka_unit_test(request_forms_accepted),
        cmocka_unit_test(measure_requests),
        cmocka_unit_test(measure_snapshots),
        cmocka_unit_test(malformed_json_refused),
        cmocka_unit_test(bad_requests_refused),
        cmocka_unit_test(names),
        cmocka_unit_test(oversized_line_refused),
        cmocka_unit_test(snapshot_round_trip),
        cmocka_unit_test(snapshot_client_side),
        cmocka_unit_test(reply_round_trip),
        cmocka_unit_test(json_escapes),
        cmocka_unit_test(cues),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
