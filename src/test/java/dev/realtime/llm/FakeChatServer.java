package dev.realtime.llm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * An in-process OpenAI-compatible {@code /chat/completions} server speaking real HTTP/1.1 chunked SSE on
 * {@code 127.0.0.1}. Each request takes the next queued {@link FakeChatScript} ({@link FakeChatScript#defaultScript()}
 * when none is left) and is recorded. Thread-safe: tests call it from any thread; each connection is served on its
 * own virtual thread; {@link #close()} stops all of them.
 */
public final class FakeChatServer implements AutoCloseable {

    private final ServerSocket serverSocket;
    private final Optional<String> expectedKey;
    private final ConcurrentLinkedQueue<FakeChatScript> scripts = new ConcurrentLinkedQueue<>();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final List<Thread> threads = new ArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<RecordedChatRequest> requests = new ArrayList<>();
    private final Thread acceptor;
    private int taken;
    private int disconnects;
    private volatile boolean closed;

    private FakeChatServer(Optional<String> expectedKey) throws IOException {
        this.expectedKey = expectedKey;
        this.serverSocket = new ServerSocket();
        serverSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        this.acceptor = Thread.ofPlatform().daemon().name("fake-chat-accept").start(this::acceptLoop);
    }

    /** @return a started server that accepts any (or no) API key */
    public static FakeChatServer start() {
        return start(Optional.empty());
    }

    /** @return a started server that answers 401 unless {@code Authorization: Bearer <expectedKey>} is sent */
    public static FakeChatServer start(String expectedKey) {
        return start(Optional.of(expectedKey));
    }

    private static FakeChatServer start(Optional<String> key) {
        try {
            return new FakeChatServer(key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return {@code http://127.0.0.1:PORT/v1} */
    public URI baseUrl() {
        return baseUrl("/v1");
    }

    /** @param prefix path prefix such as {@code /openai/v1}; any prefix is served
     *  @return {@code http://127.0.0.1:PORT<prefix>} */
    public URI baseUrl(String prefix) {
        return URI.create("http://127.0.0.1:" + port() + prefix);
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    /** Queues scripts, answered in order by the following requests. */
    public FakeChatServer enqueue(FakeChatScript... more) {
        scripts.addAll(List.of(more));
        return this;
    }

    /** @return all requests received so far, oldest first */
    public List<RecordedChatRequest> requests() {
        return locked(() -> List.copyOf(requests));
    }

    public int requestCount() {
        return locked(requests::size);
    }

    /**
     * @param timeout how long to wait
     * @return the oldest request not returned by an earlier call
     * @throws AssertionError when none arrives in time
     */
    public RecordedChatRequest awaitRequest(Duration timeout) {
        return locked(() -> {
            awaitUntil(() -> requests.size() > taken, timeout, "a request");
            return requests.get(taken++);
        });
    }

    /** @return how many times a client went away while a script was still streaming (stall, keep-alive, writes) */
    public int disconnects() {
        return locked(() -> disconnects);
    }

    /** @return true once at least {@code count} client disconnects were observed within {@code timeout} */
    public boolean awaitDisconnects(int count, Duration timeout) {
        return locked(() -> {
            try {
                awaitUntil(() -> disconnects >= count, timeout, "disconnects");
                return true;
            } catch (AssertionError e) {
                return false;
            }
        });
    }

    /** @return true once a client disconnect was observed within {@code timeout} */
    public boolean awaitClientDisconnect(Duration timeout) {
        return awaitDisconnects(1, timeout);
    }

    @Override
    public void close() {
        closed = true;
        try {
            serverSocket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        sockets.forEach(FakeChatConnection::closeQuietly);
        join(acceptor);
        List<Thread> copy = locked(() -> List.copyOf(threads));
        copy.forEach(FakeChatServer::join);
    }

    boolean isClosed() {
        return closed;
    }

    Optional<String> expectedKey() {
        return expectedKey;
    }

    FakeChatScript nextScript() {
        FakeChatScript next = scripts.poll();
        return next == null ? FakeChatScript.defaultScript() : next;
    }

    void record(RecordedChatRequest request) {
        locked(() -> {
            requests.add(request);
            changed.signalAll();
            return null;
        });
    }

    void clientDisconnected() {
        locked(() -> {
            disconnects++;
            changed.signalAll();
            return null;
        });
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket socket = serverSocket.accept();
                sockets.add(socket);
                Thread thread = Thread.ofVirtual().name("fake-chat-conn").unstarted(() -> {
                    try {
                        new FakeChatConnection(socket, this).serve();
                    } finally {
                        sockets.remove(socket);
                        FakeChatConnection.closeQuietly(socket);
                    }
                });
                locked(() -> threads.add(thread));
                thread.start();
            } catch (IOException e) {
                if (!closed) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    private void awaitUntil(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (!condition.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("Timed out after " + timeout + " waiting for " + what);
                }
                changed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted waiting for " + what, e);
        }
    }

    private <T> T locked(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
