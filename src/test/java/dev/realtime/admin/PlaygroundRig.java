package dev.realtime.admin;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

import dev.realtime.testing.ProviderSimulator;
import dev.realtime.testing.TestEngine;

/**
 * What the browser tests talk to: the harness's provider simulator and an engine on 127.0.0.1 whose LLM, STT and
 * TTS are the simulator's OpenAI-compatible endpoints. Used on the test thread.
 */
final class PlaygroundRig implements AutoCloseable {
    /** Where the tests keep what they leave behind: screenshots, what the page showed, the microphone's file. */
    static final Path ARTIFACTS = Path.of("target/playground");
    private static final Path SPEECH = Path.of("target/harness/audio/what-is-the-weather.wav");

    private final ProviderSimulator simulator;
    private final TestEngine engine;

    private PlaygroundRig(ProviderSimulator simulator, TestEngine engine) {
        this.simulator = simulator;
        this.engine = engine;
    }

    /** Starts the simulator with these settings ({@code POST /fake/config}) and an engine pointed at it. */
    static PlaygroundRig start(Map<String, ?> simulatorConfig) {
        ProviderSimulator simulator = ProviderSimulator.start();
        try {
            simulator.configure(simulatorConfig);
            String v1 = simulator.openAiBaseUrl().toString();
            return new PlaygroundRig(simulator, TestEngine.start(Map.of(
                    "LLM_PROVIDER", "openai-compatible", "OPENAI_COMPATIBLE_BASE_URL", v1,
                    "OPENAI_COMPATIBLE_MODEL", "fake-llm",
                    "STT_PROVIDER", "openai-compatible", "STT_BASE_URL", v1, "STT_MODEL", "fake-stt",
                    "TTS_PROVIDER", "openai-compatible", "TTS_BASE_URL", v1, "TTS_MODEL", "fake-tts",
                    "TTS_VOICE", "alloy")));
        } catch (RuntimeException | Error e) {
            simulator.close();
            throw e;
        }
    }

    /** The engine's base URL without a trailing slash, as the page's own origin. */
    String base() {
        return engine.httpUri().toString().replaceAll("/$", "");
    }

    /**
     * The harness's spoken question with a pause after it, for Chromium's fake microphone, which plays its file in
     * a loop.
     */
    static Path speechThenPause(int pauseMs) throws Exception {
        Files.createDirectories(ARTIFACTS);
        try (AudioInputStream in = AudioSystem.getAudioInputStream(SPEECH.toFile())) {
            byte[] audio = in.readAllBytes();
            int frame = in.getFormat().getFrameSize();
            int pause = (int) (in.getFormat().getFrameRate() * pauseMs / 1000) * frame;
            byte[] padded = new byte[audio.length + pause];
            System.arraycopy(audio, 0, padded, 0, audio.length);
            Path file = ARTIFACTS.resolve("speech-then-" + pauseMs + "-ms.wav").toAbsolutePath();
            AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(padded), in.getFormat(),
                                                   padded.length / frame),
                              AudioFileFormat.Type.WAVE, file.toFile());
            return file;
        }
    }

    @Override
    public void close() {
        try {
            engine.close();
        } finally {
            simulator.close();
        }
    }
}
