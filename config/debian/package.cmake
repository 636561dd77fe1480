# The Debian package of tprd, built by CPack (scripts/package configures a
# build with the prefix /usr and runs it). Depends: comes from
# dpkg-shlibdeps over the installed programs: from the system's packages for
# a native build, and for a cross build from the control files of the
# sysroot's packages (scripts/sysroot keeps each one whole, so
# dpkg-shlibdeps finds the symbols or shlibs file above each library).
set(TPRD_MAINTAINER "tprd maintainers <maintainers@tprd.invalid>"
  CACHE STRING "Maintainer: of the Debian package")
set(TPRD_DEB_RELEASE 1 CACHE STRING "Debian revision of the package")
set(TPRD_DEB_ARCH "" CACHE STRING "Architecture: of the package (empty: dpkg's)")
set(TPRD_SHLIBDIRS "" CACHE STRING
  "Library directories of a cross build's sysroot packages, for dpkg-shlibdeps")
set(TPRD_DEB_VERSION ${PROJECT_VERSION}-${TPRD_DEB_RELEASE})

# Documentation every Debian package carries.
set(_deb ${CMAKE_CURRENT_BINARY_DIR}/debian)
configure_file(${CMAKE_CURRENT_LIST_DIR}/changelog ${_deb}/changelog @ONLY)
add_custom_command(OUTPUT ${_deb}/changelog.Debian.gz
  COMMAND gzip -9n -c ${_deb}/changelog > ${_deb}/changelog.Debian.gz
  DEPENDS ${_deb}/changelog)
add_custom_target(debian_changelog ALL DEPENDS ${_deb}/changelog.Debian.gz)
install(FILES ${CMAKE_CURRENT_LIST_DIR}/copyright ${_deb}/changelog.Debian.gz
  DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES ${CMAKE_CURRENT_LIST_DIR}/lintian-overrides
  DESTINATION ${CMAKE_INSTALL_DATADIR}/lintian/overrides RENAME tprd)

# Every file under /etc/tprd the build installs is a conffile: an upgrade
# keeps the administrator's edits.
file(WRITE ${_deb}/conffiles "${TPRD_CONFDIR}/tprd.conf\n${TPRD_CONFDIR}/users/example.ini\n")
foreach(script postinst prerm postrm)
  configure_file(${CMAKE_CURRENT_LIST_DIR}/${script} ${_deb}/${script} COPYONLY)
  list(APPEND _control_extra ${_deb}/${script})
endforeach()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME tprd)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE ${TPRD_DEB_RELEASE})
set(CPACK_DEBIAN_PACKAGE_MAINTAINER ${TPRD_MAINTAINER})
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "trigger-point release device daemon")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "\
tprd runs on a Raspberry Pi inside a handheld trigger-point release device:
a pressure-sensing tip (a force sensor behind an IIO ADC) and a vibration
motor (sysfs PWM and a GPIO enable line). It keeps the vibration and the
hold time right for each muscle of a knee routine, cuts the motor at once
on over-pressure or any sensor fault, and records every session in a
SQLite database; tprctl shows, exports and plots the history.")
if(TPRD_DEB_ARCH)
  set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE ${TPRD_DEB_ARCH})
endif()
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS_PRIVATE_DIRS ${TPRD_SHLIBDIRS})
# Not libraries: what the maintainer scripts call (adduser) and what tprctl
# plot runs (gnuplot).
set(CPACK_DEBIAN_PACKAGE_DEPENDS adduser)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS gnuplot-nox)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${_control_extra} ${_deb}/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
