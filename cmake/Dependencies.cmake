# Every library through pkg-config; a missing one stops configure naming the
# Debian package that provides it.
find_package(PkgConfig)
if(NOT PKG_CONFIG_FOUND)
  message(FATAL_ERROR "pkg-config not found: apt-get install pkg-config")
endif()

set(JURY_MISSING "")
macro(jury_require prefix module debpkg)
  pkg_check_modules(${prefix} QUIET IMPORTED_TARGET ${module})
  if(NOT ${prefix}_FOUND)
    list(APPEND JURY_MISSING ${debpkg})
    message(SEND_ERROR "missing library '${module}': apt-get install ${debpkg}")
  endif()
endmacro()

jury_require(NCURSES ncursesw libncurses-dev)
jury_require(LUA lua5.4 liblua5.4-dev)
jury_require(SQLITE sqlite3 libsqlite3-dev)
jury_require(ARCHIVE libarchive libarchive-dev)
jury_require(ZLIB zlib zlib1g-dev)
jury_require(SODIUM libsodium libsodium-dev)
jury_require(JANSSON jansson libjansson-dev)
jury_require(XML2 libxml-2.0 libxml2-dev)
jury_require(XLSXWRITER xlsxwriter libxlsxwriter-dev)
jury_require(HARFBUZZ harfbuzz libharfbuzz-dev)
jury_require(MUPDF mupdf "libmupdf-dev libmujs-dev libgumbo-dev libopenjp2-7-dev libjbig2dec0-dev libfreetype-dev libjpeg-dev libbrotli-dev")
if(JURY_TESTS)
  jury_require(CMOCKA cmocka libcmocka-dev)
endif()

if(JURY_MISSING)
  string(REPLACE ";" " " _pk "${JURY_MISSING}")
  message(FATAL_ERROR "Install the missing packages: apt-get install ${_pk}")
endif()

# Debian's MuPDF is static: link its third-party libraries and harfbuzz too.
pkg_get_variable(_unused mupdf prefix)
execute_process(COMMAND ${PKG_CONFIG_EXECUTABLE} --static --libs mupdf
  OUTPUT_VARIABLE MUPDF_STATIC_LINK OUTPUT_STRIP_TRAILING_WHITESPACE)
separate_arguments(MUPDF_STATIC_LINK UNIX_COMMAND "${MUPDF_STATIC_LINK}")
add_library(jury_mupdf INTERFACE)
target_include_directories(jury_mupdf INTERFACE ${MUPDF_INCLUDE_DIRS})
target_link_libraries(jury_mupdf INTERFACE ${MUPDF_STATIC_LINK} PkgConfig::HARFBUZZ)
