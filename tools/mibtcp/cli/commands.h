/* Subcommand entry points: argv excludes the subcommand name; the return value is the exit status. */
#ifndef MIBTCP_TOOL_COMMANDS_H
#define MIBTCP_TOOL_COMMANDS_H

int cmd_dump(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_detect(int argc, char **argv);
int cmd_gen(int argc, char **argv);
int cmd_capture(int argc, char **argv); /* Windows only; elsewhere says so and returns 2 */
int cmd_carve(int argc, char **argv);
int cmd_connections(int argc, char **argv);
int cmd_diff(int argc, char **argv);

#endif
