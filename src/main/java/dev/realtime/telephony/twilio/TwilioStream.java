package dev.realtime.telephony.twilio;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.helidon.common.buffers.BufferData;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.websocket.WsCloseCodes;
import io.helidon.websocket.WsSession;

import dev.realtime.admin.PublicWsUrl;
import dev.realtime.protocol.AudioFormat;
import dev.realtime.session.Outbox;
import dev.realtime.session.SessionRefusedException;
import dev.realtime.socket.ClientSocket;
import dev.realtime.socket.ConnectionEnded;
import dev.realtime.socket.EndpointListener;
import dev.realtime.socket.SocketLimits;
import dev.realtime.telephony.CallMetrics;
import dev.realtime.telephony.PhoneBridge;
import dev.realtime.telephony.PhoneCall;
import dev.realtime.telephony.Phones;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * {@code WS /telephony/twilio/media}: one Twilio Media Stream, one instance per connection. The upgrade must carry
 * Twilio's signature of its {@code wss://} URL (403 otherwise) when an auth token is configured. {@code start} opens
 * the call's session through {@link Phones#connect} with the preset named in its custom parameters; {@code media}
 * is the caller's μ-law, {@code dtmf} a key pressed, {@code mark} an echo of one of ours ({@link TwilioLeg}),
 * {@code stop} or the socket's end ends the session, and so does a stream gone silent ({@link SilenceWatch}). A
 * message that is malformed or out of place is logged and counted, and the call goes on. Every callback runs on the
 * connection's virtual thread; everything sent goes through one {@link Outbox}.
 */
final class TwilioStream implements EndpointListener {
    private static final System.Logger LOGGER = System.getLogger(TwilioStream.class.getName());
    static final String TRANSPORT = "twilio";
    /** The kinds of bad message counted ({@code realtime_phone_bad_messages_total{kind}}). */
    static final List<String> BAD_KINDS = List.of("malformed", "binary", "unknown_event", "start_again", "bad_start",
                                                  "media_before_start", "mark_before_start", "bad_payload", "bad_dtmf");
    private static final AtomicLong STREAMS = new AtomicLong();

    private final Phones phones;
    private final TwilioSettings settings;
    private final SocketLimits limits;
    private final AtomicBoolean ended = new AtomicBoolean();
    // set on the connection's thread; a stalled outbox ends the call from the session loop, so they are volatile
    private volatile Optional<Outbox> outbox = Optional.empty();
    private volatile Optional<TwilioLeg> leg = Optional.empty();
    private volatile Optional<PhoneBridge> bridge = Optional.empty();
    private volatile Optional<SilenceWatch> silence = Optional.empty();
    // written on the connection's thread, read by the silence watch too
    private volatile String callSid = "(before start)";

    TwilioStream(Phones phones, TwilioSettings settings) {
        this.phones = phones;
        this.settings = settings;
        this.limits = SocketLimits.of(settings.maxMessageBytes(), settings.writeTimeout());
    }

    @Override
    public SocketLimits limits() {
        return limits;
    }

    @Override
    public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) {
        settings.twilio().authToken().ifPresent(token -> TwilioSignature.checkUpgrade(
                token, PublicWsUrl.base(settings.edge(), headers, "localhost"), prologue, headers));
        return Optional.empty();
    }

    @Override
    public void onOpen(WsSession ws) {
        ClientSocket socket = (ClientSocket) ws;
        outbox = Optional.of(Outbox.start(socket, settings.outboxCapacity(), "twilio-" + STREAMS.incrementAndGet(),
                                          () -> end("Twilio stopped reading the stream")));
        silence = Optional.of(SilenceWatch.start(phones.timers(), socket, () -> callSid));
    }

    @Override
    public void onAsciiMessage(WsSession ws, byte[] message) {
        try {
            handle(StreamParser.parse(message));
        } catch (StreamEvent.BadMessage e) {
            bad(e.kind(), e.getMessage());
        }
    }

    @Override
    public void onMessage(WsSession ws, String text, boolean last) {
        onAsciiMessage(ws, text.getBytes(UTF_8));
    }

    @Override
    public void onMessage(WsSession ws, BufferData buffer, boolean last) {
        bad("binary", "a binary message (Twilio sends JSON text)");
    }

    @Override
    public void onPing(WsSession ws, BufferData buffer) {
        outbox.ifPresent(o -> o.pong(buffer.copy()));
    }

    private void handle(StreamEvent event) {
        switch (event) {
            case StreamEvent.Connected c -> LOGGER.log(Level.DEBUG, "Twilio media stream connected");
            case StreamEvent.Start s -> start(s);
            case StreamEvent.Media m -> media(m);
            case StreamEvent.Dtmf d -> dtmf(d.digit());
            case StreamEvent.Mark m -> leg.ifPresentOrElse(l -> l.marked(m.name()),
                                                           () -> bad("mark_before_start", "a mark before start"));
            case StreamEvent.Stop s -> end("Twilio stopped the stream");
        }
    }

    private void start(StreamEvent.Start start) {
        if (bridge.isPresent() || leg.isPresent() || outbox.isEmpty()) {
            bad("start_again", "a second start");
            return;
        }
        callSid = start.callSid();
        if (!start.supported()) {
            bad("bad_start", "a start without streamSid and callSid, or not audio/x-mulaw at 8000 Hz: " + start);
            refuse(WsCloseCodes.CANNOT_ACCEPT, "unsupported stream");
            return;
        }
        TwilioLeg opened = new TwilioLeg(outbox.get(), start.streamSid(), callSid);
        leg = Optional.of(opened);
        try {
            bridge = Optional.of(phones.connect(new PhoneCall(callSid, TRANSPORT, start.preset(), AudioFormat.PCMU),
                                                opened));
            CallMetrics.started(TRANSPORT);
        } catch (SessionRefusedException e) {
            LOGGER.log(Level.WARNING, "call " + callSid + " refused: " + e.getMessage());
            refuse(WsCloseCodes.TRY_AGAIN_LATER, "engine busy");
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, "call " + callSid + " could not open its session (preset "
                    + start.preset().orElse("none") + "): " + e.getMessage());
            refuse(WsCloseCodes.UNEXPECTED_CONDITION, "session failed");
        }
    }

    private void refuse(int code, String reason) {
        CallMetrics.refused(TRANSPORT);
        outbox.ifPresent(o -> o.close(code, reason));
    }

    private void media(StreamEvent.Media media) {
        if (bridge.isEmpty()) {
            bad("media_before_start", "media before start");
        } else if (media.inbound()) {
            bridge.get().hear(media.audio());
        }
    }

    private void dtmf(String digit) {
        if (bridge.isEmpty() || digit.length() != 1) {
            bad("bad_dtmf", "a dtmf event without a session or a single digit: '" + digit + "'");
            return;
        }
        bridge.get().dtmf(digit.charAt(0));
    }

    private void bad(String kind, String what) {
        CallMetrics.badMessage(TRANSPORT, kind);
        LOGGER.log(Level.INFO, () -> "call " + callSid + ": ignored " + what);
    }

    /** The stream ends (stop, closed socket, a stalled outbox): the session ends and the socket closes. */
    private void end(String detail) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        silence.ifPresent(SilenceWatch::stop);
        bridge.ifPresent(b -> {
            b.callerGone(detail);
            CallMetrics.ended(TRANSPORT);
        });
        outbox.ifPresent(o -> o.close(WsCloseCodes.NORMAL_CLOSE, "stream ended"));
    }

    @Override
    public void onClose(WsSession ws, int status, String reason) {
        end("Twilio closed the stream with " + status);
        outbox.ifPresent(Outbox::socketClosed);
    }

    @Override
    public void onError(WsSession ws, Throwable t) {
        end(t instanceof ConnectionEnded e ? "stream " + e.reason().label() + ": " + e.getMessage()
                    : "stream failed: " + t);
        outbox.ifPresent(Outbox::socketClosed);
    }
}
