/*
 * cmd_run.c — `newsmill run`: fetch, then build the site.
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>

int cli_fetch(const nm_cli *cli, int argc, char **argv, const char *name);

static int run_run(const nm_cli *cli, int argc, char **argv)
{
    int rc = cli_fetch(cli, argc, argv, "run");
    if (rc == EXIT_USAGE)
        return rc;
    const nm_command *build = cli_find("build"); /* always there: cmd_build.c */
    char *bargv[] = {(char *)"build", NULL};
    extern int optind;
    optind = 0;
    int brc = build->run(cli, 1, bargv);
    return brc > rc ? brc : rc;
}

const nm_command cmd_run = {
    .name = "run",
    .summary = "fetch, then build the site (the cron job)",
    .usage = "Usage: newsmill run [-j N] [--all] [--timeout SECONDS]\n"
             "\n"
             "Runs 'newsmill fetch' with the given options, then 'newsmill build'.\n"
             "The exit status is the worse of the two: 0 all fine, 1 some feeds or\n"
             "posts failed, 2 configuration error.\n"
             "\n"
             "Examples:\n"
             "  newsmill run\n"
             "  */30 * * * * newsmill -q -C /srv/news run     (crontab)\n",
    .run = run_run,
};
