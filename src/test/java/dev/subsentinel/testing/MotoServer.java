package dev.subsentinel.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A running moto server.
 *
 * @param endpoint its base URL, e.g. http://127.0.0.1:5123
 * @param http     the client used for moto's own API
 */
public record MotoServer(URI endpoint, HttpClient http) {

    /** Forgets every resource ({@code POST /moto-api/reset}). */
    public void reset() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset"))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("moto reset failed: HTTP " + response.statusCode() + " " + response.body());
        }
    }
}
