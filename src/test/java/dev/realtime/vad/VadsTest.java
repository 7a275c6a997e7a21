package dev.realtime.vad;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class VadsTest {

    @TempDir
    Path dir;

    @Test
    void missingModelFallsBackToEnergy() {
        Path missing = dir.resolve("silero_vad.onnx");
        Vad vad = Vads.load(Optional.of(missing));
        assertThat(vad.name(), is("energy"));
        assertThat(Vads.modelBased(vad), is(false));
        VadException e = assertThrows(VadException.class, () -> SileroVad.load(missing));
        assertThat(e.getMessage(), containsString("bin/fetch-silero"));
    }

    @Test
    void corruptModelFallsBackToEnergy() throws IOException {
        Path corrupt = Files.write(dir.resolve("silero_vad.onnx"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        assertThat(Vads.load(Optional.of(corrupt)).name(), is("energy"));
        VadException e = assertThrows(VadException.class, () -> SileroVad.load(corrupt));
        assertThat(e.getMessage(), containsString("bin/fetch-silero"));
    }

    @Test
    void presentModelLoadsSilero() {
        Vad vad = Vads.load(Optional.of(TestAudio.sileroModel()));
        try {
            assertThat(vad, instanceOf(SileroVad.class));
            assertThat(vad.name(), is("silero"));
            assertThat(Vads.modelBased(vad), is(true));
        } finally {
            ((SileroVad) vad).close();
        }
    }
}
