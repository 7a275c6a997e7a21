package dev.realtime.socket;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

import io.helidon.websocket.WsCloseCodes;

/**
 * The fragments of the message being received, as bytes: a message is decoded once, whole, so a UTF-8 character
 * split across fragments arrives intact, and a text message that is not valid UTF-8 is refused (1007) instead of
 * being read with replacement characters. Connection thread only.
 */
final class MessageBuffer {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private int opcode = Frame.CONTINUATION;
    private byte[] bytes = new byte[0];
    private int size;

    /** Whether a fragmented message has started and not finished. */
    boolean inMessage() {
        return opcode != Frame.CONTINUATION;
    }

    /** Bytes received of the current message. */
    int size() {
        return size;
    }

    /** The opcode of the message in progress ({@link Frame#TEXT} or {@link Frame#BINARY}). */
    int opcode() {
        return opcode;
    }

    /**
     * Adds a data frame's payload.
     *
     * @param frame   the frame (its opcode starts a message unless it is a continuation)
     * @param payload its unmasked payload
     * @return whether the message is complete
     */
    boolean add(Frame frame, byte[] payload) {
        if (frame.opcode() != Frame.CONTINUATION) {
            opcode = frame.opcode();
        }
        if (size == 0 && frame.fin()) {
            bytes = payload; // a single-frame message is not copied
            size = payload.length;
            return true;
        }
        if (bytes.length - size < payload.length) {
            // doubling keeps appends linear in the message size
            bytes = Arrays.copyOf(bytes, Math.max(size + payload.length, Math.min(2 * bytes.length + 1024,
                                                                                   Integer.MAX_VALUE - 8)));
        }
        System.arraycopy(payload, 0, bytes, size, payload.length);
        size += payload.length;
        return frame.fin();
    }

    /**
     * The complete text message as bytes when every byte is ASCII, which makes it valid UTF-8 without decoding
     * (client events are ASCII unless a string holds other characters); the buffer is emptied then. Empty when a
     * byte is not ASCII, and the message stays for {@link #text()}.
     *
     * @return the message's bytes, or empty
     */
    Optional<byte[]> asciiText() {
        // eight bytes per step (a byte-wise loop is not vectorised and costs ten times as much); no early exit
        long bits = 0;
        int i = 0;
        for (; i <= size - Long.BYTES; i += Long.BYTES) {
            bits |= (long) LONGS.get(bytes, i);
        }
        for (; i < size; i++) {
            bits |= bytes[i];
        }
        if ((bits & HIGH_BITS) != 0) {
            return Optional.empty();
        }
        byte[] message = size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
        clear();
        return Optional.of(message);
    }

    /**
     * The complete text message, decoded; the buffer is emptied.
     *
     * @return the text
     * @throws ConnectionEnded with 1007 when it is not valid UTF-8
     */
    String text() {
        try {
            return utf8.reset().decode(ByteBuffer.wrap(bytes, 0, size)).toString();
        } catch (CharacterCodingException e) {
            throw new ConnectionEnded(CloseReason.INVALID_UTF8, WsCloseCodes.NOT_CONSISTENT,
                                      "text message is not valid UTF-8", e);
        } finally {
            clear();
        }
    }

    /** The complete binary message; the buffer is emptied. */
    byte[] binary() {
        byte[] message = size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
        clear();
        return message;
    }

    private void clear() {
        opcode = Frame.CONTINUATION;
        bytes = new byte[0];
        size = 0;
    }
}
