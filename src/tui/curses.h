/* curses.h - the one place that includes ncurses, with wide-character
 * support switched on (see STYLE.md: only src/tui includes curses). */
#ifndef FG_TUI_CURSES_H
#define FG_TUI_CURSES_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <curses.h>

#endif
