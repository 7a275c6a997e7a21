package dev.realtime.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.realtime.Engine;
import dev.realtime.auth.SessionDefaults;
import dev.realtime.llm.FakeChatServer;

/**
 * Owns a {@link TestEngine} and the fake upstreams it talks to for a test class or for each test: registered on a
 * static field it starts them once before all tests and closes them after all; on an instance field, before and
 * after each test. The engine is closed first, then the fakes in reverse order of start.
 *
 * <p>For example {@code @RegisterExtension static final EngineExtension engine = EngineExtension.withLlm(Map.of())},
 * then {@code engine.llm().enqueue(...)} and {@code WsTestClient.connect(engine.wsUri(), engine.token())} in tests.
 *
 * <p>Why not Helidon's {@code @ServerTest}/{@code @SetUpServer}: that fixture builds one server per class from a
 * static method and owns nothing but the server. The engine is an object built from an environment map (and the
 * fakes' random ports) that must be closed after the server stops and is needed by the tests to mint tokens; some
 * classes need a fresh engine per test or restart it on the same data folder, and the fixture also layers the
 * classpath {@code server} config over the builder. A small extension over {@link TestEngine} keeps the one path
 * ({@code Main.setup(builder, engine)}) the process uses, and covers all these cases.
 *
 * <p>JUnit calls the callbacks on the test's thread; the accessors are for that thread too.
 */
public final class EngineExtension implements RunningEngine, BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
                                              AfterEachCallback {
    private final BiFunction<EngineExtension, Fakes, TestEngine> starter;
    private Optional<Fakes> fakes = Optional.empty();
    private Optional<TestEngine> engine = Optional.empty();
    private Optional<FakeChatServer> llm = Optional.empty();
    private boolean perClass;

    private EngineExtension(BiFunction<EngineExtension, Fakes, TestEngine> starter) {
        this.starter = starter;
    }

    /** An engine configured by the environment map only (an empty value removes a default). */
    public static EngineExtension withEnv(Map<String, String> env) {
        return starting(fakes -> TestEngine.start(env));
    }

    /** An engine with {@code DATA_DIR/config/runtime.yaml} written first. */
    public static EngineExtension withEnv(Map<String, String> env, String runtimeYaml) {
        return starting(fakes -> TestEngine.start(env, runtimeYaml));
    }

    /** An engine whose LLM is a {@link FakeChatServer} (see {@link #llm()}) that accepts any key. */
    public static EngineExtension withLlm(Map<String, String> extra) {
        return withLlm(Optional.empty(), extra);
    }

    /** An engine whose LLM is a {@link FakeChatServer} that accepts only {@code expectedKey}. */
    public static EngineExtension withLlm(String expectedKey, Map<String, String> extra) {
        return withLlm(Optional.of(expectedKey), extra);
    }

    /**
     * An engine built by {@code starter}, which starts the fakes it needs through {@link Fakes#start} so that they
     * are closed after the engine.
     */
    public static EngineExtension starting(Function<Fakes, TestEngine> starter) {
        return new EngineExtension((self, fakes) -> starter.apply(fakes));
    }

    private static EngineExtension withLlm(Optional<String> expectedKey, Map<String, String> extra) {
        return new EngineExtension((self, fakes) -> {
            FakeChatServer chat = fakes.start(() -> expectedKey.map(FakeChatServer::start)
                    .orElseGet(FakeChatServer::start));
            self.llm = Optional.of(chat);
            return TestEngine.withLlm(chat.baseUrl(), extra);
        });
    }

    /**
     * This extension, starting nothing and skipping the tests when {@code holds} is false (a native library missing,
     * say).
     */
    public EngineExtension assuming(BooleanSupplier holds, Supplier<String> why) {
        return new EngineExtension((self, fakes) -> {
            Assumptions.assumeTrue(holds.getAsBoolean(), why);
            return starter.apply(self, fakes);
        });
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        perClass = true;
        open();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!perClass) {
            open();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) {
            close();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    private void open() {
        Fakes started = new Fakes();
        fakes = Optional.of(started);
        try {
            engine = Optional.of(starter.apply(this, started));
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    private void close() {
        try {
            engine.ifPresent(TestEngine::close);
        } finally {
            engine = Optional.empty();
            llm = Optional.empty();
            fakes.ifPresent(Fakes::close);
            fakes = Optional.empty();
        }
    }

    /** Stops the engine and starts a new one on its environment and data folder, as a process restart would. */
    public void restart() {
        restart(Optional.empty());
    }

    /** As {@link #restart()}, with {@code DATA_DIR/config/runtime.yaml} replaced while the engine is stopped. */
    public void restartWith(String runtimeYaml) {
        restart(Optional.of(runtimeYaml));
    }

    private void restart(Optional<String> runtimeYaml) {
        TestEngine stopped = testEngine();
        engine = Optional.empty();
        stopped.close();
        runtimeYaml.ifPresent(text -> write(stopped.runtimeFile(), text));
        engine = Optional.of(TestEngine.restart(stopped));
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The running engine. */
    public TestEngine testEngine() {
        return engine.orElseThrow(() -> new IllegalStateException("no engine running outside a test"));
    }

    /** The fake chat server of {@link #withLlm}. */
    public FakeChatServer llm() {
        return llm.orElseThrow(() -> new IllegalStateException("this engine has no fake LLM"));
    }

    @Override
    public Engine engine() {
        return testEngine().engine();
    }

    @Override
    public int port() {
        return testEngine().port();
    }

    @Override
    public String token() {
        return testEngine().token();
    }

    @Override
    public String token(SessionDefaults defaults) {
        return testEngine().token(defaults);
    }

    @Override
    public Path runtimeFile() {
        return testEngine().runtimeFile();
    }
}
