/* Preloaded (LD_PRELOAD) into the compile by scripts/dist.sh, so that two
 * compiles of one commit give the same programs.
 *
 * Some dependencies' build scripts generate Rust code by walking a
 * std::collections::HashMap, whose order comes from random keys the
 * standard library asks the kernel for through getrandom(). The code they
 * write, and the program, then differ from one compile to the next. This
 * library answers getrandom() with a fixed sequence, but only in build
 * scripts (Cargo names them build-script-*): Cargo, rustc and the linkers
 * keep real randomness, which they use for temporary file names. The
 * standard library calls getrandom() through libc when libc has it, so
 * that such a preloaded definition takes its place.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

static int in_build_script(void) {
  static int known = -1;
  if (known < 0) {
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    known = 0;
    if (n > 0) {
      exe[n] = '\0';
      const char *base = strrchr(exe, '/');
      base = base ? base + 1 : exe;
      known = strncmp(base, "build-script-", 13) == 0;
    }
  }
  return known;
}

/* splitmix64: a fixed, well-mixed sequence; its quality is beside the
 * point, only that it is the same on every run. (A build script that asks
 * from several threads at once would still get the words in a varying
 * order; the atomic add only keeps the counter sound.) */
static uint64_t state = 0x76656b6861u; /* "vekha" */

static uint64_t next(void) {
  uint64_t z = __atomic_add_fetch(&state, 0x9e3779b97f4a7c15u, __ATOMIC_RELAXED);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
  return z ^ (z >> 31);
}

ssize_t getrandom(void *buf, size_t len, unsigned int flags) {
  if (!in_build_script())
    return syscall(SYS_getrandom, buf, len, flags);
  unsigned char *out = buf;
  for (size_t i = 0; i < len; i += 8) {
    uint64_t word = next();
    size_t take = len - i < 8 ? len - i : 8;
    memcpy(out + i, &word, take);
  }
  return (ssize_t)len;
}
