#include "common/kind_layout.h"

mibtcp_row_layout kind_layout(mibtcp_kind kind)
{
    mibtcp_row_layout layout;
    /* An unknown kind's layout is all zeros, which is what callers want for it. */
    (void)mibtcp_kind_layout(kind, &layout);
    return layout;
}

/* A field past the 32 bits of `present` is present nowhere (and not a shift past the width). */
static bool present_has(uint32_t present, mibtcp_field field)
{
    return (unsigned)field < 32u && (present & MIBTCP_FIELD_BIT(field)) != 0;
}

bool kind_has_field(mibtcp_kind kind, mibtcp_field field)
{
    return present_has(kind_layout(kind).present, field);
}

bool record_has(const mibtcp_record *rec, mibtcp_field field)
{
    return present_has(rec->present, field);
}
