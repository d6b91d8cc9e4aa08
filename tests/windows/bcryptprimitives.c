/* A stand-in for Windows' bcryptprimitives.dll, for running the Windows
 * build under Wine 8 only: Rust's standard library takes its random
 * numbers from ProcessPrng (Windows 10 and later), which Wine 8 lacks.
 * Not shipped: Windows itself has the real DLL. */
#include <windows.h>
#include <ntsecapi.h>

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG chunk = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!RtlGenRandom(data, chunk))
            return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
