package dev.realtime;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import dev.realtime.auth.MintedToken;
import dev.realtime.auth.TokenLifetimeException;
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

    /**
     * Runs the command.
     *
     * @param config the engine's configuration (secret, token lifetimes)
     * @param args   the command line, {@code token} first
     * @param out    where the token goes
     * @param err    where problems go
     * @return the exit status: 0, or 2 for a bad command line (a lifetime above the maximum included)
     */
    static int run(EngineConfig config, String[] args, PrintStream out, PrintStream err) {
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
                    err.println("--ttl needs a positive number of seconds");
                    return 2;
                }
            } else if ("--app".equals(args[i]) && i + 1 < args.length) {
                app = args[++i];
            } else {
                err.println("usage: engine token [--ttl SECONDS] [--app APP_ID]");
                return 2;
            }
        }
        TokenService tokens = TokenService.create(SecretStore.jwtSecret(config), config.tokens().ttl(),
                                                  config.tokens().maxTtl(), Clock.systemUTC());
        try {
            MintedToken token = tokens.mint(app, ttl, Optional.empty());
            out.println(token.value());
            return 0;
        } catch (TokenLifetimeException e) {
            err.println("--ttl: " + e.getMessage());
            return 2;
        }
    }
}
