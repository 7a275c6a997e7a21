/**
 * The engine's configuration in three layers: the environment ({@code EnvConfig} over {@code EnvValues},
 * named by {@code ConfigKeys}, aliases in {@code EnvAliases}), the runtime YAML file ({@code YamlFile},
 * {@code RuntimeFile}, {@code StartupChoice} with its last good copy), and changes through the API
 * ({@code RuntimeStore}, which checks a change whole, builds its providers, keeps secrets on their hosts
 * ({@code SecretHosts}) and writes it atomically). {@code RuntimeSnapshot} is one bound configuration;
 * {@code EngineConfig} and its records ({@code LlmConfig}, {@code SttConfig}, {@code TtsConfig},
 * {@code SessionSettings}, {@code StorageLimits}, {@code TurnDefaults}) are what the rest reads; {@code ConfigView}
 * is the API's redacted view. Pure but for the files.
 */
package dev.realtime.config;
