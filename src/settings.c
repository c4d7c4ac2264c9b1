/* settings.c - the settings and their defaults. */
#include "settings.h"

struct settings settings = { .trace = true, .hints = true };
