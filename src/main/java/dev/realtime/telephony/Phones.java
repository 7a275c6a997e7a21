package dev.realtime.telephony;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.realtime.auth.SessionDefaults;
import dev.realtime.config.PhoneConfig;
import dev.realtime.protocol.Dialect;
import dev.realtime.session.Call;
import dev.realtime.session.SessionFactory;
import dev.realtime.session.SessionRefusedException;

/**
 * Where phone calls get their sessions, whichever way they arrive: one per engine, made by the composition root.
 * {@link #connect} runs on the transport's thread.
 */
public final class Phones {
    private static final System.Logger LOGGER = System.getLogger(Phones.class.getName());

    private final SessionFactory sessions;
    private final PhoneConfig config;
    private final Supplier<Duration> callLimit;
    private final ScheduledExecutorService timers;

    /**
     * @param sessions  the engine's sessions
     * @param config    routes and the goodbye line
     * @param callLimit the longest a session may last now (MAX_CALL_DURATION_MS)
     * @param timers    the engine's timer pool
     */
    public Phones(SessionFactory sessions, PhoneConfig config, Supplier<Duration> callLimit,
                  ScheduledExecutorService timers) {
        this.sessions = sessions;
        this.config = config;
        this.callLimit = callLimit;
        this.timers = timers;
    }

    /** The engine's timer pool, for a transport's own checks of its calls (tasks that never block). */
    public ScheduledExecutorService timers() {
        return timers;
    }

    /** Routes, the goodbye line and the apology. */
    public PhoneConfig config() {
        return config;
    }

    /**
     * Opens the session of a call and joins it to the call's media: the session takes and makes G.711 at 8 kHz in
     * the call's law, with server VAD.
     *
     * @param phone the call
     * @param leg   its media path
     * @return the bridge, whose {@link PhoneBridge#call()} is present
     * @throws SessionRefusedException when the engine is full or draining
     */
    public PhoneBridge connect(PhoneCall phone, PhoneLeg leg) {
        Goodbye goodbye = new Goodbye(config.goodbye());
        PhoneBridge bridge = new PhoneBridge(phone, leg, goodbye, new Apology(config.apology()));
        Call call = sessions.openCall(phone.appId(), new SessionDefaults(Dialect.GA, audio(phone), phone.preset()),
                                      bridge);
        bridge.attach(call);
        goodbye.schedule(timers, callLimit.get(), bridge);
        LOGGER.log(Level.INFO, () -> "call " + phone.callId() + " (" + phone.codec().gaType() + ", preset "
                + phone.preset().orElse("none") + ") is session " + call.sessionId());
        return bridge;
    }

    private static ObjectNode audio(PhoneCall phone) {
        ObjectNode session = JsonNodeFactory.instance.objectNode().put("type", "realtime");
        ObjectNode audio = session.putObject("audio");
        audio.putObject("input").putObject("format").put("type", phone.codec().gaType());
        audio.putObject("output").putObject("format").put("type", phone.codec().gaType());
        return session;
    }
}
