#include "mibtcp.h"

const char *mibtcp_version(void)
{
    return MIBTCP_VERSION_STRING;
}
