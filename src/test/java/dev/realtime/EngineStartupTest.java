package dev.realtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.realtime.config.ConfigException;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** How the engine starts on configurations an operator gets wrong. */
class EngineStartupTest {
    @Test
    void aProviderWithoutItsKeyStopsTheStartWithAProblemNamingTheKey(@TempDir Path data) {
        // before: the start went on, and the providers' load died on a NoSuchElementException
        ConfigException e = assertThrows(ConfigException.class, () -> Engine.create(
                Map.of("STT_PROVIDER", "deepgram", "DATA_DIR", data.toString(), "PORT", "0"), Clock.systemUTC()));
        assertThat(e.problems().getFirst().setting(), is("DEEPGRAM_API_KEY"));
        assertThat(e.getMessage(), containsString("set DEEPGRAM_API_KEY"));
    }

    @Test
    void aRuntimeFileNamingAKeylessProviderDoesNotStopTheStart(@TempDir Path data) throws Exception {
        Files.createDirectories(data.resolve("config"));
        Files.writeString(data.resolve("config/runtime.yaml"), "stt: {provider: deepgram}\n");
        try (Engine engine = Engine.create(Map.of("DATA_DIR", data.toString(), "PORT", "0"), Clock.systemUTC())) {
            assertThat(engine.services().config().stt().provider(), is("local"));
            assertThat(engine.store().degraded().orElseThrow(), containsString("DEEPGRAM_API_KEY"));
        }
    }
}
