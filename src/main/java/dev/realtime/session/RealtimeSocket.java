package dev.realtime.session;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Optional;

import io.helidon.common.buffers.BufferData;
import io.helidon.http.DirectHandler;
import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.http.WritableHeaders;
import io.helidon.websocket.WsSession;

import dev.realtime.auth.AuthException;
import dev.realtime.auth.Authenticator;
import dev.realtime.auth.Credentials;
import dev.realtime.auth.Principal;
import dev.realtime.auth.TokenLedgerException;
import dev.realtime.protocol.Dialect;
import dev.realtime.protocol.EventCodec;
import dev.realtime.protocol.ProtocolException;
import dev.realtime.socket.ClientSocket;
import dev.realtime.socket.CloseReason;
import dev.realtime.socket.ConnectionEnded;
import dev.realtime.socket.EndpointListener;
import dev.realtime.socket.SocketLimits;

/**
 * The WebSocket endpoint {@code /v1/realtime}: one instance per connection. Admits the upgrade (refusing it with an
 * HTTP status, never a 101 then a close: 403 for a page whose origin is not allowed, 401 for a bad or used-up
 * credential, 503 when the engine or the fleet is full), picks the dialect, parses each message and hands it to the
 * session loop. It is served by the engine's own connection ({@link dev.realtime.socket.ClientConnection}), which
 * delivers whole, size-checked, UTF-8-checked messages and ends every admitted connection with exactly one
 * {@link #onClose} or {@link #onError}: both hand the end to the connection's {@link SessionEnd}. Every callback
 * runs on the connection's virtual thread.
 */
public final class RealtimeSocket implements EndpointListener {
    private static final System.Logger LOGGER = System.getLogger(RealtimeSocket.class.getName());
    private static final String BETA_SUBPROTOCOL = "openai-beta.realtime-v1";
    private static final HeaderName SUBPROTOCOL = HeaderNames.create("Sec-WebSocket-Protocol");

    private final SessionFactory factory;
    private final SocketLimits limits;
    private Optional<SessionEnd> end = Optional.empty();
    private Principal principal;
    private Dialect dialect = Dialect.GA;
    private boolean transcription;
    /** Whether the client asked for the engine's stage times ({@code ?timings=true}). */
    private boolean timings;
    private EventCodec codec;
    private Optional<SessionFactory.Opened> opened = Optional.empty();

    RealtimeSocket(SessionFactory factory, SocketLimits limits) {
        this.factory = factory;
        this.limits = limits;
    }

    @Override
    public SocketLimits limits() {
        return limits;
    }

    @Override
    public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) {
        Authenticator auth = factory.authenticator();
        Optional<String> origin = headers.first(HeaderNames.ORIGIN);
        Optional<String> foreign = auth.origins().refusal(origin);
        if (foreign.isPresent()) {
            LOGGER.log(Level.INFO, "refused realtime upgrade: {0}", foreign.get());
            throw refusal(Status.FORBIDDEN_403, foreign.get(), Optional.empty());
        }
        List<String> offered = Credentials.subprotocols(headers.all(SUBPROTOCOL, List::of));
        Optional<String> credential = Credentials.find(headers.first(HeaderNames.AUTHORIZATION),
                                                       headers.first(HeaderNames.create("api-key")),
                                                       offered,
                                                       prologue.query().first("token").asOptional());
        try {
            principal = auth.authenticate(credential);
        } catch (AuthException e) {
            throw unauthorized(e, credential.isPresent());
        }
        Admission.Place place = switch (factory.admit(principal.appId())) {
            case Admission.Refused refused -> {
                LOGGER.log(Level.WARNING, "refused realtime upgrade of app {0}: {1}", principal.appId(),
                           refused.reason());
                throw refusal(Status.SERVICE_UNAVAILABLE_503, refused.reason(),
                              Optional.of(HeaderValues.create(HeaderNames.RETRY_AFTER, "5")));
            }
            case Admission.Admitted admitted -> admitted.place();
        };
        try {
            // a single-use token is used up only by a session that opens, not by an upgrade refused for capacity
            auth.claim(principal);
        } catch (AuthException e) {
            place.release();
            throw unauthorized(e, true);
        } catch (TokenLedgerException e) {
            // never admit a token whose first use cannot be checked; the ledger has logged and counted the failure
            place.release();
            throw refusal(Status.SERVICE_UNAVAILABLE_503, e.getMessage(),
                          Optional.of(HeaderValues.create(HeaderNames.RETRY_AFTER, "5")));
        }
        // from here the slot belongs to the connection's end, which the connection owes exactly one end callback
        end = Optional.of(factory.admitted(place));
        boolean betaHeader = headers.first(HeaderNames.create("OpenAI-Beta"))
                .map(v -> v.contains("realtime=v1")).orElse(false);
        dialect = betaHeader || offered.contains(BETA_SUBPROTOCOL) ? Dialect.BETA : Dialect.GA;
        transcription = prologue.query().first("intent").asOptional().map("transcription"::equals).orElse(false);
        timings = prologue.query().first("timings").asOptional().map("true"::equalsIgnoreCase).orElse(false);
        WritableHeaders<?> response = WritableHeaders.create();
        if (!offered.isEmpty()) {
            response.set(SUBPROTOCOL, "realtime");
        }
        return Optional.of(response);
    }

    /**
     * A 401 whose {@code WWW-Authenticate} says why (RFC 6750 {@code error_description}); a request without any
     * credential gets the bare challenge, as RFC 6750 asks.
     */
    private static RequestException unauthorized(AuthException e, boolean presented) {
        LOGGER.log(Level.INFO, "refused realtime upgrade: {0}", e.getMessage());
        String challenge = presented
                ? "Bearer error=\"invalid_token\", error_description=\"" + e.getMessage().replace('"', '\'') + "\""
                : "Bearer";
        return refusal(Status.UNAUTHORIZED_401, e.getMessage(),
                       Optional.of(HeaderValues.create(HeaderNames.WWW_AUTHENTICATE, challenge)));
    }

    /** Answers the upgrade request with an HTTP error instead of switching protocols. */
    private static RequestException refusal(Status status, String message, Optional<Header> header) {
        RequestException.Builder refusal = RequestException.builder()
                .type(DirectHandler.EventType.OTHER)
                .status(status)
                .message(message)
                .safeMessage(true);
        header.ifPresent(refusal::header);
        return refusal.build();
    }

    @Override
    public void onOpen(WsSession ws) {
        codec = EventCodec.create(dialect);
        opened = factory.open(end.orElseThrow(), (ClientSocket) ws, codec, principal, transcription, timings);
    }

    /** A whole message: the connection reassembles fragments, checks the size and decodes UTF-8 once. */
    @Override
    public void onMessage(WsSession ws, String text, boolean last) {
        opened.ifPresent(o -> {
            try {
                o.session().post(new SessionMessage.Inbound(codec.parse(text)));
            } catch (ProtocolException e) {
                o.session().post(new SessionMessage.Rejected(e));
            }
        });
    }

    /** A whole all-ASCII message (every append), parsed from its bytes: no String is built for it. */
    @Override
    public void onAsciiMessage(WsSession ws, byte[] message) {
        opened.ifPresent(o -> {
            try {
                o.session().post(new SessionMessage.Inbound(codec.parse(message)));
            } catch (ProtocolException e) {
                o.session().post(new SessionMessage.Rejected(e));
            }
        });
    }

    @Override
    public void onMessage(WsSession ws, BufferData buffer, boolean last) {
        opened.ifPresent(o -> o.session().post(new SessionMessage.Rejected(ProtocolException.invalid(
                "invalid_event", "Binary frames are not supported; send each event as a JSON text message."))));
    }

    @Override
    public void onPing(WsSession ws, BufferData buffer) {
        opened.ifPresent(o -> o.outbox().pong(buffer.copy()));
    }

    @Override
    public void onClose(WsSession ws, int status, String reason) {
        end.ifPresent(e -> e.socketEnded(CloseReason.CLIENT, "client closed with " + status
                + (reason.isEmpty() ? "" : " " + reason)));
    }

    @Override
    public void onError(WsSession ws, Throwable t) {
        if (t instanceof ConnectionEnded ended) {
            end.ifPresent(e -> e.socketEnded(ended.reason(), ended.getMessage()));
        } else {
            LOGGER.log(Level.WARNING, "realtime socket failed", t);
            end.ifPresent(e -> e.socketEnded(CloseReason.SERVER, String.valueOf(t)));
        }
    }
}
