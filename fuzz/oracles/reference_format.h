/* Naive text forms of addresses and endpoints, the expected output of
 * fuzz_format: written from the contract in mibtcp.h (dotted quad; RFC 5952
 * IPv6 with the first longest run of two or more zero groups compressed;
 * "::ffff:a.b.c.d" for IPv4-mapped; "%scope" on request) with snprintf into
 * a buffer that is always big enough. */
#ifndef MIBTCP_FUZZ_REFERENCE_FORMAT_H
#define MIBTCP_FUZZ_REFERENCE_FORMAT_H

#include <stdbool.h>
#include <stdint.h>

#include "mibtcp.h"

#define REF_TEXT_SIZE 128

/* @p family must be IPv4 or IPv6; @p with_scope is (flags & MIBTCP_FORMAT_SCOPE). */
void ref_format_addr(mibtcp_family family, const uint8_t *addr, uint32_t scope_id, bool with_scope,
                     char out[REF_TEXT_SIZE]);
void ref_format_endpoint(mibtcp_family family, const uint8_t *addr, uint16_t port, uint32_t scope_id, bool with_scope,
                         char out[REF_TEXT_SIZE]);

#endif
