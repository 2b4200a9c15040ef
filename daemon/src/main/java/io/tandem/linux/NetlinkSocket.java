package io.tandem.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * An AF_NETLINK / NETLINK_ROUTE socket that runs one request at a time and collects the kernel's
 * answer (rtnetlink(7)). It acts in the network namespace of the thread that opened it. Methods are
 * synchronized and block until the kernel answers, at most {@link #ANSWER_TIMEOUT_MILLIS}.
 */
final class NetlinkSocket implements AutoCloseable {

    private static final int NETLINK_ROUTE = 0;
    private static final int ANSWER_TIMEOUT_MILLIS = 5_000;
    // A dump part never exceeds 32 KiB (netlink_dump's allocation); twice that is ample.
    private static final int RECEIVE_BUFFER = 64 * 1024;

    private final int fd;
    private int sequence; // guarded by this

    private NetlinkSocket(int fd) {
        this.fd = fd;
    }

    static NetlinkSocket open() throws IOException {
        int fd = Libc.socket(Libc.AF_NETLINK, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, NETLINK_ROUTE);
        try (Arena arena = Arena.ofConfined()) {
            Libc.bind(fd, Sockaddr.kernel(arena)); // nl_pid 0: the kernel picks our port id
            return new NetlinkSocket(fd);
        } catch (IOException e) {
            Libc.close(fd);
            throw e;
        }
    }

    /**
     * Sends {@code request} and returns the data messages of the answer: everything up to the ACK
     * of a plain request (which must carry NLM_F_ACK) or up to NLMSG_DONE of a dump.
     *
     * @throws ErrnoException when the kernel answers with an error, named after {@code what}
     */
    synchronized List<NetlinkMessage> exchange(NetlinkRequest request, String what)
            throws IOException {
        int seq = ++sequence;
        try (Arena arena = Arena.ofConfined()) {
            byte[] message = request.finish(seq);
            MemorySegment out = arena.allocate(message.length);
            MemorySegment.copy(message, 0, out, JAVA_BYTE, 0, message.length);
            Libc.sendto(fd, out, 0, Sockaddr.kernel(arena));

            MemorySegment in = arena.allocate(RECEIVE_BUFFER);
            MemorySegment from = arena.allocate(Sockaddr.NL);
            MemorySegment fromLength = arena.allocate(JAVA_INT);
            MemorySegment pollfd = arena.allocate(8);
            List<NetlinkMessage> answer = new ArrayList<>();
            long deadline = System.nanoTime() + ANSWER_TIMEOUT_MILLIS * 1_000_000L;
            while (true) {
                pollfd.set(JAVA_INT, 0, fd);
                pollfd.set(JAVA_SHORT, 4, Libc.POLLIN);
                int millis = (int) Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
                if (Libc.poll(pollfd, 1, millis) == 0 && System.nanoTime() - deadline >= 0) {
                    throw new SocketTimeoutException(
                            what + ": no netlink answer in " + ANSWER_TIMEOUT_MILLIS + " ms");
                }
                fromLength.set(JAVA_INT, 0, (int) Sockaddr.NL.byteSize());
                long n = Libc.recvfrom(fd, in, Libc.MSG_DONTWAIT, from, fromLength);
                if (n < 0) {
                    continue;
                }
                ByteBuffer received = ByteBuffer.wrap(in.asSlice(0, n).toArray(JAVA_BYTE));
                for (NetlinkMessage m : NetlinkMessage.parseAll(received)) {
                    if (m.sequence() != seq) {
                        continue; // a late answer to an earlier, timed-out request
                    }
                    if (m.type() == NetlinkMessage.NLMSG_ERROR) {
                        // struct nlmsgerr: int error (0 = ACK, else -errno), then the request
                        int error = m.payload().getInt(0);
                        if (error != 0) {
                            throw new ErrnoException(what, -error);
                        }
                        return answer;
                    }
                    if (m.type() == NetlinkMessage.NLMSG_DONE) {
                        int error = m.payload().remaining() >= 4 ? m.payload().getInt(0) : 0;
                        if (error < 0) {
                            throw new ErrnoException(what, -error);
                        }
                        return answer;
                    }
                    answer.add(m);
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        Libc.close(fd);
    }
}
