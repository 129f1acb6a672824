// zlib's gzip file functions, so `movie import` reads a `.gz` file as it
// streams in; this module exposes the system's zlib and adds nothing of its own.
#include <zlib.h>
