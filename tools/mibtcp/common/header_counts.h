/* How many kinds and finding codes mibtcp.h names, for the CLI's fixed-size
 * arrays. The header states no counts because a shared library newer than the
 * header may know more values; the CLI links the library it is built with,
 * and still checks every value from the library before indexing with it. */
#ifndef MIBTCP_TOOL_HEADER_COUNTS_H
#define MIBTCP_TOOL_HEADER_COUNTS_H

#include "mibtcp.h"

#define CLI_PLUS_ONE_(name, value, text) +1

enum {
    CLI_KINDS = 0 MIBTCP_KIND_LIST(CLI_PLUS_ONE_),
    CLI_FINDING_CODES = 0 MIBTCP_FINDING_LIST(CLI_PLUS_ONE_)
};

#endif
