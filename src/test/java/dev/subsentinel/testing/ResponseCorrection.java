package dev.subsentinel.testing;

import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A rewrite of moto's successful answers for the resources a fixture registered, keyed by their id: what moto gets
 * wrong or cannot be told (in the fixture, never in the product). Only the stubs that name it apply it.
 *
 * @param <C> what AWS would answer for one resource
 */
abstract class ResponseCorrection<C> implements ResponseTransformerV2 {

    private final String name;
    private final Map<String, C> corrections = new ConcurrentHashMap<>();

    ResponseCorrection(String name) {
        this.name = name;
    }

    /** Registers what AWS would answer for one resource. */
    final void correct(String resourceId, C correction) {
        corrections.put(resourceId, correction);
    }

    /** Forgets every correction. */
    final void clear() {
        corrections.clear();
    }

    /** The correction of a resource, or null. */
    final C correction(String resourceId) {
        return corrections.get(resourceId);
    }

    @Override
    public final String getName() {
        return name;
    }

    @Override
    public final boolean applyGlobally() {
        return false;
    }

    @Override
    public final Response transform(Response response, ServeEvent serveEvent) {
        if (response.getStatus() != 200 || corrections.isEmpty()) {
            return response;
        }
        byte[] body = rewrite(response.getBody());
        return body == null ? response : Response.Builder.like(response).but().body(body).build();
    }

    /** The corrected body, or null when it names no registered resource. */
    abstract byte[] rewrite(byte[] body);
}
