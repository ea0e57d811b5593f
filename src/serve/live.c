/*
 * live.c — what `serve --watch` adds to the server: the state of the last
 * build (a generation number and an error text), the endpoint
 * /__newsmill/live that reports it as JSON, and the script injected into
 * every HTML page the server sends (never into the files of public/).
 *
 * The script asks /__newsmill/live four times a second (loopback, a few
 * dozen bytes; simpler than holding server-sent-event connections open in
 * libmicrohttpd's thread pool): a new generation reloads the page, an
 * error shows in a red box at the bottom of the page until a build
 * succeeds, which then reloads it.
 */
#include "server.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char script[] =
    "<script>/* newsmill serve --watch */(function(){var g=null;"
    "function show(e){var d=document.getElementById('__newsmill_error');"
    "if(!e){if(d)d.remove();return}"
    "if(!d){d=document.createElement('pre');d.id='__newsmill_error';"
    "d.style.cssText='position:fixed;left:0;right:0;bottom:0;margin:0;padding:1em;"
    "background:#b00020;color:#fff;font:14px/1.4 monospace;white-space:pre-wrap;"
    "z-index:2147483647';document.body.appendChild(d)}d.textContent=e}"
    "function tick(){fetch('/__newsmill/live',{cache:'no-store'}).then(function(r){"
    "return r.json()}).then(function(s){if(g!==null&&s.gen!==g&&!s.error){"
    "location.reload();return}g=s.gen;show(s.error);setTimeout(tick,250)})"
    ".catch(function(){setTimeout(tick,1000)})}tick()})();</script>\n";

void serve_set_build(serve_server *s, unsigned long gen, const char *error)
{
    pthread_mutex_lock(&s->live_mu);
    s->live_gen = gen;
    free(s->live_error);
    s->live_error = error && *error ? xstrdup(error) : NULL;
    pthread_mutex_unlock(&s->live_mu);
}

static void json_string(nm_buf *b, const char *s)
{
    buf_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            buf_printf(b, "\\%c", *p);
        else if (*p < 0x20)
            buf_printf(b, "\\u%04x", *p);
        else
            buf_putc(b, (char)*p);
    }
    buf_putc(b, '"');
}

char *serve_live_status(serve_server *s, size_t *len)
{
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    pthread_mutex_lock(&s->live_mu);
    buf_printf(&b, "{\"gen\":%lu,\"error\":", s->live_gen);
    if (s->live_error)
        json_string(&b, s->live_error);
    else
        buf_puts(&b, "null");
    pthread_mutex_unlock(&s->live_mu);
    buf_puts(&b, "}\n");
    return buf_detach(&b, len);
}

char *serve_live_inject(const char *html, size_t n, size_t *len)
{
    /* before the last </body>, else at the end */
    size_t at = n;
    for (size_t i = n; i >= 7; i--)
        if (nm_strncasecmp(html + i - 7, "</body>", 7) == 0) {
            at = i - 7;
            break;
        }
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    buf_append(&b, html, at);
    buf_append(&b, script, sizeof(script) - 1);
    buf_append(&b, html + at, n - at);
    return buf_detach(&b, len);
}
