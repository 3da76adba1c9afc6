// libedit's readline-compatible interface (Debian: libedit-dev).
#include <stdio.h>
#include <stdlib.h>
#include <editline/readline.h>
