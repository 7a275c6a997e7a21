package dev.realtime.socket;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicReference;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataReader;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.common.socket.SocketContext;
import io.helidon.http.Headers;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.websocket.WsUpgrader;
import io.helidon.websocket.WsCloseCodes;
import io.helidon.websocket.WsSession;

/**
 * The server side of one WebSocket on an engine route, from the {@code 101} to the closed socket; runs on the
 * connection's virtual thread. Frames are read with linear-time unmasking and checked against the message limit
 * before their payload is read; text is checked once per message: all-ASCII text goes to the listener as bytes
 * ({@link EndpointListener#onAsciiMessage}), other text is decoded with strict UTF-8; the close handshake is
 * bounded in time and in the bytes read after a refusal. However the connection ends, {@link #handle} ends it in
 * one {@code finally}: the socket is closed and the listener gets exactly one end callback. Its
 * {@link WsSession} methods (sends, close) and {@link #abort} may be called from any thread.
 *
 * <p>The first decision about how the connection ends wins ({@link #decide}): a close frame the server sends
 * (any thread), an abort (write timeout, send-queue overflow, server stop), the idle timer, or the read loop's own
 * findings (client close, protocol error, oversize, invalid UTF-8, end of stream).
 *
 * <p>Longer than the project's usual class on purpose: the guarantee of one end lives in one {@code finally}
 * around the whole lifetime, so the read loop and everything that can end it stay together; frames, messages,
 * close payloads, sending and timers are in their own classes.
 */
public final class ClientConnection implements ServerConnection, ClientSocket {
    private static final System.Logger LOGGER = System.getLogger(ClientConnection.class.getName());
    private static final byte[] CRLF = {'\r', '\n'};

    private final ConnectionContext ctx;
    private final EndpointListener listener;
    private final Optional<Headers> upgradeHeaders;
    private final byte[] handshake;
    private final SocketLimits limits;
    private final DataReader in;
    private final FrameSender out;
    private final MessageBuffer message = new MessageBuffer();
    private final AtomicReference<ConnectionEnded> decided = new AtomicReference<>();
    private volatile long lastFrame = System.nanoTime();
    private volatile Optional<ScheduledFuture<?>> closeDeadline = Optional.empty();
    private long unread;

    /**
     * @param ctx            the connection
     * @param listener       the listener that accepted the upgrade
     * @param limits         its limits
     * @param handshake      the 101 response's status line and accept header
     * @param upgradeHeaders the listener's headers for the 101
     */
    ClientConnection(ConnectionContext ctx, EndpointListener listener, SocketLimits limits, byte[] handshake,
                     Optional<Headers> upgradeHeaders) {
        this.ctx = ctx;
        this.listener = listener;
        this.upgradeHeaders = upgradeHeaders;
        this.handshake = handshake;
        this.limits = limits;
        this.in = ctx.dataReader();
        this.out = new FrameSender(ctx.dataWriter());
    }

    @Override
    public void handle(Limit limit) {
        ConnectionEnded end = null;
        SocketTimers.watch(this);
        try {
            end = serve();
        } finally {
            SocketTimers.unwatch(this);
            closeDeadline.ifPresent(d -> d.cancel(false));
            closeSocket();
            end = end != null ? end : decided.get() != null ? decided.get()
                    : new ConnectionEnded(CloseReason.SERVER, ConnectionEnded.ABNORMAL, "connection failed");
            try {
                if (end.reason() == CloseReason.CLIENT) {
                    listener.onClose(this, end.code(), end.getMessage());
                } else {
                    listener.onError(this, end);
                }
            } catch (RuntimeException | Error e) {
                LOGGER.log(Level.WARNING, "end callback of a WebSocket listener failed", e);
            }
        }
    }

    /** Writes the {@code 101}, opens the listener and reads frames until the connection is over. */
    private ConnectionEnded serve() {
        try {
            writeHandshake();
            listen(() -> listener.onOpen(this));
            while (true) {
                Frame frame = Frame.read(in);
                lastFrame = System.nanoTime();
                if (frame.control()) {
                    if (control(frame)) {
                        return decided.get();
                    }
                } else {
                    data(frame);
                }
            }
        } catch (ConnectionEnded e) {
            decide(e);
            if (decided.get() == e) {
                sendClose(e.code(), e.getMessage());
                drain();
            }
            return decided.get();
        } catch (RuntimeException e) {
            decide(new ConnectionEnded(CloseReason.DROPPED, ConnectionEnded.ABNORMAL, dropped(e), e));
            return decided.get();
        }
    }

    private static String dropped(RuntimeException e) {
        if (e instanceof DataReader.InsufficientDataAvailableException) {
            return "the client ended the TCP connection without a close frame";
        }
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return "the connection failed: " + cause.getMessage();
    }

    private void writeHandshake() {
        BufferData response = BufferData.growing(256);
        response.write(handshake);
        upgradeHeaders.ifPresent(headers -> headers.forEach(h -> h.writeHttp1Header(response)));
        response.write(CRLF);
        ctx.dataWriter().writeNow(response);
    }

    /** A close, ping or pong; returns whether the close handshake is over. */
    private boolean control(Frame frame) {
        byte[] payload = frame.payload(in);
        switch (frame.opcode()) {
            case Frame.PING -> listen(() -> listener.onPing(this, BufferData.create(payload)));
            case Frame.PONG -> listen(() -> listener.onPong(this, BufferData.create(payload)));
            default -> {
                ConnectionEnded client = CloseFrames.parse(payload);
                decide(client);
                sendClose(CloseFrames.reply(client.code()), "");
                return true;
            }
        }
        return false;
    }

    private void data(Frame frame) {
        if (frame.opcode() == Frame.CONTINUATION != message.inMessage()) {
            throw Frame.violation(message.inMessage() ? "a new message started before the last one finished"
                                          : "a continuation frame without a message");
        }
        if (frame.length() > limits.maxMessageBytes() - message.size()) {
            unread = frame.length();
            throw new ConnectionEnded(CloseReason.OVERSIZE, WsCloseCodes.TOO_BIG, "message larger than "
                    + limits.maxMessageBytes() + " bytes");
        }
        byte[] payload = frame.payload(in);
        lastFrame = System.nanoTime(); // a large frame takes long to arrive: its end shows the client alive too
        if (!message.add(frame, payload)) {
            return;
        }
        if (out.closeSent()) {
            message.binary(); // closing: what arrives now is read and dropped
        } else if (message.opcode() == Frame.TEXT) {
            Optional<byte[]> ascii = message.asciiText();
            if (ascii.isPresent()) {
                listen(() -> listener.onAsciiMessage(this, ascii.get()));
            } else {
                String text = message.text();
                listen(() -> listener.onMessage(this, text, true));
            }
        } else {
            BufferData binary = BufferData.create(message.binary());
            listen(() -> listener.onMessage(this, binary, true));
        }
    }

    /**
     * After the server refused something: reads and drops what the client still sends (the rest of an oversize
     * message), so the close frame reaches the client instead of being lost to a TCP reset.
     */
    private void drain() {
        try {
            Frame.discardUntilClose(in, unread, limits.drainBytes());
        } catch (RuntimeException e) {
            LOGGER.log(Level.TRACE, "drain after a refusal ended", e);
        }
    }

    /** Runs a listener callback; a failure in it ends the connection with 1011. */
    private void listen(Runnable callback) {
        try {
            callback.run();
        } catch (ConnectionEnded e) {
            throw e;
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, "WebSocket listener failed", e);
            throw new ConnectionEnded(CloseReason.SERVER, WsCloseCodes.UNEXPECTED_CONDITION,
                                      "internal error", e);
        }
    }

    private void decide(ConnectionEnded end) {
        decided.compareAndSet(null, end);
    }

    private void sendClose(int code, String reason) {
        try {
            if (out.close(code, reason)) {
                closeDeadline = Optional.of(SocketTimers.after(limits.closeWait(), this::closeSocket));
            }
        } catch (RuntimeException e) {
            abort(CloseReason.DROPPED, "close frame could not be written: " + e.getMessage());
        }
    }

    private void closeSocket() {
        try {
            ctx.serverSocket().close();
        } catch (RuntimeException e) {
            LOGGER.log(Level.TRACE, "closing a client socket failed", e);
        }
    }

    /** Aborts when a send has been blocked past the write timeout; the socket timer's thread. */
    void checkWrite(long now) {
        if (out.blockedNanos(now) > limits.writeTimeout().toNanos()) {
            abort(CloseReason.STALLED, "a send was blocked for over " + limits.writeTimeout().toMillis()
                    + " ms: the client is not reading");
        }
    }

    @Override
    public void abort(CloseReason reason, String message) {
        decide(new ConnectionEnded(reason, ConnectionEnded.ABNORMAL, message));
        closeSocket();
    }

    @Override
    public Duration silence() {
        return Duration.ofNanos(System.nanoTime() - lastFrame);
    }

    @Override
    public WsSession send(String text, boolean last) {
        return sent(() -> out.data(Frame.TEXT, text.getBytes(StandardCharsets.UTF_8), last));
    }

    @Override
    public void sendText(byte[] utf8) {
        sent(() -> out.data(Frame.TEXT, utf8, true));
    }

    @Override
    public WsSession send(BufferData bufferData, boolean last) {
        return sent(() -> out.data(Frame.BINARY, bufferData.readBytes(), last));
    }

    @Override
    public WsSession ping(BufferData bufferData) {
        return sent(() -> out.control(Frame.PING, bufferData.readBytes()));
    }

    @Override
    public WsSession pong(BufferData bufferData) {
        return sent(() -> out.control(Frame.PONG, bufferData.readBytes()));
    }

    /** Sends a close frame and waits a bounded time for the client's; the server decided to end. Any thread. */
    @Override
    public WsSession close(int code, String reason) {
        decide(new ConnectionEnded(CloseReason.SERVER, code, reason));
        sendClose(code, reason);
        return this;
    }

    @Override
    public WsSession terminate() {
        abort(CloseReason.SERVER, "terminated");
        return this;
    }

    /** A failed send aborts the connection (the reader then ends it) and is rethrown to the sender. */
    private WsSession sent(Runnable send) {
        try {
            send.run();
            return this;
        } catch (RuntimeException e) {
            abort(CloseReason.DROPPED, "write failed: " + e.getMessage());
            throw e;
        }
    }

    @Override
    public Optional<String> subProtocol() {
        return upgradeHeaders.flatMap(h -> h.first(WsUpgrader.PROTOCOL));
    }

    @Override
    public SocketContext socketContext() {
        return ctx;
    }

    @Override
    public Duration idleTime() {
        return silence();
    }

    /**
     * Helidon's idle timer ({@code interrupt == false}) closes with a close frame sent from a virtual thread (the
     * timer must not block on a stalled client); a server stop aborts.
     */
    @Override
    public void close(boolean interrupt) {
        if (interrupt) {
            abort(CloseReason.SERVER, "server stopping");
            return;
        }
        decide(new ConnectionEnded(CloseReason.IDLE, WsCloseCodes.NORMAL_CLOSE, "idle timeout"));
        Thread.ofVirtual().name("ws-idle-close").start(() -> sendClose(WsCloseCodes.NORMAL_CLOSE, "idle timeout"));
    }
}
