/* play.h - playing a lesson's solutions through, for tests and authors. */
#ifndef IPCSH_PLAY_H
#define IPCSH_PLAY_H

/* ipcsh --play: 0 when every step's checks fail before and hold after its solution. */
int play_lesson(const char *name);

#endif
