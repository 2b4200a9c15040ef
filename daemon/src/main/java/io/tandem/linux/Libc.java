package io.tandem.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The few libc functions this package calls, as FFM downcalls that capture {@code errno} and turn a
 * {@code -1} return into an {@link ErrnoException} naming the call. Constants are the x86-64 and
 * aarch64 Linux values (identical on both). All methods are thread-safe and block only as long as
 * the system call does.
 */
final class Libc {

    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int IPPROTO_ICMP = 1;
    static final int IPPROTO_ICMPV6 = 58;
    static final int SOCK_NONBLOCK = 0x800;
    static final int AF_NETLINK = 16;
    static final int AF_PACKET = 17;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_RAW = 3;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int O_RDONLY = 0;
    static final int O_CLOEXEC = 0x80000;
    static final int EFD_CLOEXEC = 0x80000;
    static final int EFD_NONBLOCK = 0x800;
    static final int MSG_DONTWAIT = 0x40;
    static final int MSG_TRUNC = 0x20;
    static final short POLLIN = 0x1;
    static final short POLLERR = 0x8;
    static final short POLLNVAL = 0x20;
    static final int SOL_SOCKET = 1;
    static final int SO_ERROR = 4;
    static final int EINTR = 4;
    static final int ENXIO = 6;
    static final int EAGAIN = 11;
    static final int ENODEV = 19;
    static final int ENETDOWN = 100;
    static final int ENOBUFS = 105;
    static final int CLONE_NEWNET = 0x40000000;
    static final int IFNAMSIZ = 16;
    static final long SIOCGIFFLAGS = 0x8913;
    static final long SIOCGIFHWADDR = 0x8927;
    static final long SIOCGIFINDEX = 0x8933;
    static final int PROT_READ = 0x1;
    static final int PROT_WRITE = 0x2;
    static final int MAP_SHARED = 0x1;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private static final MethodHandle SOCKET =
            downcall("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle BIND =
            downcall("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SETSOCKOPT =
            downcall(
                    "setsockopt",
                    FunctionDescriptor.of(
                            JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle GETSOCKOPT =
            downcall(
                    "getsockopt",
                    FunctionDescriptor.of(
                            JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle SENDTO =
            downcall(
                    "sendto",
                    FunctionDescriptor.of(
                            JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle RECVFROM =
            downcall(
                    "recvfrom",
                    FunctionDescriptor.of(
                            JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle POLL =
            downcall("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle CLOSE =
            downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle OPEN =
            downcall("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SETNS =
            downcall("setns", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle EVENTFD =
            downcall("eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle MMAP =
            downcall(
                    "mmap",
                    FunctionDescriptor.of(
                            ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle MUNMAP =
            downcall("munmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle WRITE =
            downcall("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    // ioctl(2) is variadic: the third argument must be passed as a variadic one.
    private static final MethodHandle IOCTL =
            LINKER.downcallHandle(
                    LIBC.findOrThrow("ioctl"),
                    FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS),
                    Linker.Option.firstVariadicArg(2),
                    Linker.Option.captureCallState("errno"));
    // strerror(3) sets no errno worth capturing; glibc returns a constant string per errno.
    private static final MethodHandle STRERROR =
            LINKER.downcallHandle(
                    LIBC.findOrThrow("strerror"), FunctionDescriptor.of(ADDRESS, JAVA_INT));

    private Libc() {}

    private static MethodHandle downcall(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(
                LIBC.findOrThrow(name), descriptor, Linker.Option.captureCallState("errno"));
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    private static IllegalStateException broken(String call, Throwable t) {
        return new IllegalStateException("downcall " + call + " failed", t);
    }

    /** {@code strerror(3)}: the text of an errno value, e.g. "No such device". */
    static String strerror(int errno) {
        try {
            MemorySegment text = (MemorySegment) STRERROR.invokeExact(errno);
            return text.reinterpret(Integer.MAX_VALUE).getString(0);
        } catch (Throwable t) {
            throw broken("strerror", t);
        }
    }

    static int socket(int domain, int type, int protocol) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int fd = (int) SOCKET.invokeExact(state, domain, type, protocol);
            if (fd < 0) {
                throw new ErrnoException("socket", errno(state));
            }
            return fd;
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw broken("socket", t);
        }
    }

    static void bind(int fd, MemorySegment address) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int r = (int) BIND.invokeExact(state, fd, address, (int) address.byteSize());
            if (r < 0) {
                throw new ErrnoException("bind", errno(state));
            }
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw broken("bind", t);
        }
    }

    /** {@code setsockopt(2)}; {@code name} labels the option in the error message. */
    static void setsockopt(int fd, int level, int option, MemorySegment value, String name)
            throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int r =
                    (int)
                            SETSOCKOPT.invokeExact(
                                    state, fd, level, option, value, (int) value.byteSize());
            if (r < 0) {
                throw new ErrnoException("setsockopt(" + name + ")", errno(state));
            }
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw broken("setsockopt", t);
        }
    }

    static void setsockopt(int fd, int level, int option, int value, String name)
            throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            setsockopt(fd, level, option, arena.allocateFrom(JAVA_INT, value), name);
        }
    }

    /**
     * {@code getsockopt(2)} of an int-valued option; {@code name} labels it in the error message.
     * {@code SO_ERROR} both returns and clears the socket's pending error (socket(7)).
     */
    static int getsockopt(int fd, int level, int option, String name) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment value = arena.allocate(JAVA_INT);
            MemorySegment length = arena.allocateFrom(JAVA_INT, (int) JAVA_INT.byteSize());
            int r = (int) GETSOCKOPT.invokeExact(state, fd, level, option, value, length);
            if (r < 0) {
                throw new ErrnoException("getsockopt(" + name + ")", errno(state));
            }
            return value.get(JAVA_INT, 0);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw broken("getsockopt", t);
        }
    }

    static long sendto(int fd, MemorySegment data, int flags, MemorySegment address)
            throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            long n =
                    (long)
                            SENDTO.invokeExact(
                                    state,
                                    fd,
                                    data,
                                    data.byteSize(),
                                    flags,
                                    address,
                                    (int) address.byteSize());
            if (n < 0) {
                throw new ErrnoException("sendto", errno(state));
            }
            return n;
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw broken("sendto", t);
        }
    }

    /**
     * {@code recvfrom(2)} into {@code buffer}; the sender goes to {@code address} (its length to
     * the int at {@code addressLength}). Returns -1 when nothing is queued (EAGAIN) or a signal
     * interrupted the call (EINTR), so the caller polls again.
     */
    static long recvfrom(
            int fd,
            MemorySegment buffer,
            int flags,
            MemorySegment address,
            MemorySegment addressLength)
            throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            long n =
                    (long)
                            RECVFROM.invokeExact(
                                    state,
                                    fd,
                                    buffer,
                                    buffer.byteSize(),
                                    flags,
                                    address,
                                    addressLength);
            if (n < 0) {
                int errno = errno(state);
                if (errno == EAGAIN || errno == EINTR) {
                    return -1;
                }
                throw new ErrnoException("recvfrom", errno);
            }
            return n;
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw broken("recvfrom", t);
        }
    }

    /** {@code poll(2)} over {@code count} pollfd structs; returns 0 on timeout or EINTR. */
    static int poll(MemorySegment pollfds, int count, int timeoutMillis) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int r = (int) POLL.invokeExact(state, pollfds, (long) count, timeoutMillis);
            if (r < 0) {
                int errno = errno(state);
                if (errno == EINTR) {
                    return 0;
                }
                throw new ErrnoException("poll", errno);
            }
            return r;
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw broken("poll", t);
        }
    }

    static void close(int fd) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            if ((int) CLOSE.invokeExact(state, fd) < 0) {
                throw new ErrnoException("close", errno(state));
            }
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw broken("close", t);
        }
    }

    static int open(String path, int flags) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int fd = (int) OPEN.invokeExact(state, arena.allocateFrom(path), flags);
            if (fd < 0) {
                throw new ErrnoException("open(" + path + ")", errno(state));
            }
            return fd;
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw broken("open", t);
        }
    }

    /** {@code setns(2)}: moves the calling thread (only) into the namespace behind {@code fd}. */
    static void setns(int fd, int namespaceType) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            if ((int) SETNS.invokeExact(state, fd, namespaceType) < 0) {
                throw new ErrnoException("setns", errno(state));
            }
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw broken("setns", t);
        }
    }

    static int eventfd(int initialValue, int flags) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int fd = (int) EVENTFD.invokeExact(state, initialValue, flags);
            if (fd < 0) {
                throw new ErrnoException("eventfd", errno(state));
            }
            return fd;
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw broken("eventfd", t);
        }
    }

    /** Adds 1 to an eventfd counter, making it readable (eventfd(2)). */
    static void signal(int eventFd) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment one = arena.allocateFrom(JAVA_LONG, 1L);
            if ((long) WRITE.invokeExact(state, eventFd, one, 8L) < 0) {
                throw new ErrnoException("write(eventfd)", errno(state));
            }
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw broken("write", t);
        }
    }

    /** {@code ioctl(2)} with a struct ifreq argument (netdevice(7)). */
    static void ioctl(int fd, long request, MemorySegment ifreq, String name)
            throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            if ((int) IOCTL.invokeExact(state, fd, request, ifreq) < 0) {
                throw new ErrnoException("ioctl(" + name + ")", errno(state));
            }
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw broken("ioctl", t);
        }
    }

    /** An allocated {@code errno} capture buffer for the reusable-state calls below. */
    static MemorySegment callState(Arena arena) {
        return arena.allocate(CALL_STATE);
    }

    /**
     * {@code poll(2)} with a caller-owned {@link #callState}, for loops that must not allocate per
     * call. Returns 0 on timeout or EINTR.
     */
    static int poll(MemorySegment state, MemorySegment pollfds, int count, int timeoutMillis)
            throws ErrnoException {
        int r;
        try {
            r = (int) POLL.invokeExact(state, pollfds, (long) count, timeoutMillis);
        } catch (Throwable t) {
            throw broken("poll", t);
        }
        if (r < 0) {
            int errno = errno(state);
            if (errno == EINTR) {
                return 0;
            }
            throw new ErrnoException("poll", errno);
        }
        return r;
    }

    /**
     * {@code sendto(fd, NULL, 0, flags, NULL, 0)} with a caller-owned {@link #callState}: the
     * PACKET_TX_RING flush (packet(7)), which hands every frame marked TP_STATUS_SEND_REQUEST to
     * the driver. Returns the bytes queued, or -1 when the kernel had no room (EAGAIN/ENOBUFS) or a
     * signal interrupted it, so the caller tries again on its next batch.
     */
    static long flush(MemorySegment state, int fd, int flags) throws ErrnoException {
        long n;
        try {
            n =
                    (long)
                            SENDTO.invokeExact(
                                    state,
                                    fd,
                                    MemorySegment.NULL,
                                    0L,
                                    flags,
                                    MemorySegment.NULL,
                                    0);
        } catch (Throwable t) {
            throw broken("sendto", t);
        }
        if (n < 0) {
            int errno = errno(state);
            if (errno == EAGAIN || errno == EINTR || errno == ENOBUFS) {
                return -1;
            }
            throw new ErrnoException("sendto(PACKET_TX_RING flush)", errno);
        }
        return n;
    }

    /** {@code mmap(2)} of {@code length} bytes of {@code fd}, shared, read-write, at offset 0. */
    static MemorySegment mmapShared(int fd, long length) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment address =
                    (MemorySegment)
                            MMAP.invokeExact(
                                    state,
                                    MemorySegment.NULL,
                                    length,
                                    PROT_READ | PROT_WRITE,
                                    MAP_SHARED,
                                    fd,
                                    0L);
            if (address.address() == -1L) { // MAP_FAILED
                throw new ErrnoException("mmap", errno(state));
            }
            return address.reinterpret(length);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw broken("mmap", t);
        }
    }

    static void munmap(MemorySegment mapping) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            if ((int) MUNMAP.invokeExact(state, mapping, mapping.byteSize()) < 0) {
                throw new ErrnoException("munmap", errno(state));
            }
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw broken("munmap", t);
        }
    }
}
