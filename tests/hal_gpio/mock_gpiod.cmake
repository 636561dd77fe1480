# The libgpiod 1.6 calls line_gpiod1.c makes, wrapped by mock_gpiod.c.
set(TPR_GPIOD1_WRAP gpiod_chip_open_lookup gpiod_chip_get_line gpiod_line_find
  gpiod_line_get_chip gpiod_line_request_output gpiod_line_request_both_edges_events
  gpiod_line_set_value gpiod_line_event_get_fd gpiod_line_event_read gpiod_line_release
  gpiod_chip_close)
set(TPR_MOCK_GPIOD ${CMAKE_CURRENT_LIST_DIR}/mock_gpiod.c)
