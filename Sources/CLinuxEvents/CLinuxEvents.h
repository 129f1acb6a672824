// Glibc's Swift module leaves these Linux-only headers out; this module
// exposes them to the reactor, and adds one line of its own: the CPU's cycle
// counter, which Swift has no intrinsic for.
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

// The time-stamp counter (x86-64) or the virtual counter (AArch64): a few cycles
// to read, against some twenty nanoseconds for clock_gettime. Elsewhere 0, and
// Primitives' RequestClock falls back to CLOCK_MONOTONIC.
static inline unsigned long long movied_cycle_counter(void) {
#if defined(__x86_64__)
    return __builtin_ia32_rdtsc();
#elif defined(__aarch64__)
    unsigned long long value;
    __asm__ volatile("mrs %0, cntvct_el0" : "=r"(value));
    return value;
#else
    return 0;
#endif
}
