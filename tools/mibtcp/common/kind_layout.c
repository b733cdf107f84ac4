#include "common/kind_layout.h"

mibtcp_row_layout kind_layout(mibtcp_kind kind)
{
    mibtcp_row_layout layout;
    /* An unknown kind's layout is all zeros, which is what callers want for it. */
    (void)mibtcp_kind_layout(kind, &layout);
    return layout;
}

bool kind_has_field(mibtcp_kind kind, mibtcp_field field)
{
    return (unsigned)field < 32u && (kind_layout(kind).present & MIBTCP_FIELD_BIT(field)) != 0;
}
