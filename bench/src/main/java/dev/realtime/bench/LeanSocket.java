package dev.realtime.bench;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * The load generator's WebSocket client: a blocking socket that sends frames built once before the run, so
 * generating the load of hundreds of sessions costs the shared two cores as little as possible (the JDK client
 * masks, copies and completes a future per frame, and took most of a core at 400 sessions). Client frames are
 * masked with a fixed key, which RFC 6455 allows a non-browser client; the engine unmasks them as it would any.
 * Reads server text frames on a virtual thread and hands each to a consumer. Loopback benchmarks only.
 */
final class LeanSocket implements AutoCloseable {
    private static final byte[] MASK = {0x12, 0x34, 0x56, 0x78};

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;

    private LeanSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.socket.setTcpNoDelay(true);
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 * 1024));
    }

    /** Opens {@code ws://127.0.0.1:port/v1/realtime} with the bearer {@code bench} and starts reading. */
    static LeanSocket open(int port, Consumer<String> onText) throws IOException {
        LeanSocket s = new LeanSocket(new Socket("127.0.0.1", port));
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String request = "GET /v1/realtime HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(nonce) + "\r\nAuthorization: Bearer bench\r\n\r\n";
        s.out.write(request.getBytes(StandardCharsets.US_ASCII));
        s.out.flush();
        String status = s.readLine();
        if (!status.startsWith("HTTP/1.1 101")) {
            s.close();
            throw new IOException("upgrade refused: " + status);
        }
        while (!s.readLine().isEmpty()) {
            // response headers
        }
        Thread.ofVirtual().start(() -> s.readLoop(onText));
        return s;
    }

    /** A masked, final text frame for {@code text}, built once and sent many times. */
    static byte[] textFrame(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        int n = payload.length;
        int header = n < 126 ? 2 : n < 65_536 ? 4 : 10;
        byte[] frame = new byte[header + 4 + n];
        frame[0] = (byte) 0x81;
        if (n < 126) {
            frame[1] = (byte) (0x80 | n);
        } else if (n < 65_536) {
            frame[1] = (byte) (0x80 | 126);
            frame[2] = (byte) (n >> 8);
            frame[3] = (byte) n;
        } else {
            frame[1] = (byte) (0x80 | 127);
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) n >> (56 - 8 * i));
            }
        }
        System.arraycopy(MASK, 0, frame, header, 4);
        for (int i = 0; i < n; i++) {
            frame[header + 4 + i] = (byte) (payload[i] ^ MASK[i & 3]);
        }
        return frame;
    }

    /** Pre-built frames for a list of messages. */
    static List<byte[]> textFrames(List<String> texts) {
        return texts.stream().map(LeanSocket::textFrame).toList();
    }

    /** Sends a pre-built frame; one thread sends. */
    void send(byte[] frame) throws IOException {
        out.write(frame);
    }

    @Override
    public void close() {
        try {
            out.write(new byte[] {(byte) 0x88, (byte) 0x80, MASK[0], MASK[1], MASK[2], MASK[3]});
        } catch (IOException ignored) {
            // the engine may have closed first
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    private void readLoop(Consumer<String> onText) {
        try {
            StringBuilder message = new StringBuilder();
            while (true) {
                int b0 = in.readUnsignedByte();
                int b1 = in.readUnsignedByte();
                long n = b1 & 0x7f;
                if (n == 126) {
                    n = in.readUnsignedShort();
                } else if (n == 127) {
                    n = in.readLong();
                }
                byte[] payload = new byte[(int) n];
                in.readFully(payload);
                int opcode = b0 & 0x0f;
                if (opcode == 8) {
                    return;
                }
                if (opcode == 1 || opcode == 0) {
                    message.append(new String(payload, StandardCharsets.UTF_8));
                    if ((b0 & 0x80) != 0) {
                        onText.accept(message.toString());
                        message.setLength(0);
                    }
                }
            }
        } catch (EOFException | java.net.SocketException closed) {
            // the session ended
        } catch (IOException e) {
            System.err.println("read failed: " + e);
        }
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
