package dev.realtime.socket;

import java.lang.System.Logger.Level;
import java.util.Optional;

import io.helidon.http.DirectHandler;
import io.helidon.http.Headers;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpPrologue;
import io.helidon.http.NotFoundException;
import io.helidon.http.RequestException;
import io.helidon.http.WritableHeaders;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.websocket.WsConfig;
import io.helidon.webserver.websocket.WsRouting;
import io.helidon.webserver.websocket.WsUpgrader;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsUpgradeException;

import static java.nio.charset.StandardCharsets.US_ASCII;

/**
 * Upgrades HTTP/1.1 requests to WebSocket. A route whose listener is an {@link EndpointListener} is served by a
 * {@link ClientConnection}, after the same handshake Helidon does (key, version, origins, the listener's
 * {@code onHttpUpgrade}, the {@code 101} with its headers); any other route is left to Helidon's own upgrader.
 * Runs on the connection's thread.
 */
final class ClientUpgrader extends WsUpgrader {
    private static final System.Logger LOGGER = System.getLogger(ClientUpgrader.class.getName());

    ClientUpgrader(WsConfig config) {
        super(config);
    }

    @Override
    public ServerConnection upgrade(ConnectionContext ctx, HttpPrologue prologue, WritableHeaders<?> headers) {
        Optional<String> key = headers.first(WS_KEY);
        Optional<WsListener> listener = key.flatMap(k -> listener(ctx, prologue));
        if (key.isEmpty() || !(listener.orElse(null) instanceof EndpointListener endpoint)) {
            return super.upgrade(ctx, prologue, headers);
        }
        String version = headers.first(WS_VERSION).orElse(SUPPORTED_VERSION);
        if (!SUPPORTED_VERSION.equals(version)) {
            throw RequestException.builder()
                    .type(DirectHandler.EventType.BAD_REQUEST)
                    .message("Unsupported WebSocket Version")
                    .header(SUPPORTED_VERSION_HEADER)
                    .build();
        }
        Optional<String> origin = headers.first(HeaderNames.ORIGIN);
        if (!anyOrigin() && origin.isPresent() && !origins().contains(origin.get())) {
            throw RequestException.builder()
                    .type(DirectHandler.EventType.FORBIDDEN)
                    .message("Invalid Origin")
                    .build();
        }
        String accept = hash(ctx, key.get());
        SocketLimits limits = endpoint.limits();
        Optional<Headers> upgradeHeaders;
        try {
            upgradeHeaders = endpoint.onHttpUpgrade(prologue, headers);
        } catch (WsUpgradeException e) {
            LOGGER.log(Level.TRACE, "WebSocket upgrade rejected", e);
            return null;
        }
        // the listener has accepted: the connection owes it exactly one end callback, so nothing may fail between
        // here and its handle(), which writes the 101 inside the try whose finally ends the connection
        return new ClientConnection(ctx, endpoint, limits, handshake(accept), upgradeHeaders);
    }

    /** The 101 response up to the listener's headers. */
    private static byte[] handshake(String accept) {
        return (SWITCHING_PROTOCOL_PREFIX + accept + "\r\n").getBytes(US_ASCII);
    }

    private static Optional<WsListener> listener(ConnectionContext ctx, HttpPrologue prologue) {
        try {
            return Optional.of(ctx.router().routing(WsRouting.class, WsRouting.empty()).findRoute(prologue)
                                       .listener());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }
}
