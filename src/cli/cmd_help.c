/*
 * cmd_help.c — `newsmill help [COMMAND]`: a command's usage and examples.
 */
#include "cli.h"

#include <stdio.h>

static int help_run(const nm_cli *cli, int argc, char **argv)
{
    (void)cli;
    if (argc < 2) {
        fputs("Usage: newsmill help COMMAND\nRun 'newsmill --help' for the list of commands.\n",
              stdout);
        return EXIT_OK;
    }
    if (argc > 2)
        return cli_usage_error("help", "expected one command name, got %d", argc - 1);
    const nm_command *cmd = cli_find(argv[1]);
    if (!cmd)
        return cli_usage_error("help", "'%s' is not a newsmill command", argv[1]);
    return cli_print_usage(cmd);
}

const nm_command cmd_help = {
    .name = "help",
    .summary = "show a command's usage and examples",
    .usage = "Usage: newsmill help COMMAND\n"
             "\n"
             "Prints the usage, options and examples of COMMAND.\n"
             "\n"
             "Examples:\n"
             "  newsmill help parse\n"
             "  newsmill parse --help     (the same)\n",
    .run = help_run,
};
