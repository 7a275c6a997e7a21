package dev.realtime.tts.deepgram;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.realtime.tts.TtsOptions;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

class SpeakTextTest {

    @Test
    void splitsAtWhitespaceWithinTheLimitAndKeepsEveryCharacter() {
        String text = "abc def ".repeat(600);
        List<String> parts = SpeakText.split(text, 2_000);
        assertThat(String.join("", parts), is(text));
        assertThat(parts.stream().map(String::length).toList(), everyItem(lessThanOrEqualTo(2_000)));
        assertThat(parts.getFirst().endsWith(" "), is(true));
    }

    @Test
    void neverSplitsASurrogatePair() {
        String text = "a" + "\uD83D\uDE00".repeat(1_500);
        List<String> parts = SpeakText.split(text, 2_000);
        assertThat(String.join("", parts), is(text));
        parts.forEach(p -> assertThat(Character.isLowSurrogate(p.charAt(0)), is(false)));
    }

    @Test
    void voicesMapToModels() {
        DeepgramTtsSettings settings = DeepgramTtsSettings.of("k");
        assertThat(DeepgramTts.model(settings, new TtsOptions("alloy", 1.0)), is("aura-2-thalia-en"));
        assertThat(DeepgramTts.model(settings, new TtsOptions("aura-2-zeus-en", 1.0)), is("aura-2-zeus-en"));
        assertThat(DeepgramTts.model(settings, new TtsOptions("", 1.0)), is("aura-2-thalia-en"));
        assertThat(DeepgramTts.speakUri(settings.withBaseUrl(URI.create("https://dg.example/")),
                                        "aura-2-zeus-en").toString(),
                   is("wss://dg.example/v1/speak?model=aura-2-zeus-en&encoding=linear16&sample_rate=24000"
                              + "&container=none"));
    }
}
