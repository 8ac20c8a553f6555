package dev.subsentinel.bench;

import dev.subsentinel.collect.SeededFleet;
import dev.subsentinel.testing.AwsFront;
import dev.subsentinel.testing.MotoServer;
import dev.subsentinel.track.TrackClients;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Instant;

/**
 * Keeps a seeded emulator alive for benchmarks that run the real jar in fresh JVMs ({@code bin/bench coldstart}):
 * the front (WireMock) over a running moto server, the seeded fleet of the integration tests, a state table and an
 * alert topic. Prints one line {@code READY <front> <table> <topic>} and serves until its standard input closes.
 */
public final class EmulatorHarness {

    private EmulatorHarness() {
    }

    /** {@code EmulatorHarness <moto endpoint>}. */
    public static void main(String[] args) throws IOException {
        MotoServer moto = new MotoServer(URI.create(args[0]), HttpClient.newHttpClient());
        try (AwsFront front = AwsFront.start(moto)) {
            SeededFleet.seed(moto, front, Instant.now());
            TrackClients.createTable(TrackClients.dynamo(moto));
            String topic = TrackClients.sns(moto).createTopic(b -> b.name("sentinel-alerts")).topicArn();
            System.out.println("READY " + front.endpoint() + " " + TrackClients.TABLE + " " + topic);
            System.out.flush();
            while (System.in.read() >= 0) {
                // serve until the benchmark closes our standard input
            }
        }
    }
}
