package dev.realtime.socket;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import io.helidon.common.buffers.DataReader;
import io.helidon.websocket.WsCloseCodes;

/**
 * The header of one client frame (RFC 6455 section 5.2), read and checked before any payload byte, so a length
 * can be refused before the payload is read. Payloads are read whole with {@link DataReader#readBytes(int)} and
 * unmasked in one pass over a byte array, eight bytes at a time: linear in the frame's size, whatever the socket's
 * chunking.
 *
 * @param fin    final fragment of a message
 * @param opcode the operation code
 * @param length payload length
 * @param mask   the masking key, big-endian
 */
record Frame(boolean fin, int opcode, long length, int mask) {
    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;
    private static final int MAX_CONTROL_PAYLOAD = 125;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /**
     * Reads and checks a frame header. Connection thread.
     *
     * @param in the connection's reader
     * @return the header
     * @throws ConnectionEnded with 1002 for a header that breaks the protocol
     * @throws DataReader.InsufficientDataAvailableException at the end of the stream
     */
    static Frame read(DataReader in) {
        int first = in.read() & 0xFF;
        int second = in.read() & 0xFF;
        if ((first & 0x70) != 0) {
            throw violation("reserved bits set without a negotiated extension");
        }
        int opcode = first & 0x0F;
        boolean fin = (first & 0x80) != 0;
        if (opcode > BINARY && opcode < CLOSE || opcode > PONG) {
            throw violation("unknown opcode " + opcode);
        }
        if ((second & 0x80) == 0) {
            throw violation("client frames must be masked");
        }
        long length = second & 0x7F;
        if (length == 126) {
            length = (long) (in.read() & 0xFF) << 8 | in.read() & 0xFF;
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = length << 8 | in.read() & 0xFF;
            }
            if (length < 0) {
                throw violation("payload length over 2^63");
            }
        }
        if (opcode >= CLOSE && (!fin || length > MAX_CONTROL_PAYLOAD)) {
            throw violation("control frames must be final and at most 125 bytes");
        }
        int mask = 0;
        for (int i = 0; i < 4; i++) {
            mask = mask << 8 | in.read() & 0xFF;
        }
        return new Frame(fin, opcode, length, mask);
    }

    /** Whether this is a close, ping or pong. */
    boolean control() {
        return opcode >= CLOSE;
    }

    /**
     * Reads this frame's payload and unmasks it. Connection thread; the caller has checked the length.
     *
     * @param in the connection's reader
     * @return the unmasked payload
     */
    byte[] payload(DataReader in) {
        if (length == 0) {
            return new byte[0];
        }
        byte[] data = in.readBytes((int) length);
        // eight bytes per step: the key repeats every four bytes, so twice over it is a big-endian long
        long key = (long) mask << 32 | mask & 0xFFFFFFFFL;
        int i = 0;
        for (; i <= data.length - Long.BYTES; i += Long.BYTES) {
            LONGS.set(data, i, (long) LONGS.get(data, i) ^ key);
        }
        for (; i < data.length; i++) {
            data[i] ^= (byte) (mask >>> (24 - 8 * (i & 3)));
        }
        return data;
    }

    /**
     * Reads and drops frames until the client's close frame, within a budget of payload bytes; a frame that would
     * exceed it, the end of the stream, or a malformed frame ends the drain too. Connection thread; a close
     * deadline on another thread bounds it in time by closing the socket.
     *
     * @param in     the connection's reader
     * @param unread payload bytes still unread of the frame being refused
     * @param budget payload bytes that may be read in all
     */
    static void discardUntilClose(DataReader in, long unread, long budget) {
        long left = budget - unread;
        if (left < 0) {
            return;
        }
        in.skip((int) unread);
        while (true) {
            Frame frame = read(in);
            if (frame.opcode() == CLOSE) {
                return;
            }
            left -= frame.length();
            if (left < 0) {
                return;
            }
            in.skip((int) frame.length());
        }
    }

    static ConnectionEnded violation(String message) {
        return new ConnectionEnded(CloseReason.PROTOCOL, WsCloseCodes.PROTOCOL_ERROR, message);
    }
}
