/*
 * cli.h — the command table and what every command file shares.
 *
 * Each subcommand lives in its own file src/cli/cmd_<name>.c and defines
 * one `const nm_command cmd_<name>`; the build generates the table from
 * the file names (build/gen/commands.inc), as tmux does with its cmd-*.c
 * files, so adding a command touches no other file. A command file parses
 * its options, calls modules and prints; it holds no pipeline logic.
 *
 * Exit codes (doc/design.md): 0 all good, 1 some inputs failed, 2 usage or
 * configuration error.
 */
#ifndef NM_CLI_H
#define NM_CLI_H

#include <stdbool.h>

#include "../util/util.h"

enum { EXIT_OK = 0, EXIT_SOME_FAILED = 1, EXIT_USAGE = 2 };

/* Global options, parsed by main.c before the command. */
typedef struct nm_cli {
    const char *site_dir; /* -C DIR, default "." */
    bool progress;        /* false with --no-progress */
} nm_cli;

typedef struct nm_command {
    const char *name;
    const char *summary; /* one line for `newsmill --help` */
    const char *usage;   /* full text for `newsmill help NAME`: synopsis,
                            options, examples; ends with a newline */
    /* argv[0] is the command name. Returns an exit code. */
    int (*run)(const nm_cli *cli, int argc, char **argv);
} nm_command;

/* Prints "newsmill: NAME: message" and a hint to run `newsmill help NAME`
 * on stderr; returns EXIT_USAGE. */
int cli_usage_error(const char *name, const char *fmt, ...) NM_PRINTF(2, 3);
/* True when argv has -h or --help before any "--"; the caller then prints
 * its usage to stdout and returns EXIT_OK (cli_print_usage does both). */
bool cli_wants_help(int argc, char **argv);
int cli_print_usage(const nm_command *cmd);
/* The command named name, or NULL. */
const nm_command *cli_find(const char *name);
/* Joins the site directory and a relative path into out (arena a). */
char *cli_site_path(arena *a, const nm_cli *cli, const char *rel);

#endif
