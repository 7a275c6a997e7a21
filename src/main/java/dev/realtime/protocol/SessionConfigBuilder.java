package dev.realtime.protocol;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Mutable copy of a {@link SessionConfig}, used while applying one update. Confined to the calling thread.
 */
public final class SessionConfigBuilder {
    String id;
    String type;
    String model;
    String instructions;
    List<String> outputModalities;
    AudioFormat inputFormat;
    AudioFormat outputFormat;
    String voice;
    double speed;
    Optional<Transcription> transcription;
    Optional<String> noiseReduction;
    Optional<TurnDetection> turnDetection;
    List<FunctionTool> tools;
    ToolChoice toolChoice;
    TokenLimit maxOutputTokens;
    OptionalDouble temperature;
    JsonNode tracing;
    List<String> include;
    long expiresAt;

    SessionConfigBuilder(SessionConfig c) {
        id = c.id();
        type = c.type();
        model = c.model();
        instructions = c.instructions();
        outputModalities = c.outputModalities();
        inputFormat = c.inputFormat();
        outputFormat = c.outputFormat();
        voice = c.voice();
        speed = c.speed();
        transcription = c.transcription();
        noiseReduction = c.noiseReduction();
        turnDetection = c.turnDetection();
        tools = c.tools();
        toolChoice = c.toolChoice();
        maxOutputTokens = c.maxOutputTokens();
        temperature = c.temperature();
        tracing = c.tracing();
        include = c.include();
        expiresAt = c.expiresAt();
    }

    /** Sets the reported model. */
    public SessionConfigBuilder model(String model) {
        this.model = model;
        return this;
    }

    /** Sets the instructions. */
    public SessionConfigBuilder instructions(String instructions) {
        this.instructions = instructions;
        return this;
    }

    /** Sets the voice. */
    /** Sets the turn detection; empty means manual turns. */
    public SessionConfigBuilder turnDetection(Optional<TurnDetection> detection) {
        this.turnDetection = detection;
        return this;
    }

    public SessionConfigBuilder voice(String voice) {
        this.voice = voice;
        return this;
    }

    /** The configuration. */
    public SessionConfig build() {
        return new SessionConfig(id, type, model, instructions, outputModalities, inputFormat, outputFormat, voice,
                                 speed, transcription, noiseReduction, turnDetection, tools, toolChoice,
                                 maxOutputTokens, temperature, tracing, include, expiresAt);
    }
}
