// Glibc's Swift module leaves these Linux-only headers out; this module
// exposes them to the reactor and adds nothing of its own.
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <sys/signalfd.h>
