/**
 * Server tools: HTTP actions the engine runs itself when the model calls them. {@code ServerToolsParser}
 * reads and checks the configuration's {@code tools} into {@code ServerTools}; {@code HttpToolRunner} makes a
 * call ({@code UrlTemplate}, {@code ToolHeaders} with secrets from the environment by {@code EnvReferences},
 * {@code ToolArguments}, {@code CappedBody}) and gives a {@code ToolResult}.
 */
package dev.realtime.tools;
