# Linker-wrap mocks of the libgpiod calls the build's line implementation
# makes: the 1.6 API (line_gpiod1.c) or the 2.x API (line_gpiod2.c), over
# the same mock lines (mock_gpiod.c), so tests written against
# mock_gpiod.h run over either.
if(LIBGPIOD_VERSION VERSION_LESS 2)
  set(TPR_GPIOD_WRAP gpiod_chip_open_lookup gpiod_chip_get_line gpiod_line_find
    gpiod_line_get_chip gpiod_line_request_output gpiod_line_request_both_edges_events
    gpiod_line_set_value gpiod_line_event_get_fd gpiod_line_event_read gpiod_line_release
    gpiod_chip_close)
  set(TPR_MOCK_GPIOD ${CMAKE_CURRENT_LIST_DIR}/mock_gpiod.c ${CMAKE_CURRENT_LIST_DIR}/mock_gpiod1.c)
else()
  set(TPR_GPIOD_WRAP scandir gpiod_chip_open gpiod_chip_close
    gpiod_chip_get_line_offset_from_name gpiod_chip_get_line_info gpiod_line_info_free
    gpiod_line_settings_new gpiod_line_settings_free gpiod_line_settings_set_direction
    gpiod_line_settings_set_edge_detection gpiod_line_settings_set_event_clock
    gpiod_line_settings_set_output_value gpiod_line_config_new gpiod_line_config_free
    gpiod_line_config_add_line_settings gpiod_request_config_new gpiod_request_config_free
    gpiod_request_config_set_consumer gpiod_chip_request_lines gpiod_line_request_release
    gpiod_line_request_set_value gpiod_line_request_get_fd gpiod_line_request_wait_edge_events
    gpiod_line_request_read_edge_events gpiod_edge_event_buffer_new gpiod_edge_event_buffer_free
    gpiod_edge_event_buffer_get_event gpiod_edge_event_get_event_type
    gpiod_edge_event_get_timestamp_ns)
  set(TPR_MOCK_GPIOD ${CMAKE_CURRENT_LIST_DIR}/mock_gpiod.c ${CMAKE_CURRENT_LIST_DIR}/mock_gpiod2.c)
endif()
