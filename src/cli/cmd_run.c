/*
 * cmd_run.c — `newsmill run`: fetch, then build the site, then deploy it
 * when _config.yml has a deploy: section.
 */
#include "cli.h"
#include "site/site.h"

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
    rc = brc > rc ? brc : rc;
    if (brc == EXIT_USAGE || !site_has_deploy(cli->site_dir))
        return rc;
    const nm_command *deploy = cli_find("deploy");
    char *dargv[] = {(char *)"deploy", NULL};
    optind = 0;
    int drc = deploy->run(cli, 1, dargv);
    return drc > rc ? drc : rc;
}

const nm_command cmd_run = {
    .name = "run",
    .summary = "fetch, build, then deploy the site (the cron job)",
    .usage = "Usage: newsmill run [-j N] [--all] [--timeout SECONDS]\n"
             "\n"
             "Runs 'newsmill fetch' with the given options, then 'newsmill build',\n"
             "then 'newsmill deploy' when _config.yml has a deploy: section with\n"
             "type: rsync (and the build succeeded). The exit status is the worst of\n"
             "them: 0 all fine, 1 some feeds or posts failed (or the deploy failed part\n"
             "way), 2 configuration error.\n"
             "\n"
             "Examples:\n"
             "  newsmill run\n"
             "  */30 * * * * newsmill -q -C /srv/news run     (crontab)\n",
    .run = run_run,
};
