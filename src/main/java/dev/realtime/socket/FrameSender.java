package dev.realtime.socket;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.ReentrantLock;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataWriter;

/**
 * Writes server frames (RFC 6455 section 5.2, unmasked) under one lock, so any thread may send. Remembers when the
 * send in progress started, for the write timeout, and stops sending once a close frame went out. Any thread.
 */
final class FrameSender {
    private final DataWriter writer;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile long sendStarted;
    private volatile boolean sending;
    private volatile boolean closeSent;
    private boolean continuing;

    FrameSender(DataWriter writer) {
        this.writer = writer;
    }

    /**
     * Sends a data frame; after a close frame, drops it.
     *
     * @param opcode {@link Frame#TEXT} or {@link Frame#BINARY}; a continuation is used when the previous frame was
     *               not final
     * @param payload the payload
     * @param fin     whether this is the message's last frame
     */
    void data(int opcode, byte[] payload, boolean fin) {
        lock.lock();
        try {
            if (closeSent) {
                return;
            }
            write(continuing ? Frame.CONTINUATION : opcode, payload, fin);
            continuing = !fin;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sends a ping or a pong; after a close frame, drops it.
     *
     * @param opcode  {@link Frame#PING} or {@link Frame#PONG}
     * @param payload at most 125 bytes
     */
    void control(int opcode, byte[] payload) {
        lock.lock();
        try {
            if (!closeSent) {
                write(opcode, payload, true);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sends a close frame, once.
     *
     * @param code   the close code
     * @param reason the reason, cut to fit the 125-byte control payload
     * @return whether this call sent it (false when one was already sent)
     */
    boolean close(int code, String reason) {
        lock.lock();
        try {
            if (closeSent) {
                return false;
            }
            closeSent = true;
            byte[] text = reason.getBytes(StandardCharsets.UTF_8);
            int length = Math.min(text.length, 123);
            while (length > 0 && length < text.length && (text[length] & 0xC0) == 0x80) {
                length--; // do not cut a character in two
            }
            byte[] payload = new byte[2 + length];
            payload[0] = (byte) (code >>> 8);
            payload[1] = (byte) code;
            System.arraycopy(text, 0, payload, 2, length);
            write(Frame.CLOSE, payload, true);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Whether a close frame was sent (or is being sent). */
    boolean closeSent() {
        return closeSent;
    }

    /**
     * How long the send in progress has been blocked.
     *
     * @param now {@link System#nanoTime()}
     * @return nanoseconds since the send in progress started, 0 when none is
     */
    long blockedNanos(long now) {
        long started = sendStarted;
        return sending ? now - started : 0;
    }

    private void write(int opcode, byte[] payload, boolean fin) {
        int header = payload.length < 126 ? 2 : payload.length < 1 << 16 ? 4 : 10;
        byte[] frame = new byte[header + payload.length];
        frame[0] = (byte) ((fin ? 0x80 : 0) | opcode);
        if (header == 2) {
            frame[1] = (byte) payload.length;
        } else if (header == 4) {
            frame[1] = 126;
            frame[2] = (byte) (payload.length >>> 8);
            frame[3] = (byte) payload.length;
        } else {
            frame[1] = 127;
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) payload.length >>> 56 - 8 * i);
            }
        }
        System.arraycopy(payload, 0, frame, header, payload.length);
        sendStarted = System.nanoTime();
        sending = true;
        try {
            writer.writeNow(BufferData.create(frame));
        } finally {
            sending = false;
        }
    }
}
