package dev.realtime.telephony.twilio;

import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import io.helidon.common.parameters.Parameters;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import dev.realtime.admin.PublicWsUrl;
import dev.realtime.config.EngineConfig;
import dev.realtime.config.PhoneConfig;
import dev.realtime.config.TwilioConfig;
import dev.realtime.telephony.CallMetrics;

/**
 * {@code POST /telephony/twilio/voice}: Twilio's incoming-call webhook. A request whose {@code X-Twilio-Signature}
 * does not match (when an auth token is configured) gets 403; otherwise the answer is TwiML that connects the call
 * to {@code /telephony/twilio/media} with the preset that {@code PHONE_ROUTES} gives the called number ({@code To})
 * as the stream's {@code preset} parameter, or, when the engine is full, a line saying so and a hang-up. Request
 * threads.
 */
final class TwilioVoice implements HttpService {
    private static final System.Logger LOGGER = System.getLogger(TwilioVoice.class.getName());
    static final String BUSY = "Sorry, all our lines are busy. Please call again later.";

    private final TwilioConfig twilio;
    private final EngineConfig.Edge edge;
    private final PhoneConfig phone;
    private final BooleanSupplier full;

    TwilioVoice(TwilioConfig twilio, EngineConfig.Edge edge, PhoneConfig phone, BooleanSupplier full) {
        this.twilio = twilio;
        this.edge = edge;
        this.phone = phone;
        this.full = full;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/voice", this::voice);
    }

    private void voice(ServerRequest req, ServerResponse res) {
        Parameters form;
        try {
            form = req.content().as(Parameters.class);
        } catch (RuntimeException e) {
            LOGGER.log(Level.INFO, "refused a Twilio webhook whose body is not a form: " + e.getMessage());
            res.status(Status.BAD_REQUEST_400).send("expected Twilio's application/x-www-form-urlencoded parameters");
            return;
        }
        String base = PublicWsUrl.base(edge, req.headers(), local(req));
        Optional<String> token = twilio.authToken();
        if (token.isPresent()) {
            String url = base.replaceFirst("^ws", "http") + req.prologue().uriPath().rawPath()
                    + (req.query().isEmpty() ? "" : "?" + req.query().rawValue());
            if (!TwilioSignature.valid(token.get(), url, params(form),
                                       req.headers().first(HeaderNames.create(TwilioSignature.HEADER)))) {
                LOGGER.log(Level.WARNING, "refused a Twilio webhook: no valid " + TwilioSignature.HEADER + " for "
                        + url);
                res.status(Status.FORBIDDEN_403).send("invalid " + TwilioSignature.HEADER);
                return;
            }
        }
        String callSid = form.first("CallSid").orElse("");
        String to = form.first("To").orElse("");
        res.header(HeaderValues.create(HeaderNames.CONTENT_TYPE, "text/xml; charset=UTF-8"));
        if (full.getAsBoolean()) {
            LOGGER.log(Level.WARNING, "call " + callSid + " to " + to + " refused: the engine is full");
            CallMetrics.refused("twilio");
            res.send(Twiml.sayAndHangUp(BUSY));
            return;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        phone.presetFor(to).ifPresent(p -> parameters.put("preset", p));
        LOGGER.log(Level.INFO, () -> "call " + callSid + " to " + to + " answered with a media stream (preset "
                + parameters.getOrDefault("preset", "none") + ")");
        res.send(Twiml.connect(base + TwilioRoutes.MEDIA, parameters));
    }

    private static Map<String, List<String>> params(Parameters form) {
        Map<String, List<String>> all = new LinkedHashMap<>();
        form.names().forEach(name -> all.put(name, form.all(name)));
        return all;
    }

    private static String local(ServerRequest req) {
        String host = req.localPeer().host();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + req.localPeer().port();
    }
}
