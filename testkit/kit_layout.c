#include "kit_layout.h"

/* One line per SDK struct. 8-byte members are 8-aligned in every Windows ABI
 * (x86 included), so the module tables have 4 bytes of padding after
 * dwNumEntries and UDP module rows have two holes. */
#define F(name, offset, size)             \
    {                                     \
        MIBTCP_FIELD_##name, offset, size \
    }

static const kit_layout layouts[KIT_KIND_COUNT] = {
    {MIBTCP_KIND_TCP4_MODULE,
     8,
     160,
     true,
     MIBTCP_FAMILY_IPV4,
     {F(STATE, 0, 4), F(LOCAL_ADDR, 4, 4), F(LOCAL_PORT, 8, 4), F(REMOTE_ADDR, 12, 4), F(REMOTE_PORT, 16, 4),
      F(PID, 20, 4), F(CREATED, 24, 8), F(MODULE_INFO, 32, 128)}},
    {MIBTCP_KIND_TCP6_MODULE,
     8,
     192,
     true,
     MIBTCP_FAMILY_IPV6,
     {F(LOCAL_ADDR, 0, 16), F(LOCAL_SCOPE_ID, 16, 4), F(LOCAL_PORT, 20, 4), F(REMOTE_ADDR, 24, 16),
      F(REMOTE_SCOPE_ID, 40, 4), F(REMOTE_PORT, 44, 4), F(STATE, 48, 4), F(PID, 52, 4), F(CREATED, 56, 8),
      F(MODULE_INFO, 64, 128)}},
    {MIBTCP_KIND_TCP4_PID,
     4,
     24,
     true,
     MIBTCP_FAMILY_IPV4,
     {F(STATE, 0, 4), F(LOCAL_ADDR, 4, 4), F(LOCAL_PORT, 8, 4), F(REMOTE_ADDR, 12, 4), F(REMOTE_PORT, 16, 4),
      F(PID, 20, 4)}},
    {MIBTCP_KIND_TCP6_PID,
     4,
     56,
     true,
     MIBTCP_FAMILY_IPV6,
     {F(LOCAL_ADDR, 0, 16), F(LOCAL_SCOPE_ID, 16, 4), F(LOCAL_PORT, 20, 4), F(REMOTE_ADDR, 24, 16),
      F(REMOTE_SCOPE_ID, 40, 4), F(REMOTE_PORT, 44, 4), F(STATE, 48, 4), F(PID, 52, 4)}},
    {MIBTCP_KIND_TCP4_BASIC,
     4,
     20,
     true,
     MIBTCP_FAMILY_IPV4,
     {F(STATE, 0, 4), F(LOCAL_ADDR, 4, 4), F(LOCAL_PORT, 8, 4), F(REMOTE_ADDR, 12, 4), F(REMOTE_PORT, 16, 4)}},
    /* MIB_TCP6ROW puts the state first, unlike the other IPv6 rows. */
    {MIBTCP_KIND_TCP6_BASIC,
     4,
     52,
     true,
     MIBTCP_FAMILY_IPV6,
     {F(STATE, 0, 4), F(LOCAL_ADDR, 4, 16), F(LOCAL_SCOPE_ID, 20, 4), F(LOCAL_PORT, 24, 4), F(REMOTE_ADDR, 28, 16),
      F(REMOTE_SCOPE_ID, 44, 4), F(REMOTE_PORT, 48, 4)}},
    {MIBTCP_KIND_TCP4_ROW2,
     4,
     28,
     true,
     MIBTCP_FAMILY_IPV4,
     {F(STATE, 0, 4), F(LOCAL_ADDR, 4, 4), F(LOCAL_PORT, 8, 4), F(REMOTE_ADDR, 12, 4), F(REMOTE_PORT, 16, 4),
      F(PID, 20, 4), F(OFFLOAD_STATE, 24, 4)}},
    {MIBTCP_KIND_TCP6_ROW2,
     4,
     60,
     true,
     MIBTCP_FAMILY_IPV6,
     {F(LOCAL_ADDR, 0, 16), F(LOCAL_SCOPE_ID, 16, 4), F(LOCAL_PORT, 20, 4), F(REMOTE_ADDR, 24, 16),
      F(REMOTE_SCOPE_ID, 40, 4), F(REMOTE_PORT, 44, 4), F(STATE, 48, 4), F(PID, 52, 4), F(OFFLOAD_STATE, 56, 4)}},
    {MIBTCP_KIND_UDP4_MODULE,
     8,
     160,
     false,
     MIBTCP_FAMILY_IPV4,
     {F(LOCAL_ADDR, 0, 4), F(LOCAL_PORT, 4, 4), F(PID, 8, 4), F(ROW_PADDING, 12, 4), F(CREATED, 16, 8), F(FLAGS, 24, 4),
      F(ROW_PADDING, 28, 4), F(MODULE_INFO, 32, 128)}},
    {MIBTCP_KIND_UDP6_MODULE,
     8,
     176,
     false,
     MIBTCP_FAMILY_IPV6,
     {F(LOCAL_ADDR, 0, 16), F(LOCAL_SCOPE_ID, 16, 4), F(LOCAL_PORT, 20, 4), F(PID, 24, 4), F(ROW_PADDING, 28, 4),
      F(CREATED, 32, 8), F(FLAGS, 40, 4), F(ROW_PADDING, 44, 4), F(MODULE_INFO, 48, 128)}},
    {MIBTCP_KIND_UDP4_PID, 4, 12, false, MIBTCP_FAMILY_IPV4, {F(LOCAL_ADDR, 0, 4), F(LOCAL_PORT, 4, 4), F(PID, 8, 4)}},
    {MIBTCP_KIND_UDP6_PID,
     4,
     28,
     false,
     MIBTCP_FAMILY_IPV6,
     {F(LOCAL_ADDR, 0, 16), F(LOCAL_SCOPE_ID, 16, 4), F(LOCAL_PORT, 20, 4), F(PID, 24, 4)}},
    {MIBTCP_KIND_UDP4_BASIC, 4, 8, false, MIBTCP_FAMILY_IPV4, {F(LOCAL_ADDR, 0, 4), F(LOCAL_PORT, 4, 4)}},
    {MIBTCP_KIND_UDP6_BASIC,
     4,
     24,
     false,
     MIBTCP_FAMILY_IPV6,
     {F(LOCAL_ADDR, 0, 16), F(LOCAL_SCOPE_ID, 16, 4), F(LOCAL_PORT, 20, 4)}},
};

#undef F

const kit_layout *kit_layout_of(mibtcp_kind kind)
{
    for (size_t i = 0; i < KIT_KIND_COUNT; ++i) {
        if (layouts[i].kind == kind) {
            return &layouts[i];
        }
    }
    return NULL;
}

/* The @p nth place (0: the first) of @p field, or NULL. */
static const kit_place *nth_place(const kit_layout *layout, mibtcp_field field, unsigned nth)
{
    for (size_t i = 0; i < KIT_MAX_PLACES && layout->places[i].field != MIBTCP_FIELD_NONE; ++i) {
        if (layout->places[i].field == field && nth-- == 0) {
            return &layout->places[i];
        }
    }
    return NULL;
}

const kit_place *kit_place_of(const kit_layout *layout, mibtcp_field field)
{
    return nth_place(layout, field, 0);
}

const kit_place *kit_hole(const kit_layout *layout, unsigned hole)
{
    return nth_place(layout, MIBTCP_FIELD_ROW_PADDING, hole);
}

void kit_store_le(uint8_t *p, uint64_t value, size_t size)
{
    for (size_t i = 0; i < size; ++i) {
        p[i] = (uint8_t)(value >> (8 * i));
    }
}

uint32_t kit_port_dword(uint16_t port)
{
    /* Bytes in memory: port >> 8, port & 0xff, 0, 0; read back as a little-endian DWORD. */
    return (uint32_t)(port >> 8) | (uint32_t)(port & 0xffu) << 8;
}
