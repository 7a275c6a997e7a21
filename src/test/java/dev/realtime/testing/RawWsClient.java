package dev.realtime.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client on a plain {@link Socket}, for what the JDK client will not do: frames of any size, opcode,
 * fragmentation or content (invalid UTF-8, a character split across fragments), never answering a close or a ping,
 * not reading at all, and ending the TCP connection without a close frame (FIN, or RST with linger 0). Reads wait
 * at most {@link WsTestClient#WAIT}. One thread at a time, except that writing and reading may run on two.
 */
public final class RawWsClient implements AutoCloseable {
    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CONTINUATION = 0x0;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;

    /** A frame from the server. */
    public record Frame(int opcode, boolean fin, byte[] payload) {
        /** The payload as UTF-8 text. */
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** A close frame's code (1005 when it has none). */
        public int closeCode() {
            return payload.length < 2 ? 1005 : (payload[0] & 0xFF) << 8 | payload[1] & 0xFF;
        }

        /** A close frame's reason. */
        public String closeReason() {
            return payload.length < 2 ? "" : new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final int status;

    private RawWsClient(URI uri, Map<String, String> headers, Optional<Integer> receiveBuffer) throws IOException {
        socket = new Socket();
        receiveBuffer.ifPresent(size -> {
            try {
                socket.setReceiveBufferSize(size);
            } catch (SocketException e) {
                throw new IllegalStateException(e);
            }
        });
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
        socket.setSoTimeout((int) WsTestClient.WAIT.toMillis());
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        byte[] key = new byte[16];
        ThreadLocalRandom.current().nextBytes(key);
        StringBuilder request = new StringBuilder("GET " + uri.getRawPath()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()) + " HTTP/1.1\r\n"
                + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\n");
        headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String head = readHead();
        status = Integer.parseInt(head.substring(9, 12));
    }

    /** Upgrades with {@code Authorization: Bearer token}; check {@link #status()}. */
    public static RawWsClient connect(URI uri, String token) throws IOException {
        return new RawWsClient(uri, Map.of("Authorization", "Bearer " + token), Optional.empty());
    }

    /** Upgrades with the given headers; check {@link #status()}. */
    public static RawWsClient connect(URI uri, Map<String, String> headers) throws IOException {
        return new RawWsClient(uri, headers, Optional.empty());
    }

    /** Upgrades with a receive buffer of {@code bytes} (set before connecting, so the window stays small). */
    public static RawWsClient connectSmallWindow(URI uri, String token, int bytes) throws IOException {
        return new RawWsClient(uri, Map.of("Authorization", "Bearer " + token), Optional.of(bytes));
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed during the upgrade: " + head);
            }
            head.write(b);
            matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : b == '\r' ? 1 : 0;
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** The upgrade's HTTP status. */
    public int status() {
        return status;
    }

    /** Sends a text message in one frame. */
    public RawWsClient sendText(String text) throws IOException {
        return frame(TEXT, true, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends one masked frame. */
    public RawWsClient frame(int opcode, boolean fin, byte[] payload) throws IOException {
        header(opcode, fin, payload.length, true);
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        out.write(mask);
        byte[] masked = payload.clone();
        for (int i = 0; i < masked.length; i++) {
            masked[i] ^= mask[i & 3];
        }
        out.write(masked);
        out.flush();
        return this;
    }

    /** Sends an unmasked frame, which a server must refuse. */
    public RawWsClient unmaskedFrame(int opcode, byte[] payload) throws IOException {
        header(opcode, true, payload.length, false);
        out.write(payload);
        out.flush();
        return this;
    }

    /** Sends the first byte with reserved bits set, then a valid rest. */
    public RawWsClient reservedBitsFrame(byte[] payload) throws IOException {
        out.write(0x80 | 0x40 | TEXT);
        out.write(0x80 | payload.length);
        out.write(new byte[4]);
        out.write(payload);
        out.flush();
        return this;
    }

    private void header(int opcode, boolean fin, long length, boolean masked) throws IOException {
        out.write((fin ? 0x80 : 0) | opcode);
        int mask = masked ? 0x80 : 0;
        if (length < 126) {
            out.write(mask | (int) length);
        } else if (length < 65536) {
            out.write(mask | 126);
            out.write((int) (length >>> 8));
            out.write((int) length);
        } else {
            out.write(mask | 127);
            for (int i = 56; i >= 0; i -= 8) {
                out.write((int) (length >>> i));
            }
        }
    }

    /** Sends a close frame. */
    public RawWsClient sendClose(int code) throws IOException {
        return frame(CLOSE, true, new byte[] {(byte) (code >>> 8), (byte) code});
    }

    /**
     * Reads the next frame.
     *
     * @return the frame, or empty when the server closed the TCP connection (end of stream or reset)
     */
    public Optional<Frame> read() throws IOException {
        try {
            int first = in.readUnsignedByte();
            int second = in.readUnsignedByte();
            long length = second & 0x7F;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            return Optional.of(new Frame(first & 0x0F, (first & 0x80) != 0, payload));
        } catch (EOFException e) {
            return Optional.empty();
        } catch (SocketException e) {
            if (e.getMessage() != null && e.getMessage().contains("reset")) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Reads until a text frame whose JSON {@code type} is {@code type}, for at most {@link WsTestClient#WAIT} in all
     * (pings must not keep a wait alive); fails when the connection ends first.
     */
    public String await(String type) throws IOException {
        long deadline = System.nanoTime() + WsTestClient.WAIT.toNanos();
        while (true) {
            Frame frame = readBefore(deadline).orElseThrow(() -> new AssertionError("connection ended before " + type));
            if (frame.opcode() == TEXT && frame.text().contains("\"type\":\"" + type + "\"")) {
                return frame.text();
            }
        }
    }

    private Optional<Frame> readBefore(long deadline) throws IOException {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
            throw new AssertionError("nothing awaited came within " + WsTestClient.WAIT.toSeconds() + " s");
        }
        socket.setSoTimeout((int) left);
        return read();
    }

    /**
     * Reads until the server's close frame, skipping anything else.
     *
     * @return the close frame, or empty when the TCP connection ended without one
     */
    public Optional<Frame> awaitClose() throws IOException {
        long deadline = System.nanoTime() + WsTestClient.WAIT.toNanos();
        while (true) {
            Optional<Frame> frame = readBefore(deadline);
            if (frame.isEmpty() || frame.get().opcode() == CLOSE) {
                return frame;
            }
        }
    }

    /** Whether the server has closed the TCP connection: reads (and drops) until the end of the stream. */
    public boolean awaitEndOfStream() throws IOException {
        long deadline = System.nanoTime() + WsTestClient.WAIT.toNanos();
        try {
            byte[] sink = new byte[65536];
            while (true) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                socket.setSoTimeout((int) left);
                if (in.read(sink) < 0) {
                    return true;
                }
            }
        } catch (SocketException e) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    /** Reads with this timeout from now on. */
    public RawWsClient readTimeout(Duration timeout) throws SocketException {
        socket.setSoTimeout((int) timeout.toMillis());
        return this;
    }

    /** Ends the TCP connection with a FIN, without a close frame. */
    public void drop() throws IOException {
        socket.close();
    }

    /** Ends the TCP connection with a reset (linger 0), without a close frame. */
    public void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
