#!/usr/bin/env python3
"""ipcmake.py - makes IPC objects outside ipcsh, for the ipcs and ipcrm tests,
through libc as a C program would (ctypes):

  ipcmake.py msg KEY TYPE TEXT...    msgget(KEY, IPC_CREAT | 0644), then one msgsnd per TEXT
  ipcmake.py pshm /NAME SIZE         shm_open(NAME, O_CREAT | O_RDWR, 0640), ftruncate(SIZE)
  ipcmake.py psem /NAME VALUE        sem_open(NAME, O_CREAT, 0644, VALUE), sem_close
  ipcmake.py pmq /NAME TEXT...       mq_open(NAME, O_CREAT | O_WRONLY, 0600, NULL), one mq_send per TEXT

Prints what it made (an id, or the name); exit status 1 with a message when a call fails.
"""
import ctypes
import os
import sys

libc = ctypes.CDLL("libc.so.6", use_errno=True)
IPC_CREAT = 0o1000


def fail(call):
    err = ctypes.get_errno()
    sys.exit("ipcmake: %s: %s" % (call, os.strerror(err)))


def msg(key, mtype, *texts):
    libc.msgget.argtypes = [ctypes.c_int, ctypes.c_int]
    mid = libc.msgget(ctypes.c_int(int(key, 0) & 0xffffffff).value, IPC_CREAT | 0o644)
    if mid < 0:
        fail("msgget")
    for text in texts:
        data = text.encode() + b"\0"
        buf = ctypes.create_string_buffer(ctypes.sizeof(ctypes.c_long) + len(data))
        ctypes.c_long.from_buffer(buf).value = int(mtype)
        ctypes.memmove(ctypes.addressof(buf) + ctypes.sizeof(ctypes.c_long), data, len(data))
        libc.msgsnd.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
        if libc.msgsnd(mid, buf, len(data), 0) < 0:
            fail("msgsnd")
    print(mid)


def pshm(name, size):
    fd = os.open("/dev/shm/" + name.lstrip("/"), os.O_CREAT | os.O_RDWR, 0o640)
    os.ftruncate(fd, int(size))
    os.close(fd)
    print(name)


def psem(name, value):
    libc.sem_open.restype = ctypes.c_void_p
    libc.sem_open.argtypes = [ctypes.c_char_p, ctypes.c_int, ctypes.c_uint, ctypes.c_uint]
    sem = libc.sem_open(name.encode(), os.O_CREAT, 0o644, int(value))
    if sem is None or sem == ctypes.c_void_p(-1).value:
        fail("sem_open")
    libc.sem_close.argtypes = [ctypes.c_void_p]
    libc.sem_close(sem)
    print(name)


def pmq(name, *texts):
    libc.mq_open.argtypes = [ctypes.c_char_p, ctypes.c_int, ctypes.c_uint, ctypes.c_void_p]
    mq = libc.mq_open(name.encode(), os.O_CREAT | os.O_WRONLY, 0o600, None)
    if mq < 0:
        fail("mq_open")
    libc.mq_send.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint]
    for text in texts:
        if libc.mq_send(mq, text.encode(), len(text), 0) < 0:
            fail("mq_send")
    libc.mq_close(mq)
    print(name)


if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[1] not in ("msg", "pshm", "psem", "pmq"):
        sys.exit(__doc__)
    os.umask(0)
    globals()[sys.argv[1]](*sys.argv[2:])
