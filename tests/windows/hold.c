/* Holds a file or folder open the way Word or an antivirus does (others may
   read it, not delete or rename it) for a number of milliseconds, then lets
   go. Writes "<path>.held" once it holds it.
   Usage: hold.exe PATH MILLISECONDS */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>

int wmain(int argc, wchar_t **argv) {
    if (argc != 3) return 2;
    HANDLE h = CreateFileW(argv[1], GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING,
                           FILE_FLAG_BACKUP_SEMANTICS, NULL);
    if (h == INVALID_HANDLE_VALUE) return 1;
    wchar_t flag[32768];
    _snwprintf(flag, 32768, L"%s.held", argv[1]);
    flag[32767] = 0;
    HANDLE f = CreateFileW(flag, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    if (f != INVALID_HANDLE_VALUE) CloseHandle(f);
    Sleep((DWORD)_wtoi(argv[2]));
    CloseHandle(h);
    return 0;
}
