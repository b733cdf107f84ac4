/* dump's --state/--pid/--port/--addr: a row must match every filter given. */
#ifndef MIBTCP_TOOL_ROW_FILTER_H
#define MIBTCP_TOOL_ROW_FILTER_H

#include "cli/options.h"
#include "output/row_text.h"

bool row_filter_match(const row_filter *f, const row_text *t);

#endif
