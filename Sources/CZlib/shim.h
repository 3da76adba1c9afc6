// zlib's gzip file interface (Debian: zlib1g-dev): gzopen, gzread, gzseek.
#include <zlib.h>
