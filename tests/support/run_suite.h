#ifndef MIBTCP_TESTS_RUN_SUITE_H
#define MIBTCP_TESTS_RUN_SUITE_H

#include <check.h>

/* Run every test of @p suite (forking, so a crash fails one test only); EXIT_SUCCESS if all pass. */
int run_suite(Suite *suite);

#endif
