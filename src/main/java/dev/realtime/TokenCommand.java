package dev.realtime;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import dev.realtime.auth.MintedToken;
import dev.realtime.auth.TokenService;
import dev.realtime.config.EngineConfig;
import dev.realtime.config.SecretStore;

/**
 * {@code engine token [--ttl SECONDS] [--app APP_ID]}: prints a fresh {@code ek_} token signed with the server's
 * secret, for operators. Runs on the main thread.
 */
final class TokenCommand {
    private TokenCommand() {
    }

    static int run(EngineConfig config, String[] args) {
        Optional<Duration> ttl = Optional.empty();
        String app = "ops";
        for (int i = 1; i < args.length; i++) {
            if ("--ttl".equals(args[i]) && i + 1 < args.length) {
                try {
                    long seconds = Long.parseLong(args[++i]);
                    if (seconds < 1) {
                        throw new NumberFormatException();
                    }
                    ttl = Optional.of(Duration.ofSeconds(seconds));
                } catch (NumberFormatException e) {
                    System.err.println("--ttl needs a positive number of seconds");
                    return 2;
                }
            } else if ("--app".equals(args[i]) && i + 1 < args.length) {
                app = args[++i];
            } else {
                System.err.println("usage: engine token [--ttl SECONDS] [--app APP_ID]");
                return 2;
            }
        }
        TokenService tokens = TokenService.create(SecretStore.jwtSecret(config), config.tokens().ttl(),
                                                  config.tokens().maxTtl(), Clock.systemUTC());
        MintedToken token = tokens.mint(app, ttl, Optional.empty());
        System.out.println(token.value());
        return 0;
    }
}
