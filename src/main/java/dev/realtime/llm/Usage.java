package dev.realtime.llm;

/**
 * Token usage of one completion. Immutable.
 *
 * @param inputTokens  prompt tokens
 * @param outputTokens completion tokens
 * @param totalTokens  total tokens as the provider counts them
 */
public record Usage(int inputTokens, int outputTokens, int totalTokens) {
}
