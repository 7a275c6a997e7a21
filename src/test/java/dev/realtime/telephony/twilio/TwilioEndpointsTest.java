package dev.realtime.telephony.twilio;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.logging.Level;
import java.util.stream.Collectors;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import dev.realtime.testing.LogCapture;
import dev.realtime.testing.TestEngine;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/**
 * Twilio's endpoints at their edge: the voice webhook answers signed requests with TwiML that connects the call to
 * the media stream with the routed preset, refuses unsigned or badly signed ones with 403, as the stream's upgrade
 * does; without a token and without {@code TWILIO_ENABLED} neither exists. The signatures are fixed vectors made
 * with openssl for the URLs Twilio would call through a TLS proxy ({@link TwilioCaller#PROXY}).
 */
class TwilioEndpointsTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** The form Twilio posts for a call to a routed number. */
    private static final Map<String, String> ROUTED = form("CA42", "+15551230001");
    /**
     * {@code printf '%s' 'https://engine.example.com/telephony/twilio/voiceAccountSidAC0123CallSidCA42From+15550001111
     * To+15551230001' | openssl dgst -sha1 -hmac 12345 -binary | base64} (one line).
     */
    private static final String ROUTED_SIGNATURE = "tfK9e+I2DtZ2gnCAmjoSPJlydE4=";
    /** The same for {@code CallSid=CA43} to {@code +15559999999}, a number without a route. */
    private static final String UNROUTED_SIGNATURE = "72/AE8P/szqhBJPwbaQd1DSX0sY=";
    private static TestEngine engine;

    @BeforeAll
    static void start() {
        engine = TestEngine.start(Map.of("TWILIO_AUTH_TOKEN", "12345", "TRUST_PROXY_HEADERS", "true",
                                         "PHONE_ROUTES", "+15551230001=support"));
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    private static Map<String, String> form(String callSid, String to) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("AccountSid", "AC0123");
        form.put("CallSid", callSid);
        form.put("From", "+15550001111");
        form.put("To", to);
        return form;
    }

    static HttpResponse<String> webhook(TestEngine target, Map<String, String> form, Map<String, String> headers)
            throws Exception {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(target.httpUri().resolve("/telephony/twilio/voice"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> signed(String signature) {
        Map<String, String> headers = new HashMap<>(TwilioCaller.PROXY);
        headers.put("X-Twilio-Signature", signature);
        return headers;
    }

    static Element stream(String twiml) throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(twiml.getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getDocumentElement().getTagName(), is("Response"));
        NodeList connect = doc.getDocumentElement().getElementsByTagName("Connect");
        assertThat(twiml, connect.getLength(), is(1));
        NodeList streams = ((Element) connect.item(0)).getElementsByTagName("Stream");
        assertThat(twiml, streams.getLength(), is(1));
        return (Element) streams.item(0);
    }

    @Test
    void aSignedCallIsConnectedToTheStreamWithItsPreset() throws Exception {
        HttpResponse<String> r = webhook(engine, ROUTED, signed(ROUTED_SIGNATURE));
        assertThat(r.body(), r.statusCode(), is(200));
        assertThat(r.headers().firstValue("Content-Type").orElse(""), startsWith("text/xml"));
        Element stream = stream(r.body());
        assertThat(stream.getAttribute("url"), is("wss://engine.example.com/telephony/twilio/media"));
        NodeList params = stream.getElementsByTagName("Parameter");
        assertThat(r.body(), params.getLength(), is(1));
        assertThat(((Element) params.item(0)).getAttribute("name"), is("preset"));
        assertThat(((Element) params.item(0)).getAttribute("value"), is("support"));
    }

    @Test
    void aNumberWithoutARouteGetsNoPreset() throws Exception {
        HttpResponse<String> r = webhook(engine, form("CA43", "+15559999999"), signed(UNROUTED_SIGNATURE));
        assertThat(r.body(), r.statusCode(), is(200));
        assertThat(r.body(), stream(r.body()).getElementsByTagName("Parameter").getLength(), is(0));
    }

    @Test
    void unsignedOrBadlySignedWebhooksAreForbidden() throws Exception {
        assertThat("unsigned", webhook(engine, ROUTED, TwilioCaller.PROXY).statusCode(), is(403));
        assertThat("signed for other parameters", webhook(engine, ROUTED, signed(UNROUTED_SIGNATURE)).statusCode(),
                   is(403));
        Map<String, String> changed = new LinkedHashMap<>(ROUTED);
        changed.put("To", "+15559999999");
        assertThat("a parameter changed", webhook(engine, changed, signed(ROUTED_SIGNATURE)).statusCode(), is(403));
        assertThat("signed for another URL (no proxy in front)",
                   webhook(engine, ROUTED, Map.of("X-Twilio-Signature", ROUTED_SIGNATURE)).statusCode(), is(403));
    }

    @Test
    void aBodyThatIsNoFormIsABadRequest() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(engine.httpUri().resolve("/telephony/twilio/voice"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"To\":1}"))
                .build();
        HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(r.body(), r.statusCode(), is(400));
    }

    @Test
    void theStreamUpgradeMustBeSigned() {
        URI media = engine.wsUri().resolve("/telephony/twilio/media");
        try (TwilioCaller caller = TwilioCaller.dial(media, signed(TwilioCaller.STREAM_SIGNATURE))) {
            assertThat(caller.closed().isDone(), is(false));
        }
        assertThat("unsigned", upgradeStatus(media, TwilioCaller.PROXY), is(403));
        assertThat("signed with the webhook's signature", upgradeStatus(media, signed(ROUTED_SIGNATURE)), is(403));
        assertThat("signed for another URL", upgradeStatus(media, Map.of("X-Twilio-Signature",
                                                                         TwilioCaller.STREAM_SIGNATURE)), is(403));
    }

    static int upgradeStatus(URI media, Map<String, String> headers) {
        try (TwilioCaller caller = TwilioCaller.dial(media, headers)) {
            return 101;
        } catch (CompletionException e) {
            assertThat(e.getCause(), instanceOf(WebSocketHandshakeException.class));
            return ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
        }
    }

    @Test
    void withoutATokenTheEndpointsAreOffUnlessEnabled() throws Exception {
        try (TestEngine off = TestEngine.start(Map.of())) {
            assertThat(webhook(off, ROUTED, Map.of()).statusCode(), is(404));
            assertThat(upgradeStatus(off.wsUri().resolve("/telephony/twilio/media"), Map.of()), is(404));
        }
        try (LogCapture logs = LogCapture.install();
             TestEngine open = TestEngine.start(Map.of("TWILIO_ENABLED", "true"))) {
            assertThat("the startup log warns", logs.lines().stream().filter(l -> l.level() == Level.WARNING)
                    .map(LogCapture.Line::message).filter(m -> m.contains("TWILIO_ENABLED=true without "
                            + "TWILIO_AUTH_TOKEN")).count(), is(1L));
            HttpResponse<String> r = webhook(open, ROUTED, Map.of());
            assertThat(r.body(), r.statusCode(), is(200));
            assertThat(stream(r.body()).getAttribute("url"),
                       is("ws://127.0.0.1:" + open.port() + "/telephony/twilio/media"));
            assertThat(upgradeStatus(open.wsUri().resolve("/telephony/twilio/media"), Map.of()), is(101));
        }
    }
}
