package dev.realtime.stt.local;

import java.nio.file.Path;
import java.time.Duration;

import dev.realtime.stt.SttException;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PocketSphinxTest {

    @Test
    void missingModelIsReportedNotThrown() {
        PocketSphinx.Probe probe = PocketSphinx.probe(Path.of("/nonexistent/pocketsphinx-model"));
        assertThat(probe.library().isPresent(), is(false));
        assertThat(probe.detail(), containsString("offline STT unavailable"));
        assertThat(probe.detail(), containsString("/nonexistent/pocketsphinx-model"));
        assertThat(probe.detail(), containsString("bin/install-offline"));
    }

    @Test
    void installedLibraryLoadsWithTheDebianModel() {
        PocketSphinx library = Fixtures.library();
        assertThat(library.model(), is(PocketSphinx.DEFAULT_MODEL));
        assertThat(PocketSphinx.probe().detail(), containsString("5prealpha"));
    }

    @Test
    void poolReusesItsDecoderAndRejectsWorkOnceClosed() throws InterruptedException {
        DecoderPool pool = DecoderPool.create(Fixtures.library(), 1);
        short[] time = Fixtures.TIME.samples();
        String first = pool.transcribe(time, time.length, Duration.ofSeconds(20));
        String again = pool.transcribe(time, time.length, Duration.ofSeconds(20));
        assertThat(again, is(first));
        assertThat(pool.created(), is(1));

        pool.close();
        assertThat(pool.awaitTermination(Duration.ofSeconds(10)), is(true));
        assertThat(pool.created(), is(0));
        SttException e = assertThrows(SttException.class,
                                      () -> pool.transcribe(time, time.length, Duration.ofSeconds(1)));
        assertThat(e.getMessage(), containsString("closed"));
    }

    @Test
    void poolSizeMustBePositive() {
        assertThat(DecoderPool.defaultSize() >= 1, is(true));
        assertThrows(IllegalArgumentException.class, () -> DecoderPool.create(Fixtures.library(), 0));
    }
}
