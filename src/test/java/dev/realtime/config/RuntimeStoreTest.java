package dev.realtime.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RuntimeStoreTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    private static RuntimeStore store(Path dir, Map<String, String> env, String yaml) throws IOException {
        Path file = dir.resolve("config").resolve("runtime.yaml");
        if (!yaml.isEmpty()) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, yaml);
        }
        return RuntimeStore.open(env, file, dir.resolve("no-presets.yaml"));
    }

    @Test
    void apiOverFileOverEnvironment(@TempDir Path dir) throws Exception {
        RuntimeStore store = store(dir, Map.of("DEFAULT_VOICE", "env-voice", "CONTEXT_MAX_ITEMS", "7",
                                               "OUTBOX_CAPACITY", "100"),
                                   "voices: {default_voice: file-voice}\nlimits: {context_max_items: 9}\n");
        assertThat(store.current().config().session().voice(), is("file-voice"));
        assertThat(store.current().config().session().contextMaxItems(), is(9));
        assertThat(store.current().config().session().outboxCapacity(), is(100));
        store.apply(json("{\"voices\":{\"default_voice\":\"api-voice\"}}"));
        assertThat(store.current().config().session().voice(), is("api-voice"));
        assertThat(store.source(ConfigKeys.byPath("voices.default_voice").orElseThrow()), is("api"));
        assertThat(store.source(ConfigKeys.byPath("limits.context_max_items").orElseThrow()), is("file"));
        assertThat(store.source(ConfigKeys.byPath("limits.outbox_capacity").orElseThrow()), is("env"));
        assertThat(store.source(ConfigKeys.byPath("limits.context_max_chars").orElseThrow()), is("default"));
        RuntimeStore restarted = store(dir, Map.of("DEFAULT_VOICE", "env-voice"), "");
        assertThat("the API change was persisted", restarted.current().config().session().voice(), is("api-voice"));
    }

    @Test
    void invalidPatchListsEveryProblemAndChangesNothing(@TempDir Path dir) throws Exception {
        RuntimeStore store = store(dir, Map.of(), "voices: {default_voice: kept}\n");
        byte[] before = Files.readAllBytes(dir.resolve("config/runtime.yaml"));
        ConfigException e = assertThrows(ConfigException.class, () -> store.apply(json(
                "{\"llm\":{\"provider\":\"skynet\"},\"limits\":{\"outbox_capacity\":2},\"colour\":\"blue\","
                        + "\"server\":{\"port\":1},\"tools\":[{\"name\":\"x\"}]}")));
        List<String> problems = e.problems().stream().map(Object::toString).toList();
        assertThat(problems, hasItem(containsString("llm.provider: 'skynet' is not one of")));
        assertThat(problems, hasItem(containsString("limits.outbox_capacity: 2 is outside")));
        assertThat(problems, hasItem("colour: unknown key"));
        assertThat(problems, hasItem(containsString("server.port: is fixed at startup; set PORT")));
        assertThat(problems, hasItem(containsString("tools[0].description: is required")));
        assertThat(Files.readAllBytes(dir.resolve("config/runtime.yaml")), is(before));
        assertThat(store.current().config().session().voice(), is("kept"));
    }

    @Test
    void crashBeforeTheRenameLeavesTheOldFileWhole(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("runtime.yaml");
        Files.writeString(file, "voices: {default_voice: old}\n");
        YamlFile crashing = new YamlFile(file, (from, to) -> {
            throw new IOException("simulated crash before rename");
        });
        RuntimeStore store = new RuntimeStore(Map.of(), crashing, Presets.load(dir.resolve("none.yaml")));
        assertThrows(UncheckedIOException.class, () -> store.apply(json("{\"voices\":{\"default_voice\":\"new\"}}")));
        assertThat(Files.readString(file), is("voices: {default_voice: old}\n"));
        assertThat(store.current().config().session().voice(), is("old"));
        try (var files = Files.list(dir)) {
            assertThat("no temporary file is left behind",
                       files.filter(f -> f.getFileName().toString().endsWith(".tmp")).count(), is(0L));
        }
    }

    @Test
    void concurrentPatchesAreAllKept(@TempDir Path dir) throws Exception {
        RuntimeStore store = store(dir, Map.of(), "");
        List<Callable<RuntimeSnapshot>> puts = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String patch = "{\"presets\":{\"p" + i + "\":{\"voices\":{\"default_voice\":\"v" + i + "\"}}}}";
            puts.add(() -> store.apply(json(patch)));
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<RuntimeSnapshot> f : pool.invokeAll(puts)) {
                f.get();
            }
        }
        assertThat(store.presets().size(), is(24));
        RuntimeStore reread = store(dir, Map.of(), "");
        assertThat(reread.presets().size(), is(24));
    }

    @Test
    void brokenFileOnReloadKeepsTheRunningConfig(@TempDir Path dir) throws Exception {
        RuntimeStore store = store(dir, Map.of(), "voices: {default_voice: good}\n");
        Files.writeString(dir.resolve("config/runtime.yaml"), "voices: [unclosed\n");
        assertThrows(ConfigException.class, store::reload);
        Files.writeString(dir.resolve("config/runtime.yaml"), "llm: {provider: skynet}\n");
        assertThrows(ConfigException.class, store::reload);
        assertThat(store.poll(), is(false));
        assertThat(store.poll(), is(false));
        assertThat(store.current().config().session().voice(), is("good"));
    }

    @Test
    void externalEditIsPickedUpByPolling(@TempDir Path dir) throws Exception {
        RuntimeStore store = store(dir, Map.of(), "voices: {default_voice: one}\n");
        List<String> seen = new ArrayList<>();
        store.onChange(s -> seen.add(s.config().session().voice()));
        assertThat(store.poll(), is(false));
        Files.writeString(dir.resolve("config/runtime.yaml"), "voices: {default_voice: tw");
        assertThat("a half-written file is not taken", store.poll(), is(false));
        Files.writeString(dir.resolve("config/runtime.yaml"), "voices: {default_voice: two}\n");
        assertThat("a change is taken once two polls agree", store.poll(), is(false));
        assertThat(store.poll(), is(true));
        assertThat(seen, is(List.of("two")));
        assertThat(store.current().config().session().voice(), is("two"));
    }

    @Test
    void presetsComeFromTheShippedFileAndTheRuntimeFile(@TempDir Path dir) throws Exception {
        Path shipped = dir.resolve("presets.yaml");
        Files.writeString(shipped, "quiet: {voices: {default_voice: sage}}\nlocal: {llm: {provider: offline}}\n");
        Path file = dir.resolve("runtime.yaml");
        Files.writeString(file, "presets: {quiet: {voices: {default_voice: ash}}}\n");
        RuntimeStore store = RuntimeStore.open(Map.of("GROQ_API_KEY", "k"), file, shipped);
        assertThat(store.presets().keySet(), is(Set.of("quiet", "local")));
        assertThat(store.withPreset("quiet").config().session().voice(), is("ash"));
        assertThat(store.current().config().llm().provider(), is("groq"));
        store.apply(json("{\"preset\":\"local\",\"voices\":{\"default_voice\":\"echo\"}}"));
        assertThat(store.current().config().llm().provider(), is("offline"));
        assertThat(store.current().config().session().voice(), is("echo"));
        assertThrows(ConfigException.class, () -> store.apply(json("{\"preset\":\"nope\"}")));
    }

    @Test
    void shippedPresetsAreValid() {
        RuntimeStore store = RuntimeStore.open(Map.of("GROQ_API_KEY", "g", "OPENROUTER_API_KEY", "r",
                                                      "OPENAI_API_KEY", "o", "DEEPGRAM_API_KEY", "d"),
                                               Path.of("target/no-such-runtime.yaml"), Path.of("etc/presets.yaml"));
        for (String name : List.of("groq-deepgram", "openrouter-deepgram", "openai", "local-offline")) {
            assertThat(store.withPreset(name).config().llm().provider().isEmpty(), is(false));
        }
    }

    @Test
    void documentedExampleIsValid() throws Exception {
        String example = Files.readString(Path.of("etc/runtime.example.yaml")).replace("api_key: ...", "api_key: x");
        RuntimeStore store = RuntimeStore.open(Map.of("SHOP_API_TOKEN", "t"), writeTemp(example),
                                               Path.of("etc/presets.yaml"));
        assertThat(store.current().tools().names(), is(Set.of("lookup_order")));
        assertThat(store.presets().containsKey("night-shift"), is(true));
    }

    private static Path writeTemp(String text) throws IOException {
        Path file = Files.createTempFile("runtime-example", ".yaml");
        Files.writeString(file, text);
        file.toFile().deleteOnExit();
        return file;
    }

    @Test
    void aChangeWhoseProvidersCannotBeBuiltChangesNothing(@TempDir Path dir) throws Exception {
        RuntimeStore store = store(dir, Map.of(), "voices: {default_voice: kept}\n");
        byte[] before = Files.readAllBytes(dir.resolve("config/runtime.yaml"));
        List<String> activated = new ArrayList<>();
        store.activation(next -> {
            if (next.config().session().voice().equals("broken")) {
                throw new ConfigException("(providers): cannot be built");
            }
            return () -> activated.add(next.config().session().voice());
        });
        assertThrows(ConfigException.class, () -> store.apply(json("{\"voices\":{\"default_voice\":\"broken\"}}")));
        assertThat(Files.readAllBytes(dir.resolve("config/runtime.yaml")), is(before));
        assertThat(store.current().config().session().voice(), is("kept"));
        store.apply(json("{\"voices\":{\"default_voice\":\"fine\"}}"));
        assertThat(activated, is(List.of("fine")));
    }

    @Test
    void aKeylessProviderIsRefusedBeforeAnythingIsWritten(@TempDir Path dir) throws Exception {
        RuntimeStore store = store(dir, Map.of(), "");
        ConfigException e = assertThrows(ConfigException.class, () -> store.apply(
                json("{\"stt\":{\"provider\":\"deepgram\"}}")));
        assertThat(e.problems().getFirst().setting(), is("deepgram.api_key"));
        assertThat(e.getMessage(), containsString("DEEPGRAM_API_KEY"));
        assertThat(Files.exists(dir.resolve("config/runtime.yaml")), is(false));
    }

    @Test
    void anUnusableFileAtStartupFallsBackToTheLastGoodOneUntilRepaired(@TempDir Path dir) throws Exception {
        RuntimeStore first = store(dir, Map.of(), "voices: {default_voice: good}\n");
        first.apply(json("{\"limits\":{\"context_max_items\":7}}"));
        Path file = dir.resolve("config/runtime.yaml");
        Files.writeString(file, "voices: {default_voice: [broken\n");
        RuntimeStore restarted = store(dir, Map.of(), "");
        assertThat(restarted.current().config().session().voice(), is("good"));
        assertThat(restarted.current().config().session().contextMaxItems(), is(7));
        assertThat(restarted.degraded().orElseThrow(), containsString("last good configuration"));
        assertThat("the broken file is left for the operator to see", Files.readString(file),
                   containsString("[broken"));
        assertThat("polling does not retry the same broken content", restarted.poll() || restarted.poll(), is(false));
        restarted.apply(json("{\"voices\":{\"default_voice\":\"repaired\"}}"));
        assertThat(restarted.degraded().isPresent(), is(false));
        assertThat(store(dir, Map.of(), "").current().config().session().voice(), is("repaired"));
    }

    @Test
    void withoutALastGoodCopyTheEnvironmentAloneServes(@TempDir Path dir) throws Exception {
        RuntimeStore store = store(dir, Map.of("DEFAULT_VOICE", "env-voice"), "stt: {provider: deepgram}\n");
        assertThat(store.current().config().session().voice(), is("env-voice"));
        assertThat(store.current().config().stt().provider(), is("local"));
        assertThat(store.degraded().orElseThrow(), containsString("DEEPGRAM_API_KEY"));
        assertThat(store.degraded().orElseThrow(), containsString("environment alone"));
        Files.writeString(dir.resolve("config/runtime.yaml"), "voices: {default_voice: fixed}\n");
        store.reload();
        assertThat(store.current().config().session().voice(), is("fixed"));
        assertThat(store.degraded().isPresent(), is(false));
    }

    @Test
    void anInvalidEnvironmentStillStopsTheStart(@TempDir Path dir) {
        ConfigException e = assertThrows(ConfigException.class,
                                         () -> store(dir, Map.of("STT_PROVIDER", "deepgram"), ""));
        assertThat(e.getMessage(), containsString("DEEPGRAM_API_KEY"));
    }

    @Test
    void aliasesShowTheirNameAsTheSource(@TempDir Path dir) throws Exception {
        RuntimeStore store = store(dir, Map.of("VAD_MIN_SILENCE_MS", "650", "VAD_ENABLED", "false"), "");
        assertThat(store.current().config().session().turnDetection().silenceDurationMs(), is(650));
        assertThat(store.source(ConfigKeys.byPath("turn_detection.silence_duration_ms").orElseThrow()),
                   is("env (VAD_MIN_SILENCE_MS)"));
        assertThat(store.source(ConfigKeys.byPath("turn_detection.type").orElseThrow()), is("env (VAD_ENABLED)"));
        assertThat(store.source(ConfigKeys.byPath("turn_detection.threshold").orElseThrow()), is("default"));
    }

    @Test
    void unfinishedWritesLeftByAKillAreDeletedOnceTheyAreStale(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("config"));
        Path stale = Files.writeString(folder.resolve(".runtime-123.yaml.tmp"), "voices: {default_voice: half");
        Files.setLastModifiedTime(stale, FileTime.from(
                Instant.now().minusSeconds(3600)));
        Path young = Files.writeString(folder.resolve(".runtime-456.yaml.tmp"), "another process writing");
        Path other = Files.writeString(folder.resolve("notes.tmp"), "not ours");
        Files.setLastModifiedTime(other, FileTime.from(
                Instant.now().minusSeconds(3600)));
        RuntimeStore store = store(dir, Map.of(), "voices: {default_voice: kept}\n");
        assertThat(Files.exists(stale), is(false));
        assertThat("a write that may still be in progress elsewhere is left alone", Files.exists(young), is(true));
        assertThat(Files.exists(other), is(true));
        Files.setLastModifiedTime(young, FileTime.from(
                Instant.now().minusSeconds(3600)));
        store.poll();
        assertThat("polling deletes it once it is stale", Files.exists(young), is(false));
        assertThat(store.current().config().session().voice(), is("kept"));
    }

    @Test
    void aChangeTheNextStartCouldNotReadIsRefusedAndNothingIsWritten(@TempDir Path dir) throws Exception {
        RuntimeStore store = store(dir, Map.of(), "voices: {default_voice: kept}\n");
        Path file = dir.resolve("config").resolve("runtime.yaml");
        String longText = "x".repeat(EnvValues.MAX_LONG_TEXT);
        var presets = JSON.createObjectNode();
        for (int i = 0; i * EnvValues.MAX_LONG_TEXT <= YamlFile.MAX_CHARS; i++) {
            presets.putObject("p" + i).putObject("voices").put("instructions", longText);
        }
        var patch = JSON.createObjectNode().set("presets", presets);
        ConfigException e = assertThrows(ConfigException.class, () -> store.apply(patch));
        assertThat(e.getMessage(), containsString("at most " + YamlFile.MAX_CHARS));
        assertThrows(ConfigException.class, () -> store.validate(patch));
        assertThat(Files.readString(file), is("voices: {default_voice: kept}\n"));
        ConfigException tooLong = assertThrows(ConfigException.class, () -> store.apply(json(
                "{\"voices\":{\"instructions\":\"" + longText + "x\"}}")));
        assertThat(tooLong.problems().getFirst().setting(), is("voices.instructions"));
        assertThat(store(dir, Map.of(), "").current().config().session().voice(), is("kept"));
    }
}
