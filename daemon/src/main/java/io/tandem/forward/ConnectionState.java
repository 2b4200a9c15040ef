package io.tandem.forward;

/**
 * The state of a packet-table entry, by the names {@code ipvsadm -Lnc} prints. The TCP states are
 * IPVS's (ip_vs_proto_tcp.c); {@link #UDP} is the single state of a UDP entry.
 *
 * <p>The balancer sees only the client's half of a DR or TUN connection (the replies bypass it), so
 * transitions follow IPVS's "input only" table, driven by the flags of the client's packets; under
 * NAT the real server's replies pass too, and the "input" and "output" tables apply, so the real
 * server's FIN or RST moves the entry as well (see {@link PacketDirection}). Flags rank as IPVS
 * ranks them: RST first, then SYN, FIN, ACK.
 */
public enum ConnectionState {
    NONE(0),
    ESTABLISHED(1),
    SYN_SENT(2),
    SYN_RECV(3),
    FIN_WAIT(4),
    TIME_WAIT(5),
    CLOSE(6),
    CLOSE_WAIT(7),
    LAST_ACK(8),
    LISTEN(9),
    SYNACK(10),
    UDP(11);

    private final int code;

    ConnectionState(int code) {
        this.code = code;
    }

    /** The state's index in IPVS's transition table (and in the table's state array). */
    int code() {
        return code;
    }

    private static final ConnectionState[] VALUES = values(); // in code order

    private static final int SYN_EVENT = 0;
    private static final int FIN_EVENT = 1;
    private static final int ACK_EVENT = 2;
    private static final int RST_EVENT = 3;

    // Rows: SYN, FIN, ACK, RST. Columns: the current state, NONE .. SYNACK (IPVS's order).
    private static final byte[][] INPUT = {
        row(
                SYN_RECV,
                ESTABLISHED,
                ESTABLISHED,
                SYN_RECV,
                SYN_RECV,
                SYN_RECV,
                SYN_RECV,
                SYN_RECV,
                SYN_RECV,
                SYN_RECV,
                SYN_RECV),
        row(
                CLOSE,
                CLOSE_WAIT,
                SYN_SENT,
                TIME_WAIT,
                TIME_WAIT,
                TIME_WAIT,
                CLOSE,
                CLOSE_WAIT,
                LAST_ACK,
                LISTEN,
                TIME_WAIT),
        row(
                ESTABLISHED,
                ESTABLISHED,
                SYN_SENT,
                ESTABLISHED,
                FIN_WAIT,
                TIME_WAIT,
                CLOSE,
                CLOSE_WAIT,
                CLOSE,
                LISTEN,
                ESTABLISHED),
        row(CLOSE, CLOSE, CLOSE, SYN_RECV, CLOSE, CLOSE, CLOSE, CLOSE, LAST_ACK, LISTEN, SYN_RECV),
    };

    private static final byte[][] OUTPUT = {
        row(
                SYN_SENT,
                ESTABLISHED,
                SYN_SENT,
                SYN_RECV,
                SYN_SENT,
                SYN_SENT,
                SYN_SENT,
                SYN_SENT,
                SYN_SENT,
                LISTEN,
                SYN_RECV),
        row(
                TIME_WAIT, FIN_WAIT, SYN_SENT, TIME_WAIT, FIN_WAIT, TIME_WAIT, CLOSE, TIME_WAIT,
                LAST_ACK, LISTEN, TIME_WAIT),
        row(
                ESTABLISHED,
                ESTABLISHED,
                SYN_SENT,
                ESTABLISHED,
                FIN_WAIT,
                TIME_WAIT,
                CLOSE,
                CLOSE_WAIT,
                LAST_ACK,
                ESTABLISHED,
                ESTABLISHED),
        row(CLOSE, CLOSE, SYN_SENT, CLOSE, CLOSE, TIME_WAIT, CLOSE, CLOSE, CLOSE, CLOSE, CLOSE),
    };

    private static final byte[][] INPUT_ONLY = {
        row(
                SYN_RECV,
                ESTABLISHED,
                ESTABLISHED,
                SYN_RECV,
                SYN_RECV,
                SYN_RECV,
                SYN_RECV,
                SYN_RECV,
                SYN_RECV,
                SYN_RECV,
                SYN_RECV),
        row(
                CLOSE,
                FIN_WAIT,
                SYN_SENT,
                TIME_WAIT,
                FIN_WAIT,
                TIME_WAIT,
                CLOSE,
                CLOSE_WAIT,
                LAST_ACK,
                LISTEN,
                TIME_WAIT),
        row(
                ESTABLISHED,
                ESTABLISHED,
                SYN_SENT,
                ESTABLISHED,
                FIN_WAIT,
                TIME_WAIT,
                CLOSE,
                CLOSE_WAIT,
                CLOSE,
                LISTEN,
                ESTABLISHED),
        row(CLOSE, CLOSE, CLOSE, SYN_RECV, CLOSE, CLOSE, CLOSE, CLOSE, LAST_ACK, LISTEN, CLOSE),
    };

    private static byte[] row(ConnectionState... next) {
        byte[] r = new byte[next.length];
        for (int i = 0; i < next.length; i++) {
            r[i] = (byte) next[i].code;
        }
        return r;
    }

    /**
     * Whether the connection is in use: the client completed its handshake and has not closed its
     * side (no FIN or RST from it), IPVS's active connections; what a draining forwarder waits for.
     * Not a handshake still in flight (a client that gave up leaves such an entry for 60 s), nor an
     * entry after the client's FIN, which lingers only for stray packets. UDP has no close, so a
     * UDP entry is in use until it expires.
     */
    public boolean inUse() {
        return switch (this) {
            case ESTABLISHED, CLOSE_WAIT, UDP -> true;
            default -> false;
        };
    }

    static ConnectionState of(int code) {
        return VALUES[code];
    }

    /**
     * The state after a client packet with TCP {@code flags} (the header's low eight bits); the
     * same state for a packet with none of RST, SYN, FIN, ACK, and for {@link #UDP}.
     */
    public ConnectionState afterClientPacket(int flags) {
        return after(PacketDirection.INPUT_ONLY, flags);
    }

    /**
     * The state after a packet with TCP {@code flags} going {@code direction}: IPVS's input, output
     * or input-only table.
     */
    public ConnectionState after(PacketDirection direction, int flags) {
        if (this == UDP) {
            return UDP;
        }
        int event;
        if ((flags & Tcp.RST) != 0) {
            event = RST_EVENT;
        } else if ((flags & Tcp.SYN) != 0) {
            event = SYN_EVENT;
        } else if ((flags & Tcp.FIN) != 0) {
            event = FIN_EVENT;
        } else if ((flags & Tcp.ACK) != 0) {
            event = ACK_EVENT;
        } else {
            return this;
        }
        byte[][] table =
                switch (direction) {
                    case INPUT -> INPUT;
                    case OUTPUT -> OUTPUT;
                    case INPUT_ONLY -> INPUT_ONLY;
                };
        return VALUES[table[event][code]];
    }
}
