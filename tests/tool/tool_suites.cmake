# Check suites of the CLI's pure parts (the hex text parser, the capture manifest's SHA-256,
# the capture's grow-and-retry loop, the table-driven option parser, and the process lists
# and service maps of connections). They need the
# tool's support library, so they exist only when the tools are built.
if(TARGET mibtcp_tool_support)
  foreach(suite IN ITEMS test_hex_text test_sha256 test_capture_fetch test_option_table test_owner_lists)
    add_executable(${suite} ${CMAKE_CURRENT_LIST_DIR}/${suite}.c)
    target_link_libraries(${suite} PRIVATE
      mibtcp_tool_support mibtcp_test_support mibtcp::mibtcp PkgConfig::CHECK mibtcp_warnings)
    add_test(NAME ${suite} COMMAND ${suite})
  endforeach()
  # dup2() to read what the parser writes on stderr.
  target_compile_definitions(test_option_table PRIVATE _POSIX_C_SOURCE=200809L)
endif()
