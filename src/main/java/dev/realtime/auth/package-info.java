/**
 * Who may open a session: {@code Authenticator} checks an upgrade's credential (the engine key, an
 * {@code ek_} token from {@code TokenService}, single-use ones remembered by a {@code TokenLedger}) and a page's
 * origin ({@code OriginPolicy}); {@code Credentials} finds the credential in headers, subprotocols or the query;
 * a {@code Principal} carries the app and the token's session defaults.
 */
package dev.realtime.auth;
