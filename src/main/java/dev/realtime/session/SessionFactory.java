package dev.realtime.session;

import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;

import dev.realtime.auth.Authenticator;
import dev.realtime.auth.Principal;
import dev.realtime.auth.SessionDefaults;
import dev.realtime.config.SessionSettings;
import dev.realtime.protocol.Dialect;
import dev.realtime.protocol.EventCodec;
import dev.realtime.protocol.SessionConfig;

/**
 * Creates sessions for accepted connections and keeps track of the open ones. Thread-safe; called on connection
 * threads.
 */
public final class SessionFactory {
    private static final System.Logger LOGGER = System.getLogger(SessionFactory.class.getName());

    private final Authenticator authenticator;
    private final Function<Optional<String>, SessionServices> services;
    private final Map<Session, ScheduledFuture<?>> open = new ConcurrentHashMap<>();
    private final Map<Session, Outbox> outboxes = new ConcurrentHashMap<>();
    private final SessionGate gate;

    private SessionFactory(Authenticator authenticator, Function<Optional<String>, SessionServices> services) {
        this.authenticator = authenticator;
        this.services = services;
        this.gate = new SessionGate(() -> services.apply(Optional.empty()).config().maxSessions());
    }

    /**
     * A factory.
     *
     * @param authenticator checks upgrade credentials
     * @param services      what a session starting now shares, for the configuration or a named preset of it
     * @return factory
     */
    public static SessionFactory create(Authenticator authenticator,
                                        Function<Optional<String>, SessionServices> services) {
        return new SessionFactory(authenticator, services);
    }

    /** A supplier of per-connection listeners for the WebSocket route. */
    public Supplier<WsListener> listeners() {
        return () -> new RealtimeSocket(this, services.apply(Optional.empty()).config().session().maxMessageBytes());
    }

    /** Number of open sessions. */
    public int openSessions() {
        return open.size();
    }

    /** Takes a place for a new session, or says why there is none; socket threads. */
    Optional<String> admit() {
        return gate.admit();
    }

    /** Gives back a place taken by {@link #admit()}; socket threads, once per admitted socket. */
    void release() {
        gate.release();
    }

    /**
     * Stops admitting sessions, lets open ones finish for up to {@code window}, then closes the rest with 1001
     * (going away) and waits briefly for their closes. Called on the shutdown thread.
     *
     * @param window how long sessions may take to end by themselves
     * @return sessions that had to be closed
     * @throws InterruptedException when the shutdown thread is interrupted
     */
    public int drain(java.time.Duration window) throws InterruptedException {
        if (gate.drain(window, open::size)) {
            return 0;
        }
        int closed = outboxes.size();
        outboxes.values().forEach(o -> o.close(io.helidon.websocket.WsCloseCodes.GOING_AWAY, "server shutting down"));
        SessionGate.await(open::size, java.time.Duration.ofSeconds(2));
        return closed;
    }

    Authenticator authenticator() {
        return authenticator;
    }

    record Opened(Session session, Outbox outbox) {
    }

    Opened open(WsSession ws, EventCodec codec, Principal principal, boolean transcription) {
        SessionServices services = this.services.apply(principal.defaults().flatMap(SessionDefaults::preset));
        SessionSettings settings = services.config().session();
        SessionConfig config = StartingConfig.of(services, principal, transcription, codec.dialect());
        Session[] holder = new Session[1];
        Outbox outbox = Outbox.start(ws, settings.outboxCapacity(), config.id(), () -> closed(holder[0]));
        Session session = new Session(config, codec.dialect(), new Emitter(codec, outbox), services);
        holder[0] = session;
        long ping = settings.pingInterval().toMillis();
        open.put(session, services.timers().scheduleAtFixedRate(outbox::ping, ping, ping, TimeUnit.MILLISECONDS));
        outboxes.put(session, outbox);
        dev.realtime.observe.EngineMetrics.sessionOpened();
        session.start();
        LOGGER.log(Level.INFO, () -> "session " + config.id() + " opened for app " + principal.appId() + " ("
                + codec.dialect() + ")");
        return new Opened(session, outbox);
    }

    void closed(Session session) {
        if (session == null) {
            return;
        }
        outboxes.remove(session);
        ScheduledFuture<?> ping = open.remove(session);
        if (ping != null) {
            ping.cancel(false);
            dev.realtime.observe.EngineMetrics.sessionClosed();
            LOGGER.log(Level.INFO, () -> "session " + session.id() + " closed");
        }
        session.close();
    }

    /**
     * The configuration a new session starts from, before token defaults and client updates.
     *
     * @param transcription whether it is a transcription-only session
     * @param dialect       the dialect the session is served in
     * @return the engine's defaults
     */
    public SessionConfig baseConfig(boolean transcription, Dialect dialect) {
        return StartingConfig.base(services.apply(Optional.empty()), transcription, dialect);
    }
}
