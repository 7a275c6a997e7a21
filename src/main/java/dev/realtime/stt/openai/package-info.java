/**
 * OpenAI-compatible {@code /audio/transcriptions}: each committed turn is wrapped as a
 * {@code WavFile} and uploaded as multipart ({@code MultipartBody}, {@code Uploader}) by the session's
 * {@code OpenAiTranscriptionStream}.
 */
package dev.realtime.stt.openai;
