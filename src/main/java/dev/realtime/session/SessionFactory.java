package dev.realtime.session;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import io.helidon.websocket.WsCloseCodes;
import io.helidon.websocket.WsListener;

import dev.realtime.auth.Authenticator;
import dev.realtime.auth.Principal;
import dev.realtime.auth.SessionDefaults;
import dev.realtime.config.SessionSettings;
import dev.realtime.fleet.LocalLeases;
import dev.realtime.fleet.SessionLeases;
import dev.realtime.protocol.Dialect;
import dev.realtime.protocol.EventCodec;
import dev.realtime.protocol.SessionConfig;
import dev.realtime.socket.ClientSocket;
import dev.realtime.socket.CloseReason;
import dev.realtime.socket.SocketLimits;

/**
 * Creates sessions for accepted connections and keeps track of the open ones. Thread-safe; called on connection
 * threads.
 */
public final class SessionFactory {
    private static final System.Logger LOGGER = System.getLogger(SessionFactory.class.getName());
    private static final Duration DRAIN_CLOSE_WAIT = Duration.ofSeconds(2);

    private final Authenticator authenticator;
    private final Function<Optional<String>, SessionServices> services;
    private final Set<SessionEnd> open = ConcurrentHashMap.newKeySet();
    private final SessionGate gate;
    private final SessionLeases leases;

    private SessionFactory(Authenticator authenticator, Function<Optional<String>, SessionServices> services,
                           SessionLeases leases) {
        this.authenticator = authenticator;
        this.services = services;
        this.leases = leases;
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
        return create(authenticator, services, new LocalLeases());
    }

    /**
     * A factory whose sessions also take a lease under the fleet's limits.
     *
     * @param authenticator checks upgrade credentials
     * @param services      what a session starting now shares, for the configuration or a named preset of it
     * @param leases        where a session takes its place under MAX_SESSIONS_TOTAL and MAX_SESSIONS_PER_APP
     * @return factory
     */
    public static SessionFactory create(Authenticator authenticator,
                                        Function<Optional<String>, SessionServices> services, SessionLeases leases) {
        return new SessionFactory(authenticator, services, leases);
    }

    /** A supplier of per-connection listeners for the WebSocket route, with the limits configured now. */
    public Supplier<WsListener> listeners() {
        return () -> {
            SessionSettings settings = services.apply(Optional.empty()).config().session();
            return new RealtimeSocket(this, SocketLimits.of(settings.maxMessageBytes(), settings.writeTimeout()));
        };
    }

    /** Number of admitted connections that have not ended. */
    public int openSessions() {
        return open.size();
    }

    /**
     * Why a new session would be refused now (draining, or MAX_SESSIONS reached), for the readiness probe. Any
     * thread.
     *
     * @return the reason, empty while new sessions are admitted
     */
    public Optional<String> notReady() {
        return gate.wouldRefuse();
    }

    /** Admission places taken now (MAX_SESSIONS counts these). */
    int admittedPlaces() {
        return gate.admitted();
    }

    /**
     * Takes a place for a new session of {@code appId}, or says why there is none: this replica's gate first
     * (draining, MAX_SESSIONS), then the fleet's lease (MAX_SESSIONS_TOTAL, MAX_SESSIONS_PER_APP), whose refusal
     * gives the gate's place back. Socket and call threads.
     */
    Admission admit(String appId) {
        Optional<String> full = gate.admit();
        if (full.isPresent()) {
            return new Admission.Refused(full.get());
        }
        SessionLeases.Outcome lease;
        try {
            lease = leases.acquire(appId, services.apply(Optional.empty()).config().fleet());
        } catch (RuntimeException e) {
            gate.release();
            throw e;
        }
        return switch (lease) {
            case SessionLeases.Held held -> new Admission.Admitted(new Admission.Place(gate::release, held.lease()));
            case SessionLeases.Refused refused -> {
                gate.release();
                yield new Admission.Refused(refused.reason());
            }
        };
    }

    /**
     * The end of a connection admitted by {@link #admit}: from now on it owns the place and releases it once.
     * Socket thread.
     */
    SessionEnd admitted(Admission.Place place) {
        SessionEnd end = new SessionEnd(place::release, open::remove);
        open.add(end);
        return end;
    }

    /**
     * Stops admitting sessions, lets open ones finish for up to {@code window}, then closes the rest with 1001
     * (going away) and waits briefly for their sockets to close. Called on the shutdown thread.
     *
     * @param window how long sessions may take to end by themselves
     * @return sessions that had to be closed
     * @throws InterruptedException when the shutdown thread is interrupted
     */
    public int drain(Duration window) throws InterruptedException {
        if (gate.drain(window, open::size)) {
            return 0;
        }
        List<SessionEnd> left = List.copyOf(open);
        left.forEach(end -> end.end(CloseReason.SERVER, WsCloseCodes.GOING_AWAY, "server shutting down"));
        long deadline = System.nanoTime() + DRAIN_CLOSE_WAIT.toNanos();
        for (SessionEnd end : left) {
            end.awaitSocket(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
        return left.size();
    }

    Authenticator authenticator() {
        return authenticator;
    }

    /** An opened session and its outbox. */
    record Opened(Session session, Outbox outbox) {
    }

    /**
     * Opens the session of an admitted connection and hands its parts to the connection's end. Socket thread, in
     * {@code onOpen}.
     *
     * @param timings whether the connection asked for the engine's stage times ({@code ?timings=true})
     * @return the session, or empty when the connection ended before it could open
     */
    Optional<Opened> open(SessionEnd end, ClientSocket socket, EventCodec codec, Principal principal,
                          boolean transcription, boolean timings) {
        SessionServices services = this.services.apply(principal.defaults().flatMap(SessionDefaults::preset));
        SessionSettings settings = services.config().session();
        SessionConfig config = StartingConfig.of(services, principal, transcription, codec.dialect());
        Outbox outbox = Outbox.start(socket, settings.outboxCapacity(), config.id(), () -> end.end(
                CloseReason.STALLED, WsCloseCodes.VIOLATED_POLICY, "client is not reading: send queue full"));
        SessionOutput output = new SocketOutput(codec, outbox);
        Session session = new Session(config, codec.dialect(), new Emitter(output, timings), services, end);
        Duration interval = settings.pingInterval();
        ScheduledFuture<?> ping = services.timers().scheduleAtFixedRate(() -> ping(socket, outbox, interval),
                interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        if (!end.opened(new SessionEnd.Parts(session, output, Optional.of(ping)))) {
            return Optional.empty();
        }
        session.start();
        LOGGER.log(Level.INFO, () -> "session " + config.id() + " opened for app " + principal.appId() + " ("
                + codec.dialect() + ")");
        return Optional.of(new Opened(session, outbox));
    }

    /**
     * Opens a phone call's session, admitted like a connection (MAX_SESSIONS, the fleet and per-app limits, the
     * drain, the sessions gauge), with
     * the call's settings applied before anything else and its events going to {@code output}. The call's
     * transport thread.
     *
     * @param appId    whom the call belongs to (logs, the token-less principal)
     * @param defaults the call's session settings (audio formats, instructions) and preset
     * @param output   where its events go; it sees {@code session.created} before this returns
     * @return the call
     * @throws SessionRefusedException when the engine or the fleet is full, or the engine is draining
     */
    public Call openCall(String appId, SessionDefaults defaults, SessionOutput output) {
        SessionEnd end = switch (admit(appId)) {
            case Admission.Refused refused -> {
                LOGGER.log(Level.WARNING, "refused a call of app {0}: {1}", appId, refused.reason());
                throw new SessionRefusedException(refused.reason());
            }
            case Admission.Admitted admitted -> admitted(admitted.place());
        };
        Session session;
        SessionConfig config;
        try {
            Principal principal = new Principal(appId, Optional.empty(), Optional.empty(), Optional.of(defaults));
            SessionServices services = this.services.apply(defaults.preset());
            config = StartingConfig.of(services, principal, false, Dialect.GA);
            session = new Session(config, Dialect.GA, new Emitter(output, false), services, end);
        } catch (RuntimeException e) {
            // the place is the end's from admitted() on: a call whose session cannot be made (a preset that does not
            // exist) must give it back, or it stays taken for the engine's lifetime
            end.socketEnded(CloseReason.SERVER, "the call's session could not be made: " + e.getMessage());
            throw e;
        }
        if (!end.opened(new SessionEnd.Parts(session, output, Optional.empty()))) {
            throw new SessionRefusedException("the call ended before its session opened");
        }
        session.start();
        LOGGER.log(Level.INFO, () -> "session " + config.id() + " opened for a call of app " + appId);
        return new Call(session, end);
    }

    /**
     * Pings the client, or, when nothing at all came from it for one and a half intervals (so a ping went
     * unanswered), takes it for gone: a phone that lost its network sends no FIN. The timer thread.
     */
    private static void ping(ClientSocket socket, Outbox outbox, Duration interval) {
        Duration silence = socket.silence();
        if (silence.compareTo(interval.multipliedBy(3).dividedBy(2)) > 0) {
            socket.abort(CloseReason.DROPPED, "nothing from the client for " + silence.toMillis()
                    + " ms: pings unanswered");
        } else {
            outbox.ping();
        }
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
