/**
 * The language model: {@code ChatModel} and {@code ChatStream} are what a response uses;
 * {@code OpenAiCompatibleChatModel} speaks chat completions with SSE ({@code ChatRequestEncoder},
 * {@code SseDecoder}, {@code ChunkDecoder}, {@code ToolCallAssembler}, {@code ThinkFilter}), with retries
 * ({@code RetryPolicy}) and a body watchdog ({@code GuardedBody}); {@code OfflineResponder} answers without a
 * model.
 */
package dev.realtime.llm;
