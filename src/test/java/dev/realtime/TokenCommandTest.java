package dev.realtime;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.realtime.config.EngineConfig;
import dev.realtime.config.EnvConfig;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/** {@code engine token}: a lifetime above the maximum exits non-zero with a message instead of a shorter token. */
class TokenCommandTest {
    private record Run(int status, String out, String err) {
    }

    private static Run run(EngineConfig config, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = TokenCommand.run(config, args, new PrintStream(out, true, StandardCharsets.UTF_8),
                                      new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void ttlAboveTheMaximumExitsNonZeroNamingIt(@TempDir Path data) {
        EngineConfig config = EnvConfig.load(Map.of("DATA_DIR", data.toString(), "TOKEN_MAX_TTL_SECONDS", "600"));
        Run refused = run(config, "token", "--ttl", "601");
        assertThat(refused.status(), is(2));
        assertThat(refused.out(), is(""));
        assertThat(refused.err(), containsString("at most 600 seconds (TOKEN_MAX_TTL_SECONDS)"));
        Run granted = run(config, "token", "--ttl", "600");
        assertThat(granted.err(), granted.status(), is(0));
        assertThat(granted.out(), startsWith("ek_"));
    }
}
