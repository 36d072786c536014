"""A query worker that cannot reach the network, whatever the query makes the engine try.

Oxigraph follows `SERVICE` to any address, and a query text has more spellings than any
check of it can foresee (issue 22: seven spellings got past a token scan). So the serve
workers are sandboxed by the kernel: a seccomp filter, installed in the worker before it reads
a query, makes `socket()` fail with EACCES for every address family but AF_UNIX (the worker
talks to the server over a socket pair it already holds), and refuses io_uring (which could
open sockets without the `socket` system call) and system calls of another ABI (x32, i386),
whose numbers the filter does not read. Nothing else changes: files, threads and memory work
as before. The filter is a few classic BPF instructions given to prctl(2) through ctypes;
PR_SET_NO_NEW_PRIVS comes first, as the kernel requires, and it cannot be lifted.

See seccomp(2) and the kernel's Documentation/userspace-api/seccomp_filter.rst.
"""

from __future__ import annotations

import ctypes
import errno
import platform
import socket
import struct

_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2
_ALLOW = 0x7FFF0000
_ERRNO = 0x00050000
_LOAD = 0x20  # BPF_LD | BPF_W | BPF_ABS: load a 32-bit word of struct seccomp_data
_JEQ = 0x15  # BPF_JMP | BPF_JEQ | BPF_K
_JGE = 0x35  # BPF_JMP | BPF_JGE | BPF_K
_RET = 0x06  # BPF_RET | BPF_K
_NR, _ARCH, _ARG0 = 0, 4, 16  # offsets in struct seccomp_data (little-endian: low word first)
_X32_BIT = 0x40000000

# machine -> (AUDIT_ARCH_*, socket, io_uring_setup): the system call numbers of each ABI
_ABIS = {
    "x86_64": (0xC000003E, 41, 425),
    "aarch64": (0xC00000B7, 198, 425),
}


class SandboxError(OSError):
    """The kernel would not install the filter (or the machine's ABI is not known here)."""


def _filter(arch: int, socket_nr: int, io_uring_nr: int) -> bytes:
    """The program; a jump's targets count from the next instruction (true, false)."""
    refuse = _ERRNO | errno.EACCES
    program = [
        (_LOAD, 0, 0, _ARCH),  # 0
        (_JEQ, 1, 0, arch),  # 1: this ABI -> 3
        (_RET, 0, 0, refuse),  # 2: another (i386 through int 0x80)
        (_LOAD, 0, 0, _NR),  # 3
        (_JGE, 0, 1, _X32_BIT),  # 4: an x32 call -> 5, else -> 6
        (_RET, 0, 0, refuse),  # 5
        (_JEQ, 5, 0, io_uring_nr),  # 6: io_uring_setup -> 12
        (_JEQ, 1, 0, socket_nr),  # 7: socket -> 9
        (_RET, 0, 0, _ALLOW),  # 8: any other call
        (_LOAD, 0, 0, _ARG0),  # 9: socket(domain, ...)
        (_JEQ, 0, 1, socket.AF_UNIX),  # 10: AF_UNIX -> 11, else -> 12
        (_RET, 0, 0, _ALLOW),  # 11
        (_RET, 0, 0, refuse),  # 12
    ]
    return b"".join(struct.pack("HBBI", *op) for op in program)


def forbid_network() -> None:
    """Install the filter in this process (and every thread and child it starts later).
    Raises SandboxError when the kernel refuses, so a caller can fail closed."""
    abi = _ABIS.get(platform.machine())
    if abi is None:
        raise SandboxError(f"no seccomp filter for this machine ({platform.machine()})")
    code = _filter(*abi)

    class _Program(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_char_p)]

    libc = ctypes.CDLL(None, use_errno=True)
    program = _Program(len(code) // 8, code)
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise SandboxError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS) failed")
    if libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(program), 0, 0) != 0:
        raise SandboxError(ctypes.get_errno(), "prctl(PR_SET_SECCOMP) failed: this kernel "
                           "offers no seccomp filters")
