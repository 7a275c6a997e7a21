package dev.realtime.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The store over a shared layer whose other writers always come first: a change is made again on each newer layer
 * a few times, then refused with a conflict that changes nothing here; what it made on the way is never taken.
 */
class SharedLayerStoreTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A layer another replica writes to between every read and write of this one. */
    private static final class Contended implements SharedLayer {
        private final List<Long> basedOn = new ArrayList<>();
        private Stored stored;

        Contended(Stored start) {
            this.stored = start;
        }

        @Override
        public Stored join(Stored mine) {
            return stored;
        }

        @Override
        public long version() {
            return stored.version();
        }

        @Override
        public OptionalLong write(long base, ObjectNode tree) {
            basedOn.add(base);
            ObjectNode theirs = stored.tree().deepCopy();
            theirs.putObject("voices").put("default_voice", "voice-" + (stored.version() + 1));
            stored = new Stored(stored.version() + 1, theirs); // the other replica's write lands first
            return OptionalLong.empty();
        }
    }

    @Test
    void aChangeThatKeepsLosingIsAConflictAndChangesNothing(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("runtime.yaml");
        Files.writeString(file, "voices: {default_voice: sage}\n");
        RuntimeStore store = RuntimeStore.open(Map.of(), file, dir.resolve("no-presets.yaml"));
        Contended layer = new Contended(new SharedLayer.Stored(7, (ObjectNode) JSON.readTree(
                "{\"voices\":{\"default_voice\":\"ash\"}}")));
        store.share(layer);
        assertThat(store.version(), is(7L));
        assertThat(store.current().config().session().voice(), is("ash"));
        List<String> built = new ArrayList<>();
        store.activation(next -> {
            built.add(next.config().session().voice());
            return () -> { };
        });

        ConfigConflictException e = assertThrows(ConfigConflictException.class, () -> store.apply(
                JSON.readTree("{\"voices\":{\"instructions\":\"Be brief.\"}}")));
        assertThat(e.getMessage(), containsString("nothing changed"));
        assertThat("each attempt is based on the newest layer", layer.basedOn, is(List.of(7L, 8L, 9L, 10L, 11L)));
        assertThat("and made again on it", built, is(List.of("ash", "voice-8", "voice-9", "voice-10", "voice-11")));
        assertThat(store.version(), is(7L));
        assertThat(store.current().config().session().instructions().contains("Be brief."), is(false));
        assertThat("the file stays the bootstrap", Files.readString(file), is("voices: {default_voice: sage}\n"));
    }
}
