// Glibc's Swift module leaves these Linux-only headers out; this module
// exposes them to the reactor and adds nothing of its own.
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <malloc.h>

// glibc declares accept4 only under _GNU_SOURCE, which the Glibc module is not
// built with; the declaration is glibc's own, repeated so the loop can accept a
// non-blocking socket in one call instead of three.
extern int accept4(int fd, struct sockaddr *address, socklen_t *length, int flags);
