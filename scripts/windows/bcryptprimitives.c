/*
 * For make windows-check only; never shipped. Debian's Wine 8.0 has no bcryptprimitives.dll,
 * whose ProcessPrng the Go runtime (since Go 1.22) loads at start for its random numbers, so
 * posdoctor.exe dies at once under it ("bcryptprimitives.dll not found"). This stand-in exports
 * ProcessPrng over RtlGenRandom (advapi32's SystemFunction036), which Wine has; check.sh builds
 * it with the mingw-w64 compiler and copies it into the throwaway Wine prefix's system32.
 * Real Windows 10 and 11 have the real DLL.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length); /* RtlGenRandom */

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
	while (length > 0) {
		ULONG n = length > 0x40000000 ? 0x40000000 : (ULONG)length;
		if (!SystemFunction036(data, n))
			return FALSE;
		data += n;
		length -= n;
	}
	return TRUE;
}
