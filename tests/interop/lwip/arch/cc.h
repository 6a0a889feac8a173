/* Platform glue lwIP needs: diagnostics and assertions (an assertion in
 * lwIP fails the test run). */
#ifndef TCPLAB_LWIP_ARCH_CC_H
#define TCPLAB_LWIP_ARCH_CC_H
#include <stdio.h>
#include <stdlib.h>

#define LWIP_PLATFORM_DIAG(x) do { printf x; } while (0)
#define LWIP_PLATFORM_ASSERT(x) do { fprintf(stderr, "lwIP assertion failed: %s (%s:%d)\n", x, __FILE__, __LINE__); abort(); } while (0)
#define LWIP_RAND() ((u32_t)rand())
#endif
