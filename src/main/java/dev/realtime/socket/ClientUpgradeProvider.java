package dev.realtime.socket;

import io.helidon.common.Weight;
import io.helidon.webserver.ProtocolConfigs;
import io.helidon.webserver.http1.spi.Http1UpgradeProvider;
import io.helidon.webserver.http1.spi.Http1Upgrader;
import io.helidon.webserver.websocket.WsConfig;

/**
 * Puts {@link ClientUpgrader} in place of Helidon's WebSocket upgrader, found by {@link java.util.ServiceLoader}
 * ({@code META-INF/services}). Helidon keeps the first upgrader per protocol from providers sorted by weight, so the
 * higher weight makes this one serve {@code Upgrade: websocket}; routes whose listener is not an
 * {@link EndpointListener} still get Helidon's connection through it.
 */
@Weight(ClientUpgradeProvider.WEIGHT)
public final class ClientUpgradeProvider implements Http1UpgradeProvider<WsConfig> {
    /** Above Helidon's default weight (100) of its own provider. */
    static final double WEIGHT = 200;

    /** For the service loader. */
    public ClientUpgradeProvider() {
    }

    @Override
    public String protocolType() {
        return "websocket";
    }

    @Override
    public Class<WsConfig> protocolConfigType() {
        return WsConfig.class;
    }

    @Override
    public Http1Upgrader create(WsConfig config, ProtocolConfigs configs) {
        return new ClientUpgrader(config);
    }
}
