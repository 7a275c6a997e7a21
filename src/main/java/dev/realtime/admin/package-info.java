/**
 * The HTTP routes beside the realtime endpoint, on request threads: {@code /health}
 * ({@code HealthService}), token minting ({@code TokenEndpoints}, with the public WebSocket URL worked out by
 * {@code PublicWsUrl} and {@code ForwardedHeader}), the runtime config API ({@code ConfigService}), and what
 * guards them ({@code ApiKeyFilter}, {@code CorsFilter}); {@code JsonResponses} reads bodies and writes answers
 * and errors.
 */
package dev.realtime.admin;
