package dev.realtime.telephony.twilio;

import java.lang.System.Logger.Level;
import java.util.function.Supplier;

import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.websocket.WsRouting;

import dev.realtime.Engine;
import dev.realtime.config.EngineConfig;
import dev.realtime.session.SessionServices;
import dev.realtime.telephony.CallMetrics;

/**
 * Twilio's two endpoints on the engine's server: the voice webhook and the media stream. Served only with
 * {@code TWILIO_AUTH_TOKEN} set (every request verified) or {@code TWILIO_ENABLED=true} (none verified, with a
 * warning); otherwise not routed, so both answer 404. Called once, by the composition root.
 */
public final class TwilioRoutes {
    /** The webhook's path: the URL to give Twilio's console. */
    public static final String VOICE = "/telephony/twilio/voice";
    /** The media stream's path, named in the TwiML the webhook answers with. */
    public static final String MEDIA = "/telephony/twilio/media";
    private static final System.Logger LOGGER = System.getLogger(TwilioRoutes.class.getName());

    private TwilioRoutes() {
    }

    /**
     * Adds the routes when Twilio is on.
     *
     * @param http   the server's HTTP routing
     * @param ws     its WebSocket routing
     * @param engine the engine
     */
    public static void register(HttpRouting.Builder http, WsRouting.Builder ws, Engine engine) {
        EngineConfig config = engine.config();
        if (!config.twilio().served()) {
            return;
        }
        if (config.twilio().unverified()) {
            LOGGER.log(Level.WARNING, "TWILIO_ENABLED=true without TWILIO_AUTH_TOKEN: " + VOICE + " and " + MEDIA
                    + " accept requests without Twilio's signature; anyone who reaches them can start calls");
        }
        CallMetrics.register(TwilioStream.TRANSPORT, TwilioStream.BAD_KINDS);
        Supplier<TwilioSettings> settings = () -> {
            SessionServices services = engine.services();
            return new TwilioSettings(config.twilio(), config.edge(), services.config().session().writeTimeout(),
                                      services.config().session().outboxCapacity());
        };
        http.register("/telephony/twilio", new TwilioVoice(config.twilio(), config.edge(), config.phone(),
                () -> engine.sessions().openSessions() >= engine.services().config().maxSessions()));
        ws.endpoint(MEDIA, () -> new TwilioStream(engine.phones(), settings.get()));
    }
}
